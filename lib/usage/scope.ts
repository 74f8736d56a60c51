/**
 * Who sees which usage (pure): admins and viewers everything; team admins their teams; everyone else their own
 * keys. The plan picks LiteLLM's daily table and its server-side filters so that scoping happens in LiteLLM's
 * query (team_ids / user_id), never by hiding rows after the fact.
 */
import type { SessionUser } from "@/lib/auth/types";
import type { GroupBy } from "./schemas";

export type UsageScope = { kind: "all" } | { kind: "teams"; teamIds: string[] } | { kind: "own"; userId: string };

export interface UsageFilters {
  team?: string;
  /** Token hash. */
  key?: string;
  model?: string;
  user?: string;
  tag?: string;
}

export function usageScopeFor(user: SessionUser): UsageScope {
  if (user.role === "admin" || user.role === "viewer") return { kind: "all" };
  const adminTeams = user.teams.filter((t) => t.role === "admin").map((t) => t.teamId);
  if (adminTeams.length) return { kind: "teams", teamIds: adminTeams };
  return { kind: "own", userId: user.id };
}

export interface ActivityPlan {
  entity: "user" | "team" | "tag";
  ids?: string[];
  model?: string;
  keyHash?: string;
}

export type PlanResult = { ok: true; plan: ActivityPlan } | { ok: false; field: string; message: string; forbidden?: boolean };

const READERS_ONLY = "is available to console admins and viewers";

export function planActivity(scope: UsageScope, groupBy: GroupBy, f: UsageFilters): PlanResult {
  const common = { model: f.model, keyHash: f.key };
  if (scope.kind === "own") {
    if (f.team) return { ok: false, field: "team", message: "You see the usage of your own keys only, not a team's; filter by one of your keys instead", forbidden: true };
    if (f.tag || groupBy === "tag") return { ok: false, field: f.tag ? "tag" : "groupBy", message: `Usage by tag ${READERS_ONLY}` };
    if (f.user && f.user !== scope.userId) return { ok: false, field: "user", message: "You can see only your own usage", forbidden: true };
    return { ok: true, plan: { entity: "user", ids: [scope.userId], ...common } };
  }
  if (scope.kind === "teams") {
    if (f.user || groupBy === "user") return { ok: false, field: f.user ? "user" : "groupBy", message: `Usage by user ${READERS_ONLY}` };
    if (f.tag || groupBy === "tag") return { ok: false, field: f.tag ? "tag" : "groupBy", message: `Usage by tag ${READERS_ONLY}` };
    if (f.team && !scope.teamIds.includes(f.team)) return { ok: false, field: "team", message: `You are not an admin of team ${f.team}`, forbidden: true };
    return { ok: true, plan: { entity: "team", ids: f.team ? [f.team] : scope.teamIds, ...common } };
  }
  let entity: ActivityPlan["entity"] = f.team ? "team" : f.tag ? "tag" : f.user ? "user" : groupBy === "team" ? "team" : groupBy === "tag" ? "tag" : "user";
  if ((groupBy === "tag" || groupBy === "user") && entity !== groupBy) {
    return { ok: false, field: "groupBy", message: `Grouping by ${groupBy} cannot be combined with a ${entity} filter` };
  }
  if (groupBy === "user") entity = "user";
  const id = entity === "team" ? f.team : entity === "tag" ? f.tag : f.user;
  return { ok: true, plan: { entity, ids: id ? [id] : undefined, ...common } };
}
