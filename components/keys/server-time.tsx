import { utcText } from "./local-time-format";

/**
 * Server-rendered `<time>`: UTC text until `useLocalizedTimes` (loaded after hydration) rewrites it in the operator's
 * own zone, so no date code is in the page's first-load JS.
 */
export function ServerTime({
  iso,
  style = "long",
  className,
  testId,
}: {
  iso: string;
  style?: "long" | "short";
  className?: string;
  testId?: string;
}) {
  return (
    <time dateTime={iso} className={className} data-testid={testId} title={iso} data-local-time={style}>
      {utcText(iso)}
    </time>
  );
}

/** "in 29 d 23 h" / "3 h 5 min ago": empty on the server (it cannot know when the page is read), filled in the browser. */
export function ServerCountdown({ iso, className }: { iso: string; className?: string }) {
  return <span className={className} data-countdown={iso} />;
}
