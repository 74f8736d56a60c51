"use client";

import * as React from "react";

import type { modelActions, ModelActionKind } from "./model-detail-lazy";

// Loaded on the first press only (no hover preload): this page has no first-load bytes left for more.
const load = () => import("./model-detail-loader").then((loader) => loader.loadModelActions());

type ActionProps<K extends ModelActionKind> = Omit<React.ComponentProps<(typeof modelActions)[K]>, "children">;

/**
 * Shows the server-rendered `children` (a button that looks like the real one) until that button is pressed, then
 * loads the real component (model-detail-lazy.tsx) and renders it in its place, acting on the press: a dialog
 * opens, a run starts. The deployment page thus ships no dialog, form or panel up front.
 */
export function ModelAction<K extends ModelActionKind>({ kind, props, children }: { kind: K; props: ActionProps<K>; children: React.ReactNode }) {
  const [Loaded, setLoaded] = React.useState<React.ComponentType<ActionProps<K> & { children: React.ReactNode }> | null>(null);
  if (Loaded) return <Loaded {...props}>{children}</Loaded>;
  return (
    <div
      onClick={(event) => {
        if ((event.target as Element).closest("button")) load().then((module) => setLoaded(() => module.modelActions[kind] as never));
      }}
    >
      {children}
    </div>
  );
}
