import "server-only";
import { expectedDimension, lookupModel } from "@/lib/catalog/cost-map";
import { prisma } from "@/lib/db";
import { getDeploymentIndex, toIndexed, type DeploymentIndex, type IndexedDeployment } from "@/lib/deployments/index-store";
import type { LiteLLMDeployment } from "@/lib/litellm";
import {
  MODES,
  addConsumerToIndex,
  buildIndex,
  removeConsumerFromIndex,
  removeDeploymentFromIndex,
  upsertDeploymentInIndex,
  type CheckIndex,
  type ConsumerAlias,
  type CostMapDimension,
  type Deployment,
  type Mode,
} from "./checks";

/** How often the checks look for another replica's consumer-alias changes (one small aggregate query). */
export const CHECK_INDEX_TTL_MS = 10_000;

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
  return indexFromIndexed(consumers, deployments.map(toIndexed));
}

/** The checks' view of one deployment-index record. */
export function deploymentOf(d: IndexedDeployment): Deployment {
  const out: Deployment = { id: d.id, alias: d.alias, baseModel: d.upstreamModel || d.baseModel || "", dbModel: d.source === "db" };
  if (isMode(d.mode)) out.mode = d.mode;
  if (d.outputVectorSize) out.outputVectorSize = d.outputVectorSize;
  if (d.dimensions) out.dimensions = d.dimensions;
  if (d.teamId) out.teamId = d.teamId;
  return out;
}

/** Builds the check index from deployment-index records (custom Azure names find their size through base_model). */
export function indexFromIndexed(consumers: ConsumerAlias[], deployments: Iterable<IndexedDeployment>): CheckIndex {
  const hints = new Map<string, string>();
  const rows: Deployment[] = [];
  for (const d of deployments) {
    if (d.upstreamModel && d.baseModel && d.upstreamModel !== d.baseModel && !hints.has(d.upstreamModel)) hints.set(d.upstreamModel, d.baseModel);
    rows.push(deploymentOf(d));
  }
  return buildIndex({ consumers, deployments: rows, costMapDimension: costMapDimensionWith(hints) });
}

export async function loadConsumerAliases(): Promise<ConsumerAlias[]> {
  const db = await prisma();
  const rows = await db.consumerAlias.findMany({ orderBy: [{ alias: "asc" }, { consumer: "asc" }] });
  return rows.map(toConsumerAlias);
}

/** Changes when another replica adds, edits or deletes a consumer alias (count + latest update). */
async function consumerStamp(): Promise<string> {
  const db = await prisma();
  const agg = await db.consumerAlias.aggregate({ _count: { _all: true }, _max: { updatedAt: true } });
  return `${agg._count._all}:${agg._max.updatedAt?.toISOString() ?? ""}`;
}

interface CheckState {
  index?: CheckIndex;
  /** The deployment-index version the check index reflects. */
  version: number;
  stamp?: string;
  stampCheckedAt: number;
  building?: Promise<CheckIndex>;
  /** A consumer alias changed somewhere: rebuild in the background, keep answering from the current one. */
  rebuildWanted: boolean;
  unsubscribe?: () => void;
  followed?: DeploymentIndex;
}

// On globalThis so server actions, pages and route handlers share one check index.
const state = ((globalThis as unknown as { gatehouseCheckState?: CheckState }).gatehouseCheckState ??= { version: -1, stampCheckedAt: 0, rebuildWanted: false });

function follow(deployments: DeploymentIndex) {
  if (state.followed === deployments) return;
  state.unsubscribe?.();
  state.index = undefined;
  state.followed = deployments;
  state.unsubscribe = deployments.subscribe(({ snapshot, previous, change }) => {
    const index = state.index;
    if (!index || state.version !== previous.version) {
      state.rebuildWanted = true;
      return;
    }
    // Incremental: a change of a few deployments costs microseconds, not a rebuild.
    for (const d of change.removed) removeDeploymentFromIndex(index, d.id);
    for (const d of change.upserted) upsertDeploymentInIndex(index, deploymentOf(d));
    state.version = snapshot.version;
  });
}

async function build(deployments: DeploymentIndex): Promise<CheckIndex> {
  state.building ??= (async () => {
    try {
      const [consumers, stamp] = await Promise.all([loadConsumerAliases(), consumerStamp()]);
      let snapshot = await deployments.snapshot();
      let index = indexFromIndexed(consumers, snapshot.all());
      // Deployments changed while this was built (their in-place update went to the old index): build again from the
      // newer snapshot, a bounded number of times, rather than publish an index that lacks them.
      for (let tries = 0; tries < 3; tries++) {
        const latest = await deployments.snapshot();
        if (latest.version === snapshot.version) break;
        snapshot = latest;
        index = indexFromIndexed(consumers, snapshot.all());
      }
      state.index = index;
      state.version = snapshot.version;
      state.stamp = stamp;
      state.stampCheckedAt = Date.now();
      state.rebuildWanted = false;
      return index;
    } finally {
      state.building = undefined;
    }
  })();
  return state.building;
}

/**
 * The checks' view of the world: every consumer alias in the console's DB and every deployment of this replica's
 * deployment index. Built once; deployment changes are applied in place as the index reports them, this replica's
 * consumer-alias writes too; another replica's consumer-alias change (seen within CHECK_INDEX_TTL_MS) rebuilds it in
 * the background while checks keep answering. `fresh` (the save-time check) first asks LiteLLM what changed.
 */
export async function loadCheckIndex(options: { fresh?: boolean } = {}): Promise<CheckIndex> {
  const deployments = getDeploymentIndex();
  follow(deployments);
  if (options.fresh) await deployments.refresh();
  const snapshot = await deployments.snapshot();
  if (!state.index) return build(deployments);
  // Behind this replica's deployments (a change arrived while a build was running): a check answered from it could
  // miss a deployment this replica just saved — the load-balancing group the operator is about to join — and nothing
  // would ask again, so every check waits for the rebuild (milliseconds to ~1 s at 20,000 deployments, and rare).
  const behind = state.version !== snapshot.version;
  if (behind) state.rebuildWanted = true;
  if (options.fresh || Date.now() - state.stampCheckedAt >= CHECK_INDEX_TTL_MS) {
    state.stampCheckedAt = Date.now();
    const stamp = await consumerStamp().catch(() => state.stamp);
    if (stamp !== state.stamp) state.rebuildWanted = true;
  }
  if (state.rebuildWanted) {
    const rebuilt = build(deployments);
    // The authoritative save-time check waits for it, and so does any check while the index is behind this replica's
    // deployments; for another replica's consumer-alias change, live checks answer from the current index meanwhile.
    if (options.fresh || behind) return rebuilt;
    void rebuilt.catch(() => undefined);
  }
  return state.index;
}

/** This replica changed consumer aliases: apply what is known in place (`change`), or rebuild on next use (no change given). */
export function invalidateCheckIndex(change?: { added?: ConsumerAlias[]; removed?: { alias: string; consumer: string }[] }): void {
  const index = state.index;
  if (!index || !change) {
    // A bulk change (an import): the next check rebuilds and waits for it, as rare as imports are.
    state.index = undefined;
    return;
  }
  for (const r of change.removed ?? []) removeConsumerFromIndex(index, r.alias, r.consumer);
  for (const c of change.added ?? []) addConsumerToIndex(index, c);
  // Our own write moved the stamp: take the new one instead of rebuilding for it.
  void consumerStamp().then(
    (stamp) => {
      state.stamp = stamp;
      state.stampCheckedAt = Date.now();
    },
    () => undefined,
  );
}

/** Tests only: forget the check index and stop following the deployment index. */
export function resetCheckIndexForTests(): void {
  state.unsubscribe?.();
  Object.assign(state, { index: undefined, version: -1, stamp: undefined, stampCheckedAt: 0, building: undefined, rebuildWanted: false, unsubscribe: undefined, followed: undefined });
}
