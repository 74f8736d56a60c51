"use client";

import { useEffect, useState, type ComponentType } from "react";

type Planner = ComponentType<{ canApply: boolean }>;

/** The planner loads right after hydration: the page's first load stays the server-rendered shell. */
export function PlanApplySlot({ canApply }: { canApply: boolean }) {
  const [Loaded, setLoaded] = useState<Planner | string>("Loading the planner…");
  useEffect(() => {
    import("./plan-apply-loader")
      .then((m) => m.load())
      .then(
        (m) => setLoaded(() => m.PlanApply),
        () => setLoaded("The planner could not be loaded. Reload the page."),
      );
  }, []);
  if (typeof Loaded === "string") {
    return (
      <p role="status" className="text-sm text-muted-foreground">
        {Loaded}
      </p>
    );
  }
  return <Loaded canApply={canApply} />;
}
