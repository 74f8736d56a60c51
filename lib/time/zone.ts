import "server-only";
import { cookies } from "next/headers";

import { isValidTimeZone, timeZoneFromCookie, TZ_COOKIE } from "./format";

/** The operator's time zone for server-rendered times: an explicit `tz` (the usage pages' links), else the cookie, else UTC. */
export async function operatorTimeZone(param?: string | null): Promise<string> {
  if (param && isValidTimeZone(param)) return param;
  return timeZoneFromCookie((await cookies()).get(TZ_COOKIE)?.value);
}
