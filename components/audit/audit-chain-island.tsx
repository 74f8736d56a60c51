"use client";

import * as React from "react";

// The audit page's only client module on first load: the integrity check arrives after hydration.
const AuditChainCheck = React.lazy(() => import("./audit-chain-check"));

const noopSubscribe = () => () => {};

/** Renders `children` (a server-rendered stand-in) until the integrity check has loaded in the browser. */
export function AuditChainIsland({ children }: { children: React.ReactNode }) {
  const hydrated = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  if (!hydrated) return children;
  return (
    <React.Suspense fallback={children}>
      <AuditChainCheck />
    </React.Suspense>
  );
}
