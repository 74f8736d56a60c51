"use client";

import * as React from "react";

import type { KeysLazyProps } from "./keys-lazy";

// The one client module of the keys pages' first load: everything interactive arrives through this import, after
// hydration, so the forms, dialogs, mutations and date code are not in the pages' first-load JS.
const KeysLazy = React.lazy(() => import("./keys-lazy"));

const noopSubscribe = () => () => {};

/**
 * Renders `children` (a server-rendered stand-in) until the part named by `view` has loaded in the browser. The error
 * view is not held back until hydration, so a server-side error is still rendered by the server.
 */
export function KeysIsland({ children = null, ...props }: KeysLazyProps & { children?: React.ReactNode }) {
  const hydrated = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  if (!hydrated && props.view !== "error") return children;
  return (
    <React.Suspense fallback={children}>
      <KeysLazy {...props} />
    </React.Suspense>
  );
}

/** The keys pages' error boundary (app/(console)/keys/error.tsx re-exports it, so it shares this module's chunk). */
export function KeysError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <KeysIsland view="error" digest={error.digest} reset={reset} />;
}
