import "server-only";

import type { CheckIndex, ConsumerAlias } from "@/lib/aliases/checks";
import type { DeploymentIndex } from "@/lib/deployments/index-store";
import { toSource, type DeploymentFilter } from "@/lib/deployments/snapshot";
import type { ProviderCreateInfo } from "@/lib/catalog/providers";
import { isLiteLLMError, type CreateModelInput, type LiteLLMClient } from "@/lib/litellm";
import type { SsrfVerdict } from "@/lib/net/url-shape";

import { exportLiteLLMConfig, exportOperator, parseConfigText, type ExportResult, type OperatorTarget } from "./formats";
import { indexFor, readLiveDeployments, type LiveDeployments } from "./live";
import { buildPlan, type ConfigPlan, type PlanItem, type PlanResult, type WriteOp } from "./plan";
import { SOURCE_KEY, type ConfigFormat } from "./spec";

/** The part of the LiteLLM client config-as-code uses (the bench and tests pass instrumented ones). */
export type ConfigLiteLLM = Pick<LiteLLMClient, "models" | "version" | "credentials" | "teams">;

export interface PlanTextInput {
  text: string;
  format?: ConfigFormat | "auto";
  source: string;
  prune?: boolean;
}

export interface PlanDeps {
  litellm: ConfigLiteLLM;
  /** null: no console database, alias checks are skipped (and the plan says so). */
  consumers: ConsumerAlias[] | null;
  checkApiBase: (raw: string) => Promise<SsrfVerdict>;
  providerFields?: ProviderCreateInfo[];
  /** The warm deployment index the live deployments are read from (default: one kept for `litellm`, see indexFor). */
  index?: DeploymentIndex;
  /** Ask LiteLLM what changed before planning (apply: the index's incremental read). */
  fresh?: boolean;
  /** Already-read live deployments (the drift view reuses one read for two plans). */
  live?: LiveDeployments;
  /** The console's warm alias-check index (no rebuild per plan); else one is built from `consumers`. */
  checkIndex?: CheckIndex;
}

/** Parses the file, reads the live proxy (paged) and builds the plan. Changes nothing. */
export async function planText(input: PlanTextInput, deps: PlanDeps): Promise<PlanResult> {
  const parsed = parseConfigText(input.text, input.format ?? "auto");
  const empty = { deployments: [], calls: 0, pagedBy: "not read" };
  if (parsed.issues.length > 0 || parsed.format === "bundle") {
    return buildPlan({ parsed, source: input.source, prune: input.prune ?? false, live: empty, consumers: deps.consumers, credentialNames: null, checkApiBase: deps.checkApiBase });
  }
  const needsCredentials = parsed.credentials.length > 0 || parsed.deployments.some((d) => d.litellm_params.litellm_credential_name);
  const [live, credentialNames, teams] = await Promise.all([
    deps.live ?? readLiveDeployments(deps.index ?? indexFor(deps.litellm), { fresh: deps.fresh }),
    needsCredentials
      ? deps.litellm.credentials.list().then(
          (list) => new Set(list.map((c) => c.credential_name)),
          () => null,
        )
      : Promise.resolve(new Set<string>()),
    parsed.teams.length > 0 ? deps.litellm.teams.list() : Promise.resolve([]),
  ]);
  const result = await buildPlan({
    parsed,
    source: input.source,
    prune: input.prune ?? false,
    live: { ...live, calls: live.calls + (needsCredentials ? 1 : 0) + (parsed.teams.length > 0 ? 1 : 0) },
    consumers: deps.consumers,
    ...(deps.checkIndex && deps.consumers ? { checkIndex: deps.checkIndex } : {}),
    credentialNames,
    teams,
    checkApiBase: deps.checkApiBase,
    providerFields: deps.providerFields,
  });
  return result;
}

export interface ApplyItemResult {
  key: string;
  name: string;
  action: PlanItem["action"];
  outcome: "applied" | "failed" | "skipped";
  message?: string;
  deploymentId?: string;
}

export interface ApplyResult {
  plan: ConfigPlan;
  results: ApplyItemResult[];
  applied: number;
  failed: number;
  skipped: number;
}

export interface ApplySelection {
  /** Item keys to apply; undefined = every applicable item. */
  selected?: string[];
  /** Item keys whose confirmations the operator accepted; "all" = the CLI's --yes. */
  confirmed?: string[] | "all";
  onProgress?: (done: number, total: number, result: ApplyItemResult) => void;
  /** The deployment index to tell about each write (default: the one kept for `litellm`). */
  index?: DeploymentIndex;
}

/** One write; `index` learns this replica's own deployment writes at once (the next plan sees them). */
async function runWrite(litellm: ConfigLiteLLM, op: WriteOp, index: DeploymentIndex | undefined): Promise<string> {
  switch (op.op) {
    case "create": {
      const created = await litellm.models.create(op.body as unknown as CreateModelInput);
      index?.refreshAfterWrite({ upsert: [created] });
      return created.model_info.id;
    }
    case "update": {
      const { clear, ...rest } = op.body;
      if (rest.model_info && !(await litellm.version()).features.supportsPatchModelUpdate) {
        // POST /model/update (before 1.78) cannot store model_info: the source marker stays as it was there.
        const { [SOURCE_KEY]: _marker, ...info } = rest.model_info;
        void _marker;
        if (Object.keys(info).length > 0) rest.model_info = info;
        else delete rest.model_info;
      }
      const updated = await litellm.models.update(op.id, { ...rest, ...(clear && clear.length ? { clear } : {}) } as never);
      index?.refreshAfterWrite({ upsert: [updated] });
      return updated.model_info.id;
    }
    case "delete":
      await litellm.models.delete(op.id);
      index?.refreshAfterWrite({ removeIds: [op.id] });
      return op.id;
    case "team_create":
      return (await litellm.teams.create(op.body as never)).team_id;
    case "team_update":
      await litellm.teams.update(op.body as never);
      return op.body.team_id;
  }
}

function failureMessage(error: unknown): string {
  if (isLiteLLMError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Applies the chosen items of a fresh plan one by one. A failed item is left as it was (each item is one LiteLLM
 * write, verified by re-reading) and the others still run; every item gets a result.
 */
export async function applyPlan(result: PlanResult, litellm: ConfigLiteLLM, selection: ApplySelection = {}): Promise<ApplyResult> {
  const { plan, writes } = result;
  const chosen = selection.selected ? new Set(selection.selected) : null;
  const confirmed = selection.confirmed === "all" ? null : new Set(selection.confirmed ?? []);
  const results: ApplyItemResult[] = [];
  const todo: PlanItem[] = [];
  for (const item of plan.items) {
    if (item.action === "unchanged" && item.kind === "deployment") continue;
    if (item.action === "blocked" || item.action === "unchanged") {
      results.push({ key: item.key, name: item.name, action: item.action, outcome: "skipped", message: item.findings.find((f) => f.severity === "block")?.message ?? "nothing to do" });
      continue;
    }
    if (chosen && !chosen.has(item.key)) {
      results.push({ key: item.key, name: item.name, action: item.action, outcome: "skipped", message: "not selected" });
      continue;
    }
    if (item.needsConfirmation && confirmed && !confirmed.has(item.key)) {
      results.push({ key: item.key, name: item.name, action: item.action, outcome: "skipped", message: `needs confirmation: ${item.findings.find((f) => f.severity === "confirm")?.message ?? ""}`.trim() });
      continue;
    }
    todo.push(item);
  }
  let done = 0;
  for (const item of todo) {
    const op = writes.get(item.key);
    let r: ApplyItemResult;
    if (!op) r = { key: item.key, name: item.name, action: item.action, outcome: "skipped", message: "nothing to write" };
    else {
      try {
        const id = await runWrite(litellm, op, selection.index ?? indexFor(litellm));
        r = { key: item.key, name: item.name, action: item.action, outcome: "applied", deploymentId: id };
      } catch (error) {
        r = { key: item.key, name: item.name, action: item.action, outcome: "failed", message: failureMessage(error), ...(item.deploymentId ? { deploymentId: item.deploymentId } : {}) };
      }
    }
    results.push(r);
    selection.onProgress?.(++done, todo.length, r);
  }
  return tally(plan, results);
}

export function tally(plan: ConfigPlan, results: ApplyItemResult[]): ApplyResult {
  const count = (outcome: ApplyItemResult["outcome"]) => results.filter((r) => r.outcome === outcome).length;
  return { plan, results, applied: count("applied"), failed: count("failed"), skipped: count("skipped") };
}

export interface ExportInput {
  format: Exclude<ConfigFormat, "bundle">;
  /** Only these deployment ids; undefined = all. */
  ids?: string[];
  /** Only deployments whose alias or stored model name contains this text (the models list's search). */
  q?: string;
  /** The models list's other filters, answered by the index (health is the caller's `where`). */
  filter?: Omit<DeploymentFilter, "q">;
  includeCredentials?: boolean;
  includeTeams?: boolean;
  target?: OperatorTarget;
}

/**
 * config.yaml or operator resources from the live proxy, read through the warm deployment index (the selection and
 * filters are the index's, like the models list's), secrets as references.
 */
export async function exportLive(input: ExportInput, litellm: ConfigLiteLLM, index: DeploymentIndex = indexFor(litellm)): Promise<ExportResult> {
  const snapshot = await index.snapshot();
  const q = input.q?.trim();
  let rows = snapshot.query({ ...(q ? { q } : {}), ...input.filter });
  if (input.ids) {
    const ids = new Set(input.ids);
    rows = rows.filter((d) => ids.has(d.id));
  }
  const plain = rows.map((d) => {
    const source = toSource(d);
    return { model_name: source.model_name, litellm_params: { ...source.litellm_params }, model_info: { ...source.model_info } };
  });
  if (input.format === "litellm-config") {
    const credentials = input.includeCredentials ? await litellm.credentials.list() : [];
    return exportLiteLLMConfig({ deployments: plain, credentials });
  }
  const teams = input.includeTeams ? await litellm.teams.list() : [];
  return exportOperator({ deployments: plain, teams, target: input.target ?? { instanceName: "litellm", namespace: "litellm" } });
}
