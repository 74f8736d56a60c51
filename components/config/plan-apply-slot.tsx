"use client";

import dynamic from "next/dynamic";

import { LoadingState } from "@/components/states/loading-state";

// The plan/apply island loads after first paint: the page shell stays within the first-load budget.
const PlanApply = dynamic(() => import("./plan-apply").then((m) => m.PlanApply), {
  ssr: false,
  loading: () => <LoadingState label="Loading the planner…" />,
});

export function PlanApplySlot({ canApply }: { canApply: boolean }) {
  return <PlanApply canApply={canApply} />;
}
