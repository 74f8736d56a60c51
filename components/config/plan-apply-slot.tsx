"use client";

import { useEffect, useState, type ComponentType, type ReactNode } from "react";

/** The planner loads right after hydration; the server renders both placeholders (no bytes on the first load). */
export function PlanApplySlot({ canApply, pending, failed }: { canApply: boolean; pending: ReactNode; failed: ReactNode }) {
  const [Loaded, setLoaded] = useState<ComponentType<{ canApply: boolean }> | null | false>(null);
  useEffect(() => {
    import("./plan-apply-loader")
      .then((m) => m.load())
      .then(
        (m) => setLoaded(() => m.PlanApply),
        () => setLoaded(false),
      );
  }, []);
  return Loaded ? <Loaded canApply={canApply} /> : Loaded === false ? failed : pending;
}
