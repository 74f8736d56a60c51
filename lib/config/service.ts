import "server-only";

import fs from "node:fs/promises";
import path from "node:path";

import { buildIndex, type ConsumerAlias } from "@/lib/aliases/checks";
import { costMapDimensionWith, indexFromIndexed, invalidateCheckIndex, loadCheckIndex, loadConsumerAliases } from "@/lib/aliases/context";
import { serialiseRegistry } from "@/lib/aliases/registry-format";
import { applyImport, type ServiceContext } from "@/lib/aliases/service";
import { recordAudit } from "@/lib/audit/service";
import { loadBindings } from "@/lib/auth/bindings";
import { serialiseBindings } from "@/lib/auth/bindings-file";
import { requireTier } from "@/lib/auth/permissions";
import { importBindings } from "@/lib/bindings/service";
import { prisma } from "@/lib/db";
import { getDeploymentIndex, type DeploymentIndex } from "@/lib/deployments/index-store";
import { getEnv } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { getLiteLLM } from "@/lib/litellm";
import { logger } from "@/lib/logger";
import { matchingModelIds } from "@/lib/models/service";
import { checkApiBase, ssrfPolicyFromEnv } from "@/lib/net/ssrf";
import { updateTeamPolicy } from "@/lib/teams/service";

import { describeBinding, planBundle, policySpecFromRow, type BundleState } from "./bundle";
import { applyPlan, exportLive, planText, tally, type ApplyItemResult, type ApplyResult, type ConfigLiteLLM } from "./engine";
import { exportBundle, type ExportResult } from "./formats";
import { indexFor, readLiveDeployments } from "./live";
import { summarise, type ConfigPlan, type PlanResult } from "./plan";
import { decodeConfigBytes, YamlInputError } from "./safe-yaml";
import type { ApplyConfigInput, ExportConfigInput, PlanConfigInput } from "./schemas";
import { SOURCE_KEY, type TeamPolicySpec } from "./spec";

export interface ConfigDeps {
  litellm?: ConfigLiteLLM;
  /** Default: the console's warm deployment index (or, with an injected `litellm`, the one kept for it). */
  index?: DeploymentIndex;
}

/** Plans, drift and exports read deployments through the warm deployment index, never paging LiteLLM themselves. */
const indexOf = (deps: ConfigDeps): DeploymentIndex => deps.index ?? (deps.litellm ? indexFor(deps.litellm) : getDeploymentIndex());

const actorOf = (ctx: ServiceContext) => ({ provider: ctx.user.provider, username: ctx.user.username });

async function bundleState(): Promise<BundleState> {
  const db = await prisma();
  const [consumers, policies, bindings] = await Promise.all([loadConsumerAliases(), db.teamPolicy.findMany({ orderBy: { teamId: "asc" } }), loadBindings()]);
  return {
    consumers,
    policies: policies.map(policySpecFromRow),
    bindings: bindings.filter((b) => b.source === "console"),
    fileBindings: bindings.filter((b) => b.source === "file"),
  };
}

function textOf(bytes: Uint8Array): { text: string } | { issues: { path: string; message: string }[] } {
  try {
    return { text: decodeConfigBytes(bytes) };
  } catch (error) {
    if (error instanceof YamlInputError) return { issues: error.issues };
    throw error;
  }
}

function emptyPlan(input: { format: PlanConfigInput["format"]; source: string; prune: boolean }, issues: ConfigPlan["issues"]): ConfigPlan {
  return {
    format: input.format === "auto" ? "litellm-config" : input.format,
    source: input.source,
    prune: input.prune,
    items: [],
    summary: { add: 0, change: 0, remove: 0, unchanged: 0, blocked: 0, confirm: 0 },
    issues,
    notes: [],
    skipped: [],
    notInFile: 0,
    live: { deployments: 0, fromConfig: 0, fromDb: 0, calls: 0, pagedBy: "not read" },
  };
}

/** The plan with every rule (shared by plan, apply and the drift view). */
async function planFor(
  input: { bytes: Uint8Array; format: PlanConfigInput["format"]; source: string; prune: boolean },
  deps: ConfigDeps,
  options: { fresh?: boolean } = {},
): Promise<PlanResult & { bundle?: BundleState }> {
  const decoded = textOf(input.bytes);
  if ("issues" in decoded) return { plan: emptyPlan(input, decoded.issues), writes: new Map() };
  const litellm = deps.litellm ?? getLiteLLM();
  const env = getEnv();
  const policy = ssrfPolicyFromEnv(env);
  const consumers = await loadConsumerAliases();
  const result = await planText(
    { text: decoded.text, format: input.format, source: input.source, prune: input.prune },
    {
      litellm,
      index: indexOf(deps),
      fresh: options.fresh,
      consumers,
      // The console's own index: its alias checks are already built and follow every change (no rebuild per plan).
      ...(!deps.index && !deps.litellm ? { checkIndex: await loadCheckIndex({ fresh: options.fresh }) } : {}),
      checkApiBase: (raw) => checkApiBase(raw, policy),
    },
  );
  if (result.plan.format !== "bundle" || result.plan.issues.length > 0) return result;
  const { parseConfigText } = await import("./formats");
  const parsed = parseConfigText(decoded.text, "bundle");
  const state = await bundleState();
  // Alias checks for the bundle's consumer aliases need the live deployments too (from the deployment index).
  const live = parsed.bundle?.sections.consumerAliases ? await readLiveDeployments(indexOf(deps), options) : null;
  const index = live ? indexFromIndexed(consumers, live.indexed ?? []) : buildIndex({ consumers, deployments: [], costMapDimension: costMapDimensionWith() });
  result.plan.items = planBundle(parsed.bundle!, state, index, input.prune);
  result.plan.summary = summarise(result.plan.items);
  if (live) result.plan.live = { deployments: live.deployments.length, fromConfig: live.deployments.filter((d) => d.model_info.db_model === false).length, fromDb: live.deployments.filter((d) => d.model_info.db_model !== false).length, calls: live.calls, pagedBy: live.pagedBy };
  return { ...result, bundle: state };
}

/** What applying the file would change; changes nothing. Admins and viewers. */
export async function planConfig({ ctx, input }: { ctx: ServiceContext; input: PlanConfigInput & { bytes: Uint8Array } }, deps: ConfigDeps = {}): Promise<ConfigPlan> {
  requireTier(ctx.user, "reader");
  return (await planFor(input, deps)).plan;
}

/**
 * Re-plans the file (the browser's plan is never trusted) and applies the chosen items: one LiteLLM write per item,
 * a failure leaves that item as it was and the others run. One audit event with a row per item.
 */
export async function applyConfig(
  {
    ctx,
    input,
    onProgress,
    confirmAll,
  }: {
    ctx: ServiceContext;
    input: ApplyConfigInput & { bytes: Uint8Array };
    onProgress?: (done: number, total: number, result: ApplyItemResult) => void;
    /** The CLI's --yes: every confirmation of the fresh plan is accepted (blocking findings still stop their item). */
    confirmAll?: boolean;
  },
  deps: ConfigDeps = {},
): Promise<ApplyResult> {
  requireTier(ctx.user, "admin");
  // The browser's plan is never trusted, and the index is asked what changed since (its incremental read).
  const planned = await planFor(input, deps, { fresh: true });
  if (planned.plan.issues.length > 0) {
    throw new ValidationError(`The file has ${planned.plan.issues.length === 1 ? "a problem" : `${planned.plan.issues.length} problems`}; nothing was applied.`, {
      file: planned.plan.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)),
    });
  }
  const litellm = deps.litellm ?? getLiteLLM();
  const confirmed = confirmAll ? planned.plan.items.map((i) => i.key) : (input.confirmed ?? []);
  const selection = { selected: input.selected, confirmed, onProgress, index: indexOf(deps) };
  const result = planned.plan.format === "bundle" ? await applyBundle(ctx, input, planned, selection) : await applyPlan(planned, litellm, selection);
  if (result.applied > 0) invalidateCheckIndex();
  await recordAudit({
    actor: actorOf(ctx),
    action: "config.apply",
    targetType: "config",
    targetId: input.source,
    outcome: result.failed > 0 ? "failure" : "success",
    request: ctx.request,
    details: {
      source: input.source,
      format: planned.plan.format,
      prune: input.prune,
      applied: result.applied,
      failed: result.failed,
      skipped: result.skipped,
      items: result.results.map((r) => ({ item: r.key, name: r.name, action: r.action, outcome: r.outcome, ...(r.deploymentId ? { deployment: r.deploymentId } : {}), ...(r.message ? { message: r.message } : {}) })),
    },
  });
  return result;
}

async function applyBundle(
  ctx: ServiceContext,
  input: ApplyConfigInput & { bytes: Uint8Array },
  planned: PlanResult & { bundle?: BundleState },
  selection: { selected?: string[]; confirmed: string[]; onProgress?: (done: number, total: number, result: ApplyItemResult) => void },
): Promise<ApplyResult> {
  const { plan } = planned;
  const decoded = textOf(input.bytes);
  const { parseConfigText } = await import("./formats");
  const bundle = parseConfigText("text" in decoded ? decoded.text : "", "bundle").bundle!;
  const chosen = selection.selected ? new Set(selection.selected) : null;
  const results: ApplyItemResult[] = [];
  const wanted = plan.items.filter((i) => i.action !== "unchanged" && i.action !== "blocked" && (!chosen || chosen.has(i.key)) && (!i.needsConfirmation || selection.confirmed.includes(i.key)));
  for (const i of plan.items.filter((i) => !wanted.includes(i) && i.action !== "unchanged")) {
    results.push({ key: i.key, name: i.name, action: i.action, outcome: "skipped", message: i.action === "blocked" ? i.findings.find((f) => f.severity === "block")?.message : i.needsConfirmation ? "needs confirmation" : "not selected" });
  }
  const total = wanted.length;
  let done = 0;
  const report = (items: typeof wanted, outcome: ApplyItemResult["outcome"], message?: string) => {
    for (const i of items) {
      const r: ApplyItemResult = { key: i.key, name: i.name, action: i.action, outcome, ...(message ? { message } : {}) };
      results.push(r);
      selection.onProgress?.(++done, total, r);
    }
  };
  const section = (kind: string) => wanted.filter((i) => i.kind === kind);
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

  // Consumer aliases: one transaction through the registry import (the same checks and its own audit row).
  const aliases = section("consumer_alias");
  if (aliases.length > 0) {
    try {
      // Merge applies only the chosen entries; prune replaces the registry with the whole section (what the plan showed).
      const keys = new Set(aliases.map((i) => i.key));
      const records = input.prune ? bundle.consumerAliases : bundle.consumerAliases.filter((a) => keys.has(`consumer_alias:${a.consumer}/${a.alias}`));
      await applyImport({ ctx, input: { text: serialiseRegistry(records as ConsumerAlias[], "yaml"), format: "yaml", mode: input.prune ? "replace" : "merge" } });
      report(aliases, "applied");
    } catch (error) {
      report(aliases, "failed", message(error));
    }
  }
  for (const i of section("team_policy")) {
    const teamId = i.key.slice("team_policy:".length);
    const policy = bundle.teamPolicies.find((p) => p.teamId === teamId) as TeamPolicySpec | undefined;
    try {
      if (i.action === "remove") {
        const db = await prisma();
        await db.teamPolicy.delete({ where: { teamId } });
      } else if (policy) {
        await updateTeamPolicy({ ctx: { user: ctx.user, request: ctx.request ?? { ip: null, userAgent: null } }, input: { ...policy, defaultBudgetPeriod: policy.defaultBudgetPeriod ?? "none" } });
      }
      report([i], "applied");
    } catch (error) {
      report([i], "failed", message(error));
    }
  }
  const bindings = section("group_binding");
  if (bindings.length > 0) {
    try {
      const names = new Set(bindings.map((i) => i.name));
      const chosen = input.prune ? bundle.groupBindings : bundle.groupBindings.filter((b) => names.has(describeBinding(b)));
      await importBindings({ ctx: { user: ctx.user, request: ctx.request ?? { ip: null, userAgent: null } }, input: { yaml: serialiseBindings(chosen), mode: input.prune ? "replace" : "merge" } });
      report(bindings, "applied");
    } catch (error) {
      report(bindings, "failed", message(error));
    }
  }
  return tally(plan, results);
}

/** A download: config.yaml or operator resources from the live proxy, or the bundle from the console DB. */
export async function exportConfig({ ctx, input }: { ctx: ServiceContext; input: ExportConfigInput }, deps: ConfigDeps = {}): Promise<ExportResult> {
  requireTier(ctx.user, "reader");
  if (input.format === "bundle") {
    const state = await bundleState();
    return exportBundle({ consumerAliases: state.consumers, teamPolicies: state.policies, groupBindings: [...state.fileBindings, ...state.bindings] });
  }
  const index = indexOf(deps);
  // The models list's filters: exactly the deployments the list shows for them, every page (health from the console).
  const filtered = input.q || input.provider || input.mode || input.team || input.health || input.source;
  let ids = input.ids && input.ids.length > 0 ? input.ids : undefined;
  if (filtered) {
    const matching = await matchingModelIds({ q: input.q, provider: input.provider, mode: input.mode, team: input.team, health: input.health, source: input.source }, { index });
    const chosen = ids ? new Set(ids) : null;
    ids = chosen ? matching.filter((id) => chosen.has(id)) : matching;
  }
  return exportLive(
    {
      format: input.format,
      ...(ids ? { ids } : {}),
      includeCredentials: input.includeCredentials,
      includeTeams: input.includeTeams,
      target: { instanceName: input.instanceName, namespace: input.namespace },
    },
    deps.litellm ?? getLiteLLM(),
    index,
  );
}

export interface DriftRow {
  id: string;
  alias: string;
  model: string;
  origin: "config.yaml" | "database";
  managedBy: string | null;
}

/** The drift page lists this many deployments (its counts cover them all). */
export const DRIFT_ROWS = 50;

export interface DriftView {
  /** Where the live deployments come from: the first DRIFT_ROWS by alias. */
  rows: DriftRow[];
  total: number;
  /** "12 s ago" when read from the deployment index; null when read from LiteLLM directly. */
  asOf: string | null;
  fromConfig: number;
  fromDb: number;
  calls: number;
  /** The GATEHOUSE_CONFIG_FILE comparison, when that setting is present. */
  configured: { file: string; plan: ConfigPlan | null; error: string | null } | null;
}

/** Live deployments by origin (LiteLLM's config.yaml vs its database), and the drift against GATEHOUSE_CONFIG_FILE. */
export async function loadDriftView({ ctx }: { ctx: ServiceContext }, deps: ConfigDeps = {}): Promise<DriftView> {
  requireTier(ctx.user, "reader");
  const origin = (source: "db" | "config") => (source === "config" ? ("config.yaml" as const) : ("database" as const));
  let rows: DriftRow[];
  let total: number;
  let fromConfig: number;
  let calls = 0;
  let asOf: string | null = null;
  if (deps.litellm) {
    // A given client (the CLI, tests): its own deployment index, read in full.
    const live = await readLiveDeployments(indexOf(deps));
    calls = live.calls;
    rows = live.deployments
      .map((d) => ({
        id: d.model_info.id,
        alias: d.model_name,
        model: String(d.litellm_params.model ?? ""),
        origin: d.model_info.db_model === false ? ("config.yaml" as const) : ("database" as const),
        managedBy: typeof d.model_info[SOURCE_KEY] === "string" ? (d.model_info[SOURCE_KEY] as string) : null,
      }))
      .sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : a.id < b.id ? -1 : 1));
    total = rows.length;
    fromConfig = rows.filter((r) => r.origin === "config.yaml").length;
  } else {
    // The page: this replica's deployment index (no LiteLLM call, the first DRIFT_ROWS rows, counts kept per snapshot).
    const index = indexOf(deps);
    const snap = await index.snapshot();
    asOf = index.freshness(snap).age;
    const sorted = snap.sorted("alias", "asc");
    total = sorted.length;
    fromConfig = snap.memo("drift.fromConfig", (s) => s.sorted("alias", "asc").filter((d) => d.source === "config").length);
    rows = sorted.slice(0, DRIFT_ROWS).map((d) => ({ id: d.id, alias: d.alias, model: d.upstreamModel, origin: origin(d.source), managedBy: d.managedBy }));
  }
  const file = getEnv().GATEHOUSE_CONFIG_FILE;
  let configured: DriftView["configured"] = null;
  if (file) {
    try {
      const bytes = new Uint8Array(await fs.readFile(/* turbopackIgnore: true */ file));
      const result = await planFor({ bytes, format: "auto", source: configuredSource(file), prune: false }, deps);
      configured = { file: path.basename(file), plan: result.plan, error: null };
    } catch (error) {
      logger.warn("config.drift_file_unreadable", { error: (error as Error).message });
      configured = { file: path.basename(file), plan: null, error: `Could not read GATEHOUSE_CONFIG_FILE (${path.basename(file)}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    }
  }
  return { rows, total, fromConfig, fromDb: total - fromConfig, calls, asOf, configured };
}

/** The source name deployments applied from GATEHOUSE_CONFIG_FILE carry. */
export function configuredSource(file: string): string {
  return path.basename(file);
}
