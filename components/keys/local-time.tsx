"use client";

import * as React from "react";

import { describeCountdown, formatLocal, utcText } from "./local-time-format";

/**
 * Exact dates in the operator's own time zone, for client components (the show-once dialog). The server cannot know
 * that zone, so it renders UTC and the browser replaces it after hydration (useSyncExternalStore gives the server
 * snapshot first, without a mismatch warning). Server-rendered pages use `ServerTime` + `useLocalizedTimes` instead.
 */

export { describeCountdown, formatLocal };

const noopSubscribe = () => () => {};

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
