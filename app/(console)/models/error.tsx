"use client";

import { lazy, Suspense } from "react";

import type { ModelsRouteErrorProps } from "@/components/models/models-route-error";

// The view (ErrorState, Button, tailwind-merge) loads only when a models page fails, keeping it out of first-load JS.
const View = lazy(() => import("@/components/models/models-route-error"));

/** Anything a models page (list, new, deployment) did not handle itself; the digest matches the server log. */
export default function ModelsError(props: ModelsRouteErrorProps) {
  return (
    <Suspense>
      <View {...props} />
    </Suspense>
  );
}
