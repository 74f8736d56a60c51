"use client";

import * as React from "react";

import type { AddModelWizard } from "./add-model-wizard";

const load = () => import("./add-model-wizard-loader").then((loader) => loader.loadAddModelWizard());

/**
 * The wizard (react-hook-form, Radix dialogs, the step forms) loads once the page is on screen, keeping it out of
 * first-load JS; until then the server-rendered `fallback` (a LoadingState) holds its place. A failed load (offline)
 * is thrown from a state update, so the models error boundary shows it and its "Try again" mounts this again.
 */
export function AddModelWizardLazy({ fallback, ...props }: React.ComponentProps<typeof AddModelWizard> & { fallback: React.ReactNode }) {
  const [Wizard, setWizard] = React.useState<typeof AddModelWizard | null>(null);
  React.useEffect(() => {
    load().then(
      (module) => setWizard(() => module.AddModelWizard),
      (error: unknown) =>
        setWizard(() => {
          throw error;
        }),
    );
  }, []);
  return Wizard ? <Wizard {...props} /> : fallback;
}
