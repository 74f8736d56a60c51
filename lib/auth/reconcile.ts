import "server-only";
/**
 * Mirrors a signed-in person into LiteLLM (design/auth.md §6.3-5): the user row (internal_user) and membership of
 * the teams that have a group binding. Teams without a binding are managed outside Gatehouse and never touched.
 * Called after access is computed; a LiteLLM outage is reported to the caller, never thrown.
 */
import { isEnterpriseGated, isLiteLLMError, isNotFound, type LiteLLMClient } from "@/lib/litellm";
import type { Access } from "./group-mapping";

export interface ReconcileInput {
  /** `<provider>:<username>`, the LiteLLM user_id. */
  userId: string;
  displayName: string;
  access: Access;
  /** Every team id that some group binding points at (file or console). */
  boundTeamIds: string[];
}

export interface ReconcileResult {
  ok: boolean;
  userCreated: boolean;
  added: { teamId: string; role: "admin" | "user" }[];
  removed: string[];
  /** Admin role refused by an open-source proxy: added as a plain member instead. */
  downgraded: string[];
  failures: { step: string; teamId?: string; message: string }[];
}

type Clients = Pick<LiteLLMClient, "users" | "teams">;

const LITELLM_USER_ROLE = "internal_user";

function teamIdsOf(teams: unknown[] | null | undefined): Set<string> | null {
  if (!Array.isArray(teams)) return null;
  const ids = new Set<string>();
  for (const t of teams) {
    if (typeof t === "string") ids.add(t);
    else if (t && typeof t === "object" && typeof (t as { team_id?: unknown }).team_id === "string") ids.add((t as { team_id: string }).team_id);
  }
  return ids;
}

function isAlreadyMember(error: unknown): boolean {
  return isLiteLLMError(error) && (error.type === "team_member_already_in_team" || /already in team/i.test(error.message));
}

function isNotAMember(error: unknown): boolean {
  return isLiteLLMError(error) && /not found in team|not a member/i.test(error.message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function reconcileLiteLLMUser(client: Clients, input: ReconcileInput): Promise<ReconcileResult> {
  const result: ReconcileResult = { ok: true, userCreated: false, added: [], removed: [], downgraded: [], failures: [] };
  const fail = (step: string, error: unknown, teamId?: string) => {
    result.ok = false;
    result.failures.push({ step, teamId, message: messageOf(error).slice(0, 300) });
  };

  // §8.10: /user/new with an existing user_id is a silent no-op, so look first.
  let currentTeams: Set<string> | null = null;
  try {
    const info = await client.users.info(input.userId);
    const row = (info.user_info ?? {}) as { user_role?: unknown; user_alias?: unknown };
    currentTeams = teamIdsOf(info.teams) ?? teamIdsOf((row as { teams?: unknown[] }).teams);
    if (row.user_role !== LITELLM_USER_ROLE || (input.displayName && row.user_alias !== input.displayName)) {
      try {
        await client.users.update({ user_id: input.userId, user_role: LITELLM_USER_ROLE, user_alias: input.displayName || undefined });
      } catch (error) {
        fail("user.update", error);
      }
    }
  } catch (error) {
    if (!isNotFound(error)) {
      fail("user.info", error);
      return result; // LiteLLM is unreachable or broken: do not guess at memberships.
    }
    try {
      await client.users.create({ user_id: input.userId, user_role: LITELLM_USER_ROLE, user_alias: input.displayName || undefined, auto_create_key: false });
      result.userCreated = true;
      currentTeams = new Set();
    } catch (createError) {
      fail("user.create", createError);
      return result;
    }
  }

  const desired = new Map(input.access.teams.map((t) => [t.teamId, t.role === "admin" ? ("admin" as const) : ("user" as const)]));
  for (const [teamId, role] of desired) {
    if (currentTeams?.has(teamId)) continue;
    try {
      await client.teams.memberAdd({ team_id: teamId, member: { user_id: input.userId, role } });
      result.added.push({ teamId, role });
    } catch (error) {
      if (isAlreadyMember(error)) continue;
      if (role === "admin" && isEnterpriseGated(error)) {
        // The console enforces team-admin rights itself; LiteLLM's team admin role is an Enterprise feature.
        try {
          await client.teams.memberAdd({ team_id: teamId, member: { user_id: input.userId, role: "user" } });
          result.added.push({ teamId, role: "user" });
          result.downgraded.push(teamId);
        } catch (retryError) {
          if (!isAlreadyMember(retryError)) fail("team.member_add", retryError, teamId);
        }
        continue;
      }
      fail("team.member_add", error, teamId);
    }
  }

  for (const teamId of new Set(input.boundTeamIds)) {
    if (desired.has(teamId)) continue;
    // Unknown current membership (odd /user/info shape): try, and treat "not a member" as done.
    if (currentTeams && !currentTeams.has(teamId)) continue;
    try {
      await client.teams.memberDelete({ team_id: teamId, user_id: input.userId });
      result.removed.push(teamId);
    } catch (error) {
      if (isNotAMember(error) || (currentTeams === null && isNotFound(error))) continue;
      fail("team.member_delete", error, teamId);
    }
  }
  return result;
}

/** Runs `work` but stops waiting after `ms`: sign-in must never hang on LiteLLM. The work keeps running. */
export async function withinBudget<T>(work: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
