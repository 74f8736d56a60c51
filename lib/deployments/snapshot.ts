/**
 * The deployment index's data: one compact record per LiteLLM deployment and an immutable snapshot with the lookups
 * every reader needs (filtered, sorted pages; alias groups; counts per team, provider, mode, credential, model name).
 * Pure and client-safe: no LiteLLM calls here (index-store.ts keeps snapshots fresh).
 */
import { isSecretParam } from "@/lib/models/provider-flows";

/** The parts of a /model/info or /v2/model/info row the index reads (structural subset of LiteLLMDeployment). */
export interface DeploymentSource {
  model_name: string;
  litellm_params: Record<string, unknown> & { model?: string | null };
  model_info: Record<string, unknown> & { id: string };
}

/**
 * One deployment as the index keeps it: ~20 short fields for the list's filters and lookups, plus what config as code
 * needs to plan and export against it (`params`, `info`) — never a secret. `params` and `info` are interned: records
 * with the same settings share one frozen object (a load-balancing group, a cost-map entry), so memory grows with the
 * distinct settings, not with the deployments.
 */
export interface IndexedDeployment {
  id: string;
  /** model_name as LiteLLM stores it (team models: an internal name). */
  modelName: string;
  /** The public alias clients call (team_public_model_name for team models). */
  alias: string;
  /** litellm_params.model */
  upstreamModel: string;
  /** model_info.base_model (custom Azure deployment names). */
  baseModel: string | null;
  provider: string;
  mode: string | null;
  source: "db" | "config";
  teamId: string | null;
  /** model_info.gatehouse_source: the config-as-code source that manages it (lib/config), if any. */
  managedBy: string | null;
  credentialName: string | null;
  accessGroups: string[];
  blocked: boolean;
  rpm: number | null;
  tpm: number | null;
  /** litellm_params.output_vector_size, else model_info's (the cost map's). */
  outputVectorSize: number | null;
  /** litellm_params.dimensions (embedding shortening). */
  dimensions: number | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** litellm_params without secret keys (api_key, aws_secret_access_key, …), interned and frozen. */
  params: Readonly<Record<string, unknown>>;
  /** model_info without `id`, `created_at`, `updated_at` (the fields above) and without secret keys, interned and frozen. */
  info: Readonly<Record<string, unknown>>;
}

// ---------- interning: repeated settings share one object, repeated strings one string ----------

/** Bounded: when full it starts over (only sharing is lost, never data). */
const INTERN_LIMIT = 200_000;
const internedStrings = new Map<string, string>();
/** By a 53-bit hash of the object's JSON (the JSON itself would cost as much as the objects); collisions share a bucket. */
const internedObjects = new Map<number, Readonly<Record<string, unknown>>[]>();
let internedObjectCount = 0;

/** cyrb53: a fast, well-spread 53-bit string hash. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function internString(value: string): string {
  if (value.length > 512) return value;
  const hit = internedStrings.get(value);
  if (hit !== undefined) return hit;
  if (internedStrings.size >= INTERN_LIMIT) internedStrings.clear();
  internedStrings.set(value, value);
  return value;
}

function internValue(value: unknown): unknown {
  if (typeof value === "string") return internString(value);
  if (Array.isArray(value)) return Object.freeze(value.map(internValue));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = internValue(v);
    return Object.freeze(out);
  }
  return value;
}

/** A frozen copy of `obj` without the `drop`ped keys and secrets; equal copies are one shared object. */
function internObject(obj: Record<string, unknown>, drop: (key: string) => boolean): Readonly<Record<string, unknown>> {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || drop(k) || isSecretParam(k)) continue;
    kept[k] = v;
  }
  const json = JSON.stringify(kept);
  const key = hash53(json);
  const bucket = internedObjects.get(key);
  const hit = bucket?.find((o) => JSON.stringify(o) === json);
  if (hit) return hit;
  const frozen = internValue(kept) as Readonly<Record<string, unknown>>;
  if (internedObjectCount >= INTERN_LIMIT) {
    internedObjects.clear();
    internedObjectCount = 0;
  }
  if (bucket && internedObjects.has(key)) bucket.push(frozen);
  else internedObjects.set(key, [frozen]);
  internedObjectCount++;
  return frozen;
}

/** Tests and the memory bench: how many distinct settings objects and strings are shared. */
export function internStats(): { objects: number; strings: number } {
  return { objects: internedObjectCount, strings: internedStrings.size };
}

const RECORD_INFO_KEYS = new Set(["id", "created_at", "updated_at"]);
const noKey = () => false;

/**
 * The deployment as LiteLLM's /v2/model/info describes it, from the index: what config-as-code plans and exports read
 * (secrets are never there; `model_info` carries `id`, `created_at` and `updated_at` back).
 */
export function toSource(d: IndexedDeployment): DeploymentSource {
  return {
    model_name: d.modelName,
    litellm_params: d.params as DeploymentSource["litellm_params"],
    model_info: {
      id: d.id,
      ...d.info,
      ...(d.createdAt ? { created_at: d.createdAt } : {}),
      ...(d.updatedAt ? { updated_at: d.updatedAt } : {}),
    },
  };
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : undefined);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const positiveInt = (value: unknown): number | null => (typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null);

/** LiteLLM's provider: its own model_info.litellm_provider, else custom_llm_provider, else the model's prefix. */
export function providerOfSource(d: DeploymentSource): string {
  const fromInfo = text(d.model_info.litellm_provider);
  if (fromInfo) return fromInfo;
  const custom = text(d.litellm_params.custom_llm_provider);
  if (custom) return custom;
  const model = text(d.litellm_params.model) ?? "";
  return model.includes("/") ? model.slice(0, model.indexOf("/")) : "openai";
}

export function toIndexed(d: DeploymentSource): IndexedDeployment {
  const params = d.litellm_params;
  const info = d.model_info;
  const groups = Array.isArray(info.access_groups) ? info.access_groups.filter((g): g is string => typeof g === "string") : [];
  return {
    id: info.id,
    modelName: d.model_name,
    alias: text(info.team_public_model_name) ?? d.model_name,
    upstreamModel: text(params.model) ?? "",
    baseModel: text(info.base_model) ?? null,
    provider: providerOfSource(d),
    mode: text(info.mode) ?? null,
    source: info.db_model === true ? "db" : "config",
    teamId: text(info.team_id) ?? null,
    managedBy: text(info.gatehouse_source) ?? null,
    credentialName: text(params.litellm_credential_name) ?? null,
    accessGroups: groups,
    blocked: info.blocked === true,
    rpm: num(params.rpm),
    tpm: num(params.tpm),
    outputVectorSize: positiveInt(params.output_vector_size) ?? positiveInt(info.output_vector_size),
    dimensions: positiveInt(params.dimensions),
    createdAt: text(info.created_at) ?? null,
    updatedAt: text(info.updated_at) ?? null,
    params: internObject(params, noKey),
    info: internObject(info, (k) => RECORD_INFO_KEYS.has(k)),
  };
}

/** Equal records need no new snapshot (a refresh that found nothing new changes nothing). */
export function sameDeployment(a: IndexedDeployment, b: IndexedDeployment): boolean {
  const { params: ap, info: ai, ...aRest } = a;
  const { params: bp, info: bi, ...bRest } = b;
  return (
    JSON.stringify(aRest) === JSON.stringify(bRest) &&
    (ap === bp || JSON.stringify(ap) === JSON.stringify(bp)) &&
    (ai === bi || JSON.stringify(ai) === JSON.stringify(bi))
  );
}

export type DeploymentSort = "alias" | "created" | "updated";

/** What the index can answer: every filter of the models list. `team` matches model_info.team_id. */
export interface DeploymentFilter {
  /** Substring of the alias or the stored model name, case-insensitive. */
  q?: string;
  provider?: string;
  mode?: string;
  team?: string;
  source?: "db" | "config";
  /** Extra predicate (e.g. health, which lives in the console's DB). */
  where?: (d: IndexedDeployment) => boolean;
}

export interface DeploymentChange {
  upserted: IndexedDeployment[];
  /** The records as they were before removal. */
  removed: IndexedDeployment[];
}

export interface SnapshotCounts {
  total: number;
  byTeam: ReadonlyMap<string, number>;
  byProvider: ReadonlyMap<string, number>;
  byMode: ReadonlyMap<string, number>;
  byCredential: ReadonlyMap<string, number>;
  /** Deployments per public alias (the load-balancing groups). */
  byAlias: ReadonlyMap<string, number>;
}

interface Ordered {
  rows: readonly IndexedDeployment[];
  /** Lowercase "alias\nmodel name", aligned with rows. */
  search: readonly string[];
  /** Lowercase provider, aligned with rows. */
  provider: readonly string[];
}

const sortKey: Record<DeploymentSort, (d: IndexedDeployment) => string> = {
  alias: (d) => d.alias.toLowerCase(),
  created: (d) => d.createdAt ?? "",
  updated: (d) => d.updatedAt ?? "",
};

function increment(map: Map<string, number>, key: string | null) {
  if (key === null) return;
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * An immutable view of every deployment at `asOf`. Lookups by id and alias are O(1); the alias order is computed
 * when the snapshot is made (in the background); other orders and counts are computed once per snapshot, on demand.
 */
export class DeploymentSnapshot {
  readonly size: number;
  private readonly byId: ReadonlyMap<string, IndexedDeployment>;
  private readonly groups = new Map<string, IndexedDeployment[]>();
  /** Derived data, shared by the copies that only move `asOf` (same deployments, same version). */
  private readonly derived: {
    orders: Map<string, Ordered>;
    memo: Map<string, unknown>;
  } = { orders: new Map(), memo: new Map() };

  constructor(
    byId: ReadonlyMap<string, IndexedDeployment>,
    /** When LiteLLM last confirmed this view (epoch ms). */
    readonly asOf: number,
    /** Increases with every change; derived caches (the alias checks' index) key on it. */
    readonly version: number,
  ) {
    this.byId = byId;
    this.size = byId.size;
    for (const d of byId.values()) {
      const list = this.groups.get(d.alias);
      if (list) list.push(d);
      else this.groups.set(d.alias, [d]);
    }
    this.sorted("alias", "asc");
  }

  static empty(asOf = 0): DeploymentSnapshot {
    return new DeploymentSnapshot(new Map(), asOf, 0);
  }

  /** Every deployment, in no particular order. */
  all(): IterableIterator<IndexedDeployment> {
    return this.byId.values();
  }

  get(id: string): IndexedDeployment | undefined {
    return this.byId.get(id);
  }

  /** The deployments serving a public alias (its load-balancing group). */
  byAlias(alias: string): readonly IndexedDeployment[] {
    return this.groups.get(alias) ?? [];
  }

  /** Public aliases, for callers that look aliases up by name. */
  aliases(): IterableIterator<string> {
    return this.groups.keys();
  }

  /** Stable order like /v2/model/info's sortBy (ties keep insertion order). Cached per snapshot. */
  sorted(sort: DeploymentSort, order: "asc" | "desc"): readonly IndexedDeployment[] {
    return this.ordered(sort, order).rows;
  }

  /** An order with its lowercase search text and provider alongside, so a filter is one tight loop, not allocations. */
  private ordered(sort: DeploymentSort, order: "asc" | "desc"): Ordered {
    const cacheKey = `${sort}:${order}`;
    const hit = this.derived.orders.get(cacheKey);
    if (hit) return hit;
    const dir = order === "desc" ? -1 : 1;
    const key = sortKey[sort];
    const rows = [...this.byId.values()]
      .map((d, index) => ({ d, index, k: key(d) }))
      .sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.index - b.index))
      .map((x) => x.d);
    const out: Ordered = {
      rows,
      search: rows.map((d) => `${d.alias.toLowerCase()}\n${d.modelName.toLowerCase()}`),
      provider: rows.map((d) => d.provider.toLowerCase()),
    };
    this.derived.orders.set(cacheKey, out);
    return out;
  }

  /** Deployments matching every given filter, in the given order. */
  query(filter: DeploymentFilter, sort: DeploymentSort = "alias", order: "asc" | "desc" = "asc"): readonly IndexedDeployment[] {
    const { rows, search, provider: providers } = this.ordered(sort, order);
    const needle = filter.q?.toLowerCase();
    const provider = filter.provider?.toLowerCase();
    const { mode, team, source, where } = filter;
    if (!needle && !provider && !mode && !team && !source && !where) return rows;
    const out: IndexedDeployment[] = [];
    for (let i = 0; i < rows.length; i++) {
      if (needle && !search[i]!.includes(needle)) continue;
      if (provider && providers[i] !== provider) continue;
      const d = rows[i]!;
      if (mode && (d.mode ?? "") !== mode) continue;
      if (team && d.teamId !== team) continue;
      if (source && d.source !== source) continue;
      if (where && !where(d)) continue;
      out.push(d);
    }
    return out;
  }

  /**
   * Something computed from the deployments once per snapshot version (kept while refreshes only confirm it), e.g.
   * a reader's option list. `key` names the computation.
   */
  memo<T>(key: string, compute: (snapshot: DeploymentSnapshot) => T): T {
    if (this.derived.memo.has(key)) return this.derived.memo.get(key) as T;
    const value = compute(this);
    this.derived.memo.set(key, value);
    return value;
  }

  counts(): SnapshotCounts {
    return this.memo("counts", () => this.computeCounts());
  }

  private computeCounts(): SnapshotCounts {
    const byTeam = new Map<string, number>();
    const byProvider = new Map<string, number>();
    const byMode = new Map<string, number>();
    const byCredential = new Map<string, number>();
    for (const d of this.byId.values()) {
      increment(byTeam, d.teamId);
      increment(byProvider, d.provider);
      increment(byMode, d.mode);
      increment(byCredential, d.credentialName);
    }
    const byAlias = new Map([...this.groups].map(([alias, list]) => [alias, list.length]));
    return { total: this.size, byTeam, byProvider, byMode, byCredential, byAlias };
  }

  /** Every distinct model_name LiteLLM routes by, sorted (what a team's or key's model list names). */
  modelNames(): readonly string[] {
    return this.memo("modelNames", () => [...new Set([...this.byId.values()].map((d) => d.modelName))].sort());
  }

  /** Whether LiteLLM routes by this model_name. */
  hasModelName(name: string): boolean {
    return this.memo("modelNameSet", () => new Set(this.modelNames())).has(name);
  }

  /** A new snapshot with `upserts` applied and `removeIds` gone; the change says what really differed. */
  apply(
    upserts: IndexedDeployment[],
    removeIds: Iterable<string>,
    asOf: number,
  ): { snapshot: DeploymentSnapshot; change: DeploymentChange } {
    const change: DeploymentChange = { upserted: [], removed: [] };
    let next: Map<string, IndexedDeployment> | undefined;
    const writable = () => (next ??= new Map(this.byId));
    for (const d of upserts) {
      const before = (next ?? this.byId).get(d.id);
      if (before && sameDeployment(before, d)) continue;
      if (before) change.removed.push(before);
      writable().set(d.id, d);
      change.upserted.push(d);
    }
    for (const id of removeIds) {
      const before = (next ?? this.byId).get(id);
      if (!before) continue;
      writable().delete(id);
      change.removed.push(before);
    }
    if (!next) return { snapshot: this.withAsOf(asOf), change };
    return { snapshot: new DeploymentSnapshot(next, asOf, this.version + 1), change };
  }

  /** Replaces everything (a full paged read); the change lists what differed from this snapshot. */
  replace(all: IndexedDeployment[], asOf: number): { snapshot: DeploymentSnapshot; change: DeploymentChange } {
    const seen = new Set(all.map((d) => d.id));
    return this.apply(all, [...this.byId.keys()].filter((id) => !seen.has(id)), asOf);
  }

  /** Same data, confirmed at a later time (no copy of the lookups). */
  private withAsOf(asOf: number): DeploymentSnapshot {
    if (asOf === this.asOf) return this;
    const copy = Object.create(DeploymentSnapshot.prototype) as DeploymentSnapshot;
    Object.assign(copy, this, { asOf });
    return copy;
  }
}

/** One page of a list (1-based), clamped: the browser only ever receives this. */
export function pageOf<T>(rows: readonly T[], page: number, size: number): { rows: T[]; previous: T | undefined; next: T | undefined } {
  const start = (page - 1) * size;
  return { rows: rows.slice(start, start + size), previous: start > 0 ? rows[start - 1] : undefined, next: rows[start + size] };
}

/** "as of 12 s ago" for pages. */
export function describeAge(asOf: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - asOf) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}
