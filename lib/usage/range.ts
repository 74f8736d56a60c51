/**
 * Date ranges of the usage query model, in the operator's IANA time zone and DST-correct. Pure (no server-only):
 * the browser uses the same code to label its charts.
 *
 * LiteLLM keeps daily aggregates per UTC day; a range therefore resolves to exact instants (for the request log,
 * `YYYY-MM-DD HH:MM:SS` UTC) and to the UTC days those instants touch (for daily activity).
 */

export const RANGE_PRESETS = ["24h", "7d", "30d", "90d", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const DAY_MS = 86_400_000;
/** Longest range the console asks LiteLLM for. */
export const MAX_RANGE_DAYS = 366;

export interface ResolvedRange {
  preset: RangePreset;
  timeZone: string;
  /** Inclusive start and end instants (UTC ms). */
  startMs: number;
  endMs: number;
  /** Local calendar dates (in timeZone) of the first and last instant, YYYY-MM-DD. */
  localStart: string;
  localEnd: string;
  /** UTC days to ask LiteLLM's daily tables for, YYYY-MM-DD. */
  utcStartDate: string;
  utcEndDate: string;
  /** Every UTC day from utcStartDate to utcEndDate (the daily series' buckets). */
  days: string[];
  /** For /spend/logs/v2: "YYYY-MM-DD HH:MM:SS" in UTC. */
  logStart: string;
  logEnd: string;
  label: string;
}

const PRESET_DAYS: Record<Exclude<RangePreset, "custom" | "24h">, number> = { "7d": 7, "30d": 30, "90d": 90 };

/** The console's one zone check (lib/time), re-exported for the usage schemas. */
export { isValidTimeZone } from "@/lib/time/format";

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a time zone. */
export function zonedParts(ms: number, timeZone: string) {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(ms))) if (p.type !== "literal") out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

/** Offset of the zone from UTC at an instant, in ms (e.g. +3_600_000 for CET in winter). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/**
 * The instant of local midnight starting `date` in `timeZone`. DST-correct: where midnight does not exist (a
 * spring-forward at 00:00), the first instant of the day is returned.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - zoneOffsetMs(wall, timeZone);
  // Re-evaluate the offset at the candidate (it differs when a DST change falls between).
  t = wall - zoneOffsetMs(t, timeZone);
  if (localDate(t, timeZone) !== date) {
    // Midnight skipped: move forward to the first instant that is on `date`.
    let lo = t;
    let hi = t + 3 * 3_600_000;
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2);
      if (localDate(mid, timeZone) < date) lo = mid;
      else hi = mid;
    }
    t = hi;
  }
  return t;
}

/** YYYY-MM-DD plus n calendar days (no time zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const logStamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/**
 * Resolves a preset (or a custom from/to, local dates inclusive) at `nowMs`. Presets of N days start at local
 * midnight N-1 days before today and end now; "24h" is the last 24 hours. The caller validates inputs first
 * (schemas.ts); this function assumes from ≤ to.
 */
export function resolveRange(input: { preset: RangePreset; from?: string; to?: string }, timeZone: string, nowMs: number): ResolvedRange {
  const today = localDate(nowMs, timeZone);
  let startMs: number;
  let endMs: number;
  let label: string;
  if (input.preset === "24h") {
    startMs = nowMs - DAY_MS;
    endMs = nowMs;
    label = "Last 24 hours";
  } else if (input.preset === "custom") {
    const from = input.from ?? today;
    const to = input.to ?? today;
    startMs = startOfLocalDay(from, timeZone);
    endMs = Math.min(nowMs, startOfLocalDay(addDays(to, 1), timeZone) - 1);
    if (endMs < startMs) endMs = startMs;
    label = from === to ? from : `${from} – ${to}`;
  } else {
    const n = PRESET_DAYS[input.preset];
    startMs = startOfLocalDay(addDays(today, -(n - 1)), timeZone);
    endMs = nowMs;
    label = `Last ${n} days`;
  }
  const utcStartDate = utcDay(startMs);
  const utcEndDate = utcDay(endMs);
  const days: string[] = [];
  for (let d = utcStartDate; d <= utcEndDate && days.length <= MAX_RANGE_DAYS + 2; d = addDays(d, 1)) days.push(d);
  return {
    preset: input.preset,
    timeZone,
    startMs,
    endMs,
    localStart: localDate(startMs, timeZone),
    localEnd: localDate(endMs, timeZone),
    utcStartDate,
    utcEndDate,
    days,
    logStart: logStamp(startMs),
    // LiteLLM compares startTime <= end_date at whole seconds: round the end up so this second's requests count.
    logEnd: logStamp(Math.floor(endMs / 1000) * 1000 + 1000),
    label,
  };
}
