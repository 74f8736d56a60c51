"use client";

import * as React from "react";

import { describeCountdown, formatLocal } from "./local-time-format";

/** Rewrites every `ServerTime` / `ServerCountdown` under `root` in the browser's zone and clock. */
export function localizeTimes(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLTimeElement>("time[data-local-time]")) {
    const text = formatLocal(el.dateTime, el.dataset.localTime === "short" ? "short" : "long");
    const node = el.firstChild;
    // Change the text node React rendered rather than replacing it, so a later server update still lands on screen.
    if (node && node.nodeType === Node.TEXT_NODE) {
      if (node.nodeValue !== text) node.nodeValue = text;
    } else el.textContent = text;
  }
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  for (const el of root.querySelectorAll<HTMLElement>("[data-countdown]")) {
    el.textContent = describeCountdown(Date.parse(el.dataset.countdown ?? ""), now);
  }
}

/** Localizes the page's times now, whenever `stamp` (the instants shown) changes, and every half minute for countdowns. */
export function useLocalizedTimes(stamp: string): void {
  React.useEffect(() => {
    localizeTimes(document);
    const timer = setInterval(() => localizeTimes(document), 30_000);
    return () => clearInterval(timer);
  }, [stamp]);
}
