"use client";

import * as React from "react";

import { deferredModule, useDeferredPopup } from "@/components/shell/deferred";
import type { BindingDialogProps } from "./group-bindings-editor";
import type { TeamOption } from "./group-bindings";

const loadEditor = deferredModule(() => import("./group-bindings-editor"));

/** A server-styled trigger standing in for a bindings dialog until its code is needed; then the dialog mounts open. */
export function BindingDialogButton({
  className,
  label,
  children,
  ...dialog
}: BindingDialogProps & { className: string; label?: string; children: React.ReactNode }) {
  const { loaded, triggerProps } = useDeferredPopup(loadEditor, "dialog");
  return loaded ? (
    <loaded.BindingDialog {...dialog} triggerClassName={className} triggerLabel={label}>
      {children}
    </loaded.BindingDialog>
  ) : (
    <button type="button" className={className} aria-label={label} data-slot="button" {...triggerProps}>
      {children}
    </button>
  );
}

/** The add-binding form, loaded after first paint; `children` (a skeleton) shows until then. */
export function AddBindingSlot({ teams, children }: { teams: TeamOption[]; children: React.ReactNode }) {
  const [editor, setEditor] = React.useState<Awaited<ReturnType<typeof loadEditor>> | null>(null);
  React.useEffect(() => {
    loadEditor().then(
      (module) => setEditor(() => module),
      () => {},
    );
  }, []);
  return editor ? <editor.AddBindingForm teams={teams} /> : children;
}
