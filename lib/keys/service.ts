import "server-only";

import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit, type AuditInput, type AuditOutcome } from "@/lib/audit/service";
import { isAdmin, teamRole } from "@/lib/auth/permissions";
import type { RequestMeta, SessionUser, TeamRole } from "@/lib/auth/types";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { ConflictError, ForbiddenError, NotFoundError, UpstreamError, ValidationError, isDomainError } from "@/lib/errors";
import { DeploymentSnapshot, getDeploymentIndex, toIndexed } from "@/lib/deployments/index-store";
import {
  getLiteLLM,
  isAliasConflict,
  isEnterpriseGated,
  isLiteLLMError,
  isNotFound,
  type GenerateKeyInput,
  type ListKeysInput,
  type LiteLLMClient,
  type LiteLLMKeyRecord,
  type UpdateKeyInput as LiteLLMUpdateKeyInput,
} from "@/lib/litellm";

import { DAY_MS, budgetPeriodToDuration, parseLiteLLMTime, planExpiry, planExtension, toIso, type ExpiryPlan } from "./expiry";
import {
  canManageKey,
  canViewKey,
  checkKeyRequestAgainstPolicy,
  effectiveBudgetCap,
  selfServiceBlock,
  type SelfServiceBlock,
  type TeamLimits,
  type TeamPolicyRule,
} from "./policy";
import { teamModelOptions, teamModelScope } from "./team-models";
import {
  extendKeySchema,
  issueKeySchema,
  keyRefSchema,
  parseMetadataText,
  regenerateKeySchema,
  tokenHashSchema,
  updateKeySchema,
  type ExtendKeyInput,
  type IssueKeyInput,
  type KeyListParams,
  type KeyRefInput,
  type OwnerKind,
  type RegenerateKeyInput,
  type UpdateKeyInput,
} from "./schemas";
import { applyKeyWrites, describeFreshness, indexedKeyAsRecord, queryKeyIndex, readKeyIndexState, SUBSTRING_SEARCH_MIN } from "./key-index";
import { BUDGET_WARNING_RATIO, lastFourOf, toKeyView, type KeyView } from "./view";

// ---------------------------------------------------------------- dependencies (a seam for tests and the bench)

export interface KeyServiceDeps {
  litellm: LiteLLMClient;
  /** Cluster-wide named lock (PostgreSQL advisory lock; in-process on PGlite). */
  withLock: <T>(key: string, fn: () => Promise<T>) => Promise<T>;
  loadPolicy: (teamId: string) => Promise<TeamPolicyRule | null>;
  loadPolicies: (teamIds: string[]) => Promise<TeamPolicyRule[]>;
  audit: (input: AuditInput) => Promise<void>;
  /** The gateway URL clients use (LITELLM_PUBLIC_URL, else LITELLM_URL). */
  publicUrl: string;
  now: () => Date;
  /** This replica's deployment index (the issue form's model names); without it, one /model/info read (tests). */
  deployments?: () => Promise<DeploymentSnapshot>;
  /** The console database holding the key index (lib/keys/key-index.ts). */
  keyIndexDb: () => Promise<PrismaClient>;
}

function policyFromRow(row: {
  teamId: string;
  maxKeyBudgetUsd: number;
  maxKeyDurationDays: number;
  allowedModels: string[];
  maxActiveKeysPerMember: number;
  membersCanIssue: boolean;
  defaultBudgetPeriod: string | null;
}): TeamPolicyRule {
  return {
    teamId: row.teamId,
    maxKeyBudgetUsd: row.maxKeyBudgetUsd,
    maxKeyDurationDays: row.maxKeyDurationDays,
    allowedModels: row.allowedModels,
    maxActiveKeysPerMember: row.maxActiveKeysPerMember,
    membersCanIssue: row.membersCanIssue,
    defaultBudgetPeriod: row.defaultBudgetPeriod,
  };
}

/** Policy readers over a Prisma client (the console's team_policies table). */
export function prismaPolicyLoaders(getPrisma: () => Promise<PrismaClient>) {
  return {
    loadPolicy: async (teamId: string) => {
      const db = await getPrisma();
      const row = await db.teamPolicy.findUnique({ where: { teamId } });
      return row ? policyFromRow(row) : null;
    },
    loadPolicies: async (teamIds: string[]) => {
      if (teamIds.length === 0) return [];
      const db = await getPrisma();
      const rows = await db.teamPolicy.findMany({ where: { teamId: { in: teamIds } } });
      return rows.map(policyFromRow);
    },
  };
}

function defaultDeps(): KeyServiceDeps {
  const env = getEnv();
  return {
    litellm: getLiteLLM(),
    withLock: async (key, fn) => (await getDb()).withLock(key, fn),
    ...prismaPolicyLoaders(async () => (await getDb()).prisma),
    audit: recordAudit,
    publicUrl: env.LITELLM_PUBLIC_URL ?? env.LITELLM_URL,
    now: () => new Date(),
    deployments: () => getDeploymentIndex().snapshot(),
    keyIndexDb: async () => (await getDb()).prisma,
  };
}

const DEP_NAMES = ["litellm", "withLock", "loadPolicy", "loadPolicies", "audit", "publicUrl", "now", "keyIndexDb"] as const;

/** Complete overrides (tests, the bench) never touch the environment; partial ones fill in from it. */
function resolveDeps(overrides: Partial<KeyServiceDeps> = {}): KeyServiceDeps {
  if (DEP_NAMES.every((name) => overrides[name] !== undefined)) return overrides as KeyServiceDeps;
  return { ...defaultDeps(), ...overrides };
}

export interface KeyServiceContext {
  user: SessionUser;
  request?: RequestMeta;
}

interface ServiceArgs<I> {
  ctx: KeyServiceContext;
  input: I;
  deps?: Partial<KeyServiceDeps>;
}

// ---------------------------------------------------------------- shared helpers

/** Keys 1.96.0 filters itself (`expires`, `substring_matching` on /key/list); older proxies ignore those parameters. */
export const KEY_LIST_FILTERS_FROM = "1.96.0";

const TEAM_NAMES_TTL_MS = 30_000;
const teamNameCache = new WeakMap<LiteLLMClient, { until: number; names: Map<string, string>; inflight?: Promise<Map<string, string>> }>();

/** team_id → alias from one /team/list call, cached 30 s per client. A failure gives an empty map (ids are shown). */
export async function teamNames(litellm: LiteLLMClient, now = Date.now()): Promise<Map<string, string>> {
  const entry = teamNameCache.get(litellm);
  if (entry && entry.until > now) return entry.names;
  if (entry?.inflight) return entry.inflight;
  const inflight = litellm.teams
    .list()
    .then((teams) => {
      const names = new Map<string, string>();
      for (const t of teams) if (t.team_id) names.set(t.team_id, t.team_alias || t.team_id);
      teamNameCache.set(litellm, { until: Date.now() + TEAM_NAMES_TTL_MS, names });
      return names;
    })
    .catch(() => {
      teamNameCache.delete(litellm);
      return entry?.names ?? new Map<string, string>();
    });
  teamNameCache.set(litellm, { until: 0, names: entry?.names ?? new Map(), inflight });
  return inflight;
}

function actorOf(user: SessionUser) {
  return { provider: user.provider, username: user.username };
}

function describeTeam(teamId: string, names?: Map<string, string>): string {
  const name = names?.get(teamId);
  return name && name !== teamId ? name : teamId;
}

async function audit(
  d: KeyServiceDeps,
  ctx: KeyServiceContext,
  action: string,
  outcome: AuditOutcome,
  target: { token?: string | null; teamId?: string | null },
  details: Record<string, unknown>,
) {
  await d.audit({
    actor: actorOf(ctx.user),
    action,
    targetType: "virtual_key",
    targetId: target.token ?? null,
    teamId: target.teamId ?? null,
    outcome,
    request: ctx.request,
    details,
  });
}

function outcomeOf(error: unknown): AuditOutcome {
  return isDomainError(error) && (error.code === "forbidden" || error.code === "validation") ? "denied" : "failure";
}

/** Reads one key by token hash; 404 in any of LiteLLM's dialects becomes a NotFoundError. */
async function readKey(d: KeyServiceDeps, token: string): Promise<LiteLLMKeyRecord> {
  try {
    const record = await d.litellm.keys.info(token);
    return { ...record, token: record.token ?? token };
  } catch (error) {
    if (isNotFound(error)) throw new NotFoundError(`No virtual key with id ${token.slice(0, 12)}… exists; it may have been deleted.`);
    throw error;
  }
}

/** Exact alias lookup. Newer proxies may substring-match, so compare here; follow pages only while more matches exist. */
export async function findKeyByAlias(litellm: LiteLLMClient, alias: string): Promise<LiteLLMKeyRecord | null> {
  for (let page = 1; page <= 10; page++) {
    const res = await litellm.keys.list({ key_alias: alias, page, size: 100, return_full_object: true });
    const hit = res.data.find((k) => k.key_alias === alias);
    if (hit) return hit;
    if (page >= res.totalPages || res.data.length < 100) return null;
  }
  return null;
}

async function countActiveKeysOfMember(litellm: LiteLLMClient, userId: string, teamId: string, now: number): Promise<number> {
  const res = await litellm.keys.list({ user_id: userId, team_id: teamId, size: 100, return_full_object: true });
  return res.data.filter((k) => toKeyView(k, now).status === "active").length;
}

function aliasConflict(alias: string): ConflictError {
  return new ConflictError(`A key with alias "${alias}" already exists. Choose another alias.`);
}

/** This replica's deployment index (tests without one: a single /model/info read). */
function snapshotOf(d: KeyServiceDeps): Promise<DeploymentSnapshot> {
  return d.deployments
    ? d.deployments()
    : d.litellm.models.list().then((all) => DeploymentSnapshot.empty().apply(all.map(toIndexed), [], Date.now()).snapshot);
}

/**
 * The team's own limits in LiteLLM (its models, read against the deployment index, and its max_budget), which bind a
 * self-service key on top of the console's policy. Null when LiteLLM has no such team (LiteLLM refuses the key then).
 */
async function loadTeamLimits(d: KeyServiceDeps, teamId: string): Promise<TeamLimits | null> {
  let team;
  try {
    team = (await d.litellm.teams.info(teamId)).team_info;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  const { models, groups } = modelOptionsOf(await snapshotOf(d));
  return { models: teamModelScope(teamId, team.models ?? [], [...models, ...groups]), maxBudgetUsd: team.max_budget ?? null };
}

// ---------------------------------------------------------------- list

export interface KeyScope {
  /** "all" (admins, viewers), "mine", or a team. */
  kind: "all" | "mine" | "team";
  teamId: string | null;
  /** For the team scope: true when only the caller's own keys of that team are listed. */
  ownOnly: boolean;
  value: string;
}

export function resolveScope(user: SessionUser, scope: string | undefined): KeyScope {
  const platform = user.role === "admin" || user.role === "viewer";
  const team = scope?.startsWith("team:") ? scope.slice(5) : null;
  if (team) {
    if (platform) return { kind: "team", teamId: team, ownOnly: false, value: scope! };
    const role = teamRole(user, team);
    if (!role) throw new ForbiddenError(`You are not a member of team ${team}.`);
    return { kind: "team", teamId: team, ownOnly: role !== "admin", value: scope! };
  }
  if (platform && scope !== "mine") return { kind: "all", teamId: null, ownOnly: false, value: "all" };
  return { kind: "mine", teamId: null, ownOnly: true, value: "mine" };
}

export interface KeyListPage {
  rows: KeyView[];
  page: number;
  pageSize: number;
  /** As LiteLLM counts them, before any within-page filter. */
  totalCount: number;
  /** The count stopped at the cap: show "1,000+". */
  totalCapped: boolean;
  totalPages: number;
  /** Set when a filter LiteLLM cannot apply was applied to this page only; says so in words. */
  inPageFilterNote: string | null;
  /** Set when this proxy matches the search exactly instead of by substring. */
  searchNote: string | null;
  /** Set when the rows come from the console's key index: how complete and how fresh the answer is. */
  indexNote: string | null;
  scope: KeyScope;
  /** Teams the caller may pick as a scope: id and name. */
  scopeTeams: { teamId: string; name: string; role: TeamRole | null }[];
  canIssue: boolean;
}

const STATUS_WORDS: Record<string, string> = {
  active: "active",
  blocked: "blocked",
  expired: "expired",
  expiring: "expiring within 7 days",
  "over-budget": "over 80% of budget",
};

/**
 * One page of keys: one /key/list call (≤ 100 keys) plus the team names (one /team/list, cached 30 s). Nothing here
 * grows with the number of keys in LiteLLM.
 */
export async function listKeysPage({
  user,
  params,
  deps,
}: {
  user: SessionUser;
  params: KeyListParams;
  deps?: Partial<KeyServiceDeps>;
}): Promise<KeyListPage> {
  const d = resolveDeps(deps);
  const scope = resolveScope(user, params.scope);
  if (params.q?.trim() || params.status !== "all") return listIndexedKeysPage(d, user, params, scope);
  // The unfiltered list: one /key/list page, LiteLLM's own order and count (always current).
  const query: ListKeysInput = {
    page: params.page,
    size: params.size,
    return_full_object: true,
    sort_by: params.sort,
    sort_order: params.order,
  };
  if (scope.kind === "mine" || scope.ownOnly) query.user_id = user.id;
  if (scope.teamId) query.team_id = scope.teamId;

  const [res, names] = await Promise.all([d.litellm.keys.list(query), teamNames(d.litellm)]);
  const now = d.now().getTime();
  return {
    rows: res.data.map((k) => toKeyView(k, now, names)),
    page: res.page,
    pageSize: res.pageSize,
    totalCount: res.totalCount,
    totalCapped: false,
    totalPages: Math.max(1, res.totalPages),
    searchNote: null,
    inPageFilterNote: null,
    indexNote: null,
    scope,
    scopeTeams: scopeTeamsFor(user, names),
    canIssue: user.role === "admin" || (user.role === "user" && user.teams.length > 0),
  };
}

/** A search or filter counts at most this many keys ("1,000+"): a term matching most of a million keys stays flat. */
export const KEY_SEARCH_COUNT_CAP = 1000;

/**
 * This replica's own write goes into the key index at once (the list's searches and filters read it), so the operator
 * sees their change without waiting for the scheduler's tick. A failure here never fails the write: the tick repairs it.
 */
async function indexOwnWrite(d: KeyServiceDeps, change: { upsert?: LiteLLMKeyRecord[]; removeTokens?: string[] }) {
  try {
    await applyKeyWrites(await d.keyIndexDb(), change, d.now());
  } catch (error) {
    logger.warn("key_index.own_write_failed", { error: error instanceof Error ? error.message : String(error) });
  }
}

function scopeTeamsFor(user: SessionUser, names: Map<string, string>): KeyListPage["scopeTeams"] {
  return user.role === "user"
    ? user.teams.map((t) => ({ teamId: t.teamId, name: describeTeam(t.teamId, names), role: t.role }))
    : [...names.entries()].map(([teamId, name]) => ({ teamId, name, role: null })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A search or any status filter: LiteLLM's /key/list can only search by substring over every key (seconds at a
 * million) and cannot filter by expiry window, budget or blocked, so these come from the console's key index — one
 * indexed statement whatever the number of keys, the count capped at KEY_SEARCH_COUNT_CAP — with how fresh it is.
 */
async function listIndexedKeysPage(d: KeyServiceDeps, user: SessionUser, params: KeyListParams, scope: KeyScope): Promise<KeyListPage> {
  const db = await d.keyIndexDb();
  const now = d.now();
  const search = params.q?.trim() || null;
  const ownOnly = scope.kind === "mine" || scope.ownOnly;
  // Team search: by id or name (teams are few; names come from the cached /team/list).
  const names = await teamNames(d.litellm);
  let teamIds: string[] | null = scope.teamId ? [scope.teamId] : null;
  if (search && params.field === "team") {
    const needle = search.toLowerCase();
    const matching = [...names.entries()].filter(([id, name]) => id.toLowerCase() === needle || name.toLowerCase().includes(needle)).map(([id]) => id);
    if (!matching.includes(search)) matching.push(search);
    teamIds = teamIds ? teamIds.filter((t) => matching.includes(t)) : matching;
  }
  const [{ rows, total, capped }, state] = await Promise.all([
    queryKeyIndex(db, {
      filter: params.status,
      days: 7,
      minRatio: BUDGET_WARNING_RATIO,
      teamIds,
      userId: ownOnly ? user.id : null,
      alias: search && params.field === "alias" ? search : null,
      ownerPrefix: search && params.field === "owner" && !ownOnly ? search : null,
      sort: { field: params.sort, order: params.order },
      countCap: KEY_SEARCH_COUNT_CAP,
      page: params.page,
      size: params.size,
      now,
    }),
    readKeyIndexState(db),
  ]);
  const views = rows.map((r) => toKeyView(indexedKeyAsRecord(r), now.getTime(), names));
  const counted = capped ? `more than ${total.toLocaleString("en-US")}` : total.toLocaleString("en-US");
  const noun = total === 1 && !capped ? "key" : "keys";
  const parts = [params.status === "all" ? null : STATUS_WORDS[params.status], search ? `${params.field === "alias" ? "" : `${params.field} `}matching “${search}”` : null].filter(Boolean);
  const found = `Found ${counted} ${noun}${parts.length ? ` (${parts.join(", ")})` : ""}${capped ? " — counting stops there; narrow the search to see them all" : ""}.`;
  const shortSearch =
    search && params.field === "alias" && search.length < SUBSTRING_SEARCH_MIN
      ? ` A search shorter than ${SUBSTRING_SEARCH_MIN} characters matches the start of the alias.`
      : "";
  return {
    rows: views,
    page: params.page,
    pageSize: params.size,
    totalCount: total,
    totalCapped: capped,
    // Past the cap the count is unknown: "Next" stays while a page comes back full.
    totalPages: capped ? Math.max(Math.ceil(total / params.size), params.page + (rows.length === params.size ? 1 : 0)) : Math.max(1, Math.ceil(total / params.size)),
    searchNote: null,
    inPageFilterNote: null,
    indexNote: `${found}${shortSearch} ${describeFreshness(state, now)}`,
    scope,
    scopeTeams: scopeTeamsFor(user, names),
    canIssue: user.role === "admin" || (user.role === "user" && user.teams.length > 0),
  };
}

// ---------------------------------------------------------------- one key

export interface KeyDetail {
  key: KeyView;
  canManage: boolean;
  /** Whether this LiteLLM supports regeneration is only known by trying; this says whether the caller may. */
  canRegenerate: boolean;
  /** The one-click extension a notice links to: as many days (≤ 30) as the team's policy allows the caller. */
  extension: { days: number; newExpiry: string } | { days: 0; reason: string } | null;
}

const ONE_CLICK_EXTENSION_DAYS = 30;

/** How far the caller may push this key's expiry in one click: 30 days, less when the team's lifetime cap is nearer. */
async function extensionFor(d: KeyServiceDeps, user: SessionUser, key: KeyView, now: Date): Promise<KeyDetail["extension"]> {
  const current = parseLiteLLMTime(key.expires);
  if (current === null || key.status === "blocked") return null;
  let days = ONE_CLICK_EXTENSION_DAYS;
  if (!isAdmin(user)) {
    const policy = key.teamId ? await d.loadPolicy(key.teamId) : null;
    if (!policy) return { days: 0, reason: `Team ${key.teamName ?? key.teamId ?? "—"} has no self-service policy yet, so only an admin can extend this key.` };
    {
      const left = Math.max(0, (current - now.getTime()) / DAY_MS);
      days = Math.min(days, Math.floor(policy.maxKeyDurationDays - left));
      if (days < 1) return { days: 0, reason: `The key already runs as long as team ${key.teamName ?? key.teamId} allows (${policy.maxKeyDurationDays} days).` };
      // The same check the extension itself will run: say now, not after the click, when another cap is in the way.
      const verdict = checkKeyRequestAgainstPolicy(
        policy,
        {
          teamId: key.teamId!,
          teamLabel: key.teamName ?? key.teamId!,
          issuerRole: teamRole(user, key.teamId!) ?? "member",
          ownerKind: key.ownerKind === "service_account" ? "service_account" : "team",
          maxBudgetUsd: key.maxBudget,
          expiryDays: left + days,
          models: key.models,
          isUpdate: true,
        },
        { activeKeysOfMember: 0 },
      );
      if (!verdict.ok) return { days: 0, reason: `${verdict.message} Edit the key first, or ask a team admin.` };
    }
  }
  const plan = planExtension(current, days, now)!;
  return { days, newExpiry: plan.expectedExpiry!.toISOString() };
}

export async function getKeyDetail({
  user,
  token,
  deps,
}: {
  user: SessionUser;
  token: string;
  deps?: Partial<KeyServiceDeps>;
}): Promise<KeyDetail> {
  const d = resolveDeps(deps);
  const parsed = tokenHashSchema.safeParse(token);
  if (!parsed.success) throw new NotFoundError("That is not a key id. Keys are identified by their token hash.");
  const [record, names] = await Promise.all([readKey(d, parsed.data), teamNames(d.litellm)]);
  const key = toKeyView(record, d.now().getTime(), names);
  if (!canViewKey(user, key)) throw new ForbiddenError("You can see your own keys and the keys of teams you administer.");
  const canManage = canManageKey(user, key);
  const extension = canManage ? await extensionFor(d, user, key, d.now()) : null;
  return { key, canManage, canRegenerate: canManage, extension };
}

// ---------------------------------------------------------------- the issue form

export interface ModelOption {
  name: string;
  kind: "model" | "access-group";
  /** Models in an access group (for snippets and hints). */
  members?: string[];
  /** Team-only models. */
  teamId?: string | null;
}

export interface IssueTeamOption {
  teamId: string;
  name: string;
  /** The caller's role in the team (null for console admins). */
  role: TeamRole | null;
  policy: TeamPolicyRule | null;
  /** Set when the caller cannot issue keys in this team at all: the form is not offered for it. */
  block: SelfServiceBlock | null;
  /** Self-service only: the models a key of this team may list (the team's models, narrowed by the policy). */
  models?: ModelOption[];
  /** Self-service only: the budget cap a key meets, and whether the policy or the team's own LiteLLM budget sets it. */
  budgetCap?: { usd: number; source: "policy" | "team" } | null;
}

export interface IssueFormOptions {
  isAdmin: boolean;
  ownerKinds: OwnerKind[];
  /** The teams the form is offered for. */
  teams: IssueTeamOption[];
  /** The caller's teams where self-service is off, each with why and who can turn it on (members, team admins). */
  blockedTeams: IssueTeamOption[];
  /** The first MODEL_OPTION_LIMIT model names, then every access group. */
  models: ModelOption[];
  /** How many model names the proxy serves (more than listed: the picker says the list is partial). */
  modelTotal: number;
  canNeverExpire: boolean;
  publicUrl: string;
}

export async function getIssueFormOptions({
  user,
  deps,
}: {
  user: SessionUser;
  deps?: Partial<KeyServiceDeps>;
}): Promise<IssueFormOptions> {
  const d = resolveDeps(deps);
  if (user.role === "viewer") throw new ForbiddenError("Viewers can read keys but not issue them.");
  const admin = isAdmin(user);
  if (!admin && user.teams.length === 0)
    throw new ForbiddenError("You are not in a team yet, so you cannot issue keys. Ask a platform admin to add you to one.");
  const [snapshot, names, policies] = await Promise.all([
    snapshotOf(d),
    teamNames(d.litellm),
    admin ? Promise.resolve([]) : d.loadPolicies(user.teams.map((t) => t.teamId)),
  ]);
  const { models: allModels, groups } = modelOptionsOf(snapshot);
  const options: ModelOption[] = [...allModels.slice(0, MODEL_OPTION_LIMIT), ...groups];
  let teams: IssueTeamOption[];
  if (admin) {
    teams = [...names.entries()]
      .map(([teamId, name]) => ({ teamId, name, role: null, policy: null, block: null }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } else {
    const candidates = [...allModels, ...groups];
    teams = await Promise.all(
      user.teams.map(async (t): Promise<IssueTeamOption> => {
        const name = describeTeam(t.teamId, names);
        const policy = policies.find((p) => p.teamId === t.teamId) ?? null;
        const block = selfServiceBlock(policy, t.role, name);
        if (block || !policy) return { teamId: t.teamId, name, role: t.role, policy, block };
        const info = await d.litellm.teams.info(t.teamId).then(
          (r) => r.team_info,
          (error: unknown) => {
            if (isNotFound(error)) return null;
            throw error;
          },
        );
        if (!info) {
          const missing = { reason: "no-policy" as const, message: `LiteLLM has no team ${name} (any more).`, whoCanEnable: "A console admin can re-create it on the Teams page." };
          return { teamId: t.teamId, name, role: t.role, policy, block: missing };
        }
        const scope = teamModelScope(t.teamId, info.models ?? [], candidates);
        const teamOptions = teamModelOptions(scope, candidates, policy.allowedModels);
        const listed = teamOptions.filter((o) => o.kind === "model").slice(0, MODEL_OPTION_LIMIT);
        return {
          teamId: t.teamId,
          name,
          role: t.role,
          policy,
          block: null,
          models: [...listed, ...teamOptions.filter((o) => o.kind === "access-group")],
          budgetCap: effectiveBudgetCap(policy, { maxBudgetUsd: info.max_budget ?? null }),
        };
      }),
    );
  }
  const open = teams.filter((t) => !t.block);
  const ownerKinds: OwnerKind[] = admin
    ? ["team", "service_account", "user"]
    : open.some((t) => t.role === "admin")
      ? ["team", "service_account"]
      : ["team"];
  return {
    isAdmin: admin,
    ownerKinds,
    teams: open,
    blockedTeams: teams.filter((t) => t.block),
    models: options,
    modelTotal: allModels.length,
    canNeverExpire: admin,
    publicUrl: d.publicUrl,
  };
}

/** How many model names the issue form receives (the picker says when there are more). */
export const MODEL_OPTION_LIMIT = 200;
/** Model names (team models by their public name) and access groups, computed once per index snapshot. */
function modelOptionsOf(snapshot: DeploymentSnapshot): { models: ModelOption[]; groups: ModelOption[] } {
  return snapshot.memo("keys.modelOptions", computeModelOptions);
}

function computeModelOptions(snapshot: DeploymentSnapshot): { models: ModelOption[]; groups: ModelOption[] } {
  const models = new Map<string, ModelOption>();
  const groups = new Map<string, Set<string>>();
  for (const dep of snapshot.all()) {
    const name = dep.teamId ? dep.alias : dep.modelName;
    if (!models.has(name)) models.set(name, { name, kind: "model", teamId: dep.teamId });
    for (const group of dep.accessGroups) (groups.get(group) ?? groups.set(group, new Set()).get(group)!).add(name);
  }
  const out = {
    models: [...models.values()].sort((a, b) => a.name.localeCompare(b.name)),
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, members]) => ({ name, kind: "access-group" as const, members: [...members] })),
  };
  return out;
}

// ---------------------------------------------------------------- issue

/** The result of issuing or regenerating: the raw key appears here and nowhere else, ever. */
export interface IssuedKey {
  key: string;
  token: string;
  alias: string | null;
  keyName: string | null;
  last4: string;
  expires: string | null;
  /** Set when LiteLLM's expiry differs from the one asked for by more than a minute. */
  expiryNote: string | null;
  models: string[];
  teamId: string | null;
  publicUrl: string;
}

function expiryNoteFor(plan: ExpiryPlan | null, expires: string | null): string | null {
  if (!plan?.expectedExpiry) return null;
  const actual = parseLiteLLMTime(expires);
  if (actual === null) return "LiteLLM did not report an expiry for this key; check it on the key's page.";
  const drift = Math.abs(actual - plan.expectedExpiry.getTime());
  return drift > 60_000
    ? `LiteLLM set the expiry to ${new Date(actual).toISOString()}, not the requested ${plan.expectedExpiry.toISOString()}.`
    : null;
}

function mapIssueError(error: unknown, alias: string, teamId: string | null): unknown {
  if (isAliasConflict(error)) return aliasConflict(alias);
  if (isLiteLLMError(error) && error.param === "team_id" && teamId) {
    return new ValidationError(`LiteLLM has no team ${teamId}.`, { teamId: [`LiteLLM has no team ${teamId}.`] });
  }
  if (isEnterpriseGated(error)) {
    const message = "This LiteLLM has no Enterprise licence, which key tags need. Remove the tags and issue again.";
    return new ValidationError(message, { tags: [message] });
  }
  return error;
}

export async function issueKey({ ctx, input, deps }: ServiceArgs<IssueKeyInput>): Promise<IssuedKey> {
  const d = resolveDeps(deps);
  const values = issueKeySchema.parse(input);
  const { user } = ctx;
  const teamId = values.ownerKind === "user" ? null : values.teamId;
  const details: Record<string, unknown> = {
    alias: values.alias,
    ownerKind: values.ownerKind,
    maxBudgetUsd: values.maxBudgetUsd,
    budgetPeriod: values.budgetPeriod,
    expiry: values.expiryMode,
    models: values.models,
  };
  const deny = async (error: Error) => {
    await audit(d, ctx, "key.issue", outcomeOf(error), { teamId }, { ...details, reason: error.message });
    return error;
  };

  if (user.role === "viewer") throw await deny(new ForbiddenError("Viewers cannot issue keys."));
  const admin = isAdmin(user);
  const now = d.now();
  const plan = planExpiry(values.expiryMode, values.expiresAt, now);

  if (!admin) {
    if (!teamId)
      throw await deny(
        new ValidationError("Pick one of your teams: only console admins issue keys outside a team.", {
          ownerKind: ["Only console admins issue personal keys outside a team."],
        }),
      );
    const role = teamRole(user, teamId);
    if (!role) throw await deny(new ForbiddenError(`You are not a member of team ${teamId}.`));
    const [policy, names, limits] = await Promise.all([d.loadPolicy(teamId), teamNames(d.litellm), loadTeamLimits(d, teamId)]);
    const activeKeysOfMember =
      policy && values.ownerKind === "team" ? await countActiveKeysOfMember(d.litellm, user.id, teamId, now.getTime()) : 0;
    const verdict = checkKeyRequestAgainstPolicy(
      policy,
      {
        teamId,
        teamLabel: describeTeam(teamId, names),
        issuerRole: role,
        ownerKind: values.ownerKind === "service_account" ? "service_account" : "team",
        maxBudgetUsd: values.maxBudgetUsd,
        expiryDays: plan.days,
        models: values.models,
      },
      { activeKeysOfMember, team: limits },
    );
    if (!verdict.ok) throw await deny(new ValidationError(verdict.message, { [verdict.field]: [verdict.message] }));
  }

  const metadata = parseMetadataText(values.metadataText);
  const body: GenerateKeyInput = {
    key_alias: values.alias,
    models: values.models,
    max_budget: values.maxBudgetUsd,
    budget_duration: budgetPeriodToDuration(values.budgetPeriod),
    duration: plan.duration,
    rpm_limit: values.rpmLimit,
    tpm_limit: values.tpmLimit,
    max_parallel_requests: values.maxParallelRequests,
    metadata: {
      ...(metadata.ok ? metadata.value : {}),
      created_by: user.id,
      created_via: "gatehouse",
      ...(values.ownerKind === "service_account" ? { service_account: true } : {}),
    },
    ...(values.tags.length ? { tags: values.tags } : {}),
  };
  if (values.ownerKind === "user") body.user_id = values.userId;
  else body.team_id = teamId;
  // A member's own team key carries their user id (spend and self-management); service accounts carry none.
  if (values.ownerKind === "team" && !admin) body.user_id = user.id;
  for (const [k, v] of Object.entries(body)) if (v === null || v === undefined) delete (body as Record<string, unknown>)[k];

  let created;
  try {
    // LiteLLM's alias check is racy (§3.6): serialise check-then-generate per alias across replicas.
    created = await d.withLock(`key-alias:${values.alias}`, async () => {
      if (await findKeyByAlias(d.litellm, values.alias)) throw aliasConflict(values.alias);
      try {
        return await d.litellm.keys.generate(body);
      } catch (error) {
        throw mapIssueError(error, values.alias, teamId);
      }
    });
  } catch (error) {
    await audit(
      d,
      ctx,
      "key.issue",
      outcomeOf(error),
      { teamId },
      { ...details, reason: error instanceof Error ? error.message : String(error) },
    );
    throw error;
  }
  const expires = toIso(created.expires);
  const last4 = created.key.slice(-4);
  await audit(d, ctx, "key.issue", "success", { token: created.token, teamId }, { ...details, last4, expires });
  const issuedAt = d.now().toISOString();
  await indexOwnWrite(d, {
    upsert: [
      {
        key_alias: values.alias,
        team_id: body.team_id ?? null,
        user_id: body.user_id ?? null,
        max_budget: body.max_budget ?? null,
        models: body.models ?? [],
        created_at: issuedAt,
        updated_at: issuedAt,
        ...created.record,
        token: created.token,
        key_name: created.keyName,
        expires: created.expires,
      } as LiteLLMKeyRecord,
    ],
  });
  return {
    key: created.key,
    token: created.token,
    alias: created.keyAlias ?? values.alias,
    keyName: created.keyName,
    last4,
    expires,
    expiryNote: expiryNoteFor(plan, expires),
    models: values.models,
    teamId,
    publicUrl: d.publicUrl,
  };
}

// ---------------------------------------------------------------- manage one key

async function authorizeManage(d: KeyServiceDeps, ctx: KeyServiceContext, token: string, action: string): Promise<LiteLLMKeyRecord> {
  const record = await readKey(d, token);
  const view = toKeyView(record, d.now().getTime());
  if (!canManageKey(ctx.user, view)) {
    const error = new ForbiddenError(
      ctx.user.role === "viewer"
        ? "Viewers cannot change keys."
        : "You can change only your own keys, or every key of a team you administer.",
    );
    await audit(
      d,
      ctx,
      action,
      "denied",
      { token, teamId: view.teamId },
      { alias: view.alias, last4: lastFourOf(view.keyName), reason: error.message },
    );
    throw error;
  }
  return record;
}

/** Non-admins change keys only within their team's policy. */
async function checkUpdatePolicy(
  d: KeyServiceDeps,
  ctx: KeyServiceContext,
  view: KeyView,
  change: { maxBudgetUsd: number | null; expiryDays: number | null; models: string[] },
) {
  if (isAdmin(ctx.user)) return;
  if (!view.teamId) throw new ForbiddenError("This key belongs to no team, so only a console admin can change its limits.");
  const role = teamRole(ctx.user, view.teamId) ?? "member";
  const [policy, limits] = await Promise.all([d.loadPolicy(view.teamId), loadTeamLimits(d, view.teamId)]);
  const verdict = checkKeyRequestAgainstPolicy(
    policy,
    {
      teamId: view.teamId,
      teamLabel: view.teamName ?? view.teamId,
      issuerRole: role,
      ownerKind: view.ownerKind === "service_account" ? "service_account" : "team",
      ...change,
      isUpdate: true,
    },
    { activeKeysOfMember: 0, team: limits },
  );
  if (!verdict.ok) throw new ValidationError(verdict.message, { [verdict.field]: [verdict.message] });
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Compares what was asked with what LiteLLM now reports; returns the fields it did not keep. */
function unkeptFields(
  view: KeyView,
  want: {
    maxBudget: number | null;
    budgetDuration: string | null;
    models: string[];
    rpm: number | null;
    tpm: number | null;
    parallel: number | null;
    expectedExpiry: Date | null;
  },
): string[] {
  const out: string[] = [];
  if (view.maxBudget !== want.maxBudget) out.push("max budget");
  if ((view.budgetDuration ?? null) !== want.budgetDuration) out.push("budget period");
  if (!sameSet(view.models, want.models)) out.push("models");
  if (view.rpmLimit !== want.rpm) out.push("requests per minute");
  if (view.tpmLimit !== want.tpm) out.push("tokens per minute");
  if (view.maxParallelRequests !== want.parallel) out.push("parallel requests");
  if (want.expectedExpiry) {
    const actual = parseLiteLLMTime(view.expires);
    if (actual === null || Math.abs(actual - want.expectedExpiry.getTime()) > 120_000) out.push("expiry");
  }
  return out;
}

export async function updateKey({ ctx, input, deps }: ServiceArgs<UpdateKeyInput>): Promise<KeyView> {
  const d = resolveDeps(deps);
  const values = updateKeySchema.parse(input);
  const record = await authorizeManage(d, ctx, values.token, "key.update");
  const now = d.now();
  const before = toKeyView(record, now.getTime(), await teamNames(d.litellm));
  const plan = values.expiryMode === "keep" ? null : planExpiry(values.expiryMode, values.expiresAt, now);
  const currentExpiry = parseLiteLLMTime(before.expires);
  const target = { token: values.token, teamId: before.teamId };
  const details: Record<string, unknown> = {
    alias: before.alias,
    last4: lastFourOf(before.keyName),
    maxBudgetUsd: values.maxBudgetUsd,
    budgetPeriod: values.budgetPeriod,
    models: values.models,
    expiry: values.expiryMode,
  };
  try {
    await checkUpdatePolicy(d, ctx, before, {
      maxBudgetUsd: values.maxBudgetUsd,
      expiryDays: plan ? plan.days : currentExpiry === null ? null : (currentExpiry - now.getTime()) / DAY_MS,
      models: values.models,
    });
    const patch: LiteLLMUpdateKeyInput = {
      max_budget: values.maxBudgetUsd,
      budget_duration: budgetPeriodToDuration(values.budgetPeriod),
      models: values.models,
      rpm_limit: values.rpmLimit,
      tpm_limit: values.tpmLimit,
      max_parallel_requests: values.maxParallelRequests,
      ...(plan?.duration ? { duration: plan.duration } : {}),
    };
    await d.litellm.keys.update(values.token, patch);
    // Re-read: the edit counts only if LiteLLM reports it back.
    const afterRecord = await readKey(d, values.token);
    await indexOwnWrite(d, { upsert: [afterRecord] });
    const after = toKeyView(afterRecord, d.now().getTime(), await teamNames(d.litellm));
    const unkept = unkeptFields(after, {
      maxBudget: values.maxBudgetUsd,
      budgetDuration: budgetPeriodToDuration(values.budgetPeriod),
      models: values.models,
      rpm: values.rpmLimit,
      tpm: values.tpmLimit,
      parallel: values.maxParallelRequests,
      expectedExpiry: plan?.expectedExpiry ?? null,
    });
    if (unkept.length)
      throw new UpstreamError(`LiteLLM accepted the change but did not keep: ${unkept.join(", ")}. The page shows what it holds now.`);
    await audit(d, ctx, "key.update", "success", target, { ...details, expires: after.expires });
    return after;
  } catch (error) {
    await audit(d, ctx, "key.update", outcomeOf(error), target, {
      ...details,
      reason: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}

export async function setKeyBlocked({ ctx, input, blocked, deps }: ServiceArgs<KeyRefInput> & { blocked: boolean }): Promise<KeyView> {
  const d = resolveDeps(deps);
  const { token } = keyRefSchema.parse(input);
  const action = blocked ? "key.block" : "key.unblock";
  const record = await authorizeManage(d, ctx, token, action);
  const before = toKeyView(record, d.now().getTime());
  const target = { token, teamId: before.teamId };
  const details = { alias: before.alias, last4: lastFourOf(before.keyName) };
  try {
    const res = blocked ? await d.litellm.keys.block(token) : await d.litellm.keys.unblock(token);
    const after = toKeyView({ ...record, ...res, token }, d.now().getTime(), await teamNames(d.litellm));
    await indexOwnWrite(d, { upsert: [{ ...record, ...res, token, updated_at: res.updated_at ?? d.now().toISOString() }] });
    if (Boolean(res.blocked) !== blocked)
      throw new UpstreamError(`LiteLLM answered but the key is still ${blocked ? "unblocked" : "blocked"}.`);
    await audit(d, ctx, action, "success", target, details);
    return after;
  } catch (error) {
    await audit(d, ctx, action, outcomeOf(error), target, { ...details, reason: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

export async function deleteKey({ ctx, input, deps }: ServiceArgs<KeyRefInput>): Promise<{ token: string; alias: string | null }> {
  const d = resolveDeps(deps);
  const { token } = keyRefSchema.parse(input);
  const record = await authorizeManage(d, ctx, token, "key.delete");
  const before = toKeyView(record, d.now().getTime());
  const target = { token, teamId: before.teamId };
  const details = { alias: before.alias, last4: lastFourOf(before.keyName) };
  try {
    await d.litellm.keys.delete({ keys: [token] });
    await indexOwnWrite(d, { removeTokens: [token] });
    await audit(d, ctx, "key.delete", "success", target, details);
    return { token, alias: before.alias };
  } catch (error) {
    const mapped = isNotFound(error) ? new NotFoundError("LiteLLM no longer has this key; it was probably deleted already.") : error;
    await audit(d, ctx, "key.delete", outcomeOf(mapped), target, {
      ...details,
      reason: mapped instanceof Error ? mapped.message : String(mapped),
    });
    throw mapped;
  }
}

export const REGENERATE_UNLICENSED =
  "This LiteLLM has no Enterprise licence, so keys cannot be regenerated. Issue a new key and delete this one.";

export async function regenerateKey({ ctx, input, deps }: ServiceArgs<RegenerateKeyInput>): Promise<IssuedKey> {
  const d = resolveDeps(deps);
  const { token, gracePeriod } = regenerateKeySchema.parse(input);
  const record = await authorizeManage(d, ctx, token, "key.regenerate");
  const before = toKeyView(record, d.now().getTime());
  const target = { token, teamId: before.teamId };
  const details: Record<string, unknown> = { alias: before.alias, last4: lastFourOf(before.keyName), gracePeriod };
  try {
    const generated = await d.litellm.keys
      .regenerate(token, gracePeriod === "none" ? {} : { grace_period: gracePeriod })
      .catch((error: unknown) => {
        throw isEnterpriseGated(error) ? new UpstreamError(REGENERATE_UNLICENSED, 403) : error;
      });
    const last4 = generated.key.slice(-4);
    await indexOwnWrite(d, {
      upsert: [{ ...record, ...generated.record, token: generated.token, key_name: generated.keyName, updated_at: d.now().toISOString() }],
      // With a grace period the old key keeps working (and listed) until it ends; the tick removes it then.
      removeTokens: gracePeriod === "none" ? [token] : [],
    });
    await audit(
      d,
      ctx,
      "key.regenerate",
      "success",
      { token: generated.token, teamId: before.teamId },
      { ...details, newLast4: last4, previousId: token },
    );
    return {
      key: generated.key,
      token: generated.token,
      alias: generated.keyAlias ?? before.alias,
      keyName: generated.keyName,
      last4,
      expires: toIso(generated.expires) ?? before.expires,
      expiryNote: null,
      models: before.models,
      teamId: before.teamId,
      publicUrl: d.publicUrl,
    };
  } catch (error) {
    await audit(d, ctx, "key.regenerate", outcomeOf(error), target, {
      ...details,
      reason: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}

/** Pushes the expiry `days` later (from now if already expired). Keys that never expire are left alone. */
export async function extendKey({ ctx, input, deps }: ServiceArgs<ExtendKeyInput>): Promise<KeyView> {
  const d = resolveDeps(deps);
  const { token, days } = extendKeySchema.parse(input);
  const record = await authorizeManage(d, ctx, token, "key.extend");
  const now = d.now();
  const before = toKeyView(record, now.getTime(), await teamNames(d.litellm));
  const target = { token, teamId: before.teamId };
  const details: Record<string, unknown> = { alias: before.alias, last4: lastFourOf(before.keyName), days };
  try {
    const plan = planExtension(parseLiteLLMTime(before.expires), days, now);
    if (!plan) throw new ValidationError("This key never expires, so there is nothing to extend.");
    await checkUpdatePolicy(d, ctx, before, { maxBudgetUsd: before.maxBudget, expiryDays: plan.days, models: before.models });
    await d.litellm.keys.update(token, { duration: plan.duration });
    const afterRecord = await readKey(d, token);
    await indexOwnWrite(d, { upsert: [afterRecord] });
    const after = toKeyView(afterRecord, d.now().getTime(), await teamNames(d.litellm));
    const actual = parseLiteLLMTime(after.expires);
    if (actual === null || Math.abs(actual - plan.expectedExpiry!.getTime()) > 120_000)
      throw new UpstreamError("LiteLLM accepted the new expiry but did not keep it.");
    await audit(d, ctx, "key.extend", "success", target, { ...details, expires: after.expires });
    return after;
  } catch (error) {
    await audit(d, ctx, "key.extend", outcomeOf(error), target, {
      ...details,
      reason: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}
