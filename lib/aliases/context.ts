import "server-only";
import { expectedDimension, lookupModel } from "@/lib/catalog/cost-map";
import { prisma } from "@/lib/db";
import { getLiteLLM, type LiteLLMDeployment } from "@/lib/litellm";
import { MODES, buildIndex, type CheckIndex, type ConsumerAlias, type CostMapDimension, type Deployment, type Mode } from "./checks";

/** How long one snapshot of the registry and LiteLLM's deployments is reused (the wizard checks on every keystroke). */
export const CHECK_INDEX_TTL_MS = 5_000;

const isMode = (value: unknown): value is Mode => typeof value === "string" && (MODES as readonly string[]).includes(value);
const positiveInt = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/** The alias clients call: team models are stored under an internal name, their public name is separate (CONTRACT §3.1). */
export function publicAliasOf(d: LiteLLMDeployment): string {
  return text(d.model_info.team_public_model_name) ?? d.model_name;
}

/** One /model/info row in the checks' terms. */
export function toDeployment(d: LiteLLMDeployment): Deployment {
  const params = d.litellm_params as Record<string, unknown>;
  const info = d.model_info as Record<string, unknown>;
  const out: Deployment = {
    id: d.model_info.id,
    alias: publicAliasOf(d),
    baseModel: text(params.model) ?? text(info.base_model) ?? "",
    dbModel: d.model_info.db_model === true,
  };
  if (isMode(info.mode)) out.mode = info.mode;
  // A size declared on the deployment wins; /model/info otherwise shows the cost map's.
  const size = positiveInt(params.output_vector_size) ?? positiveInt(info.output_vector_size);
  if (size) out.outputVectorSize = size;
  const dimensions = positiveInt(params.dimensions);
  if (dimensions) out.dimensions = dimensions;
  const teamId = text(info.team_id);
  if (teamId) out.teamId = teamId;
  return out;
}

export function toConsumerAlias(row: {
  alias: string;
  consumer: string;
  kind: string;
  dimension: number | null;
  teamId: string | null;
  required: boolean;
  note: string | null;
}): ConsumerAlias {
  const out: ConsumerAlias = {
    alias: row.alias,
    consumer: row.consumer,
    kind: isMode(row.kind) ? row.kind : "chat",
    required: row.required,
  };
  if (row.dimension != null) out.dimension = row.dimension;
  if (row.teamId) out.teamId = row.teamId;
  if (row.note != null) out.note = row.note;
  return out;
}

/**
 * Cost-map lookups for the checks, through lib/catalog/cost-map.ts. `hints` maps a deployment's
 * litellm_params.model to its model_info.base_model, so custom Azure deployment names still find their size.
 */
export function costMapDimensionWith(hints: Map<string, string> = new Map()): (baseModel: string) => CostMapDimension {
  return (baseModel) => {
    const hint = hints.get(baseModel);
    const expected = expectedDimension(baseModel, hint ? { baseModel: hint } : {});
    const entry = lookupModel(baseModel) ?? (hint ? lookupModel(hint) : undefined);
    const out: CostMapDimension = { supportsShortening: expected.supportsShortening };
    if (expected.nativeSize) out.size = expected.nativeSize;
    if (isMode(entry?.mode)) out.mode = entry.mode;
    return out;
  };
}

/** Builds the check index from already-loaded rows (exported for tests and the benchmark). */
export function indexFrom(consumers: ConsumerAlias[], deployments: LiteLLMDeployment[]): CheckIndex {
  const hints = new Map<string, string>();
  for (const d of deployments) {
    const model = text(d.litellm_params.model);
    const base = text(d.model_info.base_model);
    if (model && base && model !== base && !hints.has(model)) hints.set(model, base);
  }
  return buildIndex({ consumers, deployments: deployments.map(toDeployment), costMapDimension: costMapDimensionWith(hints) });
}

export async function loadConsumerAliases(): Promise<ConsumerAlias[]> {
  const db = await prisma();
  const rows = await db.consumerAlias.findMany({ orderBy: [{ alias: "asc" }, { consumer: "asc" }] });
  return rows.map(toConsumerAlias);
}

interface CacheState {
  value?: { index: CheckIndex; until: number; generation: number };
  inflight?: { promise: Promise<CheckIndex>; generation: number };
  generation: number;
}

// On globalThis so server actions, pages and route handlers share one snapshot and one invalidation.
const cache = ((globalThis as unknown as { gatehouseCheckIndex?: CacheState }).gatehouseCheckIndex ??= { generation: 0 });

/**
 * The checks' view of the world: every consumer alias in the console's DB and every LiteLLM deployment
 * (one /model/info call). Reused for CHECK_INDEX_TTL_MS; `fresh` skips the cache (the authoritative save check).
 */
export async function loadCheckIndex(options: { fresh?: boolean } = {}): Promise<CheckIndex> {
  const now = Date.now();
  if (!options.fresh && cache.value && cache.value.generation === cache.generation && cache.value.until > now) return cache.value.index;
  if (!options.fresh && cache.inflight && cache.inflight.generation === cache.generation) return cache.inflight.promise;
  const generation = cache.generation;
  const promise = (async () => {
    const [consumers, deployments] = await Promise.all([loadConsumerAliases(), getLiteLLM().models.list()]);
    const index = indexFrom(consumers, deployments);
    // A write that happened while loading makes this snapshot stale: do not keep it.
    if (generation === cache.generation) cache.value = { index, until: Date.now() + CHECK_INDEX_TTL_MS, generation };
    return index;
  })();
  const entry = { promise, generation };
  cache.inflight = entry;
  promise.then(
    () => cache.inflight === entry && (cache.inflight = undefined),
    () => cache.inflight === entry && (cache.inflight = undefined),
  );
  return promise;
}

/** Call after any change to consumer aliases or LiteLLM deployments (model create, edit, rename, delete). */
export function invalidateCheckIndex(): void {
  cache.generation++;
  cache.value = undefined;
  cache.inflight = undefined;
}
