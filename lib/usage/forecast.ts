/**
 * Budget burn rate and forecast (pure). "At the last 7 days' rate, team alpha reaches its 100 USD budget on 18 Dec"
 * or "… not within this period" when the budget resets first.
 */
import { DAY_MS } from "./range";

export const BURN_WINDOW_DAYS = 7;

export interface BudgetInput {
  /** What the sentence calls it: "team alpha", "key ci-bot". */
  subject: string;
  spend: number;
  maxBudget: number | null;
  /** LiteLLM budget_duration ("30d", "1mo"…) or null (the budget never resets). */
  budgetDuration: string | null;
  /** ISO time of the next reset, or null. */
  budgetResetAt: string | null;
  /** Spend of each of the last BURN_WINDOW_DAYS complete days (fewer when there is less history; missing = 0). */
  recentDailySpend: number[];
}

export type Forecast =
  | { kind: "no-budget"; ratePerDay: number; sentence: string }
  | { kind: "exceeded"; ratePerDay: number; usedPct: number; sentence: string }
  | { kind: "no-spend"; ratePerDay: 0; usedPct: number; sentence: string }
  | { kind: "reaches"; ratePerDay: number; usedPct: number; atMs: number; sentence: string }
  | { kind: "not-within-period"; ratePerDay: number; usedPct: number; resetAtMs: number | null; sentence: string };

/** Forecasts further than this are "not within the next year" when the budget never resets. */
const HORIZON_DAYS = 365;

export function formatUsd(n: number): string {
  const abs = Math.abs(n);
  const digits = abs === 0 ? 2 : abs < 0.01 ? 4 : 2;
  return `${n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })} USD`;
}

function budgetText(max: number): string {
  return Number.isInteger(max) ? `${max} USD` : formatUsd(max);
}

export function formatDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone }).format(new Date(ms));
}

/** Spend used as a percentage of max_budget (null when there is no budget). */
export function budgetUsedPct(spend: number, maxBudget: number | null | undefined): number | null {
  if (maxBudget == null || !Number.isFinite(maxBudget)) return null;
  if (maxBudget <= 0) return spend > 0 ? Infinity : 100;
  return (spend / maxBudget) * 100;
}

export function forecastBudget(input: BudgetInput, nowMs: number, timeZone: string): Forecast {
  const window = input.recentDailySpend.slice(-BURN_WINDOW_DAYS);
  const total = window.reduce((s, v) => s + (Number.isFinite(v) && v > 0 ? v : 0), 0);
  const ratePerDay = total / BURN_WINDOW_DAYS;
  const rateText = `${formatUsd(ratePerDay)} a day`;
  if (input.maxBudget == null) {
    return { kind: "no-budget", ratePerDay, sentence: `${cap(input.subject)} has no budget; it spent ${rateText} over the last 7 days.` };
  }
  const max = input.maxBudget;
  const usedPct = budgetUsedPct(input.spend, max) ?? 0;
  if (input.spend >= max) {
    return {
      kind: "exceeded",
      ratePerDay,
      usedPct,
      sentence: `${cap(input.subject)} has reached its ${budgetText(max)} budget (${formatUsd(input.spend)} spent); LiteLLM refuses its requests until the budget resets or is raised.`,
    };
  }
  if (ratePerDay <= 0) {
    return { kind: "no-spend", ratePerDay: 0, usedPct, sentence: `No spend in the last 7 days: at this rate ${input.subject} does not reach its ${budgetText(max)} budget.` };
  }
  const daysLeft = (max - input.spend) / ratePerDay;
  const atMs = nowMs + daysLeft * DAY_MS;
  const resetAtMs = input.budgetResetAt ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(input.budgetResetAt) ? input.budgetResetAt : `${input.budgetResetAt}Z`) : NaN;
  const prefix = "At the last 7 days' rate";
  if (Number.isFinite(resetAtMs) && atMs >= resetAtMs) {
    return {
      kind: "not-within-period",
      ratePerDay,
      usedPct,
      resetAtMs,
      sentence: `${prefix}, ${input.subject} does not reach its ${budgetText(max)} budget within this period (it resets on ${formatDay(resetAtMs, timeZone)}).`,
    };
  }
  if (!Number.isFinite(resetAtMs) && daysLeft > HORIZON_DAYS) {
    return { kind: "not-within-period", ratePerDay, usedPct, resetAtMs: null, sentence: `${prefix}, ${input.subject} does not reach its ${budgetText(max)} budget within the next year.` };
  }
  return { kind: "reaches", ratePerDay, usedPct, atMs, sentence: `${prefix}, ${input.subject} reaches its ${budgetText(max)} budget on ${formatDay(atMs, timeZone)}.` };
}

function cap(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
