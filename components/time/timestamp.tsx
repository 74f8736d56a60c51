import { formatInstant, type TimeStyle } from "@/lib/time/format";
import { operatorTimeZone } from "@/lib/time/zone";

/**
 * A server-rendered instant in the operator's time zone (the console's one rule, lib/time/format.ts), labelled with
 * the zone; the exact instant is in `dateTime` and the title. Client components use `ClientTimestamp`.
 */
export async function Timestamp({
  iso,
  style = "long",
  className,
  testId,
}: {
  iso: string | Date;
  style?: TimeStyle;
  className?: string;
  testId?: string;
}) {
  const zone = await operatorTimeZone();
  const exact = typeof iso === "string" ? iso : iso.toISOString();
  return (
    <time dateTime={exact} className={className} data-testid={testId} title={exact}>
      {formatInstant(exact, zone, style)}
    </time>
  );
}
