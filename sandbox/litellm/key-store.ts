// Virtual keys (CONTRACT.md §2.4, §3.5): a small persisted map plus an optional in-memory synthetic
// segment of up to millions of seeded keys that are generated on demand from their index.
import { createHash } from "node:crypto";

export interface KeyRow {
  token: string;
  key_name: string | null;
  key_alias: string | null;
  spend: number;
  max_budget: number | null;
  expires: string | null;
  models: string[];
  aliases: Record<string, unknown>;
  config: Record<string, unknown>;
  user_id: string | null;
  team_id: string | null;
  organization_id: string | null;
  permissions: Record<string, unknown>;
  max_parallel_requests: number | null;
  metadata: Record<string, unknown>;
  tpm_limit: number | null;
  rpm_limit: number | null;
  budget_duration: string | null;
  budget_reset_at: string | null;
  allowed_cache_controls: string[];
  allowed_routes: string[];
  key_type: string;
  model_spend: Record<string, number>;
  model_max_budget: Record<string, unknown>;
  soft_budget_cooldown: boolean;
  blocked: boolean | null;
  budget_id: string | null;
  tags: string[] | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
  last_active: string | null;
  rotation_count: number;
  auto_rotate: boolean;
  rotation_interval: string | null;
  last_rotation_at: string | null;
  key_rotation_at: string | null;
  object_permission_id: string | null;
  agent_id: string | null;
  project_id: string | null;
  router_settings: Record<string, unknown> | null;
  access_group_ids: string[] | null;
  budget_limits: unknown;
  /** Index in the synthetic segment; never serialized. */
  _seed?: number;
  [k: string]: unknown;
}

export const SORTABLE_KEY_FIELDS = ["spend", "max_budget", "created_at", "updated_at", "token", "key_alias"] as const;
export type KeySortField = (typeof SORTABLE_KEY_FIELDS)[number];

export function blankKeyRow(token: string, now: string): KeyRow {
  return {
    token,
    key_name: null,
    key_alias: null,
    spend: 0,
    max_budget: null,
    expires: null,
    models: [],
    aliases: {},
    config: {},
    user_id: null,
    team_id: null,
    organization_id: null,
    permissions: {},
    max_parallel_requests: null,
    metadata: {},
    tpm_limit: null,
    rpm_limit: null,
    budget_duration: null,
    budget_reset_at: null,
    allowed_cache_controls: [],
    allowed_routes: [],
    key_type: "default",
    model_spend: {},
    model_max_budget: {},
    soft_budget_cooldown: false,
    blocked: null,
    budget_id: null,
    tags: null,
    created_at: now,
    created_by: null,
    updated_at: now,
    updated_by: null,
    last_active: null,
    rotation_count: 0,
    auto_rotate: false,
    rotation_interval: null,
    last_rotation_at: null,
    key_rotation_at: null,
    object_permission_id: null,
    agent_id: null,
    project_id: null,
    router_settings: null,
    access_group_ids: null,
    budget_limits: null,
  };
}

/** A stored key without the in-memory marker fields. */
export function keyRowOut(row: KeyRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!k.startsWith("_")) out[k] = v;
  return out;
}

// ---------------------------------------------------------------- synthetic segment

const SEED_BASE_MS = Date.UTC(2025, 0, 1);
const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** Raw key of seeded key `i` (exported so tests and benches can call the data plane with it). */
export function seededRawKey(i: number): string {
  return `sk-sandbox-seed-${pad(i, 7)}`;
}
export function seededAlias(i: number): string {
  return `seed-key-${pad(i, 7)}`;
}
const SEED_USERS = 1000;
function seededUser(i: number): string {
  return `seed-user-${pad(i % SEED_USERS, 4)}`;
}
function seededSpend(i: number): number {
  return ((i * 7919) % 10000) / 100;
}
function seededBudget(i: number): number | null {
  return i % 5 === 0 ? 100 : null;
}

class SeedSegment {
  readonly hashes: Buffer;
  private readonly table: Int32Array;
  private readonly mask: number;
  readonly overrides = new Map<number, KeyRow>();
  readonly deleted: Uint8Array;
  deletedCount = 0;
  readonly deletedList: number[] = [];

  constructor(readonly n: number) {
    this.hashes = Buffer.allocUnsafe(n * 32);
    let cap = 1;
    while (cap < n * 2) cap <<= 1;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    this.deleted = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      createHash("sha256")
        .update(seededRawKey(i))
        .digest()
        .copy(this.hashes, i * 32);
      let slot = this.hashes.readUInt32LE(i * 32) & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = i + 1;
    }
  }

  indexOf(token: string): number {
    if (token.length !== 64 || !/^[0-9a-f]+$/.test(token)) return -1;
    const h = Buffer.from(token, "hex");
    let slot = h.readUInt32LE(0) & this.mask;
    for (;;) {
      const v = this.table[slot];
      if (v === 0) return -1;
      if (this.hashes.compare(h, 0, 32, (v - 1) * 32, v * 32) === 0) return v - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  token(i: number): string {
    return this.hashes.toString("hex", i * 32, i * 32 + 32);
  }

  createdMs(i: number): number {
    return SEED_BASE_MS + i * 1000;
  }

  make(i: number): KeyRow {
    const o = this.overrides.get(i);
    if (o) return o;
    const created = new Date(this.createdMs(i)).toISOString();
    const row = blankKeyRow(this.token(i), created);
    row.key_name = `sk-...${seededRawKey(i).slice(-4)}`;
    row.key_alias = seededAlias(i);
    row.user_id = seededUser(i);
    row.spend = seededSpend(i);
    row.max_budget = seededBudget(i);
    row.metadata = { seeded: true };
    row.created_by = "seed";
    row.updated_by = "seed";
    row._seed = i;
    return row;
  }

  /** Value of a sortable/filterable field without building the row. */
  field(i: number, f: string): unknown {
    const o = this.overrides.get(i);
    if (o) return o[f];
    switch (f) {
      case "spend":
        return seededSpend(i);
      case "max_budget":
        return seededBudget(i);
      case "created_at":
      case "updated_at":
        return this.createdMs(i);
      case "token":
        return this.token(i);
      case "key_alias":
        return seededAlias(i);
      case "user_id":
        return seededUser(i);
      case "expires":
      case "team_id":
      case "organization_id":
      case "project_id":
      case "agent_id":
        return null;
      default:
        return this.make(i)[f];
    }
  }
}

// ---------------------------------------------------------------- store

export interface KeyListQuery {
  userId?: string | null;
  teamId?: string | null;
  organizationId?: string | null;
  keyHash?: string | null;
  keyAlias?: string | null;
  projectId?: string | null;
  agentId?: string | null;
  /** 1.96.0: case-insensitive substring on user_id / key_alias */
  substring?: boolean;
  expires?: "expired" | "active" | null;
  /** OR-ed with the user filter (include_team_keys / include_created_by_keys) */
  orTeamIds?: string[];
  orCreatedBy?: string | null;
  sortBy: KeySortField;
  sortOrder: "asc" | "desc";
  page: number;
  size: number;
}

type SortVal = number | string | null;

function sortValue(f: KeySortField, v: unknown): SortVal {
  if (v === null || v === undefined) return null;
  if (f === "created_at" || f === "updated_at") return typeof v === "number" ? v : Date.parse(String(v));
  if (f === "spend" || f === "max_budget") return Number(v);
  return String(v);
}

/** Postgres order: NULLs sort as larger than every value (first on DESC, last on ASC). */
function cmpVal(a: SortVal, b: SortVal): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isFiltered(q: KeyListQuery): boolean {
  return (
    q.userId != null ||
    q.teamId != null ||
    q.organizationId != null ||
    q.projectId != null ||
    q.agentId != null ||
    q.keyHash != null ||
    q.keyAlias != null ||
    q.expires != null
  );
}

interface SeedView {
  len: number;
  at(p: number): number;
}

export class KeyStore {
  private rows = new Map<string, KeyRow>();
  private aliasIndex = new Map<string, string>();
  /** §2.4: deleted keys are archived; `/key/list?status=deleted` lists them (1.96.0). */
  deleted: KeyRow[] = [];
  private seed: SeedSegment | null = null;
  /** Bumped on every change; list caches key on it. */
  version = 0;
  private viewCache = new Map<string, { version: number; view: SeedView }>();

  /** Old token → new token and deadline, for `/key/regenerate` `grace_period` (1.96.0). */
  grace = new Map<string, { token: string; until: number }>();

  seedKeys(n: number) {
    this.seed = n > 0 ? new SeedSegment(n) : null;
    this.version++;
  }

  get seededCount(): number {
    return this.seed ? this.seed.n - this.seed.deletedCount : 0;
  }

  get size(): number {
    return this.rows.size + this.seededCount;
  }

  /** Regular (persisted) rows only. */
  persistedRows(): KeyRow[] {
    return [...this.rows.values()];
  }

  load(rows: KeyRow[], deleted: KeyRow[]) {
    this.rows.clear();
    this.aliasIndex.clear();
    for (const r of rows) this.insert(r);
    this.deleted = deleted;
    this.version++;
  }

  get(token: string): KeyRow | undefined {
    const r = this.rows.get(token);
    if (r) return r;
    if (!this.seed) return undefined;
    const i = this.seed.indexOf(token);
    if (i < 0 || this.seed.deleted[i]) return undefined;
    return this.seed.make(i);
  }

  findByAlias(alias: string): KeyRow | undefined {
    const t = this.aliasIndex.get(alias);
    if (t) {
      const r = this.get(t);
      if (r && r.key_alias === alias) return r;
      this.aliasIndex.delete(alias);
    }
    if (this.seed) {
      const m = /^seed-key-(\d{7})$/.exec(alias);
      if (m) {
        const i = Number(m[1]);
        if (i < this.seed.n && !this.seed.deleted[i] && this.seed.make(i).key_alias === alias) return this.seed.make(i);
      }
    }
    return undefined;
  }

  insert(row: KeyRow) {
    this.rows.set(row.token, row);
    if (row.key_alias) this.aliasIndex.set(row.key_alias, row.token);
    this.version++;
  }

  /** Persist a mutated row (regular or seeded). */
  save(row: KeyRow) {
    if (row._seed !== undefined && this.seed) this.seed.overrides.set(row._seed, row);
    else this.rows.set(row.token, row);
    if (row.key_alias) this.aliasIndex.set(row.key_alias, row.token);
    this.version++;
  }

  remove(token: string, archive = true): KeyRow | undefined {
    const row = this.get(token);
    if (!row) return undefined;
    if (row._seed !== undefined && this.seed) {
      this.seed.deleted[row._seed] = 1;
      this.seed.deletedCount++;
      this.seed.deletedList.push(row._seed);
      this.seed.overrides.delete(row._seed);
    } else this.rows.delete(token);
    if (row.key_alias && this.aliasIndex.get(row.key_alias) === token) this.aliasIndex.delete(row.key_alias);
    if (archive) {
      const { _seed: _s, ...rest } = row;
      this.deleted.push({ ...(rest as KeyRow), deleted_at: new Date().toISOString() });
    }
    this.version++;
    return row;
  }

  /** Every key (regular and seeded) owned by a team — used by `/team/info` (bounded). */
  byTeam(teamId: string, limit = 1000): KeyRow[] {
    return this.list({ teamId, sortBy: "created_at", sortOrder: "desc", page: 1, size: limit }).rows;
  }

  byUser(userId: string, limit = 1000): KeyRow[] {
    return this.list({ userId, sortBy: "created_at", sortOrder: "desc", page: 1, size: limit }).rows;
  }

  listDeleted(q: KeyListQuery): { rows: KeyRow[]; total: number } {
    const all = this.deleted.filter((r) => this.matchRow(r, q)).sort((a, b) => this.cmpRows(q, a, b));
    const start = (q.page - 1) * q.size;
    return { rows: all.slice(start, start + q.size), total: all.length };
  }

  private matchRow(r: KeyRow, q: KeyListQuery): boolean {
    const sub = (v: unknown, needle: string) => typeof v === "string" && v.toLowerCase().includes(needle.toLowerCase());
    if (q.userId != null) {
      const userOk = q.substring ? sub(r.user_id, q.userId) : r.user_id === q.userId;
      const teamOk = !!q.orTeamIds?.length && r.team_id != null && q.orTeamIds.includes(r.team_id);
      const createdOk = q.orCreatedBy != null && r.created_by === q.orCreatedBy;
      if (!userOk && !teamOk && !createdOk) return false;
    }
    if (q.teamId != null && r.team_id !== q.teamId) return false;
    if (q.organizationId != null && r.organization_id !== q.organizationId) return false;
    if (q.projectId != null && r.project_id !== q.projectId) return false;
    if (q.agentId != null && r.agent_id !== q.agentId) return false;
    if (q.keyHash != null && r.token !== q.keyHash) return false;
    if (q.keyAlias != null && !(q.substring ? sub(r.key_alias, q.keyAlias) : r.key_alias === q.keyAlias)) return false;
    if (q.expires) {
      const expired = r.expires != null && Date.parse(r.expires) < Date.now();
      if ((q.expires === "expired") !== expired) return false;
    }
    return true;
  }

  private cmpRows(q: KeyListQuery, a: KeyRow, b: KeyRow): number {
    const c = cmpVal(sortValue(q.sortBy, a[q.sortBy]), sortValue(q.sortBy, b[q.sortBy]));
    return q.sortOrder === "desc" ? -c : c;
  }

  /** Filter check for a seeded key that was never modified, without building its row. */
  private matchGenerated(i: number, q: KeyListQuery): boolean {
    const sub = (v: string, needle: string) => v.toLowerCase().includes(needle.toLowerCase());
    if (q.userId != null) {
      const u = seededUser(i);
      const userOk = q.substring ? sub(u, q.userId) : u === q.userId;
      if (!userOk && q.orCreatedBy !== "seed") return false;
    }
    if (q.keyAlias != null) {
      const a = seededAlias(i);
      if (!(q.substring ? sub(a, q.keyAlias) : a === q.keyAlias)) return false;
    }
    return true;
  }

  /** Seeded keys matching the query, in sort order (cached until the next change). */
  private seedView(q: KeyListQuery): SeedView {
    const s = this.seed!;
    const filtered = isFiltered(q);
    const plainOrder = (q.sortBy === "created_at" || (q.sortBy === "updated_at" && s.overrides.size === 0)) && !filtered;
    if (plainOrder && s.deletedCount === 0) {
      const n = s.n;
      return q.sortOrder === "desc" ? { len: n, at: (p) => n - 1 - p } : { len: n, at: (p) => p };
    }
    const cacheKey = JSON.stringify([
      q.userId,
      q.teamId,
      q.organizationId,
      q.projectId,
      q.agentId,
      q.keyHash,
      q.keyAlias,
      q.substring,
      q.expires,
      q.orTeamIds,
      q.orCreatedBy,
      q.sortBy,
      q.sortOrder,
    ]);
    const hit = this.viewCache.get(cacheKey);
    if (hit && hit.version === this.version) return hit.view;

    let idx: Int32Array;
    if (q.keyHash != null) {
      const i = s.indexOf(q.keyHash);
      idx = Int32Array.from(i >= 0 && !s.deleted[i] && this.matchRow(s.make(i), q) ? [i] : []);
    } else if (!filtered) {
      idx = new Int32Array(s.n - s.deletedCount);
      let k = 0;
      for (let i = 0; i < s.n; i++) if (!s.deleted[i]) idx[k++] = i;
    } else {
      const out: number[] = [];
      const generatedCanMatch =
        q.teamId == null && q.organizationId == null && q.projectId == null && q.agentId == null && q.expires !== "expired";
      const exactUser = !q.substring && q.orCreatedBy == null && q.userId != null ? /^seed-user-(\d{4})$/.exec(q.userId) : null;
      if (generatedCanMatch && exactUser) {
        // Seeded key i belongs to seed-user-(i % 1000): visit only those, plus modified rows.
        const seen = new Set<number>();
        for (let i = Number(exactUser[1]); i < s.n; i += SEED_USERS) {
          if (s.deleted[i]) continue;
          seen.add(i);
          const o = s.overrides.get(i);
          if (o ? this.matchRow(o, q) : this.matchGenerated(i, q)) out.push(i);
        }
        for (const [i, o] of s.overrides) if (!seen.has(i) && !s.deleted[i] && this.matchRow(o, q)) out.push(i);
        out.sort((a, b) => a - b);
      } else if (generatedCanMatch) {
        for (let i = 0; i < s.n; i++) {
          if (s.deleted[i]) continue;
          const o = s.overrides.get(i);
          if (o) {
            if (this.matchRow(o, q)) out.push(i);
            continue;
          }
          if (this.matchGenerated(i, q)) out.push(i);
        }
      } else {
        for (const [i, o] of s.overrides) if (!s.deleted[i] && this.matchRow(o, q)) out.push(i);
        out.sort((a, b) => a - b);
      }
      idx = Int32Array.from(out);
    }
    // Index order is created_at order; anything else needs a real sort.
    if (q.sortBy === "created_at" || (q.sortBy === "updated_at" && s.overrides.size === 0)) {
      if (q.sortOrder === "desc") idx.reverse();
    } else {
      // Sort keys precomputed into flat arrays: a comparator over 1M rows must not allocate.
      const f = q.sortBy;
      const dir = q.sortOrder === "desc" ? -1 : 1;
      if (f === "token" || f === "key_alias") {
        const vals: (string | null)[] = new Array(s.n);
        for (const i of idx) vals[i] = sortValue(f, s.field(i, f)) as string | null;
        idx.sort((a, b) => dir * cmpVal(vals[a], vals[b]) || a - b);
      } else {
        const vals = new Float64Array(s.n);
        for (const i of idx) {
          const v = sortValue(f, s.field(i, f));
          vals[i] = v === null ? Infinity : (v as number); // NULL sorts as the largest value
        }
        idx.sort((a, b) => dir * (vals[a] - vals[b] || 0) || a - b);
      }
    }
    const view: SeedView = { len: idx.length, at: (p) => idx[p] };
    this.viewCache.set(cacheKey, { version: this.version, view });
    if (this.viewCache.size > 32) this.viewCache.delete(this.viewCache.keys().next().value as string);
    return view;
  }

  /** Seeded keys never modified nor deleted, in index (= created_at = updated_at) order; O(log k) per position. */
  private untouchedView(order: "asc" | "desc"): SeedView {
    const s = this.seed!;
    const cacheKey = `untouched:${order}`;
    const hit = this.viewCache.get(cacheKey);
    if (hit && hit.version === this.version) return hit.view;
    const excluded = [...new Set([...s.overrides.keys(), ...s.deletedList])].sort((x, y) => x - y);
    const len = s.n - excluded.length;
    // The p-th untouched index (ascending): p plus the number of excluded indices e_k with e_k - k <= p.
    const nth = (p: number) => {
      let lo = 0;
      let hi = excluded.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (excluded[mid]! - mid <= p) lo = mid + 1;
        else hi = mid;
      }
      return p + lo;
    };
    const view: SeedView = { len, at: order === "asc" ? nth : (p) => nth(len - 1 - p) };
    this.viewCache.set(cacheKey, { version: this.version, view });
    return view;
  }

  /** §2.4 `/key/list`: filter, sort (default created_at desc) and page over regular + seeded keys. */
  list(q: KeyListQuery): { rows: KeyRow[]; total: number } {
    // Newest changes first (the console's key index reads this every tick): modified seeded keys are merged like
    // regular rows, and the untouched ones stay in index order, so no sort over the whole segment is needed.
    const changesFirst = this.seed !== null && q.sortBy === "updated_at" && !isFiltered(q) && this.seed.overrides.size > 0;
    const regular = [...this.rows.values()];
    if (changesFirst) for (const [i, o] of this.seed!.overrides) if (!this.seed!.deleted[i]) regular.push(o);
    const a = regular.filter((r) => this.matchRow(r, q)).sort((x, y) => this.cmpRows(q, x, y));
    const start = (q.page - 1) * q.size;
    if (!this.seed) return { rows: a.slice(start, start + q.size), total: a.length };
    const s = this.seed;
    const b = changesFirst ? this.untouchedView(q.sortOrder) : this.seedView(q);
    const dir = q.sortOrder === "desc" ? -1 : 1;
    const bVal = (p: number) => sortValue(q.sortBy, s.field(b.at(p), q.sortBy));
    // rank[j] = merged position of a[j]; ties put regular rows before seeded ones.
    const rank = a.map((row, j) => {
      const v = sortValue(q.sortBy, row[q.sortBy]);
      let lo = 0;
      let hi = b.len;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (dir * cmpVal(bVal(mid), v) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo + j;
    });
    const total = a.length + b.len;
    const rows: KeyRow[] = [];
    let t = 0; // number of regular rows with rank < p
    for (let p = start; p < Math.min(total, start + q.size); p++) {
      while (t < rank.length && rank[t] < p) t++;
      if (t < rank.length && rank[t] === p) rows.push(a[t]);
      else rows.push(s.make(b.at(p - t)));
    }
    return { rows, total };
  }
}
