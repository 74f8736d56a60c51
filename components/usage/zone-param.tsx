"use client";

import * as React from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

/** Puts the browser's IANA time zone into the URL (`tz`) once, so the server resolves ranges in the operator's zone. */
export function ZoneParam() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  React.useEffect(() => {
    if (params.get("tz")) return;
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!tz) return;
    const next = new URLSearchParams(params.toString());
    next.set("tz", tz);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  }, [params, pathname, router]);
  return null;
}
