import "server-only";
import { cookies } from "next/headers";

import { isValidTimeZone } from "./range";

/** The operator's time zone: the `tz` parameter, else the cookie the usage pages set from the browser, else UTC. */
export async function operatorTimeZone(param?: string | null): Promise<string> {
  if (param && isValidTimeZone(param)) return param;
  const c = (await cookies()).get("gatehouse-tz")?.value;
  const tz = c ? decodeURIComponent(c) : "";
  return isValidTimeZone(tz) ? tz : "UTC";
}
