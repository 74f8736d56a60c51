"use client";

import { useLocalizedTimes } from "./localize-times";

/** Shows the page's server-rendered times in the operator's zone; renders nothing itself. */
export default function KeyTimes({ stamp }: { stamp: string }) {
  useLocalizedTimes(stamp);
  return null;
}
