import type { UsageDay, UsageSeriesKey } from "@/lib/usage/model";

/** What the chart island gets from the server: plain, serialisable data. */
export interface UsageChartData {
  groupLabel: string;
  series: UsageSeriesKey[];
  days: Pick<UsageDay, "date" | "byGroup" | "requests" | "failures" | "tokens">[];
}
