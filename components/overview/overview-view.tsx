import Link from "next/link";
import type * as React from "react";

import { PageHeader } from "@/components/states/page-header";
import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { usd } from "@/components/usage/format";
import type { Card as CardData, Overview, OverviewKey } from "@/lib/overview/service";
import { describeChange, type SpendChange, type SpendComparison } from "@/lib/overview/spend-compare";
import type { SpendCard } from "@/lib/overview/spend";

function OverviewCard<T>({
  title,
  href,
  linkLabel,
  data,
  testId,
  children,
}: {
  title: string;
  href: string;
  linkLabel: string;
  data: CardData<T>;
  testId: string;
  children: (data: T) => React.ReactNode;
}) {
  if (data === null) return null;
  return (
    <Card data-testid={testId}>
      <CardHeader className="flex flex-row items-baseline justify-between gap-2">
        <CardTitle>
          <h2 className="text-base">{title}</h2>
        </CardTitle>
        <Link href={href} className="text-sm underline underline-offset-4">
          {linkLabel}
        </Link>
      </CardHeader>
      <CardContent className="grid gap-2 text-sm">
        {data.ok ? children(data.data) : <p className="text-destructive">Could not load this: {data.error}</p>}
      </CardContent>
    </Card>
  );
}

function KeyList({ keys, show }: { keys: OverviewKey[]; show: "expiry" | "budget" }) {
  if (keys.length === 0) return null;
  return (
    <ul className="grid gap-1">
      {keys.map((k) => (
        <li key={k.token} className="flex flex-wrap items-baseline justify-between gap-2">
          <Link href={`/keys/${k.token}`} className="font-medium underline-offset-4 hover:underline">
            {k.alias ?? `${k.token.slice(0, 12)}…`}
          </Link>
          <span className="text-muted-foreground">
            {show === "expiry" && k.expiresAt ? <Timestamp iso={k.expiresAt} style="short" /> : null}
            {show === "budget" && k.budgetPercent !== null ? `${k.budgetPercent} % of budget` : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

const SPEND_SCOPES: Record<"all" | "teams" | "own", string> = {
  all: "All keys and teams.",
  teams: "The teams you administer.",
  own: "Your own keys.",
};

const dayLabel = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

function SpendLine({ label, testId, current, previous, previousLabel, change }: {
  label: string;
  testId: string;
  current: number;
  previous: number;
  previousLabel: string;
  change: SpendChange;
}) {
  const tone = change.kind === "up" ? "text-amber-700 dark:text-amber-400" : "text-muted-foreground";
  return (
    <div data-testid={testId} className="grid gap-0.5">
      <p className="flex flex-wrap items-baseline gap-x-2">
        <span className="text-muted-foreground">{label}</span>
        <span className="text-2xl font-semibold tabular-nums" data-testid={`${testId}-value`} data-spend={current}>
          {usd(current)}
        </span>
      </p>
      <p className={tone}>
        {describeChange(change)} · {previousLabel} {usd(previous)}
      </p>
    </div>
  );
}

function SpendFigures({ c }: { c: SpendComparison }) {
  return (
    <>
      <SpendLine label="Today" testId="spend-today" current={c.today.spend} previous={c.yesterday.spend} previousLabel="yesterday" change={c.todayChange} />
      <SpendLine
        label="Last 7 days"
        testId="spend-week"
        current={c.last7.spend}
        previous={c.previous7.spend}
        previousLabel={`the 7 days before (${dayLabel(c.previous7.from)} – ${dayLabel(c.previous7.to)})`}
        change={c.weekChange}
      />
    </>
  );
}

function SpendBody({ d }: { d: SpendCard }) {
  if (d.state === "unavailable") {
    const title = d.reason === "no-database" ? "LiteLLM has no database" : d.reason === "unreachable" ? "LiteLLM is not reachable" : "LiteLLM could not report spend";
    return (
      <div role="status" data-testid="spend-unavailable">
        <p className="font-medium">{title}</p>
        <p className="text-muted-foreground">{d.message}</p>
      </div>
    );
  }
  return (
    <>
      <SpendFigures c={d.comparison} />
      <p className="text-xs text-muted-foreground">
        {SPEND_SCOPES[d.scope]} UTC days, as LiteLLM keeps its daily totals; today so far.
        {d.partial ? ` Partial: ${d.partial}` : ""}
      </p>
    </>
  );
}

const big = (n: number, capped = false) => (
  <span className="text-2xl font-semibold tabular-nums">
    {n.toLocaleString("en-US")}
    {capped ? "+" : ""}
  </span>
);

/** The console's home: each card says what needs attention and links to the filtered list. */
export function OverviewView({ overview }: { overview: Overview }) {
  const o = overview;
  return (
    <div className="grid gap-6">
      <PageHeader title="Overview" description={`What needs attention today. Showing: ${o.scopeLabel}.`} />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        <Card data-testid="overview-litellm">
          <CardHeader>
            <CardTitle>
              <h2 className="text-base">LiteLLM</h2>
            </CardTitle>
          </CardHeader>
          <CardContent className="grid gap-1 text-sm">
            {o.litellm.ok ? (
              <p>
                <Badge>Connected</Badge> version {o.litellm.version} at <code className="font-mono">{o.litellm.url}</code>
              </p>
            ) : (
              <p>
                <Badge variant="destructive">Unreachable</Badge> {o.litellm.message}
              </p>
            )}
          </CardContent>
        </Card>

        <OverviewCard title="Deployments failing health" href="/models?health=failing" linkLabel="Models" data={o.failingDeployments} testId="overview-deployments">
          {(d) =>
            !d.reported ? (
              <p className="text-muted-foreground">LiteLLM reports no health for its model groups (its background health checks are off).</p>
            ) : d.groups.length === 0 ? (
              <p>None: every model group LiteLLM checks is healthy.</p>
            ) : (
              <>
                <p>{big(d.groups.length)} failing</p>
                <p className="text-muted-foreground">{d.groups.join(", ")}</p>
              </>
            )
          }
        </OverviewCard>

        <OverviewCard title="Keys expiring within 7 days" href={o.expiring?.ok ? o.expiring.data.href : "/keys?status=expiring"} linkLabel="All of them" data={o.expiring} testId="overview-expiring">
          {(d) => (
            <>
              <p>{big(d.total, d.capped)} expiring</p>
              <KeyList keys={d.keys} show="expiry" />
            </>
          )}
        </OverviewCard>

        <OverviewCard title="Keys at their budget" href={o.keyBudgets?.ok ? o.keyBudgets.data.href : "/keys?status=over-budget"} linkLabel="All of them" data={o.keyBudgets} testId="overview-key-budgets">
          {(d) => (
            <>
              <p>
                {big(d.at80, d.capped80)} at ≥ 80 % · {big(d.at100, d.capped100)} at ≥ 100 %
              </p>
              <KeyList keys={d.keys} show="budget" />
            </>
          )}
        </OverviewCard>

        <OverviewCard title="Teams at their budget" href="/teams?budget=80" linkLabel="Teams" data={o.teamBudgets} testId="overview-team-budgets">
          {(d) =>
            d.at80.length + d.at100.length === 0 ? (
              <p>No team has spent 80 % of its budget.</p>
            ) : (
              <ul className="grid gap-1">
                {[...d.at100, ...d.at80].map((t) => (
                  <li key={t.teamId} className="flex justify-between gap-2" data-testid="overview-team">
                    <span className="font-medium">{t.name}</span>
                    <span className={t.percent >= 100 ? "text-destructive" : "text-amber-700 dark:text-amber-400"}>
                      {t.percent} % · ${t.spend.toFixed(2)} of ${t.maxBudget.toFixed(2)}
                    </span>
                  </li>
                ))}
              </ul>
            )
          }
        </OverviewCard>

        <OverviewCard title="Spend" href={o.spend?.ok ? o.spend.data.href : "/usage?range=7d"} linkLabel="Usage" data={o.spend} testId="overview-spend">
          {(d) => <SpendBody d={d} />}
        </OverviewCard>

        <OverviewCard title="Consumer aliases" href="/aliases" linkLabel="Coverage" data={o.aliases} testId="overview-aliases">
          {(d) =>
            d.missing + d.mismatch === 0 ? (
              <p>Every required alias is served as expected.</p>
            ) : (
              <>
                <p>
                  {big(d.missing)} missing · {big(d.mismatch)} mismatched
                </p>
                <ul className="grid gap-1 text-muted-foreground">
                  {d.items.map((i) => (
                    <li key={i}>{i}</li>
                  ))}
                </ul>
              </>
            )
          }
        </OverviewCard>

        <OverviewCard title="Latest audit events" href="/audit" linkLabel="Audit log" data={o.audit} testId="overview-audit">
          {(d) =>
            d.events.length === 0 ? (
              <p>Nothing recorded yet.</p>
            ) : (
              <ul className="grid gap-1">
                {d.events.map((e) => (
                  <li key={e.id} className="flex flex-wrap justify-between gap-2">
                    <span>
                      <span className="font-medium">{e.actor}</span> {e.action}
                      {e.outcome !== "success" ? <Badge variant="destructive" className="ml-1">{e.outcome}</Badge> : null}
                    </span>
                    <Timestamp iso={e.at} style="short" className="text-muted-foreground" />
                  </li>
                ))}
              </ul>
            )
          }
        </OverviewCard>
      </div>
      {o.indexFreshness ? (
        <p className="text-xs text-muted-foreground" data-testid="overview-freshness">
          Key counts: {o.indexFreshness}
        </p>
      ) : null}
    </div>
  );
}
