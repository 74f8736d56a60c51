import Link from "next/link";

import { EmptyState } from "@/components/states/empty-state";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { failureRate } from "@/lib/usage/model";
import { GROUP_LABELS } from "@/lib/usage/schemas";
import type { UsageSummary } from "@/lib/usage/service";
import { int, pct, usd } from "./format";
import type { UsageChartData } from "./usage-chart-data";

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="grid gap-1 rounded-lg border p-4">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums">{value}</dd>
      {hint ? <dd className="text-xs text-muted-foreground">{hint}</dd> : null}
    </div>
  );
}

/** The chart island's data for a summary. */
export function chartDataOf(summary: UsageSummary): UsageChartData {
  const { result } = summary;
  return {
    groupLabel: GROUP_LABELS[summary.request.groupBy],
    series: result.series,
    days: result.days.map((d) => ({ date: d.date, byGroup: d.byGroup, requests: d.requests, failures: d.failures, tokens: d.tokens })),
  };
}

/**
 * Totals, charts (with a data table for screen readers and keyboard users), and the top-N table of one usage
 * summary. Used by /usage and, scoped, by the key, team and model pages.
 */
export function UsageSummaryView({
  summary,
  title = "Usage",
  compact = false,
  charts,
  chartsHref,
}: {
  summary: UsageSummary;
  title?: string;
  compact?: boolean;
  /** The chart island (/usage passes it in, so pages without charts never import the chart code). */
  charts?: React.ReactNode;
  /** Scoped sections (key, team, model pages) link to /usage for the charts instead. */
  chartsHref?: string;
}) {
  const { result, range } = summary;
  const groupLabel = GROUP_LABELS[summary.request.groupBy];
  const t = result.totals;
  return (
    <section aria-labelledby="usage-summary-title" className="grid gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="usage-summary-title" className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-xs text-muted-foreground">
          {range.label} ({range.localStart} – {range.localEnd}, {range.timeZone}). Daily figures are UTC days, as LiteLLM keeps them.
        </p>
      </div>
      {summary.partial ? (
        <p role="status" className="rounded-md border border-amber-500/50 bg-amber-500/10 p-3 text-sm">
          Partial: {summary.partial}
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Totals">
        <Stat label="Spend" value={usd(t.spend)} />
        <Stat label="Requests" value={int(t.requests)} hint={`${int(t.successes)} succeeded · ${int(t.failures)} failed`} />
        <Stat label="Failure rate" value={pct(failureRate(t))} />
        <Stat label="Tokens" value={int(t.tokens)} hint={`${int(t.promptTokens)} prompt · ${int(t.completionTokens)} completion`} />
      </dl>
      {!result.hasData ? (
        <EmptyState title="No usage in this range" description="No requests were made with the keys you can see in this range. Calls through the gateway appear here within seconds." />
      ) : (
        <>
          {charts ??
            (chartsHref ? (
              <p className="text-sm">
                <Link href={chartsHref} className="underline underline-offset-4">
                  Charts and export on the Usage page
                </Link>
              </p>
            ) : null)}
          <details className="rounded-lg border p-3 text-sm" open={chartsHref ? true : undefined}>
            <summary className="cursor-pointer font-medium">Chart data as a table</summary>
            <Table>
              <TableCaption>Daily spend by {groupLabel.toLowerCase()}, requests and tokens (UTC days)</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">Date</TableHead>
                  {result.series.map((s) => (
                    <TableHead key={s.id} scope="col" className="text-right">
                      {s.label}
                    </TableHead>
                  ))}
                  <TableHead scope="col" className="text-right">
                    Requests
                  </TableHead>
                  <TableHead scope="col" className="text-right">
                    Failures
                  </TableHead>
                  <TableHead scope="col" className="text-right">
                    Tokens
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {result.days.map((d) => (
                  <TableRow key={d.date}>
                    <TableCell>{d.date}</TableCell>
                    {result.series.map((s) => (
                      <TableCell key={s.id} className="text-right tabular-nums">
                        {usd(d.byGroup[s.id] ?? 0)}
                      </TableCell>
                    ))}
                    <TableCell className="text-right tabular-nums">{int(d.requests)}</TableCell>
                    <TableCell className="text-right tabular-nums">{int(d.failures)}</TableCell>
                    <TableCell className="text-right tabular-nums">{int(d.tokens)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </details>
          <Table aria-label={`Top ${groupLabel.toLowerCase()}s by spend`}>
            <TableCaption>
              Top {result.top.length} of {result.groupCount} by spend{compact ? "" : " in this range"}
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">{groupLabel}</TableHead>
                <TableHead scope="col" className="text-right">
                  Spend
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Share
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Requests
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Failure rate
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Tokens
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.top.map((g) => (
                <TableRow key={g.id || "none"}>
                  <TableCell className="max-w-64 truncate">
                    {g.href ? (
                      <Link href={g.href} className="underline-offset-4 hover:underline">
                        {g.label}
                      </Link>
                    ) : (
                      g.label
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{usd(g.spend)}</TableCell>
                  <TableCell className="text-right tabular-nums">{pct(g.share)}</TableCell>
                  <TableCell className="text-right tabular-nums">{int(g.requests)}</TableCell>
                  <TableCell className="text-right tabular-nums">{pct(failureRate(g))}</TableCell>
                  <TableCell className="text-right tabular-nums">{int(g.tokens)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}
