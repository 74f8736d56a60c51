import "server-only";

import type { SessionUser } from "@/lib/auth/types";
import { isAdmin, teamRole } from "@/lib/auth/permissions";
import { getLiteLLM, isNotFound, type LiteLLMClient } from "@/lib/litellm";
import type { LiteLLMKeyRecord } from "@/lib/litellm/schemas/keys";
import { parseLiteLLMTime, toIso } from "@/lib/keys/expiry";
import { canManageKey, canViewKey } from "@/lib/keys/policy";
import { findKeyByAlias } from "@/lib/keys/service";
import { lastFourOf } from "@/lib/keys/view";

import { explainAccess, type ExplainCheck, type ExplainKey, type ExplainModelGroup, type Explanation } from "./checks";
import type { ExplainValues } from "./schemas";

export interface ExplainCandidate {
  token: string;
  alias: string | null;
  keyName: string | null;
}

export interface ExplainedCheck extends ExplainCheck {
  /** A link to the page where the viewer can make the fix — only when the viewer may make it. */
  fixHref: string | null;
}

export type ExplainResult =
  | {
      kind: "explained";
      key: ExplainCandidate | null;
      model: string;
      verdict: string;
      deniedBy: Explanation["deniedBy"];
      checks: ExplainedCheck[];
      note: string;
    }
  | { kind: "choose"; candidates: ExplainCandidate[]; note: string | null };

export interface ExplainDeps {
  litellm: LiteLLMClient;
  now: () => number;
}

const LAST_FOUR_PAGES = 10;
const PAGE_SIZE = 100;

const READ_NOTE =
  "Every check is read from LiteLLM's own records (key, team, user and model group) and applies the rules LiteLLM enforces on a call; " +
  "none was proven with a real call as this key (the console never holds it). Live rate-limit counters are not exposed by LiteLLM.";

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function toExplainKey(record: LiteLLMKeyRecord, token: string): ExplainKey {
  const expiresMs = parseLiteLLMTime(record.expires);
  return {
    token,
    alias: record.key_alias ?? null,
    blocked: record.blocked === true,
    expires: expiresMs === null ? null : new Date(expiresMs).toISOString(),
    spend: num(record.spend) ?? 0,
    maxBudget: num(record.max_budget),
    budgetDuration: record.budget_duration ?? null,
    budgetResetAt: toIso(record.budget_reset_at),
    models: Array.isArray(record.models) ? record.models : [],
    teamId: record.team_id ?? null,
    userId: record.user_id ?? null,
    rpmLimit: num(record.rpm_limit),
    tpmLimit: num(record.tpm_limit),
    maxParallelRequests: num(record.max_parallel_requests),
  };
}

function ownership(record: LiteLLMKeyRecord) {
  return { teamId: record.team_id ?? null, userId: record.user_id ?? null };
}

async function keyByToken(litellm: LiteLLMClient, token: string): Promise<LiteLLMKeyRecord | null> {
  try {
    const record = await litellm.keys.info(token);
    return { ...record, token: record.token ?? token };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * Keys whose `sk-...abcd` ends in the given four characters, among those the viewer may see: their own keys, the
 * keys of teams they administer, or (admins, viewers) the newest keys. Bounded; says so when it looked at only part.
 */
async function keysByLastFour(
  litellm: LiteLLMClient,
  user: SessionUser,
  lastFour: string,
): Promise<{ hits: LiteLLMKeyRecord[]; partial: string | null }> {
  const platform = user.role === "admin" || user.role === "viewer";
  const scopes: { user_id?: string; team_id?: string }[] = platform
    ? [{}]
    : [{ user_id: user.id }, ...user.teams.filter((t) => t.role === "admin").map((t) => ({ team_id: t.teamId }))];
  const hits = new Map<string, LiteLLMKeyRecord>();
  let partial: string | null = null;
  for (const scope of scopes) {
    for (let page = 1; page <= LAST_FOUR_PAGES; page++) {
      const res = await litellm.keys.list({
        ...scope,
        page,
        size: PAGE_SIZE,
        return_full_object: true,
        sort_by: "created_at",
        sort_order: "desc",
      });
      for (const record of res.data) if (record.token && lastFourOf(record.key_name) === lastFour) hits.set(record.token, record);
      if (page >= res.totalPages || res.data.length < PAGE_SIZE) break;
      if (page === LAST_FOUR_PAGES)
        partial = `LiteLLM cannot search by the last four characters, so Gatehouse looked through the newest ${LAST_FOUR_PAGES * PAGE_SIZE} keys of ${res.totalCount}. Search by alias, or paste the key, to find an older one.`;
    }
  }
  return { hits: [...hits.values()], partial };
}

function candidate(record: LiteLLMKeyRecord): ExplainCandidate {
  return { token: record.token ?? "", alias: record.key_alias ?? null, keyName: record.key_name ?? null };
}

/** Deployments routed under a public name, and the access groups they are in (paged read, exact name match). */
async function modelGroupFacts(litellm: LiteLLMClient, name: string): Promise<ExplainModelGroup | null> {
  const page = await litellm.models.listPage({ search: name, size: 200 });
  const deployments = page.data.filter((d) => (d.model_info.team_public_model_name ?? d.model_name) === name || d.model_name === name);
  if (deployments.length === 0) return null;
  const blocked = deployments.filter((d) => (d.model_info as Record<string, unknown>).blocked === true).length;
  const groups = new Set<string>();
  for (const d of deployments) {
    const ag = (d.model_info as Record<string, unknown>).access_groups;
    if (Array.isArray(ag)) for (const g of ag) if (typeof g === "string") groups.add(g);
  }
  return { name, deployments: deployments.length - blocked, blockedDeployments: blocked, accessGroups: [...groups] };
}

function fixHref(check: ExplainCheck, user: SessionUser, record: LiteLLMKeyRecord | null, model: string): string | null {
  if (check.status !== "failed" || !check.fixTarget || !record) return null;
  const token = record.token ?? "";
  switch (check.fixTarget) {
    case "key":
      return canManageKey(user, ownership(record)) ? `/keys/${token}` : null;
    case "team":
      return record.team_id && (isAdmin(user) || teamRole(user, record.team_id) === "admin")
        ? `/teams/${encodeURIComponent(record.team_id)}`
        : null;
    case "models":
      return isAdmin(user) ? `/models?q=${encodeURIComponent(model)}` : null;
    case "new-model":
      return isAdmin(user) ? `/models/new?alias=${encodeURIComponent(model)}` : null;
  }
}

/**
 * Explains why LiteLLM would deny (or allow) a key calling a model. Members explain their own keys, team admins
 * their team's keys, admins and viewers any key. A key the viewer may not see reads exactly like a missing one.
 */
export async function explainKeyAccess({
  user,
  input,
  deps,
}: {
  user: SessionUser;
  input: ExplainValues;
  deps?: Partial<ExplainDeps>;
}): Promise<ExplainResult> {
  const litellm = deps?.litellm ?? getLiteLLM();
  const now = deps?.now?.() ?? Date.now();

  let record: LiteLLMKeyRecord | null = null;
  let note: string | null = null;
  if (input.by === "hash") record = await keyByToken(litellm, input.value.toLowerCase());
  else if (input.by === "alias") record = await findKeyByAlias(litellm, input.value);
  else {
    const { hits, partial } = await keysByLastFour(litellm, user, input.value);
    const visible = hits.filter((r) => canViewKey(user, ownership(r)));
    note = partial;
    if (visible.length > 1) return { kind: "choose", candidates: visible.map(candidate), note };
    record = visible[0] ?? null;
  }
  // A key outside the viewer's reach reads exactly like a missing one: members learn nothing about other keys.
  if (record && !canViewKey(user, ownership(record))) record = null;

  const token = record?.token ?? "";
  const [teamInfo, userInfo, model] = await Promise.all([
    record?.team_id
      ? litellm.teams.info(record.team_id).then(
          (t) => t.team_info,
          (e: unknown) => (isNotFound(e) ? null : Promise.reject(e)),
        )
      : null,
    record?.user_id
      ? litellm.users.info(record.user_id).then(
          (u) => u.user_info as Record<string, unknown> | null,
          (e: unknown) => (isNotFound(e) ? null : Promise.reject(e)),
        )
      : null,
    modelGroupFacts(litellm, input.model),
  ]);

  const accessGroups = new Map<string, Set<string>>((model?.accessGroups ?? []).map((g) => [g, new Set([input.model])]));
  const explanation = explainAccess({
    key: record ? toExplainKey(record, token) : null,
    team: teamInfo
      ? {
          teamId: teamInfo.team_id,
          alias: teamInfo.team_alias ?? null,
          blocked: (teamInfo as Record<string, unknown>).blocked === true,
          spend: num(teamInfo.spend) ?? 0,
          maxBudget: num(teamInfo.max_budget),
          models: teamInfo.models ?? [],
        }
      : null,
    user:
      userInfo && record?.user_id ? { userId: record.user_id, spend: num(userInfo.spend) ?? 0, maxBudget: num(userInfo.max_budget) } : null,
    model,
    modelName: input.model,
    accessGroups,
    now,
  });
  return {
    kind: "explained",
    key: record ? candidate(record) : null,
    model: input.model,
    verdict: explanation.verdict,
    deniedBy: explanation.deniedBy,
    checks: explanation.checks.map((c) => ({ ...c, fixHref: fixHref(c, user, record, input.model) })),
    note: [note, READ_NOTE].filter(Boolean).join(" "),
  };
}
