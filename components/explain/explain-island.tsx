"use client";

import * as React from "react";

// The explainer's form loads after hydration, behind the server-rendered stand-in (first-load JS budget).
const ExplainKeyForm = React.lazy(() => import("./explain-key-form").then((m) => ({ default: m.ExplainKeyForm })));
const noopSubscribe = () => () => {};

export function ExplainIsland({ children, ...props }: { initialToken: string | null; initialModel: string; children: React.ReactNode }) {
  const hydrated = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  if (!hydrated) return children;
  return (
    <React.Suspense fallback={children}>
      <ExplainKeyForm {...props} />
    </React.Suspense>
  );
}
