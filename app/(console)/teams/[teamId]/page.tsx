import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { EmptyState } from "@/components/states/empty-state";
import { TeamDetail } from "@/components/teams/team-detail";
import { ScopedUsageSection } from "@/components/usage/scoped-usage";
import { currentUser } from "@/lib/auth";
import { forbiddenMessage } from "@/lib/auth/route-access";
import { canReadPlatform, isAdmin, teamRole } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import { getTeamFor } from "@/lib/teams/service";

export const metadata: Metadata = { title: "Team" };
export const dynamic = "force-dynamic";

export default async function TeamPage({ params }: { params: Promise<{ teamId: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const { teamId: raw } = await params;
  const teamId = decodeURIComponent(raw);
  if (!canReadPlatform(user) && !teamRole(user, teamId)) return <ForbiddenState message={forbiddenMessage(`/teams/${encodeURIComponent(teamId)}`)} />;
  const team = await getTeamFor(user, teamId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return error;
    throw error;
  });
  if (team instanceof NotFoundError) return <EmptyState title="Team not found" description={team.message} />;
  const seesTeamUsage = canReadPlatform(user) || teamRole(user, teamId) === "admin";
  return (
    <div className="grid gap-8">
      <TeamDetail team={team} canEdit={isAdmin(user)} />
      {seesTeamUsage ? (
        <ScopedUsageSection user={user} filters={{ team: teamId }} groupBy="key" title="Usage of this team (last 30 days)" budget={{ kind: "team", teamId }} />
      ) : (
        <p className="text-sm text-muted-foreground">Team usage is visible to the team&apos;s admins. Your own keys&apos; usage is on the Usage page.</p>
      )}
    </div>
  );
}
