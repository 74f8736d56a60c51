import { Suspense } from "react";

import { ForbiddenState } from "@/components/states/forbidden-state";
import type { SessionUser } from "@/lib/auth/types";
import { getKeyBudget, getTeamBudgets } from "@/lib/usage/budgets";
import { usageQueryToParams, type GroupBy } from "@/lib/usage/schemas";
import type { UsageFilters } from "@/lib/usage/scope";
import { loadUsage, UsageUnavailableError } from "@/lib/usage/service";
import { operatorTimeZone } from "@/lib/usage/zone";
import { BudgetsTable } from "./budgets-table";
import { UsageSummaryView } from "./usage-summary";
import { UsageUnavailable } from "./usage-unavailable";

async function Usage({ user, filters, groupBy, title }: { user: SessionUser; filters: UsageFilters; groupBy: GroupBy; title: string }) {
  const timeZone = await operatorTimeZone();
  const outcome = await loadUsage({ ctx: { user }, range: { preset: "30d" }, groupBy, filters, top: 10, timeZone });
  if (outcome.kind === "ok") {
    const href = `/usage?${usageQueryToParams({ range: "30d", groupBy, ...filters, tz: timeZone }).toString()}`;
    return <UsageSummaryView summary={outcome.summary} title={title} compact chartsHref={href} />;
  }
  if (outcome.kind === "unavailable") return <UsageUnavailable kind={outcome.reason} message={outcome.message} />;
  if (outcome.kind === "forbidden") return <ForbiddenState message={outcome.message} />;
  return <p className="text-sm text-muted-foreground">{Object.values(outcome.fieldErrors).flat().join(" ")}</p>;
}

async function Budget({ user, target }: { user: SessionUser; target: BudgetTarget }) {
  const timeZone = await operatorTimeZone();
  const rows = await (target.kind === "team"
    ? getTeamBudgets({ ctx: { user }, timeZone, teamId: target.teamId })
    : getKeyBudget({ ctx: { user }, key: target.key, timeZone }).then((r) => [r])
  ).catch((error: unknown) => {
    if (error instanceof UsageUnavailableError) return error;
    throw error;
  });
  if (rows instanceof UsageUnavailableError) return <UsageUnavailable kind={rows.kind} message={rows.message} />;
  return <BudgetsTable rows={rows} timeZone={timeZone} caption={`Budget and forecast (dates in ${timeZone})`} />;
}

export type BudgetTarget =
  | { kind: "team"; teamId: string }
  | { kind: "key"; key: { token: string; alias: string | null; spend: number; maxBudget: number | null; budgetDuration: string | null; budgetResetAt: string | null } };

const skeleton = (label: string) => <div className="h-40 animate-pulse rounded-lg bg-muted" role="status" aria-label={label} />;

/** The usage section of a key, team or model page: the same components as /usage, scoped, streamed after the page. */
export function ScopedUsageSection({
  user,
  filters,
  groupBy,
  title,
  budget,
}: {
  user: SessionUser;
  filters: UsageFilters;
  groupBy: GroupBy;
  title: string;
  budget?: BudgetTarget;
}) {
  return (
    <div className="grid gap-6" data-testid="usage-section">
      {budget ? (
        <section aria-labelledby="budget-forecast-title" className="grid gap-2">
          <h2 id="budget-forecast-title" className="text-lg font-semibold">
            Budget forecast
          </h2>
          <Suspense fallback={skeleton("Loading budget forecast")}>
            <Budget user={user} target={budget} />
          </Suspense>
        </section>
      ) : null}
      <Suspense fallback={skeleton("Loading usage")}>
        <Usage user={user} filters={filters} groupBy={groupBy} title={title} />
      </Suspense>
    </div>
  );
}
