"use client";

import * as React from "react";

import type { PlanApply as PlanApplyComponent } from "./plan-apply";

const loadPlanner = () => import("./plan-apply-loader").then((m) => m.load());

/** The planner loads right after hydration: the page's first load stays the server-rendered shell. */
export function PlanApplySlot({ canApply }: { canApply: boolean }) {
  const [Planner, setPlanner] = React.useState<typeof PlanApplyComponent | null>(null);
  const [failed, setFailed] = React.useState(false);
  React.useEffect(() => {
    loadPlanner().then(
      (m) => setPlanner(() => m.PlanApply),
      () => setFailed(true),
    );
  }, []);
  if (failed) {
    return (
      <p role="alert" className="text-sm text-destructive">
        The planner could not be loaded. Reload the page.
      </p>
    );
  }
  if (!Planner) {
    return (
      <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
        Loading the planner…
      </p>
    );
  }
  return <Planner canApply={canApply} />;
}
