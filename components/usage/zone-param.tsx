"use client";

import * as React from "react";

const ZONE_COOKIE = "gatehouse-tz";

/**
 * The operator's IANA time zone for server-rendered dates. It is kept in a cookie; with `inUrl` (the usage pages) a
 * page rendered in another zone than the browser's is reloaded once with `tz` in the URL, so links reproduce the range.
 * Plain browser APIs: no router code in the page's first load.
 */
export function ZoneParam({ serverZone, inUrl = true }: { serverZone?: string; inUrl?: boolean }) {
  React.useEffect(() => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!tz) return;
    if (!document.cookie.split("; ").includes(`${ZONE_COOKIE}=${encodeURIComponent(tz)}`)) {
      document.cookie = `${ZONE_COOKIE}=${encodeURIComponent(tz)}; path=/; max-age=31536000; samesite=lax`;
    }
    if (!inUrl) return;
    const url = new URL(window.location.href);
    if (url.searchParams.get("tz") === tz) return;
    if (url.searchParams.get("tz") && url.searchParams.get("tz") !== tz) return; // a shared link keeps its zone
    url.searchParams.set("tz", tz);
    if (serverZone === tz) window.history.replaceState(window.history.state, "", url.toString());
    else window.location.replace(url.toString());
  }, [inUrl, serverZone]);
  return null;
}
