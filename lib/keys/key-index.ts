import "server-only";

import type { PrismaClient } from "@/generated/prisma/client";
import { rawConnectionOf } from "@/lib/db";
import { isAtLeast, type LiteLLMClient, type LiteLLMKeyRecord } from "@/lib/litellm";

import { DAY_MS, parseLiteLLMTime } from "./expiry";

/**
 * The console's index of LiteLLM's virtual keys (token hash, alias, team, user, expiry, budget, spend, blocked, last
 * change — never the key). LiteLLM 1.96 cannot list "keys expiring within 7 days" or "keys past 80 % of budget", so
 * those answers come from here, complete at a million keys:
 *
 * - each tick reads /key/list sorted by updated_at, newest first, and stops at the first key it has already seen
 *   (about 2 calls when 100 keys changed, whatever the total);
 * - the page-1 total tells whether keys were deleted; deleted keys are found in LiteLLM's archive of deleted keys
 *   (`status=deleted`, 1.96+) and removed within the same tick;
 * - a reconcile pass walks every key in bounded pages (created_at order) across ticks, then removes what it did not
 *   see, so drift of any kind (spend that changed without an update, an old proxy without the archive) is repaired.
 */

export const KEY_INDEX_STATE = "key-index";
const PAGE_SIZE = 100;
/** The deleted-keys archive (§2.4) appeared with the `status` filter in 1.96.0. */
const DELETED_ARCHIVE_FROM = "1.96.0";

export interface KeyIndexState {
  /** LiteLLM updated_at (ms) of the newest change the index has applied. */
  watermark: number | null;
  lastSyncAt: string | null;
  /** Keys LiteLLM reported at the last sync, and how many the index holds. */
  liteLLMTotal: number | null;
  indexedTotal: number | null;
  /** True once a reconcile pass has seen every key; before that the answers are partial. */
  complete: boolean;
  reconcile: { startedAt: string; nextPage: number } | null;
  lastReconcileAt: string | null;
  /** Why the index may not match LiteLLM right now, in words; null when it does. */
  partialReason: string | null;
  lastError: string | null;
}

export const EMPTY_KEY_INDEX_STATE: KeyIndexState = {
  watermark: null,
  lastSyncAt: null,
  liteLLMTotal: null,
  indexedTotal: null,
  complete: false,
  reconcile: null,
  lastReconcileAt: null,
  partialReason: null,
  lastError: null,
};

export interface KeyIndexDeps {
  litellm: LiteLLMClient;
  prisma: PrismaClient;
  now: () => Date;
}

export interface KeyIndexOptions {
  /** Newest-first pages read per tick before giving up and leaving the rest to the reconcile pass. */
  maxChangePages?: number;
  /** Reconcile pages read per tick. */
  reconcilePages?: number;
  /** Start a new reconcile pass this long after the last one finished. */
  reconcileEveryMs?: number;
  /** Archive pages read per tick to find deleted keys. */
  maxDeletedPages?: number;
}

export interface KeyIndexSyncResult {
  changed: number;
  removed: number;
  liteLLMCalls: number;
  state: KeyIndexState;
}

const stateOf = (data: unknown): KeyIndexState => ({ ...EMPTY_KEY_INDEX_STATE, ...((data as Partial<KeyIndexState> | null | undefined) ?? {}) });

/**
 * State reads that a running queryKeyIndex answers in its own statement: a page that asks for rows and freshness
 * together (the keys list, the overview) makes one round trip to the database, and both come from one snapshot.
 */
const pendingState = new WeakMap<PrismaClient, Promise<KeyIndexState>>();

export async function readKeyIndexState(prisma: PrismaClient): Promise<KeyIndexState> {
  const pending = pendingState.get(prisma);
  if (pending) return pending;
  const row = await prisma.syncState.findUnique({ where: { name: KEY_INDEX_STATE } });
  return stateOf(row?.data);
}

async function writeState(prisma: PrismaClient, state: KeyIndexState) {
  const data = state as unknown as object;
  await prisma.syncState.upsert({ where: { name: KEY_INDEX_STATE }, create: { name: KEY_INDEX_STATE, data }, update: { data } });
}

export interface KeyIndexRow {
  token: string;
  alias: string | null;
  teamId: string | null;
  userId: string | null;
  expiresAt: Date | null;
  maxBudget: number | null;
  spend: number;
  budgetRatio: number | null;
  blocked: boolean;
  changedAt: Date;
  /** LiteLLM's masked name ("sk-...abcd"), the models the key may call, when it was created (rows indexed before these
   * columns existed have them empty until the next reconcile pass). */
  keyName?: string | null;
  models?: string[];
  createdAt?: Date | null;
}

/** What the index keeps of a LiteLLM key record: no raw key, no metadata, no secrets. */
export function toIndexRow(record: LiteLLMKeyRecord): KeyIndexRow | null {
  if (!record.token) return null;
  const maxBudget = typeof record.max_budget === "number" ? record.max_budget : null;
  const spend = typeof record.spend === "number" ? record.spend : 0;
  const expires = parseLiteLLMTime(record.expires);
  const changed = parseLiteLLMTime(record.updated_at) ?? parseLiteLLMTime(record.created_at) ?? 0;
  return {
    token: record.token,
    alias: record.key_alias ?? null,
    teamId: record.team_id ?? null,
    userId: record.user_id ?? null,
    expiresAt: expires === null ? null : new Date(expires),
    maxBudget,
    spend,
    budgetRatio: maxBudget && maxBudget > 0 ? spend / maxBudget : maxBudget === 0 ? (spend > 0 ? Infinity : 0) : null,
    blocked: record.blocked === true,
    changedAt: new Date(changed),
    keyName: record.key_name ?? null,
    models: Array.isArray(record.models) ? record.models.filter((m): m is string => typeof m === "string") : [],
    createdAt: (() => {
      const created = parseLiteLLMTime(record.created_at);
      return created === null ? null : new Date(created);
    })(),
  };
}

/**
 * The operator's own writes (issue, edit, block, delete, regenerate) go into the index at once, so the list answered
 * from it shows them without waiting for the next tick. Best effort: the next tick writes the same rows anyway.
 */
export async function applyKeyWrites(prisma: PrismaClient, change: { upsert?: LiteLLMKeyRecord[]; removeTokens?: string[] }, now: Date) {
  const rows = (change.upsert ?? []).map(toIndexRow).filter((r): r is KeyIndexRow => r !== null);
  const added = await upsertRows(prisma, rows, now);
  const removed = change.removeTokens?.length ? (await prisma.keyIndexEntry.deleteMany({ where: { token: { in: change.removeTokens } } })).count : 0;
  if (added === 0 && removed === 0) return;
  // Keep the index's own count in step (the sync relies on it to notice deletions).
  const state = await readKeyIndexState(prisma);
  if (state.indexedTotal !== null) await writeState(prisma, { ...state, indexedTotal: state.indexedTotal + added - removed });
}

/** Writes rows; returns how many were new to the index (so the count is kept without counting the table). */
async function upsertRows(prisma: PrismaClient, rows: KeyIndexRow[], seenAt: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const known = await prisma.keyIndexEntry.findMany({ where: { token: { in: rows.map((r) => r.token) } }, select: { token: true } });
  await prisma.$transaction(
    rows.map((r) => {
      const data = { ...r, budgetRatio: r.budgetRatio === Infinity ? 1e9 : r.budgetRatio, seenAt };
      return prisma.keyIndexEntry.upsert({ where: { token: r.token }, create: data, update: data });
    }),
  );
  return new Set(rows.map((r) => r.token)).size - known.length;
}

/**
 * One incremental refresh (and, when due, a few reconcile pages). Safe to call on any replica: the scheduler runs
 * it once per tick under its lock.
 */
export async function syncKeyIndex(deps: KeyIndexDeps, options: KeyIndexOptions = {}): Promise<KeyIndexSyncResult> {
  const { litellm, prisma } = deps;
  const maxChangePages = options.maxChangePages ?? 20;
  const reconcilePages = options.reconcilePages ?? 20;
  const reconcileEveryMs = options.reconcileEveryMs ?? 60 * 60_000;
  const maxDeletedPages = options.maxDeletedPages ?? 10;
  const now = deps.now();
  const state = await readKeyIndexState(prisma);
  let calls = 0;
  let changed = 0;
  let removed = 0;
  const reasons: string[] = [];

  // The index's size is kept in the state (counting a million rows every tick would grow with the table).
  let indexed = state.indexedTotal ?? (await prisma.keyIndexEntry.count());

  // 1. Newest changes first, until a key older than the watermark: everything below it is already indexed.
  let total: number | null = null;
  let newest = state.watermark;
  let reachedSeen = false;
  for (let page = 1; page <= maxChangePages; page++) {
    const res = await litellm.keys.list({ page, size: PAGE_SIZE, sort_by: "updated_at", sort_order: "desc", return_full_object: true });
    calls++;
    if (page === 1) total = res.totalCount;
    const rows: KeyIndexRow[] = [];
    for (const record of res.data) {
      const row = toIndexRow(record);
      if (!row) continue;
      // A cold index only takes page 1 here: the reconcile pass below builds the rest in bounded pages.
      if (state.watermark !== null && row.changedAt.getTime() < state.watermark) {
        reachedSeen = true;
        break;
      }
      rows.push(row);
      newest = Math.max(newest ?? 0, row.changedAt.getTime());
    }
    indexed += await upsertRows(prisma, rows, now);
    changed += rows.length;
    if (reachedSeen || state.watermark === null || res.data.length < PAGE_SIZE || page >= res.totalPages) {
      reachedSeen = true;
      break;
    }
  }
  if (!reachedSeen) reasons.push(`more than ${maxChangePages * PAGE_SIZE} keys changed since the last tick; the reconcile pass catches up`);
  state.watermark = newest;

  // 2. Deletions: the index holds more keys than LiteLLM → find them in the archive of deleted keys.
  const startPass = (why: string) => {
    if (!state.reconcile) state.reconcile = { startedAt: now.toISOString(), nextPage: 1 };
    reasons.push(why);
  };
  if (total !== null && state.complete && indexed > total) {
    const archive = isAtLeast((await litellm.version()).version, DELETED_ARCHIVE_FROM);
    for (let page = 1; archive && page <= maxDeletedPages && indexed > total; page++) {
      const res = await litellm.keys.list({ page, size: PAGE_SIZE, status: "deleted", sort_by: "updated_at", sort_order: "desc", return_full_object: true });
      calls++;
      const tokens = res.data.map((k) => k.token).filter((t): t is string => typeof t === "string");
      if (tokens.length) {
        const { count } = await prisma.keyIndexEntry.deleteMany({ where: { token: { in: tokens } } });
        removed += count;
        indexed -= count;
      }
      if (res.data.length < PAGE_SIZE) break;
    }
    if (indexed > total) startPass(`${indexed - total} deleted keys are not yet identified; a reconcile pass is running`);
  } else if (total !== null && state.complete && indexed < total) {
    startPass(`${total - indexed} keys are not yet indexed; a reconcile pass is running`);
  }

  // 3. Reconcile: walk every key in bounded pages across ticks; at the end remove what the pass did not see.
  const due = !state.lastReconcileAt || now.getTime() - Date.parse(state.lastReconcileAt) >= reconcileEveryMs;
  if (!state.reconcile && (due || !state.complete)) state.reconcile = { startedAt: now.toISOString(), nextPage: 1 };
  if (state.reconcile) {
    const pass = state.reconcile;
    for (let i = 0; i < reconcilePages; i++) {
      const res = await litellm.keys.list({ page: pass.nextPage, size: PAGE_SIZE, sort_by: "created_at", sort_order: "asc", return_full_object: true });
      calls++;
      if (total === null) total = res.totalCount;
      const rows = res.data.map(toIndexRow).filter((r): r is KeyIndexRow => r !== null);
      indexed += await upsertRows(prisma, rows, now);
      if (res.data.length < PAGE_SIZE || pass.nextPage >= res.totalPages) {
        const startedAt = new Date(pass.startedAt);
        const swept = await prisma.keyIndexEntry.deleteMany({ where: { seenAt: { lt: startedAt }, changedAt: { lt: startedAt } } });
        removed += swept.count;
        // Once per pass, an exact recount, and fresh planner statistics (PGlite has no autovacuum to gather them; the
        // list's filters choose between index order and a bitmap scan on them).
        indexed = await prisma.keyIndexEntry.count();
        await prisma.$executeRawUnsafe("ANALYZE key_index").catch(() => {});
        state.reconcile = null;
        state.lastReconcileAt = now.toISOString();
        state.complete = true;
        break;
      }
      pass.nextPage++;
    }
  }

  if (!state.complete) {
    reasons.unshift(`the index is being built: ${indexed.toLocaleString("en-US")} of ${(total ?? 0).toLocaleString("en-US")} keys so far`);
  } else if (total !== null && indexed !== total && reasons.length === 0) {
    reasons.push(`the index holds ${indexed.toLocaleString("en-US")} keys and LiteLLM ${total.toLocaleString("en-US")}; a reconcile pass is running`);
    state.reconcile ??= { startedAt: now.toISOString(), nextPage: 1 };
  }
  state.liteLLMTotal = total;
  state.indexedTotal = indexed;
  state.lastSyncAt = now.toISOString();
  state.partialReason = reasons.length ? reasons.join("; ") : null;
  state.lastError = null;
  await writeState(prisma, state);
  return { changed, removed, liteLLMCalls: calls, state };
}

/** Records a failed sync without losing the watermark (the next tick resumes from it). */
export async function recordKeyIndexFailure(prisma: PrismaClient, message: string) {
  const state = await readKeyIndexState(prisma);
  await writeState(prisma, { ...state, lastError: message });
}

// ---------------------------------------------------------------- reads

export type KeyIndexFilter = "all" | "active" | "blocked" | "expired" | "expiring" | "over-budget";
export type KeyIndexSort = "created_at" | "updated_at" | "spend" | "max_budget" | "key_alias";

export interface KeyIndexQuery {
  filter: KeyIndexFilter;
  /** For "expiring": keys whose expiry is in (now, now + days]. */
  days?: number;
  /** For "over-budget": spend ÷ budget at least this ratio. */
  minRatio?: number;
  teamIds?: string[] | null;
  userId?: string | null;
  /** The alias, case-insensitive: a substring from 3 characters on (trigram index), a prefix below that. */
  alias?: string | null;
  /** The owner's user id, case-insensitive prefix. */
  ownerPrefix?: string | null;
  /** Order of the page; without it "expiring" is soonest first and "over-budget" fullest first. */
  sort?: { field: KeyIndexSort; order: "asc" | "desc" } | null;
  /** Count at most this many matches and say "N+" beyond (a search matching most of a million keys stays flat). */
  countCap?: number | null;
  page: number;
  size: number;
  now: Date;
}

/** Below this a substring has no trigram to look up, so a search of 1–2 characters matches the start of the alias. */
export const SUBSTRING_SEARCH_MIN = 3;

/** An index row as read back (the same fields as written). */
export type IndexedKey = KeyIndexRow;

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE clause and its parameters (numbered from `first`) of a query; values are always parameters. */
function whereOf(q: Omit<KeyIndexQuery, "page" | "size">, first: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${first + params.length - 1}`;
  };
  const clauses: string[] = [];
  const nowIso = q.now.toISOString();
  switch (q.filter) {
    case "expiring": {
      const until = new Date(q.now.getTime() + (q.days ?? 7) * DAY_MS);
      clauses.push(`expires_at > ${p(nowIso)}::timestamptz`, `expires_at <= ${p(until.toISOString())}::timestamptz`);
      break;
    }
    case "over-budget":
      clauses.push(`budget_ratio >= ${p(q.minRatio ?? 0.8)}::float8`);
      break;
    // The same precedence as the key page's status: blocked first, then expired.
    case "blocked":
      clauses.push("blocked");
      break;
    case "expired":
      clauses.push("NOT blocked", `expires_at <= ${p(nowIso)}::timestamptz`);
      break;
    case "active":
      clauses.push("NOT blocked", `(expires_at IS NULL OR expires_at > ${p(nowIso)}::timestamptz)`);
      break;
    case "all":
      break;
  }
  if (q.teamIds) clauses.push(q.teamIds.length ? `team_id IN (${q.teamIds.map((t) => p(t)).join(", ")})` : "false");
  if (q.userId) clauses.push(`user_id = ${p(q.userId)}`);
  // The pattern's own wildcards are taken literally.
  const alias = q.alias?.trim();
  if (alias) {
    clauses.push(
      alias.length >= SUBSTRING_SEARCH_MIN
        ? `alias ILIKE ${p(`%${likeEscape(alias)}%`)} ESCAPE '\\'`
        : `lower(alias) COLLATE "C" LIKE ${p(`${likeEscape(alias.toLowerCase())}%`)} ESCAPE '\\'`,
    );
  }
  const owner = q.ownerPrefix?.trim();
  if (owner) clauses.push(`lower(user_id) COLLATE "C" LIKE ${p(`${likeEscape(owner.toLowerCase())}%`)} ESCAPE '\\'`);
  return { sql: clauses.length ? clauses.join(" AND ") : "true", params };
}

/** ORDER BY of a page: each order has an index that reads it in order (spend and budget sort their matches). */
function orderOf(q: Pick<KeyIndexQuery, "filter" | "sort">): string {
  if (!q.sort) return q.filter === "over-budget" ? "budget_ratio DESC, token ASC" : q.filter === "expiring" ? "expires_at ASC, token ASC" : "created_at DESC, token DESC";
  const dir = q.sort.order === "asc" ? "ASC" : "DESC";
  const column = {
    created_at: "created_at",
    updated_at: "changed_at",
    spend: "spend",
    max_budget: "max_budget",
    key_alias: `lower(alias) COLLATE "C"`,
  }[q.sort.field];
  return `${column} ${dir}, token ${dir}`;
}

interface JsonIndexRow {
  token: string;
  alias: string | null;
  team_id: string | null;
  user_id: string | null;
  expires_at: string | null;
  max_budget: number | null;
  spend: number;
  budget_ratio: number | null;
  blocked: boolean;
  changed_at: string;
  key_name: string | null;
  models: string[] | null;
  created_at: string | null;
}

const fromJson = (r: JsonIndexRow): IndexedKey => ({
  token: r.token,
  alias: r.alias,
  teamId: r.team_id,
  userId: r.user_id,
  expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
  maxBudget: r.max_budget === null ? null : Number(r.max_budget),
  spend: Number(r.spend),
  budgetRatio: r.budget_ratio === null ? null : Number(r.budget_ratio),
  blocked: r.blocked,
  changedAt: new Date(r.changed_at),
  keyName: r.key_name ?? null,
  models: r.models ?? [],
  createdAt: r.created_at ? new Date(r.created_at) : null,
});

export interface KeyIndexPage {
  rows: IndexedKey[];
  /** Exact, or the cap when `capped`. */
  total: number;
  /** More than `countCap` keys match: `total` is the cap ("1,000+"). */
  capped: boolean;
}

/**
 * One page of indexed keys matching a filter, with the count (exact, or capped at `countCap`) — and the index's
 * state, for a readKeyIndexState issued alongside — in one statement: an index-ordered page and an index count,
 * whatever the total.
 */
export async function queryKeyIndex(prisma: PrismaClient, q: KeyIndexQuery): Promise<KeyIndexPage> {
  const where = whereOf(q, 4);
  const order = orderOf(q);
  const cap = q.countCap && q.countCap > 0 ? Math.floor(q.countCap) : null;
  const count = cap
    ? `(SELECT count(*) FROM (SELECT 1 FROM key_index WHERE ${where.sql} LIMIT ${cap + 1}) c)::int`
    : `(SELECT count(*) FROM key_index WHERE ${where.sql})::int`;
  const sql = `SELECT
      ${count} AS total,
      (SELECT data FROM sync_state WHERE name = $3) AS state,
      COALESCE((SELECT json_agg(p ORDER BY ${order}) FROM (
        SELECT token, alias, team_id, user_id, expires_at, max_budget, spend, budget_ratio, blocked, changed_at, key_name, models, created_at
        FROM key_index WHERE ${where.sql} ORDER BY ${order} LIMIT $1 OFFSET $2) p), '[]'::json) AS rows`;
  type Result = { total: number | bigint; state: unknown; rows: JsonIndexRow[] | string }[];
  const params = [q.size, (q.page - 1) * q.size, KEY_INDEX_STATE, ...where.params];
  // The plain connection when there is one: Prisma's own overhead would be most of this page's cost.
  const raw = rawConnectionOf(prisma);
  const run: Promise<Result> = raw ? (raw.query(sql, params) as Promise<Result>) : prisma.$queryRawUnsafe<Result>(sql, ...params);
  const state = run.then(([row]) => stateOf(typeof row?.state === "string" ? JSON.parse(row.state) : row?.state));
  state.catch(() => {});
  pendingState.set(prisma, state);
  try {
    const [row] = await run;
    const rows = typeof row!.rows === "string" ? (JSON.parse(row!.rows) as JsonIndexRow[]) : row!.rows;
    const total = Number(row!.total);
    return { rows: rows.map(fromJson), total: cap !== null && total > cap ? cap : total, capped: cap !== null && total > cap };
  } finally {
    if (pendingState.get(prisma) === state) pendingState.delete(prisma);
  }
}

/** An indexed key in the shape the keys list renders (LiteLLM's field names; nothing secret was ever stored). */
export function indexedKeyAsRecord(row: IndexedKey): LiteLLMKeyRecord {
  return {
    token: row.token,
    key_alias: row.alias,
    team_id: row.teamId,
    user_id: row.userId,
    expires: row.expiresAt?.toISOString() ?? null,
    max_budget: row.maxBudget,
    spend: row.spend,
    blocked: row.blocked,
    updated_at: row.changedAt.toISOString(),
    key_name: row.keyName ?? null,
    models: row.models ?? [],
    created_at: row.createdAt?.toISOString() ?? null,
  } as LiteLLMKeyRecord;
}

/** "refreshed 40 s ago", "refreshed at 14:02 UTC" — how fresh an index-backed answer is. */
export function describeFreshness(state: KeyIndexState, now: Date): string {
  if (!state.lastSyncAt) return "The key index has not been built yet: the scheduler fills it on its first tick.";
  const ageS = Math.max(0, Math.round((now.getTime() - Date.parse(state.lastSyncAt)) / 1000));
  const age = ageS < 120 ? `${ageS} s` : ageS < 7200 ? `${Math.round(ageS / 60)} min` : `${Math.round(ageS / 3600)} h`;
  const base = `From the console's key index (${(state.indexedTotal ?? 0).toLocaleString("en-US")} keys), refreshed ${age} ago.`;
  if (state.partialReason) return `${base} Partial: ${state.partialReason}.`;
  if (state.lastError) return `${base} The last refresh failed: ${state.lastError}`;
  return base;
}
