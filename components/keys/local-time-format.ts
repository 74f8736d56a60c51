/** Date formatting shared by the server (UTC fallback) and the browser (the operator's own zone). No React, no "use client". */

export function utcText(iso: string): string {
  return `${iso.replace("T", " ").slice(0, 19)} UTC`;
}

export function formatLocal(iso: string, style: "long" | "short" = "long"): string {
  const date = new Date(iso);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const text = new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(style === "long" ? { second: "2-digit" } : {}),
    timeZoneName: "short",
  }).format(date);
  return style === "long" && zone ? `${text} (${zone})` : text;
}

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
