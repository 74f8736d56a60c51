/**
 * The overview's spend card, pure half: spend today and over the last 7 days against the period before, from the
 * daily series lib/usage returns. LiteLLM keeps its daily totals per UTC day, so "today" is the current UTC day and
 * "the last 7 days" are today and the 6 UTC days before it; the previous periods are yesterday and the 7 days before
 * those. No I/O, no server-only: unit-tested directly.
 */
import { addDays } from "@/lib/usage/range";

/** Days the card reads in one daily-activity call: this week and the week before. */
export const SPEND_WINDOW_DAYS = 14;

export type SpendChange =
  /** Nothing spent in either period. */
  | { kind: "none" }
  /** Nothing spent in the previous period, something now: no percentage to give. */
  | { kind: "new" }
  /** Within half a percent of the previous period. */
  | { kind: "same" }
  | { kind: "up" | "down"; percent: number };

export interface SpendPeriod {
  /** First and last UTC day, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  spend: number;
}

export interface SpendComparison {
  today: SpendPeriod;
  yesterday: SpendPeriod;
  last7: SpendPeriod;
  previous7: SpendPeriod;
  todayChange: SpendChange;
  weekChange: SpendChange;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The UTC days the card asks LiteLLM for at `nowMs`: today and the 13 days before. */
export function spendWindow(nowMs: number): { from: string; to: string; today: string } {
  const today = utcDay(nowMs);
  return { from: addDays(today, -(SPEND_WINDOW_DAYS - 1)), to: today, today };
}

/** Spend is in USD with float noise; anything below a millionth of a dollar is nothing. */
const EPSILON = 1e-9;

/** How `current` compares with `previous`, as a whole percentage of `previous`. */
export function changeOf(current: number, previous: number): SpendChange {
  const cur = Math.max(0, current);
  const prev = Math.max(0, previous);
  if (prev <= EPSILON) return cur <= EPSILON ? { kind: "none" } : { kind: "new" };
  const percent = Math.round(((cur - prev) / prev) * 100);
  if (percent === 0) return { kind: "same" };
  return percent > 0 ? { kind: "up", percent } : { kind: "down", percent: -percent };
}

function sum(days: { date: string; spend: number }[], from: string, to: string): SpendPeriod {
  let spend = 0;
  for (const d of days) if (d.date >= from && d.date <= to) spend += d.spend;
  return { from, to, spend };
}

/**
 * Sums a daily series (one entry per UTC day; missing days count as nothing, days outside the window are ignored)
 * into today vs yesterday and the last 7 days vs the 7 before.
 */
export function compareSpend(days: { date: string; spend: number }[], today: string): SpendComparison {
  const t = sum(days, today, today);
  const y = sum(days, addDays(today, -1), addDays(today, -1));
  const w = sum(days, addDays(today, -6), today);
  const p = sum(days, addDays(today, -13), addDays(today, -7));
  return { today: t, yesterday: y, last7: w, previous7: p, todayChange: changeOf(t.spend, y.spend), weekChange: changeOf(w.spend, p.spend) };
}

/** "up 25 %", "down 10 %", "about the same", … — the card names the previous period and its figure beside it. */
export function describeChange(change: SpendChange): string {
  switch (change.kind) {
    case "none":
      return "nothing spent in either period";
    case "new":
      return "nothing was spent in the previous period";
    case "same":
      return "about the same";
    case "up":
      return `up ${change.percent.toLocaleString("en-US")} %`;
    case "down":
      return `down ${change.percent.toLocaleString("en-US")} %`;
  }
}
