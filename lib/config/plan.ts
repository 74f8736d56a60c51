// The plan: what applying a config file would add, change or remove, judged by the wizard's and alias registry's rules.
// Pure apart from the injected SSRF check; the console (service.ts) and the CLI feed it live data.
import { CANDIDATE_FIELD_OF_RULE, checkCandidate, checkRemoval, type CheckIndex, type ConsumerAlias, type Finding } from "@/lib/aliases/checks";
import { indexFrom, indexFromIndexed } from "@/lib/aliases/context";
import { lookupModel } from "@/lib/catalog/cost-map";
import { isMode, type Mode } from "@/lib/catalog/modes";
import type { ProviderCreateInfo } from "@/lib/catalog/providers";
import type { IndexedDeployment } from "@/lib/deployments/snapshot";
import type { LiteLLMDeployment } from "@/lib/litellm/schemas/models";
import { createModelDraftSchema, draftWarnings, maskSecrets } from "@/lib/models/draft-schema";
import { resolveModelName, type ProviderFlow } from "@/lib/models/provider-flows";
import type { SsrfVerdict } from "@/lib/net/url-shape";

import { OWN_MODEL_INFO_KEYS, type LiveTeam } from "./formats";
import {
  flowForParams,
  isEnvRef,
  isSecretParam,
  normaliseUrl,
  SOURCE_KEY,
  type ConfigFormat,
  type DeploymentSpec,
  type ParsedConfig,
} from "./spec";

export type PlanAction = "add" | "change" | "remove" | "unchanged" | "blocked";
export type FindingSeverity = "block" | "confirm" | "warn";

export interface PlanFinding {
  severity: FindingSeverity;
  rule: string;
  message: string;
  /** File path the finding is about, e.g. `model_list[1].litellm_params.api_base`. */
  path?: string;
  fix?: string;
}

export interface FieldChange {
  /** e.g. `litellm_params.rpm` */
  field: string;
  /** Masked for secrets; undefined = not set. */
  before?: unknown;
  after?: unknown;
}

export interface PlanItem {
  /** Stable between a plan and the apply that re-plans the same file. */
  key: string;
  kind: "deployment" | "credential" | "team" | "consumer_alias" | "team_policy" | "group_binding";
  action: PlanAction;
  /** What it would do without the blocking findings. */
  intended: Exclude<PlanAction, "blocked">;
  name: string;
  origin?: string;
  deploymentId?: string;
  model?: string;
  changes: FieldChange[];
  findings: PlanFinding[];
  /** "confirm" findings: applied only when this key is confirmed. */
  needsConfirmation: boolean;
}

/** What apply sends for one item (never shown: may hold secrets from the file). */
export type WriteOp =
  | { op: "create"; body: { model_name: string; litellm_params: Record<string, unknown> & { model: string }; model_info: Record<string, unknown> } }
  | { op: "update"; id: string; body: { model_name?: string; litellm_params?: Record<string, unknown>; model_info?: Record<string, unknown>; clear?: string[] } }
  | { op: "delete"; id: string }
  | { op: "team_create"; body: Record<string, unknown> & { team_alias: string } }
  | { op: "team_update"; body: Record<string, unknown> & { team_id: string } };

export interface ConfigPlan {
  format: ConfigFormat;
  source: string;
  prune: boolean;
  items: PlanItem[];
  summary: { add: number; change: number; remove: number; unchanged: number; blocked: number; confirm: number };
  /** Issues in the file: when any exist the plan has no items. */
  issues: ParsedConfig["issues"];
  notes: string[];
  /** Checks that could not run (e.g. the CLI without the console database). */
  skipped: string[];
  /** Live deployments this source manages that the file no longer lists, kept because prune is off. */
  notInFile: number;
  live: { deployments: number; fromConfig: number; fromDb: number; calls: number; pagedBy: string };
}

export interface PlanInputs {
  parsed: ParsedConfig;
  source: string;
  prune: boolean;
  live: { deployments: LiteLLMDeployment[]; indexed?: readonly IndexedDeployment[]; calls: number; pagedBy: string };
  /** null = the alias registry is not available (CLI without a database): alias checks are skipped and said so. */
  consumers: ConsumerAlias[] | null;
  /** The console's warm alias-check index (kept in step with the deployment index); else built here from `consumers`. */
  checkIndex?: CheckIndex;
  /** null = credentials could not be listed. */
  credentialNames: Set<string> | null;
  /** Live teams (read only when the file has Team resources). */
  teams?: LiveTeam[];
  checkApiBase: (raw: string) => Promise<SsrfVerdict>;
  providerFields?: ProviderCreateInfo[];
}

export interface PlanResult {
  plan: ConfigPlan;
  writes: Map<string, WriteOp>;
}

// ---------- comparison helpers ----------

/** Values a proxy reports for settings nobody set. */
const isUnset = (v: unknown) =>
  v === undefined || v === null || v === false || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) && !/^0\d/.test(value.trim())) return String(Number(value));
  return JSON.stringify(value ?? null);
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

const maskOne = (key: string, value: unknown) => (value === undefined ? undefined : maskSecrets({ [key]: value })[key]);

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const positiveInt = (v: unknown): number | undefined => {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : undefined;
};

function matchKey(d: { model_name: string; litellm_params: Record<string, unknown>; model_info: Record<string, unknown> }): string {
  return `${d.model_name}\u0000${String(d.litellm_params.model ?? "")}\u0000${String(d.model_info.team_id ?? "")}`;
}

function modeOf(spec: DeploymentSpec, live?: LiteLLMDeployment): { mode: Mode; inferred: boolean } {
  const declared = spec.model_info.mode;
  if (isMode(declared)) return { mode: declared, inferred: false };
  const fromLive = live?.model_info.mode;
  if (isMode(fromLive)) return { mode: fromLive, inferred: true };
  const entry = lookupModel(String(spec.litellm_params.model)) ?? (text(spec.model_info.base_model) ? lookupModel(String(spec.model_info.base_model)) : undefined);
  if (isMode(entry?.mode)) return { mode: entry.mode, inferred: true };
  return { mode: "chat", inferred: true };
}

const PATH_OF: Record<string, string> = {
  alias: "model_name",
  upstreamModel: "litellm_params.model",
  providerFlowId: "litellm_params.model",
  mode: "model_info.mode",
  outputVectorSize: "litellm_params.output_vector_size",
  dimensions: "litellm_params.dimensions",
  credentialName: "litellm_params.litellm_credential_name",
  customAuthHeader: "litellm_params.extra_headers",
  "limits.rpm": "litellm_params.rpm",
  "limits.tpm": "litellm_params.tpm",
  "limits.timeout": "litellm_params.timeout",
  "limits.maxRetries": "litellm_params.max_retries",
  "pricing.inputCostPerToken": "litellm_params.input_cost_per_token",
  "pricing.outputCostPerToken": "litellm_params.output_cost_per_token",
};

function filePath(spec: DeploymentSpec, draftPath: (string | number | symbol)[], flow?: ProviderFlow): string {
  const parts = draftPath.map(String);
  let field: string;
  if (parts[0] === "params" && parts[1]) {
    const target = flow?.fields.find((f) => f.key === parts[1])?.target;
    field = `${target === "model_info" ? "model_info" : "litellm_params"}.${parts[1]}`;
  } else field = PATH_OF[parts.slice(0, 2).join(".")] ?? PATH_OF[parts[0] ?? ""] ?? parts.join(".");
  return spec.origin.includes("/") ? `${spec.origin}.spec.${field.replace("litellm_params", "litellmParams").replace("model_info", "modelInfo").replace("model_name", "modelName")}` : `${spec.origin}.${field}`;
}

const bundledSchema = createModelDraftSchema();
const liveSchemas = new WeakMap<ProviderCreateInfo[], ReturnType<typeof createModelDraftSchema>>();

/** One schema per provider list (building it is not free at 20,000 deployments). */
function draftSchemaFor(providerFields?: ProviderCreateInfo[]) {
  if (!providerFields) return bundledSchema;
  let schema = liveSchemas.get(providerFields);
  if (!schema) liveSchemas.set(providerFields, (schema = createModelDraftSchema(providerFields)));
  return schema;
}

/** The wizard's rules (provider × mode, Azure api_version, embedding dimension, field shapes) on one file deployment. */
export function wizardFindings(spec: DeploymentSpec, mode: Mode, providerFields?: ProviderCreateInfo[]): PlanFinding[] {
  const p = spec.litellm_params;
  const flow = flowForParams(p);
  if (!flow) {
    return [
      {
        severity: "warn",
        rule: "unknown_provider",
        message: `Gatehouse has no rules for "${p.model}" (no provider prefix such as openai/ or azure/); only the alias checks apply.`,
        path: filePath(spec, ["upstreamModel"]),
      },
    ];
  }
  const asText = (v: unknown) => (v === undefined || v === null ? undefined : typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v));
  const params: Record<string, string> = {};
  for (const field of flow.fields) {
    const value = asText(field.target === "model_info" ? spec.model_info[field.key] : p[field.key]);
    if (value !== undefined && value !== "") params[field.key] = value;
  }
  const named = text(p.litellm_credential_name);
  const draft = {
    providerFlowId: flow.id,
    alias: spec.model_name,
    upstreamModel: String(p.model),
    mode,
    credentialMode: named ? "named" : "inline",
    credentialName: named,
    params,
    limits: { rpm: p.rpm, tpm: p.tpm, timeout: p.timeout, maxRetries: p.max_retries },
    pricing: { inputCostPerToken: p.input_cost_per_token, outputCostPerToken: p.output_cost_per_token },
    outputVectorSize: p.output_vector_size ?? spec.model_info.output_vector_size,
    dimensions: p.dimensions,
    teamId: text(spec.model_info.team_id),
  };
  const out: PlanFinding[] = [];
  const parsed = draftSchemaFor(providerFields).safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      out.push({ severity: "block", rule: "invalid", message: issue.message, path: filePath(spec, issue.path, flow) });
    }
  }
  for (const w of draftWarnings(draft as never, flow)) out.push({ severity: "warn", rule: "advice", message: w.message, path: filePath(spec, w.path, flow) });
  // Keep one message per path and text (the schema and the flow can say the same thing).
  const seen = new Set<string>();
  return out.filter((f) => {
    const k = `${f.severity}|${f.path}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function fromAliasFinding(f: Finding, spec?: DeploymentSpec): PlanFinding {
  const at = CANDIDATE_FIELD_OF_RULE[f.rule];
  return { severity: f.severity, rule: f.rule, message: f.message, fix: f.fix, ...(spec ? { path: filePath(spec, [at ?? "alias"]) } : {}) };
}

// ---------- the plan ----------

export async function buildPlan(inputs: PlanInputs): Promise<PlanResult> {
  const { parsed, live } = inputs;
  const fromConfig = live.deployments.filter((d) => d.model_info.db_model === false).length;
  const plan: ConfigPlan = {
    format: parsed.format,
    source: inputs.source,
    prune: inputs.prune,
    items: [],
    summary: { add: 0, change: 0, remove: 0, unchanged: 0, blocked: 0, confirm: 0 },
    issues: parsed.issues,
    notes: [...parsed.notes],
    skipped: [],
    notInFile: 0,
    live: { deployments: live.deployments.length, fromConfig, fromDb: live.deployments.length - fromConfig, calls: live.calls, pagedBy: live.pagedBy },
  };
  const writes = new Map<string, WriteOp>();
  if (parsed.issues.length > 0) return { plan, writes };

  const index: CheckIndex | null = inputs.checkIndex
    ? inputs.checkIndex
    : inputs.consumers
    ? live.indexed
      ? indexFromIndexed(inputs.consumers, live.indexed)
      : indexFrom(inputs.consumers, live.deployments)
    : null;
  if (!index && parsed.deployments.length > 0) {
    plan.skipped.push("Alias checks against the consumer registry (kind, dimension, required aliases): no console database (set DATABASE_URL or PGLITE_DIR).");
  }
  if (!inputs.credentialNames && parsed.deployments.some((d) => d.litellm_params.litellm_credential_name)) {
    plan.skipped.push("Credential existence: LiteLLM did not list its credentials.");
  }

  const byId = new Map<string, LiteLLMDeployment>();
  const byKey = new Map<string, LiteLLMDeployment[]>();
  for (const d of live.deployments) {
    byId.set(d.model_info.id, d);
    const k = matchKey(d);
    const list = byKey.get(k);
    if (list) list.push(d);
    else byKey.set(k, [d]);
  }
  const claimed = new Set<string>();
  const verdicts = new Map<string, Promise<SsrfVerdict>>();
  const guard = (raw: string) => {
    let v = verdicts.get(raw);
    if (!v) verdicts.set(raw, (v = inputs.checkApiBase(raw)));
    return v;
  };

  for (const spec of parsed.deployments) {
    const wantedId = text(spec.model_info.id);
    let current: LiteLLMDeployment | undefined;
    if (wantedId) current = byId.get(wantedId);
    else current = (byKey.get(matchKey(spec)) ?? []).find((d) => !claimed.has(d.model_info.id));
    if (current) claimed.add(current.model_info.id);

    const { mode, inferred } = modeOf(spec, current);
    const findings: PlanFinding[] = [];
    // The wizard's rules judge what would be written: an unchanged deployment is not re-validated.
    const judge = () => {
      findings.unshift(...wizardFindings(spec, mode, inputs.providerFields));
      if (inferred && !current) {
        findings.push({ severity: "warn", rule: "mode_inferred", message: `No model_info.mode: planned as ${mode} (health checks and the alias rules need it). Set it explicitly.`, path: `${spec.origin}.model_info.mode` });
      }
    };

    // The SSRF guard on every api_base; only the normalised URL it checked is ever sent.
    const params: Record<string, unknown> & { model: string } = { ...spec.litellm_params };
    const apiBase = params.api_base;
    if (typeof apiBase === "string" && apiBase.trim() && !isEnvRef(apiBase)) {
      const verdict = await guard(apiBase.trim());
      if (verdict.ok) params.api_base = verdict.normalised;
      else findings.push({ severity: "block", rule: "ssrf", message: `api_base refused before any request was sent: ${verdict.reason}`, path: filePath(spec, ["params", "api_base"]) });
    }

    const credential = text(params.litellm_credential_name);
    if (credential && inputs.credentialNames && !inputs.credentialNames.has(credential)) {
      findings.push({
        severity: "block",
        rule: "credential_missing",
        message: `The file references credential ${credential}, which the proxy does not have. Gatehouse never invents credentials: create it under Credentials first.`,
        path: filePath(spec, ["credentialName"]),
      });
    }

    const item: PlanItem = {
      key: `deployment:${spec.origin}`,
      kind: "deployment",
      action: "unchanged",
      intended: "unchanged",
      name: spec.model_name,
      origin: spec.origin,
      model: params.model,
      changes: [],
      findings,
      needsConfirmation: false,
    };
    const outputVectorSize = positiveInt(params.output_vector_size) ?? positiveInt(spec.model_info.output_vector_size);
    const candidate = {
      alias: spec.model_name,
      mode,
      baseModel: resolveModelName(flowForParams(params) ?? { acceptedPrefixes: [""], modelPrefix: "" } as unknown as ProviderFlow, params.model, mode),
      ...(mode === "embedding" && outputVectorSize ? { outputVectorSize } : {}),
      ...(mode === "embedding" && positiveInt(params.dimensions) ? { dimensions: positiveInt(params.dimensions) } : {}),
      ...(text(spec.model_info.team_id) ? { teamId: text(spec.model_info.team_id) } : {}),
    };

    if (!current) {
      judge();
      item.intended = "add";
      const info: Record<string, unknown> = { ...spec.model_info, mode, [SOURCE_KEY]: inputs.source };
      if (mode === "embedding" && outputVectorSize) info.output_vector_size = outputVectorSize;
      if (wantedId) info.id = wantedId;
      else delete info.id;
      item.changes = Object.keys(params)
        .sort()
        .map((k) => ({ field: `litellm_params.${k}`, after: maskOne(k, params[k]) }));
      for (const k of Object.keys(info).sort()) if (k !== SOURCE_KEY && k !== "id") item.changes.push({ field: `model_info.${k}`, after: info[k] });
      if (index) findings.push(...checkCandidate(candidate, index).map((f) => fromAliasFinding(f, spec)));
      writes.set(item.key, { op: "create", body: { model_name: spec.model_name, litellm_params: params, model_info: info } });
    } else {
      item.deploymentId = current.model_info.id;
      const liveParams = current.litellm_params as Record<string, unknown>;
      const set: Record<string, unknown> = {};
      const clear: string[] = [];
      for (const [key, value] of Object.entries(params)) {
        if (isSecretParam(key)) continue; // LiteLLM never returns secrets: they are sent when adding, not compared
        const before = key === "api_base" ? normaliseUrl(liveParams[key]) : liveParams[key];
        if (!same(before, value)) {
          set[key] = value;
          item.changes.push({ field: `litellm_params.${key}`, before: maskOne(key, before), after: maskOne(key, value) });
        }
      }
      for (const [key, before] of Object.entries(liveParams)) {
        if (key in params || isSecretParam(key) || isUnset(before)) continue;
        clear.push(key);
        item.changes.push({ field: `litellm_params.${key}`, before: maskOne(key, before), after: undefined });
      }
      const info: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(spec.model_info)) {
        if (key === "id" || key === SOURCE_KEY) continue;
        if (!same(current.model_info[key], value)) {
          info[key] = value;
          item.changes.push({ field: `model_info.${key}`, before: current.model_info[key] ?? undefined, after: value });
        }
      }
      const rename = wantedId && current.model_name !== spec.model_name ? spec.model_name : undefined;
      if (rename) item.changes.unshift({ field: "model_name", before: current.model_name, after: rename });
      if (item.changes.length > 0) {
        judge();
        item.intended = "change";
        if (current.model_info.db_model === false) {
          findings.push({
            severity: "block",
            rule: "config_read_only",
            message: `${current.model_name} (${current.model_info.id}) is defined in LiteLLM's own config.yaml and is read-only through its API; change it in that file.`,
            path: spec.origin,
          });
        }
        if (index) {
          if (rename) findings.push(...checkRemoval({ deploymentId: current.model_info.id, kind: "rename", newAlias: rename }, index).map((f) => fromAliasFinding(f, spec)));
          const judged = rename || "mode" in info || "output_vector_size" in info || "output_vector_size" in set || "dimensions" in set;
          if (judged) findings.push(...checkCandidate({ ...candidate, replacingDeploymentId: current.model_info.id }, index).map((f) => fromAliasFinding(f, spec)));
        }
        if (current.model_info[SOURCE_KEY] !== inputs.source) info[SOURCE_KEY] = inputs.source;
        writes.set(item.key, {
          op: "update",
          id: current.model_info.id,
          body: {
            ...(rename ? { model_name: rename } : {}),
            ...(Object.keys(set).length ? { litellm_params: set } : {}),
            ...(Object.keys(info).length ? { model_info: info } : {}),
            ...(clear.length ? { clear } : {}),
          },
        });
      } else {
        // Nothing would be written, so nothing to judge.
        item.findings = [];
      }
    }
    plan.items.push(item);
  }

  // Live deployments this source manages that the file no longer lists.
  const managed = live.deployments
    .filter((d) => d.model_info[SOURCE_KEY] === inputs.source && !claimed.has(d.model_info.id))
    .sort((a, b) => (a.model_name < b.model_name ? -1 : a.model_name > b.model_name ? 1 : a.model_info.id < b.model_info.id ? -1 : 1));
  if (inputs.prune) {
    for (const d of managed) {
      const item: PlanItem = {
        key: `remove:${d.model_info.id}`,
        kind: "deployment",
        action: "remove",
        intended: "remove",
        name: d.model_name,
        deploymentId: d.model_info.id,
        model: String(d.litellm_params.model ?? ""),
        changes: [],
        findings: index ? checkRemoval({ deploymentId: d.model_info.id, kind: "delete" }, index).map((f) => fromAliasFinding(f)) : [],
        needsConfirmation: false,
      };
      writes.set(item.key, { op: "delete", id: d.model_info.id });
      plan.items.push(item);
    }
  } else plan.notInFile = managed.length;

  planTeams(parsed, inputs.teams ?? [], live.deployments, plan, writes);

  for (const c of parsed.credentials) {
    const exists = inputs.credentialNames?.has(c.credential_name);
    plan.items.push({
      key: `credential:${c.credential_name}`,
      kind: "credential",
      action: exists === false ? "blocked" : "unchanged",
      intended: "unchanged",
      name: c.credential_name,
      origin: c.origin,
      changes: [],
      findings:
        exists === false
          ? [{ severity: "block", rule: "credential_missing", message: `Credential ${c.credential_name} is not on the proxy. Gatehouse never creates credentials from a file (its values are references); create it under Credentials.`, path: c.origin }]
          : [],
      needsConfirmation: false,
    });
  }

  for (const item of plan.items) {
    const blocks = item.findings.some((f) => f.severity === "block");
    item.needsConfirmation = !blocks && item.intended !== "unchanged" && item.findings.some((f) => f.severity === "confirm");
    if (blocks) item.action = "blocked";
    else item.action = item.intended;
    if (item.action === "blocked") writes.delete(item.key);
  }
  plan.summary = summarise(plan.items);
  return { plan, writes };
}

export function summarise(items: PlanItem[]): ConfigPlan["summary"] {
  const summary = { add: 0, change: 0, remove: 0, unchanged: 0, blocked: 0, confirm: 0 };
  for (const item of items) {
    summary[item.action]++;
    if (item.needsConfirmation) summary.confirm++;
  }
  return summary;
}

/** 0 nothing to change, 2 changes, 1 errors or blocking findings: what `gatehouse config plan` exits with. */
export function planExitCode(plan: ConfigPlan): 0 | 1 | 2 {
  if (plan.issues.length > 0 || plan.summary.blocked > 0) return 1;
  return plan.summary.add + plan.summary.change + plan.summary.remove > 0 ? 2 : 0;
}

export const OWN_INFO_KEYS = OWN_MODEL_INFO_KEYS;

const TEAM_FIELDS = ["team_alias", "models", "max_budget", "budget_duration", "tpm_limit", "rpm_limit", "blocked"] as const;

/** Operator Team resources: matched by teamID, else by alias; added or changed field by field (never removed). */
function planTeams(parsed: ParsedConfig, live: LiveTeam[], deployments: LiteLLMDeployment[], plan: ConfigPlan, writes: Map<string, WriteOp>): void {
  if (parsed.teams.length === 0) return;
  const aliases = new Set(deployments.map((d) => d.model_name));
  for (const team of parsed.teams) {
    const findings: PlanFinding[] = [];
    let current: LiveTeam | undefined;
    if (team.team_id) current = live.find((t) => t.team_id === team.team_id);
    else {
      const named = live.filter((t) => t.team_alias === team.team_alias);
      if (named.length > 1) findings.push({ severity: "block", rule: "team_ambiguous", message: `${named.length} teams are called ${team.team_alias}; set spec.teamID to say which one.`, path: `${team.origin}.spec.teamID` });
      current = named[0];
    }
    const unknown = team.models.filter((m) => m !== "all-proxy-models" && !aliases.has(m));
    if (unknown.length > 0) findings.push({ severity: "warn", rule: "team_models_unknown", message: `No deployment serves ${unknown.join(", ")} yet.`, path: `${team.origin}.spec.models` });
    const wanted: Record<string, unknown> = { team_alias: team.team_alias, models: team.models };
    for (const key of ["max_budget", "budget_duration", "tpm_limit", "rpm_limit", "blocked"] as const) if (team[key] !== undefined) wanted[key] = team[key];
    const item: PlanItem = { key: `team:${team.origin}`, kind: "team", action: "unchanged", intended: "unchanged", name: team.team_alias, origin: team.origin, changes: [], findings, needsConfirmation: false };
    if (!current) {
      item.intended = "add";
      item.changes = Object.keys(wanted).map((k) => ({ field: k, after: wanted[k] }));
      writes.set(item.key, { op: "team_create", body: { ...wanted, ...(team.team_id ? { team_id: team.team_id } : {}), team_alias: team.team_alias } });
    } else {
      item.deploymentId = current.team_id;
      const set: Record<string, unknown> = {};
      for (const key of TEAM_FIELDS) {
        if (!(key in wanted)) continue;
        const before = key === "models" ? [...(current.models ?? [])].sort() : (current[key] ?? undefined);
        if (!same(before ?? null, wanted[key] ?? null)) {
          set[key] = wanted[key];
          item.changes.push({ field: key, before, after: wanted[key] });
        }
      }
      if (item.changes.length > 0) {
        item.intended = "change";
        writes.set(item.key, { op: "team_update", body: { team_id: current.team_id, ...set } });
      } else item.findings = [];
    }
    plan.items.push(item);
  }
}
