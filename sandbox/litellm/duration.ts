// Duration strings and expiry semantics of LiteLLM (CONTRACT.md §3.4).

const DURATION_RE = /^(\d+)(s|m|h|d|w|mo)$/;

export interface ParsedDuration {
  value: number;
  unit: "s" | "m" | "h" | "d" | "w" | "mo";
}

export function parseDuration(s: string): ParsedDuration | null {
  const m = DURATION_RE.exec(s.trim());
  if (!m) return null;
  return { value: Number(m[1]), unit: m[2] as ParsedDuration["unit"] };
}

/** §3.4 `duration_in_seconds`: months count the real days to the same day N months later. */
export function durationSeconds(d: ParsedDuration, from = new Date()): number {
  switch (d.unit) {
    case "s":
      return d.value;
    case "m":
      return d.value * 60;
    case "h":
      return d.value * 3600;
    case "d":
      return d.value * 86400;
    case "w":
      return d.value * 7 * 86400;
    case "mo": {
      const t = new Date(from);
      t.setUTCMonth(t.getUTCMonth() + d.value);
      return Math.round((t.getTime() - from.getTime()) / 1000);
    }
  }
}

/** Exact now + duration (§3.4: S2 `/key/generate`, every `/key/update`). */
export function exactExpiry(d: ParsedDuration, now = new Date()): Date {
  return new Date(now.getTime() + durationSeconds(d, now) * 1000);
}

function startOfDay(t: Date): Date {
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
}

/**
 * §3.4 standardized reset times (`get_budget_reset_time`, UTC): "1d" → next midnight, "7d" → next Monday,
 * "30d" → 1st of next month 00:00, "1h" → next top of the hour. Used by S1 `/key/generate` and `budget_duration`.
 */
export function standardizedReset(d: ParsedDuration, now = new Date()): Date {
  const day = startOfDay(now);
  switch (d.unit) {
    case "s":
      return new Date(now.getTime() + d.value * 1000);
    case "m": {
      const step = d.value * 60_000;
      return new Date(Math.floor(now.getTime() / step) * step + step);
    }
    case "h": {
      // Aligned to multiples of N hours since midnight.
      const hours = now.getUTCHours();
      const next = (Math.floor(hours / d.value) + 1) * d.value;
      return new Date(day.getTime() + next * 3600_000);
    }
    case "d": {
      if (d.value === 1) return new Date(day.getTime() + 86400_000);
      if (d.value === 7) return nextMonday(day);
      if (d.value === 30) return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
      return new Date(day.getTime() + d.value * 86400_000);
    }
    case "w":
      return new Date(nextMonday(day).getTime() + (d.value - 1) * 7 * 86400_000);
    case "mo":
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + d.value, 1));
  }
}

function nextMonday(day: Date): Date {
  const dow = day.getUTCDay(); // 0 = Sunday
  const add = (8 - dow) % 7 || 7;
  return new Date(day.getTime() + add * 86400_000);
}
