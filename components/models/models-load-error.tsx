"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";

import { ErrorState } from "@/components/states/error-state";

/** LiteLLM did not answer (down, 5xx, dropped connection): say so and offer a retry, never a blank page. */
export function ModelsLoadError({ title, message }: { title: string; message: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div aria-busy={pending}>
      <ErrorState title={title} message={message} retry={() => startTransition(() => router.refresh())} />
    </div>
  );
}
