"use client";

import * as React from "react";

import type { NotificationsLazyProps } from "./notification-actions";

// The notifications page's one first-load client module: the buttons' actions and the forms arrive after hydration.
const NotificationsLazy = React.lazy(() => import("./notification-actions"));

const noopSubscribe = () => () => {};

/** Shows `children` (a server-rendered, disabled stand-in) until the interactive part has loaded. */
export function NotificationsIsland({ children = null, ...props }: NotificationsLazyProps & { children?: React.ReactNode }) {
  const hydrated = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  if (!hydrated) return children;
  return (
    <React.Suspense fallback={children}>
      <NotificationsLazy {...props} />
    </React.Suspense>
  );
}
