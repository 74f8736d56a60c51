"use client";

import * as React from "react";

import type { CredentialsLazyProps } from "./credentials-lazy";

// The one client module of the credentials page's first load: the dialogs (Radix, react-hook-form, zod) and the
// retry buttons arrive through this import, after hydration.
const CredentialsLazy = React.lazy(() => import("./credentials-lazy"));

const noopSubscribe = () => () => {};

/**
 * Renders `children` (a server-rendered stand-in) until the part named by `view` has loaded in the browser. The error
 * view is not held back until hydration, so a server-side error is still rendered by the server.
 */
export function CredentialsIsland({ children = null, ...props }: CredentialsLazyProps & { children?: React.ReactNode }) {
  const hydrated = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  if (!hydrated && props.view !== "error") return children;
  return (
    <React.Suspense fallback={children}>
      <CredentialsLazy {...props} />
    </React.Suspense>
  );
}

/** The credentials page's error boundary (app/(console)/credentials/error.tsx re-exports it, so it shares this module's chunk). */
export function CredentialsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <CredentialsIsland view="error" digest={error.digest} reset={reset} />;
}
