// LiteLLM's spend log (`LiteLLM_SpendLogs`, one row per request) and the daily aggregate tables it keeps beside it
// (`LiteLLM_DailyUserSpend`, `LiteLLM_DailyTeamSpend`, `LiteLLM_DailyTagSpend`; CONTRACT.md §2.8). Aggregates are
// updated on write, so daily-activity reads cost what they cost in LiteLLM: a read of aggregate rows, never a scan.
//
// Two segments: rows recorded by real data-plane calls (objects, persisted) and an optional synthetic scale segment of
// up to tens of millions of rows that are generated on demand from their index (no per-row memory), with its
// aggregates built once in compact typed arrays.
import { createHash } from "node:crypto";

export const DAY_MS = 86_400_000;

export interface SpendLogRow {
  request_id: string;
  call_type: string;
  /** sha256 of the virtual key (LiteLLM stores the hash, never the key). */
  api_key: string;
  spend: number;
  total_tokens: number;
  prompt_tokens: number;
  completion_tokens: number;
  startTime: string;
  endTime: string;
  completionStartTime: string | null;
  /** The deployment's upstream model, e.g. "gpt-4o-mini" (LiteLLM strips the provider prefix). */
  model: string;
  model_id: string | null;
  model_group: string | null;
  custom_llm_provider: string | null;
  api_base: string | null;
  user: string | null;
  team_id: string | null;
  end_user: string | null;
  metadata: Record<string, unknown>;
  cache_hit: string;
  cache_key: string;
  request_tags: string[];
  requester_ip_address: string | null;
  session_id: string | null;
  status: "success" | "failure";
  /** "{}" unless the proxy stores prompts in spend logs (general_settings.store_prompts_in_spend_logs). */
  messages: unknown;
  response: unknown;
}

/** One row of a daily table: unique on (date, entity, api_key, model, provider). */
export interface DailyRow {
  date: string;
  entity: string;
  api_key: string;
  model: string;
  model_group: string | null;
  custom_llm_provider: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  spend: number;
  api_requests: number;
  successful_requests: number;
  failed_requests: number;
}

export type DailyTable = "user" | "team" | "tag";

export interface KeyInfo {
  key_alias: string | null;
  team_id: string | null;
}

export interface DailyFilter {
  startDate: string;
  endDate: string;
  entities?: Set<string> | null;
  excludeEntities?: Set<string> | null;
  model?: string | null;
  apiKeys?: Set<string> | null;
}

export interface LogFilter {
  fromMs: number;
  toMs: number;
  api_key?: string | null;
  user?: string | null;
  team_id?: string | null;
  request_id?: string | null;
  model?: string | null;
  model_id?: string | null;
  model_group?: string | null;
  key_alias?: string | null;
  end_user?: string | null;
  status?: "success" | "failure" | null;
  minSpend?: number | null;
  maxSpend?: number | null;
  session_id?: string | null;
}

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** 32-bit integer hash (splitmix-style) so the scale segment is deterministic. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const PROVIDERS = ["openai", "azure", "anthropic", "vertex_ai", "bedrock"] as const;

export interface ScaleSeedOptions {
  rows: number;
  days: number;
  keys: number;
  teams: number;
  models: number;
  /** The newest row's time (default: now). */
  endMs?: number;
}

/** The synthetic segment: row i is a pure function of i; rows are ordered by startTime. */
export class ScaleSegment {
  readonly startMs: number;
  readonly endMs: number;
  readonly firstDayMs: number;
  readonly dayCount: number;
  readonly tokens: string[];
  // Aggregates per (day, key, model slot) — every key uses two models.
  readonly aggSpend: Float64Array;
  readonly aggPrompt: Float64Array;
  readonly aggCompletion: Float64Array;
  readonly aggRequests: Uint32Array;
  readonly aggFailed: Uint32Array;

  constructor(readonly o: Required<ScaleSeedOptions>) {
    this.endMs = o.endMs;
    this.startMs = o.endMs - o.days * DAY_MS;
    this.firstDayMs = Math.floor(this.startMs / DAY_MS) * DAY_MS;
    this.dayCount = Math.floor(this.endMs / DAY_MS) - Math.floor(this.startMs / DAY_MS) + 1;
    this.tokens = Array.from({ length: o.keys }, (_, k) => createHash("sha256").update(`sandbox-spend-seed-key-${k}`).digest("hex"));
    const cells = this.dayCount * o.keys * 2;
    this.aggSpend = new Float64Array(cells);
    this.aggPrompt = new Float64Array(cells);
    this.aggCompletion = new Float64Array(cells);
    this.aggRequests = new Uint32Array(cells);
    this.aggFailed = new Uint32Array(cells);
    for (let i = 0; i < o.rows; i++) {
      const h = mix32(i + 1);
      const t = this.timeOf(i);
      const k = h % o.keys;
      const slot = (h >>> 20) & 1;
      const cell = (Math.floor((t - this.firstDayMs) / DAY_MS) * o.keys + k) * 2 + slot;
      const failed = (h >>> 8) % 50 === 0;
      const p = 50 + ((h >>> 4) % 500);
      const c = failed ? 0 : 10 + ((h >>> 12) % 300);
      this.aggSpend[cell] += failed ? 0 : this.priceOf(this.modelIndex(k, slot), p, c);
      this.aggPrompt[cell] += p;
      this.aggCompletion[cell] += c;
      this.aggRequests[cell] += 1;
      if (failed) this.aggFailed[cell] += 1;
    }
  }

  timeOf(i: number): number {
    return this.startMs + Math.floor(((i + 0.5) * (this.endMs - this.startMs)) / this.o.rows);
  }

  /** First index whose time is ≥ ms. */
  lowerBound(ms: number): number {
    let lo = 0;
    let hi = this.o.rows;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeOf(mid) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  modelIndex(k: number, slot: number) {
    return (k * 7 + slot * 101) % this.o.models;
  }
  modelName(m: number) {
    return `seed-model-${String(m).padStart(3, "0")}`;
  }
  provider(m: number) {
    return PROVIDERS[m % PROVIDERS.length];
  }
  priceOf(m: number, p: number, c: number) {
    const f = 1 + (m % 5);
    return ((p * 0.15 + c * 0.6) * f) / 1_000_000;
  }
  team(k: number) {
    return `seed-team-${String(k % this.o.teams).padStart(3, "0")}`;
  }
  user(k: number) {
    return `seed-user-${String(k % 300).padStart(3, "0")}`;
  }
  tag(k: number) {
    return `seed-tag-${k % 20}`;
  }
  alias(k: number) {
    return `seed-key-${String(k).padStart(4, "0")}`;
  }
  keyIndex(token: string): number {
    return this.tokens.indexOf(token);
  }

  row(i: number): SpendLogRow {
    const h = mix32(i + 1);
    const k = h % this.o.keys;
    const slot = (h >>> 20) & 1;
    const m = this.modelIndex(k, slot);
    const failed = (h >>> 8) % 50 === 0;
    const p = 50 + ((h >>> 4) % 500);
    const c = failed ? 0 : 10 + ((h >>> 12) % 300);
    const t = this.timeOf(i);
    const name = this.modelName(m);
    return {
      request_id: `seed-req-${i.toString(36).padStart(6, "0")}`,
      call_type: "acompletion",
      api_key: this.tokens[k],
      spend: failed ? 0 : this.priceOf(m, p, c),
      total_tokens: p + c,
      prompt_tokens: p,
      completion_tokens: c,
      startTime: new Date(t).toISOString(),
      endTime: new Date(t + 200 + (h % 2000)).toISOString(),
      completionStartTime: null,
      model: name,
      model_id: `seed-deployment-${String(m).padStart(3, "0")}-${slot}`,
      model_group: name,
      custom_llm_provider: this.provider(m),
      api_base: null,
      user: this.user(k),
      team_id: this.team(k),
      end_user: null,
      metadata: {
        user_api_key_alias: this.alias(k),
        user_api_key_team_id: this.team(k),
        user_api_key_user_id: this.user(k),
        status: failed ? "failure" : "success",
        ...(failed ? { error_information: { error_code: "429", error_class: "RateLimitError", error_message: "Rate limit reached" } } : {}),
      },
      cache_hit: "False",
      cache_key: "Cache OFF",
      request_tags: [this.tag(k)],
      requester_ip_address: null,
      session_id: null,
      status: failed ? "failure" : "success",
      messages: "{}",
      response: "{}",
    };
  }

  /** Aggregate rows of one daily table in [startDate, endDate], read from the typed arrays (days × keys × 2 cells). */
  *daily(table: DailyTable, f: DailyFilter): Generator<DailyRow> {
    const startDay = Math.max(0, Math.floor((Date.parse(`${f.startDate}T00:00:00Z`) - this.firstDayMs) / DAY_MS));
    const endDay = Math.min(this.dayCount - 1, Math.floor((Date.parse(`${f.endDate}T00:00:00Z`) - this.firstDayMs) / DAY_MS));
    const K = this.o.keys;
    let keyIdx: number[] | null = null;
    if (f.apiKeys) keyIdx = [...f.apiKeys].map((t) => this.keyIndex(t)).filter((k) => k >= 0);
    const entityOf = (k: number) => (table === "user" ? this.user(k) : table === "team" ? this.team(k) : this.tag(k));
    for (let d = startDay; d <= endDay; d++) {
      const date = isoDate(this.firstDayMs + d * DAY_MS);
      const keys = keyIdx ?? null;
      const n = keys ? keys.length : K;
      for (let j = 0; j < n; j++) {
        const k = keys ? keys[j] : j;
        const entity = entityOf(k);
        if (f.entities && !f.entities.has(entity)) continue;
        if (f.excludeEntities && f.excludeEntities.has(entity)) continue;
        for (let slot = 0; slot < 2; slot++) {
          const cell = (d * K + k) * 2 + slot;
          const req = this.aggRequests[cell];
          if (!req) continue;
          const m = this.modelIndex(k, slot);
          const name = this.modelName(m);
          if (f.model && f.model !== name) continue;
          yield {
            date,
            entity,
            api_key: this.tokens[k],
            model: name,
            model_group: name,
            custom_llm_provider: this.provider(m),
            prompt_tokens: this.aggPrompt[cell],
            completion_tokens: this.aggCompletion[cell],
            spend: this.aggSpend[cell],
            api_requests: req,
            successful_requests: req - this.aggFailed[cell],
            failed_requests: this.aggFailed[cell],
          };
        }
      }
    }
  }

  keyInfo(token: string): KeyInfo | null {
    const k = this.keyIndex(token);
    return k < 0 ? null : { key_alias: this.alias(k), team_id: this.team(k) };
  }
}

function matches(r: SpendLogRow, f: LogFilter): boolean {
  const t = Date.parse(r.startTime);
  if (t < f.fromMs || t > f.toMs) return false;
  if (f.api_key && r.api_key !== f.api_key) return false;
  if (f.user && r.user !== f.user) return false;
  if (f.team_id && r.team_id !== f.team_id) return false;
  if (f.request_id && r.request_id !== f.request_id) return false;
  if (f.model && r.model !== f.model && r.model_group !== f.model) return false;
  if (f.model_id && r.model_id !== f.model_id) return false;
  if (f.model_group && r.model_group !== f.model_group) return false;
  if (f.key_alias && r.metadata.user_api_key_alias !== f.key_alias) return false;
  if (f.end_user && r.end_user !== f.end_user) return false;
  if (f.session_id && r.session_id !== f.session_id) return false;
  if (f.status && r.status !== f.status) return false;
  if (f.minSpend != null && r.spend < f.minSpend) return false;
  if (f.maxSpend != null && r.spend > f.maxSpend) return false;
  return true;
}

const dailyKey = (r: Pick<DailyRow, "date" | "entity" | "api_key" | "model" | "custom_llm_provider">) =>
  `${r.date}\u0000${r.entity}\u0000${r.api_key}\u0000${r.model}\u0000${r.custom_llm_provider ?? ""}`;

export interface PersistedSpend {
  logs: SpendLogRow[];
  daily: Record<DailyTable, DailyRow[]>;
}

export class SpendStore {
  /** Recorded rows in insertion (= time) order. */
  logs: SpendLogRow[] = [];
  private byId = new Map<string, SpendLogRow>();
  daily: Record<DailyTable, Map<string, DailyRow>> = { user: new Map(), team: new Map(), tag: new Map() };
  scale: ScaleSegment | null = null;

  seedScale(o: ScaleSeedOptions) {
    this.scale = new ScaleSegment({ endMs: Date.now(), ...o });
  }

  load(p: PersistedSpend | undefined) {
    this.logs = p?.logs ?? [];
    this.byId = new Map(this.logs.map((r) => [r.request_id, r]));
    for (const t of ["user", "team", "tag"] as const) this.daily[t] = new Map((p?.daily?.[t] ?? []).map((r) => [dailyKey(r), r]));
  }

  persisted(): PersistedSpend {
    return {
      logs: this.logs,
      daily: { user: [...this.daily.user.values()], team: [...this.daily.team.values()], tag: [...this.daily.tag.values()] },
    };
  }

  clear() {
    this.load(undefined);
    this.scale = null;
  }

  /** One request: the log row plus an upsert into each daily table (LiteLLM's DailySpendUpdateQueue, without the delay). */
  record(row: SpendLogRow) {
    this.logs.push(row);
    this.byId.set(row.request_id, row);
    const date = row.startTime.slice(0, 10);
    const bump = (table: DailyTable, entity: string) => {
      const base = { date, entity, api_key: row.api_key, model: row.model, custom_llm_provider: row.custom_llm_provider };
      const key = dailyKey(base);
      let d = this.daily[table].get(key);
      if (!d) {
        d = {
          ...base,
          model_group: row.model_group,
          prompt_tokens: 0,
          completion_tokens: 0,
          spend: 0,
          api_requests: 0,
          successful_requests: 0,
          failed_requests: 0,
        };
        this.daily[table].set(key, d);
      }
      d.prompt_tokens += row.prompt_tokens;
      d.completion_tokens += row.completion_tokens;
      d.spend += row.spend;
      d.api_requests += 1;
      if (row.status === "success") d.successful_requests += 1;
      else d.failed_requests += 1;
    };
    bump("user", row.user ?? "");
    if (row.team_id) bump("team", row.team_id);
    for (const tag of row.request_tags) bump("tag", tag);
  }

  get(requestId: string): SpendLogRow | undefined {
    return this.byId.get(requestId) ?? this.scaleRowById(requestId);
  }

  private scaleRowById(id: string): SpendLogRow | undefined {
    const m = /^seed-req-([0-9a-z]+)$/.exec(id);
    if (!m || !this.scale) return undefined;
    const i = parseInt(m[1], 36);
    return i >= 0 && i < this.scale.o.rows ? this.scale.row(i) : undefined;
  }

  totalRows(): number {
    return this.logs.length + (this.scale?.o.rows ?? 0);
  }

  *dailyRows(table: DailyTable, f: DailyFilter): Generator<DailyRow> {
    if (this.scale) yield* this.scale.daily(table, f);
    for (const r of this.daily[table].values()) {
      if (r.date < f.startDate || r.date > f.endDate) continue;
      if (f.entities && !f.entities.has(r.entity)) continue;
      if (f.excludeEntities && f.excludeEntities.has(r.entity)) continue;
      if (f.model && r.model !== f.model && r.model_group !== f.model) continue;
      if (f.apiKeys && !f.apiKeys.has(r.api_key)) continue;
      yield r;
    }
  }

  keyInfo(token: string): KeyInfo | null {
    return this.scale?.keyInfo(token) ?? null;
  }

  /**
   * A page of logs, newest first by default. Without filters beyond the time range, the scale segment is paged by
   * index arithmetic (LiteLLM's startTime index); other filters scan the range, as a Postgres sequential scan would.
   */
  query(f: LogFilter, page: number, pageSize: number, order: "asc" | "desc", sortBy: "startTime" | "spend" = "startTime") {
    const recorded = this.logs.filter((r) => matches(r, f));
    const sc = this.scale;
    let scaleIdx: { lo: number; hi: number; list: number[] | null } = { lo: 0, hi: 0, list: null };
    if (sc) {
      const lo = sc.lowerBound(f.fromMs);
      const hi = sc.lowerBound(f.toMs + 1);
      const onlyTime =
        !f.api_key && !f.user && !f.team_id && !f.request_id && !f.model && !f.model_id && !f.model_group && !f.key_alias && !f.end_user && !f.session_id && !f.status && f.minSpend == null && f.maxSpend == null;
      if (onlyTime && sortBy === "startTime") scaleIdx = { lo, hi, list: null };
      else {
        const list: number[] = [];
        for (let i = lo; i < hi; i++) if (matches(sc.row(i), f)) list.push(i);
        scaleIdx = { lo: 0, hi: 0, list };
      }
    }
    const scaleCount = scaleIdx.list ? scaleIdx.list.length : scaleIdx.hi - scaleIdx.lo;
    const total = recorded.length + scaleCount;
    const skip = (page - 1) * pageSize;
    let out: SpendLogRow[];
    if (sortBy === "spend" || scaleIdx.list) {
      const rows = [...recorded, ...(scaleIdx.list ?? []).map((i) => sc!.row(i))];
      const key = (r: SpendLogRow) => (sortBy === "spend" ? r.spend : Date.parse(r.startTime));
      rows.sort((a, b) => (order === "asc" ? key(a) - key(b) : key(b) - key(a)));
      out = rows.slice(skip, skip + pageSize);
    } else {
      // Recorded rows are newer than the scale segment (seeded up to its start time) or interleave only at its end:
      // merge both time-ordered sequences lazily.
      const rec = [...recorded].sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
      const at = (n: number): SpendLogRow => {
        // n-th row in ascending order across both segments (merge by time).
        return mergedAt(rec, sc, scaleIdx.lo, scaleCount, n);
      };
      out = [];
      for (let j = skip; j < Math.min(total, skip + pageSize); j++) out.push(at(order === "asc" ? j : total - 1 - j));
    }
    return { rows: out, total };
  }
}

/** The n-th row (ascending time) of the union of `rec` (sorted) and scale rows [lo, lo+count). */
function mergedAt(rec: SpendLogRow[], sc: ScaleSegment | null, lo: number, count: number, n: number): SpendLogRow {
  if (!sc || count === 0) return rec[n];
  if (rec.length === 0) return sc.row(lo + n);
  // Recorded rows placed by binary search on the scale segment: position of rec[j] = j + (#scale rows before it).
  let before = 0;
  for (let j = 0; j < rec.length; j++) {
    const t = Date.parse(rec[j].startTime);
    const sBefore = Math.min(count, Math.max(0, sc.lowerBound(t + 1) - lo));
    const pos = j + sBefore;
    if (pos === n) return rec[j];
    if (pos > n) return sc.row(lo + n - before);
    before = j + 1;
  }
  return sc.row(lo + n - before);
}
