"use client";

import * as React from "react";

import type { UsageChartData } from "./usage-chart-data";

// recharts is heavy: it loads after first paint, only on pages that show a chart.
const UsageCharts = React.lazy(() => import("./usage-charts"));

export function UsageChartsIsland({ data }: { data: UsageChartData }) {
  const fallback = <div className="h-72 animate-pulse rounded-lg bg-muted" role="status" aria-label="Loading charts" />;
  return (
    <React.Suspense fallback={fallback}>
      <UsageCharts data={data} />
    </React.Suspense>
  );
}
