import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DownloadIcon } from "lucide-react";

import { ForbiddenState } from "@/components/states/forbidden-state";
import { Button } from "@/components/ui/button";
import { UsageFilters } from "@/components/usage/usage-filters";
import { UsageChartsIsland } from "@/components/usage/usage-charts-island";
import { chartDataOf, UsageSummaryView } from "@/components/usage/usage-summary";
import { UsageUnavailable } from "@/components/usage/usage-unavailable";
import { UsagePageHeader } from "@/components/usage/usage-page-header";
import { currentUser } from "@/lib/auth";
import { flatParams } from "@/lib/usage/params";
import { parseUsageQuery, usageQueryToParams, type FieldErrors } from "@/lib/usage/schemas";
import { loadUsage, requestFromQuery } from "@/lib/usage/service";
import { operatorTimeZone } from "@/lib/usage/zone";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const raw = flatParams(await searchParams);
  const parsed = parseUsageQuery(raw);
  const reader = user.role === "admin" || user.role === "viewer";
  const tz = await operatorTimeZone(parsed.query.tz);
  const query = { ...parsed.query, tz };
  const outcome = parsed.ok ? await loadUsage({ ctx: { user }, ...requestFromQuery(query) }) : null;
  const errors: FieldErrors = !parsed.ok ? parsed.fieldErrors : outcome?.kind === "invalid" ? outcome.fieldErrors : {};
  const title = reader ? "All usage" : user.teams.some((t) => t.role === "admin") ? "Your teams' usage" : "Your keys' usage";
  const body =
    outcome?.kind === "ok" ? (
      <>
        {outcome.summary.source.kind === "index" ? (
          <p className="text-xs text-muted-foreground" data-testid="usage-freshness">
            Figures as of {outcome.summary.source.age}: kept up to date from LiteLLM in the background every few seconds.
          </p>
        ) : null}
        <UsageSummaryView summary={outcome.summary} title={title} charts={<UsageChartsIsland data={chartDataOf(outcome.summary)} />} />
      </>
    ) : outcome?.kind === "unavailable" ? (
      <UsageUnavailable kind={outcome.reason} message={outcome.message} />
    ) : outcome?.kind === "forbidden" ? (
      <ForbiddenState message={outcome.message} />
    ) : null;
  const hasErrors = Object.keys(errors).length > 0;
  const csvHref = `/api/usage/export?${usageQueryToParams(query).toString()}`;
  return (
    <div className="grid gap-6">
      <UsagePageHeader
        active="/usage"
        tz={tz}
        description="Spend, requests and tokens from LiteLLM's spend tracking (it needs a database)."
        actions={
          parsed.ok && !hasErrors ? (
            <Button variant="outline" asChild>
              <a href={csvHref} download>
                <DownloadIcon aria-hidden /> Export CSV
              </a>
            </Button>
          ) : null
        }
      />
      <UsageFilters query={query} raw={raw} errors={errors} canGroupByUserOrTag={reader} />
      {hasErrors ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm">
          Some filters need attention: {Object.values(errors).flat().join(" ")}
        </p>
      ) : (
        body
      )}
    </div>
  );
}
