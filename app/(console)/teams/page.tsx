import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { TeamsList } from "@/components/teams/teams-list";
import { currentUser } from "@/lib/auth";
import { isAdmin } from "@/lib/auth/permissions";
import { listProxyModelNames, listTeamsFor } from "@/lib/teams/service";
import { filterNearBudget } from "@/lib/usage/budget-filter";

export const metadata: Metadata = { title: "Teams" };
export const dynamic = "force-dynamic";

export default async function TeamsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const admin = isAdmin(user);
  const nearBudget = (await searchParams).budget === "80";
  const [all, proxyModels] = await Promise.all([listTeamsFor(user), admin ? listProxyModelNames() : Promise.resolve({ names: [], total: 0 })]);
  // /team/list returns every team, so this filter is complete.
  const teams = nearBudget ? filterNearBudget(all).rows : all;
  return (
    <div className="grid gap-3">
      <TeamsList
        teams={teams}
        title={user.role === "user" ? "My teams" : "Teams"}
        canCreate={admin}
        proxyModels={proxyModels.names}
        proxyModelTotal={proxyModels.total}
      />
      <p className="text-sm">
        {nearBudget ? (
          <>
            Showing {teams.length} of {all.length} teams at ≥ 80 % of their budget. <Link href="/teams">Show all teams</Link>
          </>
        ) : (
          <Link href="/teams?budget=80">Only teams at ≥ 80 % of their budget</Link>
        )}
      </p>
    </div>
  );
}
