"use client";

import { lazy, Suspense } from "react";

import type { AliasesRouteErrorProps } from "@/components/aliases/aliases-route-error";

// The error view (ErrorState, Button, tailwind-merge) loads only when the page fails. No fallback for a failed load:
// that error reaches the root boundary, and every byte here is on the page's first load.
const View = lazy(() => import("@/components/aliases/aliases-route-error"));

/** Anything /aliases did not handle itself; the digest matches the server log. */
export default function AliasesError(props: AliasesRouteErrorProps) {
  return (
    <Suspense>
      <View {...props} />
    </Suspense>
  );
}
