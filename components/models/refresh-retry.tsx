"use client";

import { useRouter } from "next/navigation";
import { useTransition, type ReactNode } from "react";

/**
 * The only client code of ModelsLoadError: a press on the server-rendered "Try again" button inside `children`
 * refreshes the page, and the wrapper is busy meanwhile.
 */
export function RefreshRetry({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div
      aria-busy={pending}
      onClick={(event) => {
        if ((event.target as Element).closest("button")) startTransition(() => router.refresh());
      }}
    >
      {children}
    </div>
  );
}
