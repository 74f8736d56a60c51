"use client";

import * as React from "react";

import type { PlaygroundViewProps } from "./playground-view";

// The playground's streaming view is route-specific and interactive only: it loads after hydration, behind the
// server-rendered stand-in, so the route's first-load JS stays within budget.
const PlaygroundView = React.lazy(() => import("./playground-view").then((m) => ({ default: m.PlaygroundView })));
const noopSubscribe = () => () => {};

export function PlaygroundIsland({ children, ...props }: PlaygroundViewProps & { children: React.ReactNode }) {
  const hydrated = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  if (!hydrated) return children;
  return (
    <React.Suspense fallback={children}>
      <PlaygroundView {...props} />
    </React.Suspense>
  );
}
