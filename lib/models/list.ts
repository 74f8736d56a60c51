import { z } from "zod";

import { providerOfSource, type IndexedDeployment } from "@/lib/deployments/snapshot";

/**
 * The models list's pure parts: URL parameters, the browser-safe row, health, filters, grouping by public alias and the
 * paging window. Client-safe (no server-only imports); the LiteLLM calls live in service.ts.
 */

export const MODEL_PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_MODEL_PAGE_SIZE = 25;
/** The largest page lib/litellm asks LiteLLM for (listModelsPageInputSchema). */
export const MAX_LITELLM_PAGE = 200;

export const MODEL_SORTS = ["alias", "created", "updated"] as const;
export type ModelSort = (typeof MODEL_SORTS)[number];
export const MODEL_HEALTH_FILTERS = ["healthy", "failing", "unchecked"] as const;
export type ModelHealthFilter = (typeof MODEL_HEALTH_FILTERS)[number];
export const MODEL_SOURCES = ["db", "config"] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined))
    .catch(undefined);

/** Parsed from the page's searchParams; anything malformed falls back to the default instead of failing the page. */
export const modelListParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).catch(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (MODEL_PAGE_SIZES as readonly number[]).includes(n))
    .default(DEFAULT_MODEL_PAGE_SIZE)
    .catch(DEFAULT_MODEL_PAGE_SIZE),
  q: optionalText(200),
  sort: z.enum(MODEL_SORTS).default("alias").catch("alias"),
  order: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  provider: optionalText(100),
  mode: optionalText(50),
  team: optionalText(200),
  health: z.enum(MODEL_HEALTH_FILTERS).optional().catch(undefined),
  source: z.enum(MODEL_SOURCES).optional().catch(undefined),
});
export type ModelListParams = z.infer<typeof modelListParamsSchema>;

/** Reads Next's searchParams (a value may be an array when repeated: the first one wins). */
export function parseModelListParams(raw: Record<string, string | string[] | undefined>): ModelListParams {
  const flat: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(raw)) flat[k] = Array.isArray(v) ? v[0] : v;
  return modelListParamsSchema.parse(flat);
}

const DEFAULTS: Partial<Record<keyof ModelListParams, unknown>> = { page: 1, size: DEFAULT_MODEL_PAGE_SIZE, sort: "alias", order: "asc" };

/** `/models?…` for these params; defaults are left out so URLs stay short and shareable. */
export function modelListHref(params: Partial<ModelListParams>, overrides: Partial<ModelListParams> = {}): string {
  const merged = { ...params, ...overrides };
  const search = new URLSearchParams();
  for (const key of ["q", "provider", "mode", "team", "health", "source", "sort", "order", "size", "page"] as const) {
    const value = merged[key];
    if (value === undefined || value === "" || DEFAULTS[key] === value) continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `/models?${text}` : "/models";
}

/** Filters /v2/model/info cannot apply itself: they make the console read one full listing and page it on the server. */
export function needsFullListing(params: ModelListParams): boolean {
  return Boolean(params.provider || params.mode || params.team || params.health || params.source);
}

// ---------- deployments ----------

/** The parts of a /model/info row this module reads (a structural subset of LiteLLMDeployment). */
export interface DeploymentLike {
  model_name: string;
  litellm_params: Record<string, unknown> & { model?: string | null };
  model_info: Record<string, unknown> & { id: string };
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : undefined);
const num = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** The alias clients call: team models are stored under an internal name (CONTRACT §3.1). */
export function aliasOf(d: DeploymentLike): string {
  return text(d.model_info.team_public_model_name) ?? d.model_name;
}

/** LiteLLM's provider: its own model_info.litellm_provider, else custom_llm_provider, else the model's prefix. */
export function providerOf(d: DeploymentLike): string {
  return providerOfSource(d);
}

export function isDbModel(d: DeploymentLike): boolean {
  return d.model_info.db_model === true;
}

export const CONFIG_READ_ONLY_REASON = "Defined in LiteLLM's config.yaml; change it there.";

/** The latest dimension verification of a deployment (the modelVerification table). */
export interface VerificationLike {
  modelId: string;
  status: string;
  expected: number | null;
  actual: number | null;
  message: string | null;
  checkedAt: string;
}

export type HealthState = "healthy" | "failing" | "blocked" | "unchecked";

/** The latest Test Connect of a deployment (the model_connection_checks table). */
export interface ConnectionCheckLike {
  status: "success" | "failed";
  mode: string;
  host: string;
  latencyMs: number;
  errorKind: string | null;
  checkedAt: string;
}

export interface ModelHealth {
  state: HealthState;
  label: string;
  /** Why, in one sentence (shown as the badge's title). */
  detail: string;
  /** When the check behind this state ran (ISO, UTC); absent when nothing was checked. */
  checkedAt?: string;
}

/** "2026-12-05 05:31 UTC": health times are shown in UTC, like the audit log. */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** The newer of the two checks the console records; a Test Connect and a dimension verification both count. */
function latestCheck(
  verification: VerificationLike | null | undefined,
  connection: ConnectionCheckLike | null | undefined,
): { kind: "verification"; v: VerificationLike } | { kind: "connection"; c: ConnectionCheckLike } | null {
  if (connection && (!verification || Date.parse(connection.checkedAt) >= Date.parse(verification.checkedAt))) return { kind: "connection", c: connection };
  return verification ? { kind: "verification", v: verification } : null;
}

/**
 * What the console knows without calling providers: LiteLLM's `blocked` flag and the console's last dimension
 * verification. LiteLLM's /health makes a real provider call per deployment, so the list never calls it.
 */
export function healthOf(d: DeploymentLike, verification?: VerificationLike | null, connection?: ConnectionCheckLike | null): ModelHealth {
  return healthFor(d.model_info.blocked === true, verification, connection);
}

/** The health state alone (the health filter runs it over every deployment: no allocation). */
export function healthStateFor(blocked: boolean, verification?: VerificationLike | null, connection?: ConnectionCheckLike | null): HealthState {
  if (blocked) return "blocked";
  const latest = latestCheck(verification, connection);
  if (!latest) return "unchecked";
  if (latest.kind === "connection") return latest.c.status === "success" ? "healthy" : "failing";
  return latest.v.status === "verified" ? "healthy" : "failing";
}

/** healthOf from the two facts it reads: LiteLLM's blocked flag and the console's last verification. */
export function healthFor(blocked: boolean, verification?: VerificationLike | null, connection?: ConnectionCheckLike | null): ModelHealth {
  if (blocked) return { state: "blocked", label: "Blocked", detail: "LiteLLM does not route requests to this deployment (blocked)." };
  const latest = latestCheck(verification, connection);
  if (latest?.kind === "connection") {
    const c = latest.c;
    const when = utcMinute(c.checkedAt);
    return c.status === "success"
      ? { state: "healthy", label: "Connected", detail: `Test Connect (${c.mode}) reached ${c.host} in ${c.latencyMs} ms at ${when}.`, checkedAt: c.checkedAt }
      : {
          state: "failing",
          label: "Connection failed",
          detail: `Test Connect (${c.mode}) to ${c.host} failed${c.errorKind ? ` (${c.errorKind.replace(/_/g, " ")})` : ""} at ${when}.`,
          checkedAt: c.checkedAt,
        };
  }
  if (latest) {
    const verification = latest.v;
    const when = utcMinute(verification.checkedAt);
    if (verification.status === "verified") {
      return {
        state: "healthy",
        label: "Verified",
        detail: `Answered with ${verification.actual ?? "the expected"}-dimension vectors at ${when}.`,
        checkedAt: verification.checkedAt,
      };
    }
    const what = verification.status === "mismatch" ? `returned ${verification.actual} dimensions, expected ${verification.expected}` : "failed its last check";
    return {
      state: "failing",
      label: verification.status === "mismatch" ? "Dimension mismatch" : "Check failed",
      detail: `Last verification (${when}) ${what}.`,
      checkedAt: verification.checkedAt,
    };
  }
  return { state: "unchecked", label: "Not checked", detail: "No Test Connect or verification recorded yet. Run Test Connect on the deployment's page." };
}

/** One deployment as the browser sees it: no secret, no api_base (which may hold a token in its query). */
export interface ModelRow {
  id: string;
  alias: string;
  modelName: string;
  upstreamModel: string;
  provider: string;
  mode: string | null;
  source: ModelSource;
  /** The config-as-code source (file) that manages it, from model_info.gatehouse_source; null = made in the console. */
  managedBy: string | null;
  teamId: string | null;
  credentialName: string | null;
  rpm: number | null;
  tpm: number | null;
  health: ModelHealth;
  createdAt: string | null;
  updatedAt: string | null;
}

export function toModelRow(d: DeploymentLike, verification?: VerificationLike | null, connection?: ConnectionCheckLike | null): ModelRow {
  return {
    id: d.model_info.id,
    alias: aliasOf(d),
    modelName: d.model_name,
    upstreamModel: text(d.litellm_params.model) ?? "",
    provider: providerOf(d),
    mode: text(d.model_info.mode) ?? null,
    source: isDbModel(d) ? "db" : "config",
    managedBy: text(d.model_info.gatehouse_source) ?? null,
    teamId: text(d.model_info.team_id) ?? null,
    credentialName: text(d.litellm_params.litellm_credential_name) ?? null,
    rpm: num(d.litellm_params.rpm) ?? null,
    tpm: num(d.litellm_params.tpm) ?? null,
    health: healthOf(d, verification, connection),
    createdAt: text(d.model_info.created_at) ?? null,
    updatedAt: text(d.model_info.updated_at) ?? null,
  };
}

/** A row of the deployment index (lib/deployments) as the browser sees it. */
export function modelRowOf(d: IndexedDeployment, verification?: VerificationLike | null, connection?: ConnectionCheckLike | null): ModelRow {
  return {
    id: d.id,
    alias: d.alias,
    modelName: d.modelName,
    upstreamModel: d.upstreamModel,
    provider: d.provider,
    mode: d.mode,
    source: d.source,
    managedBy: d.managedBy,
    teamId: d.teamId,
    credentialName: d.credentialName,
    rpm: d.rpm,
    tpm: d.tpm,
    health: healthFor(d.blocked, verification, connection),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** The health filter (blocked counts as failing). */
export function matchesHealth(health: ModelHealth | HealthState, filter: ModelHealthFilter | undefined): boolean {
  const state = typeof health === "string" ? health : health.state;
  if (filter === "healthy") return state === "healthy";
  if (filter === "failing") return state === "failing" || state === "blocked";
  if (filter === "unchecked") return state === "unchecked";
  return true;
}

/** The filters /v2/model/info cannot apply, applied to a full listing on the server. */
export function matchesFilters(row: ModelRow, params: ModelListParams): boolean {
  if (params.q) {
    const needle = params.q.toLowerCase();
    if (!row.alias.toLowerCase().includes(needle) && !row.modelName.toLowerCase().includes(needle)) return false;
  }
  if (params.provider && row.provider.toLowerCase() !== params.provider.toLowerCase()) return false;
  if (params.mode && (row.mode ?? "") !== params.mode) return false;
  if (params.team && row.teamId !== params.team) return false;
  if (params.source && row.source !== params.source) return false;
  return matchesHealth(row.health, params.health);
}

/** Like /v2/model/info's sortBy, stable; by public alias so a group's deployments are adjacent (team models too). */
export function sortRows(rows: ModelRow[], sort: ModelSort, order: "asc" | "desc"): ModelRow[] {
  const dir = order === "desc" ? -1 : 1;
  const key = (r: ModelRow) => (sort === "alias" ? r.alias.toLowerCase() : sort === "created" ? (r.createdAt ?? "") : (r.updatedAt ?? ""));
  return rows
    .map((row, index) => ({ row, index, k: key(row) }))
    .sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.index - b.index))
    .map((x) => x.row);
}

export const LITELLM_SORT_BY: Record<ModelSort, "model_name" | "created_at" | "updated_at"> = {
  alias: "model_name",
  created: "created_at",
  updated: "updated_at",
};

// ---------- the window: this page plus one neighbour on each side ----------

export interface WindowPlan {
  /** Index of the first row wanted (the last row of the previous page, or 0). */
  from: number;
  /** Index of the last row wanted (the first row of the next page). */
  to: number;
  /** LiteLLM pages (1-based) of `size` rows that together cover [from, to]; one or two, adjacent. */
  blocks: { page: number; size: number }[];
}

/**
 * The page's rows plus the row just before and just after it, in as few LiteLLM page requests as possible: one aligned
 * block when some block size ≤ `max` holds the whole window, else two adjacent blocks. The neighbours tell whether the
 * first and last alias groups continue across the page boundary, without fetching more than the page.
 */
export function planWindow(page: number, size: number, max = MAX_LITELLM_PAGE): WindowPlan {
  const start = (page - 1) * size;
  const from = Math.max(0, start - 1);
  const to = start + size;
  const length = to - from + 1;
  for (let k = length; k <= max; k++) {
    if (Math.floor(from / k) === Math.floor(to / k)) return { from, to, blocks: [{ page: Math.floor(from / k) + 1, size: k }] };
  }
  // Any block of `length` rows splits the window at most once.
  const k = length;
  const first = Math.floor(from / k);
  return { from, to, blocks: [{ page: first + 1, size: k }, { page: first + 2, size: k }] };
}

/** Cuts the page and its neighbours out of the fetched blocks (rows of blocks in order). */
export function sliceWindow<T>(
  plan: WindowPlan,
  fetched: T[],
  page: number,
  size: number,
): { rows: T[]; previous: T | undefined; next: T | undefined } {
  const base = (plan.blocks[0]!.page - 1) * plan.blocks[0]!.size;
  const start = (page - 1) * size;
  const at = (index: number) => (index >= base && index - base < fetched.length ? fetched[index - base] : undefined);
  const rows: T[] = [];
  for (let i = start; i < start + size; i++) {
    const row = at(i);
    if (row === undefined) break;
    rows.push(row);
  }
  return { rows, previous: start > 0 ? at(start - 1) : undefined, next: at(start + size) };
}

// ---------- grouping ----------

export interface ModelGroup {
  alias: string;
  deployments: ModelRow[];
  /** The group started on an earlier page. */
  continuesFromPrevious: boolean;
  /** More deployments of this alias are on the next page. */
  continuesOnNext: boolean;
}

/**
 * Groups the page's rows by public alias, from this page only. Sorted by name, a group's deployments are adjacent and
 * the neighbours say whether it spills over a page boundary; in other orders an alias may appear on several pages.
 */
export function groupRows(rows: ModelRow[], options: { previous?: ModelRow; next?: ModelRow; sortedByAlias: boolean }): ModelGroup[] {
  const groups: ModelGroup[] = [];
  const byAlias = new Map<string, ModelGroup>();
  for (const row of rows) {
    const last = groups[groups.length - 1];
    const existing = options.sortedByAlias ? (last?.alias === row.alias ? last : undefined) : byAlias.get(row.alias);
    if (existing) {
      existing.deployments.push(row);
      continue;
    }
    const group: ModelGroup = { alias: row.alias, deployments: [row], continuesFromPrevious: false, continuesOnNext: false };
    groups.push(group);
    byAlias.set(row.alias, group);
  }
  if (options.sortedByAlias && groups.length > 0) {
    groups[0]!.continuesFromPrevious = options.previous?.alias === groups[0]!.alias;
    groups[groups.length - 1]!.continuesOnNext = options.next?.alias === groups[groups.length - 1]!.alias;
  }
  return groups;
}
