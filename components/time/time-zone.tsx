"use client";

import * as React from "react";
import { useRouter } from "next/navigation";

import { formatInstant, TZ_COOKIE, type TimeStyle } from "@/lib/time/format";

const ZoneContext = React.createContext("UTC");

/** The operator's zone, as the server resolved it for this render, for client components' times. */
export function useOperatorTimeZone(): string {
  return React.useContext(ZoneContext);
}

/**
 * Provides the server's zone to client components and keeps the `gatehouse-tz` cookie in step with the browser's
 * zone: when they differ it sets the cookie and re-renders the page once, so every time on it is in the browser's zone.
 */
export function TimeZoneProvider({ zone, children }: { zone: string; children: React.ReactNode }) {
  const router = useRouter();
  React.useEffect(() => {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!browser || browser === zone) return;
    document.cookie = `${TZ_COOKIE}=${encodeURIComponent(browser)}; path=/; max-age=31536000; samesite=lax`;
    // Once per tab and zone: a zone the server does not know stays UTC instead of refreshing forever.
    const tried = "gatehouse-tz-refreshed";
    if (sessionStorage.getItem(tried) === browser) return;
    sessionStorage.setItem(tried, browser);
    router.refresh();
  }, [zone, router]);
  return <ZoneContext.Provider value={zone}>{children}</ZoneContext.Provider>;
}

/** `<time>` for client components: the same rule and zone as the server's `Timestamp`. */
export function ClientTimestamp({ iso, style = "long", className, testId }: { iso: string; style?: TimeStyle; className?: string; testId?: string }) {
  const zone = useOperatorTimeZone();
  return (
    <time dateTime={iso} className={className} data-testid={testId} title={iso}>
      {formatInstant(iso, zone, style)}
    </time>
  );
}
