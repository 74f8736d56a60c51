"use client";

import { lazy, Suspense } from "react";

import type { TeamsRouteErrorProps } from "@/components/teams/teams-route-error";

// The error view (ErrorState, Button, tailwind-merge) loads only when the page fails. No fallback for a failed load:
// that error reaches the root boundary, and every byte here is on the page's first load.
const View = lazy(() => import("@/components/teams/teams-route-error"));

/** Anything /teams or /teams/[teamId] did not handle itself (one boundary for both); the digest matches the server log. */
export default function TeamsError(props: TeamsRouteErrorProps) {
  return (
    <Suspense>
      <View {...props} />
    </Suspense>
  );
}
