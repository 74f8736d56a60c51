/**
 * The one rule for showing an instant (pure; server and browser): in the operator's time zone, always labelled with
 * it. The zone comes from the `gatehouse-tz` cookie the console layout sets from the browser; an unknown or missing
 * zone is UTC. Long: "Dec 5, 2026, 09:05:09 EST (America/New_York)" / "Dec 5, 2026, 14:05:09 UTC"; short (lists):
 * "Dec 5, 2026, 09:05 EST".
 */

export const TZ_COOKIE = "gatehouse-tz";
export const FALLBACK_TIME_ZONE = "UTC";

export type TimeStyle = "long" | "short";

export function isValidTimeZone(tz: string | null | undefined): tz is string {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The zone to show times in: the given IANA zone when this runtime knows it, else UTC. */
export function resolveTimeZone(tz: string | null | undefined): string {
  return isValidTimeZone(tz) ? tz : FALLBACK_TIME_ZONE;
}

/** The zone as read from the cookie's raw (URI-encoded) value. */
export function timeZoneFromCookie(raw: string | null | undefined): string {
  if (!raw) return FALLBACK_TIME_ZONE;
  try {
    return resolveTimeZone(decodeURIComponent(raw));
  } catch {
    return FALLBACK_TIME_ZONE;
  }
}

const isUtc = (tz: string) => tz === "UTC" || tz === "Etc/UTC";

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, style: TimeStyle): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      ...(style === "long" ? { second: "2-digit" } : {}),
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(key, f);
  }
  return f;
}

/** Epoch ms of ISO text; LiteLLM's naive timestamps ("2026-12-05 14:05:09", no zone) are UTC. NaN when unreadable. */
export function parseInstant(text: string): number {
  const naive = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text.trim());
  return Date.parse(naive ? `${text.trim().replace(" ", "T")}Z` : text);
}

/** An instant (ISO text, epoch ms or Date) in `timeZone` (resolved: unknown → UTC), labelled with the zone. */
export function formatInstant(at: string | number | Date, timeZone: string | null | undefined, style: TimeStyle = "long"): string {
  const ms = at instanceof Date ? at.getTime() : typeof at === "number" ? at : parseInstant(at);
  if (!Number.isFinite(ms)) return typeof at === "string" ? at : "—";
  const tz = resolveTimeZone(timeZone);
  const text = formatter(tz, style).format(new Date(ms));
  // The short name ("EST", "GMT+1") can be ambiguous; the long style adds the IANA zone unless it is UTC itself.
  return style === "long" && !isUtc(tz) ? `${text} (${tz})` : text;
}

/** "in 29 d 23 h" / "3 h 5 min ago": relative to the reader's clock, so no zone. */
export function describeCountdown(targetMs: number, nowMs: number): string {
  const diff = targetMs - nowMs;
  const abs = Math.abs(diff);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const parts =
    days > 0 ? [`${days} d`, `${hours} h`] : hours > 0 ? [`${hours} h`, `${minutes} min`] : [`${Math.max(minutes, diff > 0 ? 1 : 0)} min`];
  return diff > 0 ? `in ${parts.join(" ")}` : `${parts.join(" ")} ago`;
}
