"use client";

import * as React from "react";

import { describeCountdown } from "@/lib/time/format";

/** Fills every `ServerCountdown` under `root` from the browser's clock (times themselves are server-rendered in the operator's zone). */
export function localizeTimes(root: ParentNode): void {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  for (const el of root.querySelectorAll<HTMLElement>("[data-countdown]")) {
    el.textContent = describeCountdown(Date.parse(el.dataset.countdown ?? ""), now);
  }
}

/** Fills the page's countdowns now, whenever `stamp` (the instants shown) changes, and every half minute. */
export function useLocalizedTimes(stamp: string): void {
  React.useEffect(() => {
    localizeTimes(document);
    const timer = setInterval(() => localizeTimes(document), 30_000);
    return () => clearInterval(timer);
  }, [stamp]);
}
