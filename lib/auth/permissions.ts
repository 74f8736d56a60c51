import { ForbiddenError } from "@/lib/errors";
import type { SessionUser, TeamRole } from "./types";

export type ActionTier = "authenticated" | "reader" | "admin";

/** Console-wide read access (admins and viewers). Team members read only their own teams. */
export function canReadPlatform(user: SessionUser): boolean {
  return user.role === "admin" || user.role === "viewer";
}

export function isAdmin(user: SessionUser): boolean {
  return user.role === "admin";
}

export function teamRole(user: SessionUser, teamId: string): TeamRole | null {
  return user.teams.find((t) => t.teamId === teamId)?.role ?? null;
}

export function requireTier(user: SessionUser, tier: ActionTier): void {
  if (tier === "admin" && !isAdmin(user)) throw new ForbiddenError("Only console admins can do this.");
  if (tier === "reader" && !canReadPlatform(user)) throw new ForbiddenError("Only console admins and viewers can see this.");
}

export function requireTeamRole(user: SessionUser, teamId: string, minimum: TeamRole): TeamRole | "platform-admin" {
  if (isAdmin(user)) return "platform-admin";
  const role = teamRole(user, teamId);
  if (!role) throw new ForbiddenError(`You are not a member of team ${teamId}.`);
  if (minimum === "admin" && role !== "admin") throw new ForbiddenError(`Only admins of team ${teamId} can do this.`);
  return role;
}
