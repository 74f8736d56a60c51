import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { EmptyState } from "@/components/states/empty-state";
import { TeamDetail } from "@/components/teams/team-detail";
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
  return <TeamDetail team={team} canEdit={isAdmin(user)} />;
}
