import { EXPIRY_PRESET_DAYS, type BudgetPeriod, type ExpiryPreset } from "./schemas";

export const DAY_MS = 86_400_000;

export interface ExpiryPlan {
  /** LiteLLM `duration` ("30d", "2592000s"), or null = never expires. */
  duration: string | null;
  /** When the key should expire if LiteLLM applies the duration exactly. */
  expectedExpiry: Date | null;
  /** Length in days (fractional for a date), or null = never. Used for policy caps. */
  days: number | null;
}

/** Presets become "<n>d"; a date becomes whole seconds from now ("<n>s"); never → no duration. */
export function planExpiry(mode: ExpiryPreset | "date" | "never", expiresAt: string | undefined, now: Date): ExpiryPlan {
  if (mode === "never") return { duration: null, expectedExpiry: null, days: null };
  if (mode === "date") {
    const at = Date.parse(expiresAt ?? "");
    if (Number.isNaN(at)) throw new Error("expiresAt is not a date");
    const seconds = Math.max(1, Math.round((at - now.getTime()) / 1000));
    return { duration: `${seconds}s`, expectedExpiry: new Date(now.getTime() + seconds * 1000), days: (seconds * 1000) / DAY_MS };
  }
  const days = EXPIRY_PRESET_DAYS[mode];
  return { duration: `${days}d`, expectedExpiry: new Date(now.getTime() + days * DAY_MS), days };
}

/** Extends an expiry by `days` from the later of its current value and now. Never-expiring keys have nothing to extend. */
export function planExtension(currentExpiry: number | null, days: number, now: Date): ExpiryPlan | null {
  if (currentExpiry === null) return null;
  const target = Math.max(currentExpiry, now.getTime()) + days * DAY_MS;
  const seconds = Math.round((target - now.getTime()) / 1000);
  return { duration: `${seconds}s`, expectedExpiry: new Date(now.getTime() + seconds * 1000), days: (seconds * 1000) / DAY_MS };
}

const BUDGET_DURATIONS: Record<Exclude<BudgetPeriod, "none">, string> = { daily: "1d", weekly: "7d", monthly: "30d" };

export function budgetPeriodToDuration(period: BudgetPeriod): string | null {
  return period === "none" ? null : BUDGET_DURATIONS[period];
}

/** LiteLLM's budget_duration back to the form's period; anything else (set elsewhere) is "custom". */
export function budgetPeriodFromDuration(duration: string | null | undefined): BudgetPeriod | "custom" {
  if (!duration) return "none";
  for (const [period, value] of Object.entries(BUDGET_DURATIONS)) if (value === duration) return period as BudgetPeriod;
  if (duration === "24h") return "daily";
  if (duration === "1w") return "weekly";
  if (duration === "1mo") return "monthly";
  return "custom";
}

export function describeBudgetPeriod(duration: string | null | undefined): string {
  const period = budgetPeriodFromDuration(duration);
  if (period === "custom") return `every ${duration}`;
  return { none: "lifetime", daily: "daily", weekly: "weekly", monthly: "monthly" }[period];
}

/** LiteLLM sometimes sends naive UTC timestamps ("2026-01-01T00:00:00"); read them as UTC. Null when absent or unreadable. */
export function parseLiteLLMTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

export function toIso(value: string | null | undefined): string | null {
  const ms = parseLiteLLMTime(value);
  return ms === null ? null : new Date(ms).toISOString();
}
