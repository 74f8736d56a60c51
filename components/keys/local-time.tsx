"use client";

import * as React from "react";

/**
 * Exact dates in the operator's own time zone. The server cannot know that zone, so it renders UTC and the browser
 * replaces it after hydration (useSyncExternalStore gives the server snapshot first, without a mismatch warning).
 */

const noopSubscribe = () => () => {};

function utcText(iso: string): string {
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

/** `<time>` with the exact instant in `dateTime` and the local rendering as text. */
export function LocalDateTime({
  iso,
  style = "long",
  className,
  testId,
}: {
  iso: string;
  style?: "long" | "short";
  className?: string;
  testId?: string;
}) {
  const text = React.useSyncExternalStore(
    noopSubscribe,
    () => formatLocal(iso, style),
    () => utcText(iso),
  );
  return (
    <time dateTime={iso} className={className} data-testid={testId} title={iso}>
      {text}
    </time>
  );
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

function subscribeMinute(callback: () => void) {
  const timer = setInterval(callback, 30_000);
  return () => clearInterval(timer);
}

// Snapshot changes once a minute, so React does not re-render on every read.
const minuteNow = () => Math.floor(Date.now() / 60_000) * 60_000;

/** "in 29 d 23 h" / "3 h 5 min ago", refreshed every half minute. */
export function Countdown({ iso, className }: { iso: string; className?: string }) {
  const now = React.useSyncExternalStore(subscribeMinute, minuteNow, () => null);
  if (now === null) return null;
  return <span className={className}>{describeCountdown(Date.parse(iso), now)}</span>;
}
