import "server-only";

/** The usage pages read the console's one operator time zone (lib/time). */
export { operatorTimeZone } from "@/lib/time/zone";
