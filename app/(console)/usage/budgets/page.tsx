import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { BudgetsTable } from "@/components/usage/budgets-table";
import { UsageUnavailable } from "@/components/usage/usage-unavailable";
import { UsagePageHeader } from "@/components/usage/usage-page-header";
import { currentUser } from "@/lib/auth";
import { getTeamBudgets, type BudgetRow } from "@/lib/usage/budgets";
import { operatorTimeZone } from "@/lib/usage/zone";
import { UsageUnavailableError } from "@/lib/usage/service";

export const metadata: Metadata = { title: "Budgets" };

export default async function BudgetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const tzRaw = (await searchParams).tz;
  const tz = await operatorTimeZone(typeof tzRaw === "string" ? tzRaw : null);
  const rows: BudgetRow[] | UsageUnavailableError = await getTeamBudgets({ ctx: { user }, timeZone: tz }).catch((error: unknown) => {
    if (error instanceof UsageUnavailableError) return error;
    throw error;
  });
  return (
    <div className="grid gap-6">
      <UsagePageHeader
        active="/usage/budgets"
        tz={tz}
        description="Team budgets: spend against max budget, the budget period, the burn rate over the last 7 complete days and when the budget runs out at that rate."
      />
      {rows instanceof UsageUnavailableError ? (
        <UsageUnavailable kind={rows.kind} message={rows.message} />
      ) : (
        <BudgetsTable rows={rows} timeZone={tz} caption={`Team budgets, closest to their limit first (dates in ${tz}). Key budgets are on each key's page and in the keys list.`} />
      )}
    </div>
  );
}
