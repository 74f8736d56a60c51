import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { loadBindings } from "@/lib/auth/bindings";
import { canReadPlatform, requireTier, teamRole } from "@/lib/auth/permissions";
import type { SessionUser, TeamRole } from "@/lib/auth/types";
import { prisma } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { getDeploymentIndex } from "@/lib/deployments/index-store";
import { getLiteLLM, isLiteLLMError, isNotFound, type LiteLLMTeam } from "@/lib/litellm";
import type { ActionContext } from "@/lib/safe-action";
import { getTeamPolicy, listTeamPolicies, type TeamPolicy } from "./policy";
import { checkPolicyAgainstTeam, effectiveTeamModels } from "./rules";
import { storedPolicyModels, type CreateTeamValues, type TeamPolicyValues } from "./schemas";

export interface TeamMemberView {
  userId: string;
  role: "admin" | "user";
}

export interface TeamView {
  teamId: string;
  alias: string;
  /** False when a binding or session names a team LiteLLM does not have (any more). */
  exists: boolean;
  models: string[];
  /** Model names a key of this team may use (all proxy models when unrestricted), at most MODEL_NAME_LIMIT. */
  availableModels: string[];
  /** How many model names the team may use in all (more than availableModels.length: the list is partial). */
  availableModelCount: number;
  unrestrictedModels: boolean;
  members: TeamMemberView[];
  maxBudget: number | null;
  spend: number;
  budgetDuration: string | null;
  blocked: boolean;
  policy: TeamPolicy | null;
  /** The viewer's own role in this team, if a member. */
  myRole: TeamRole | null;
  /** IdP groups bound to this team. */
  groups: { group: string; role: TeamRole; source: "console" | "file" }[];
}

const actorOf = (ctx: ActionContext) => ({ provider: ctx.user.provider, username: ctx.user.username });

/** How many model names a page sends to the browser (pickers say when there are more). */
export const MODEL_NAME_LIMIT = 200;

export interface ProxyModelNames {
  /** The first MODEL_NAME_LIMIT names, sorted. */
  names: string[];
  /** Every model name the proxy serves (names.length < total means the list is partial). */
  total: number;
}

/** Model names from this replica's deployment index (never a /model/info download); empty when LiteLLM is unreachable. */
export async function listProxyModelNames(): Promise<ProxyModelNames> {
  const all = await proxyModelNames();
  return { names: all.slice(0, MODEL_NAME_LIMIT), total: all.length };
}

async function proxyModelNames(): Promise<readonly string[]> {
  try {
    return (await getDeploymentIndex().snapshot()).modelNames();
  } catch {
    return [];
  }
}

function membersOf(team: LiteLLMTeam): TeamMemberView[] {
  const out = new Map<string, TeamMemberView>();
  for (const m of team.members_with_roles ?? []) {
    const id = m.user_id ?? m.user_email;
    if (!id) continue;
    out.set(id, { userId: id, role: m.role === "admin" ? "admin" : "user" });
  }
  return [...out.values()].sort((a, b) => a.userId.localeCompare(b.userId));
}

function view(team: LiteLLMTeam, proxyModels: readonly string[], policy: TeamPolicy | null, user: SessionUser, groups: TeamView["groups"]): TeamView {
  const models = team.models ?? [];
  const unrestricted = models.length === 0 || models.includes("all-proxy-models");
  // proxyModels is already sorted and distinct: an unrestricted team's list is a slice of it, not a copy of 20,000 names.
  const available = unrestricted ? proxyModels : effectiveTeamModels({ models, proxyModels: [] });
  return {
    teamId: team.team_id,
    alias: team.team_alias || team.team_id,
    exists: true,
    models,
    availableModels: available.slice(0, MODEL_NAME_LIMIT),
    availableModelCount: available.length,
    unrestrictedModels: unrestricted,
    members: membersOf(team),
    maxBudget: team.max_budget ?? null,
    spend: team.spend ?? 0,
    budgetDuration: team.budget_duration ?? null,
    blocked: Boolean(team.blocked),
    policy,
    myRole: teamRole(user, team.team_id),
    groups,
  };
}

function missingView(teamId: string, user: SessionUser, policy: TeamPolicy | null, groups: TeamView["groups"]): TeamView {
  return {
    teamId,
    alias: teamId,
    exists: false,
    models: [],
    availableModels: [],
    availableModelCount: 0,
    unrestrictedModels: false,
    members: [],
    maxBudget: null,
    spend: 0,
    budgetDuration: null,
    blocked: false,
    policy,
    myRole: teamRole(user, teamId),
    groups,
  };
}

async function groupsByTeam(): Promise<Map<string, TeamView["groups"]>> {
  const out = new Map<string, TeamView["groups"]>();
  for (const b of await loadBindings()) {
    if (b.kind !== "team" || !b.teamId) continue;
    const list = out.get(b.teamId) ?? [];
    list.push({ group: b.group, role: b.teamRole === "admin" ? "admin" : "member", source: b.source });
    out.set(b.teamId, list);
  }
  return out;
}

/** Admins and viewers see every team; members and team admins only the teams in their session. */
export async function listTeamsFor(user: SessionUser): Promise<TeamView[]> {
  const litellm = getLiteLLM();
  const [proxyModels, groups] = await Promise.all([proxyModelNames(), groupsByTeam()]);
  let found: LiteLLMTeam[];
  let missing: string[] = [];
  if (canReadPlatform(user)) {
    found = await litellm.teams.list();
  } else {
    const results = await Promise.all(
      user.teams.map(async (t) => {
        try {
          return (await litellm.teams.info(t.teamId)).team_info;
        } catch (error) {
          if (isNotFound(error)) return t.teamId;
          throw error;
        }
      }),
    );
    found = results.filter((r): r is LiteLLMTeam => typeof r !== "string");
    missing = results.filter((r): r is string => typeof r === "string");
  }
  const policies = await listTeamPolicies([...found.map((t) => t.team_id), ...missing]);
  const views = [
    ...found.map((t) => view(t, proxyModels, policies.get(t.team_id) ?? null, user, groups.get(t.team_id) ?? [])),
    ...missing.map((id) => missingView(id, user, policies.get(id) ?? null, groups.get(id) ?? [])),
  ];
  return views.sort((a, b) => a.alias.localeCompare(b.alias));
}

/** One team, if the user may see it (ForbiddenError otherwise, NotFoundError when LiteLLM has no such team). */
export async function getTeamFor(user: SessionUser, teamId: string): Promise<TeamView> {
  if (!canReadPlatform(user) && !teamRole(user, teamId)) throw new ForbiddenError("You can only see the teams you belong to.");
  let team: LiteLLMTeam;
  try {
    team = (await getLiteLLM().teams.info(teamId)).team_info;
  } catch (error) {
    if (isNotFound(error)) throw new NotFoundError(`LiteLLM has no team ${teamId}.`);
    throw error;
  }
  const [proxyModels, groups, policy] = await Promise.all([proxyModelNames(), groupsByTeam(), getTeamPolicy(teamId)]);
  return view(team, proxyModels, policy, user, groups.get(teamId) ?? []);
}

export async function createTeam({ ctx, input }: { ctx: ActionContext; input: CreateTeamValues }): Promise<{ teamId: string; alias: string }> {
  requireTier(ctx.user, "admin");
  const snapshot = await getDeploymentIndex().snapshot();
  const unknown = input.models.filter((m) => !snapshot.hasModelName(m));
  if (unknown.length > 0) throw new ValidationError("Unknown models.", { models: [`${unknown.join(", ")} not served by LiteLLM.`] });
  let team: LiteLLMTeam;
  try {
    team = await getLiteLLM().teams.create({
      team_alias: input.teamAlias,
      team_id: input.teamId || undefined,
      models: input.models,
      max_budget: input.maxBudgetUsd ?? undefined,
      budget_duration: input.budgetDuration === "none" ? undefined : input.budgetDuration,
      metadata: { created_via: "gatehouse", created_by: ctx.user.id },
    });
  } catch (error) {
    if (isLiteLLMError(error) && /already exists/i.test(error.message)) {
      throw new ValidationError(`Team id ${input.teamId} already exists.`, { teamId: [`Team id ${input.teamId} already exists in LiteLLM.`] });
    }
    throw error;
  }
  await recordAudit({
    actor: actorOf(ctx),
    action: "team.create",
    targetType: "team",
    targetId: team.team_id,
    teamId: team.team_id,
    outcome: "success",
    request: ctx.request,
    details: { alias: input.teamAlias, models: input.models, maxBudgetUsd: input.maxBudgetUsd, budgetDuration: input.budgetDuration },
  });
  return { teamId: team.team_id, alias: team.team_alias ?? input.teamAlias };
}

function policyDiff(before: TeamPolicy | null, after: Omit<TeamPolicy, "updatedAt" | "updatedBy">): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ["maxKeyBudgetUsd", "maxKeyDurationDays", "allowedModels", "maxActiveKeysPerMember", "membersCanIssue", "defaultBudgetPeriod"] as const) {
    const from = before?.[key] ?? null;
    const to = after[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) out[key] = { from, to };
  }
  return out;
}

/** Sets a team's caps. Rejected (never clamped) when a cap is outside what the team itself allows. */
export async function updateTeamPolicy({ ctx, input: given }: { ctx: ActionContext; input: TeamPolicyValues }): Promise<TeamPolicy> {
  requireTier(ctx.user, "admin");
  // "All of the team's models" is stored as an empty list.
  const input = { ...given, allowedModels: storedPolicyModels(given.allowedModels) };
  let team: LiteLLMTeam;
  try {
    team = (await getLiteLLM().teams.info(input.teamId)).team_info;
  } catch (error) {
    if (isNotFound(error)) throw new NotFoundError(`LiteLLM has no team ${input.teamId}.`);
    throw error;
  }
  const fieldErrors = checkPolicyAgainstTeam(input, { models: team.models ?? [], proxyModels: [...(await proxyModelNames())], maxBudget: team.max_budget ?? null });
  if (Object.keys(fieldErrors).length > 0) throw new ValidationError(Object.values(fieldErrors)[0]![0]!, fieldErrors);
  const data = {
    maxKeyBudgetUsd: input.maxKeyBudgetUsd,
    maxKeyDurationDays: input.maxKeyDurationDays,
    allowedModels: input.allowedModels,
    maxActiveKeysPerMember: input.maxActiveKeysPerMember,
    membersCanIssue: input.membersCanIssue,
    defaultBudgetPeriod: input.defaultBudgetPeriod === "none" ? null : input.defaultBudgetPeriod,
  };
  const before = await getTeamPolicy(input.teamId);
  const changes = policyDiff(before, { teamId: input.teamId, ...data });
  if (before && Object.keys(changes).length === 0) throw new ConflictError("Nothing changed: the policy already has these values.");
  const db = await prisma();
  await db.teamPolicy.upsert({
    where: { teamId: input.teamId },
    create: { teamId: input.teamId, ...data, updatedBy: ctx.user.id },
    update: { ...data, updatedBy: ctx.user.id },
  });
  await recordAudit({
    actor: actorOf(ctx),
    action: "team.policy.update",
    targetType: "team_policy",
    targetId: input.teamId,
    teamId: input.teamId,
    outcome: "success",
    request: ctx.request,
    details: { created: !before, changes },
  });
  return (await getTeamPolicy(input.teamId))!;
}
