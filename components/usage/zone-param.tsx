"use client";

import * as React from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

export const ZONE_COOKIE = "gatehouse-tz";

/**
 * The operator's IANA time zone for server-rendered dates: kept in a cookie, and (with `inUrl`) put into the URL as
 * `tz` once so a usage link reproduces the same range.
 */
export function ZoneParam({ inUrl = true }: { inUrl?: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  React.useEffect(() => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!tz) return;
    if (!document.cookie.split("; ").includes(`${ZONE_COOKIE}=${encodeURIComponent(tz)}`)) {
      document.cookie = `${ZONE_COOKIE}=${encodeURIComponent(tz)}; path=/; max-age=31536000; samesite=lax`;
    }
    if (!inUrl || params.get("tz")) return;
    const next = new URLSearchParams(params.toString());
    next.set("tz", tz);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  }, [inUrl, params, pathname, router]);
  return null;
}
