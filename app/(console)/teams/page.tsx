import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TeamsList } from "@/components/teams/teams-list";
import { currentUser } from "@/lib/auth";
import { isAdmin } from "@/lib/auth/permissions";
import { listProxyModelNames, listTeamsFor } from "@/lib/teams/service";

export const metadata: Metadata = { title: "Teams" };
export const dynamic = "force-dynamic";

export default async function TeamsPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  const admin = isAdmin(user);
  const [teams, proxyModels] = await Promise.all([listTeamsFor(user), admin ? listProxyModelNames() : Promise.resolve({ names: [], total: 0 })]);
  return (
    <TeamsList
      teams={teams}
      title={user.role === "user" ? "My teams" : "Teams"}
      canCreate={admin}
      proxyModels={proxyModels.names}
      proxyModelTotal={proxyModels.total}
    />
  );
}
