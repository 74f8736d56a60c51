"use client";

import * as React from "react";

import { useDeferredPopup } from "@/components/shell/deferred";
import type { TeamDialogProps } from "./team-dialogs";

// Radix Dialog, react-hook-form and zod stay out of the first load: they arrive when a trigger is pressed.
// The bundler caches the import, so no deferredModule wrapper (its bytes would be on the first load).
const loadDialogs = () => import("./team-dialogs-loader").then((m) => m.load());

/** A server-styled trigger standing in for a team dialog until its code is needed; then the dialog mounts open. */
export function TeamDialogButton({ className, children, ...dialog }: TeamDialogProps & { className: string; children: React.ReactNode }) {
  const { loaded, triggerProps } = useDeferredPopup(loadDialogs, "dialog");
  return loaded ? (
    <loaded.TeamDialog {...dialog} triggerClassName={className}>
      {children}
    </loaded.TeamDialog>
  ) : (
    // No data-slot here (styled by className alone): each byte of this island is on the first load.
    <button type="button" className={className} {...triggerProps}>
      {children}
    </button>
  );
}
