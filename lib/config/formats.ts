// Reading and writing the three config-as-code formats: LiteLLM config.yaml, operator resources, Gatehouse bundle.
// Pure (no I/O): the CLI, the /config page and the tests share it.
import { Document, stringify } from "yaml";

import type { ConsumerAlias } from "@/lib/aliases/checks";
import { parseRegistryValue } from "@/lib/aliases/registry-format";
import { bindingsFileSchema } from "@/lib/auth/bindings-file";
import type { GroupBinding } from "@/lib/auth/group-mapping";

import { FORBIDDEN_NAME_MESSAGE, hasForbiddenNameChars, MAX_NAME_LENGTH, MAX_SECRET_LENGTH } from "@/lib/limits";

import { parseYamlDocuments, YamlInputError } from "./safe-yaml";
import {
  camelToSnake,
  envToken,
  expectedSecretKeys,
  isEnvRef,
  isPlainObject,
  isSecretParam,
  normaliseUrl,
  ordered,
  snakeToCamel,
  SOURCE_KEY,
  type BundleSpec,
  type ConfigFormat,
  type ConfigIssue,
  type CredentialSpec,
  type DeploymentSpec,
  type ParsedConfig,
  type TeamPolicySpec,
  type TeamSpec,
} from "./spec";

export { MAX_NAME_LENGTH };
export const MAX_VALUE_LENGTH = MAX_SECRET_LENGTH;

// ---------- detection ----------

export function detectFormat(docs: unknown[]): ConfigFormat | undefined {
  const first = docs.find((d) => d != null);
  if (!isPlainObject(first)) return undefined;
  if (first.kind === "Bundle" || "consumerAliases" in first || "teamPolicies" in first || "groupBindings" in first) return "bundle";
  if (typeof first.apiVersion === "string" || typeof first.kind === "string") return "operator";
  return "litellm-config";
}

function empty(format: ConfigFormat): ParsedConfig {
  return { format, deployments: [], credentials: [], teams: [], bundle: null, notes: [], issues: [] };
}

/**
 * Parses any of the three formats ("auto" detects). Every problem is an issue with a path; a file with issues is
 * never planned. Throws nothing for bad input.
 */
export function parseConfigText(text: string, format: ConfigFormat | "auto" = "auto"): ParsedConfig {
  let docs: unknown[];
  try {
    docs = parseYamlDocuments(text);
  } catch (error) {
    if (error instanceof YamlInputError) return { ...empty(format === "auto" ? "litellm-config" : format), issues: error.issues };
    throw error;
  }
  const detected = format === "auto" ? detectFormat(docs) : format;
  if (!detected) {
    return { ...empty("litellm-config"), issues: [{ path: "", message: "The file is empty or not a mapping: expected a config.yaml (model_list), operator resources (apiVersion/kind) or a Gatehouse bundle." }] };
  }
  if (detected === "operator") return parseOperator(docs);
  const nonEmpty = docs.filter((d) => d != null);
  if (nonEmpty.length > 1) {
    return { ...empty(detected), issues: [{ path: "", message: `A ${detected === "bundle" ? "bundle" : "config.yaml"} is one YAML document; this file has ${nonEmpty.length}.` }] };
  }
  return detected === "bundle" ? parseBundle(nonEmpty[0]) : parseLiteLLMConfig(nonEmpty[0]);
}

// ---------- value checks shared by every format ----------

const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function checkName(value: unknown, path: string, issues: ConfigIssue[], what = "a name"): string | undefined {
  if (typeof value !== "string" || !value.trim()) {
    issues.push({ path, message: value == null ? "required" : `must be ${what} (text)` });
    return undefined;
  }
  if (value.length > MAX_NAME_LENGTH) issues.push({ path, message: `is ${value.length} characters; the limit is ${MAX_NAME_LENGTH}` });
  else if (hasForbiddenNameChars(value)) issues.push({ path, message: `${FORBIDDEN_NAME_MESSAGE} (and line breaks)` });
  else return value.trim();
  return undefined;
}

function checkValues(value: unknown, path: string, issues: ConfigIssue[], depth = 0): void {
  if (depth > 8) {
    issues.push({ path, message: "is nested too deeply" });
    return;
  }
  if (typeof value === "string") {
    if (value.length > MAX_VALUE_LENGTH) issues.push({ path, message: `is ${value.length} characters; the limit is ${MAX_VALUE_LENGTH}` });
    else if (CONTROL_RE.test(value)) issues.push({ path, message: "must not contain control characters" });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkValues(v, `${path}[${i}]`, issues, depth + 1));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) checkValues(v, `${path}.${k}`, issues, depth + 1);
  }
}

const PARAM_KEY_RE = /^[a-z][a-z0-9_]*$/;
const PARAM_TYPOS: Record<string, string> = { api_url: "api_base", base_url: "api_base", apibase: "api_base", key: "api_key", version: "api_version" };

function checkParamKeys(obj: Record<string, unknown>, path: string, issues: ConfigIssue[]): void {
  for (const key of Object.keys(obj)) {
    if (!PARAM_KEY_RE.test(key)) {
      const snake = camelToSnake(key);
      issues.push({ path: `${path}.${key}`, message: snake !== key && PARAM_KEY_RE.test(snake) ? `unknown field (did you mean ${snake}?)` : "unknown field (LiteLLM keys are snake_case)" });
    } else if (PARAM_TYPOS[key]) {
      issues.push({ path: `${path}.${key}`, message: `unknown field (did you mean ${PARAM_TYPOS[key]}?)` });
    }
  }
}

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string, issues: ConfigIssue[], hints: Record<string, string> = {}): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const hint = hints[key] ?? allowed.find((a) => a === camelToSnake(key) || a === snakeToCamel(key));
    issues.push({ path: path ? `${path}.${key}` : key, message: hint ? `unknown field (did you mean ${hint}?)` : "unknown field" });
  }
}

/** Operator cost fields are strings in the CRD; config.yaml costs are numbers. Both plan as numbers. */
function numericCosts(params: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(params)) {
    if (/cost_per|_budget$/.test(key) && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) params[key] = Number(value);
  }
}

function deploymentFrom(origin: string, modelName: unknown, params: unknown, info: unknown, issues: ConfigIssue[], paths: { name: string; params: string; info: string }): DeploymentSpec | undefined {
  const before = issues.length;
  const name = checkName(modelName, paths.name, issues, "the public alias");
  if (!isPlainObject(params)) {
    issues.push({ path: paths.params, message: params == null ? "required (a mapping with at least model)" : "must be a mapping" });
    return undefined;
  }
  if (info != null && !isPlainObject(info)) issues.push({ path: paths.info, message: "must be a mapping" });
  checkParamKeys(params, paths.params, issues);
  if (isPlainObject(info)) checkParamKeys(info, paths.info, issues);
  const model = checkName(params.model, `${paths.params}.model`, issues, "the upstream model (e.g. openai/gpt-4o)");
  checkValues(params, paths.params, issues);
  if (isPlainObject(info)) checkValues(info, paths.info, issues);
  if (issues.length > before || !name || !model) return undefined;
  const litellmParams = { ...params, model } as DeploymentSpec["litellm_params"];
  numericCosts(litellmParams);
  const modelInfo = { ...(isPlainObject(info) ? info : {}) };
  delete modelInfo[SOURCE_KEY];
  return { origin, model_name: name, litellm_params: litellmParams, model_info: modelInfo };
}

// ---------- LiteLLM config.yaml ----------

const CONFIG_SECTIONS = ["model_list", "credential_list"] as const;
/** Sections LiteLLM reads that Gatehouse does not plan: noted, never an error. */
const OTHER_CONFIG_SECTIONS = [
  "litellm_settings",
  "general_settings",
  "router_settings",
  "environment_variables",
  "guardrails",
  "mcp_servers",
  "include",
  "callback_settings",
  "vector_store_registry",
  "search_tools",
  "prompts",
  "model_group_alias",
  "files_settings",
  "finetune_settings",
  "assistant_settings",
  "pass_through_endpoints",
];

export function parseLiteLLMConfig(doc: unknown): ParsedConfig {
  const out = empty("litellm-config");
  if (!isPlainObject(doc)) {
    out.issues.push({ path: "", message: "A config.yaml is a mapping with model_list (and optionally credential_list)." });
    return out;
  }
  for (const key of Object.keys(doc)) {
    if ((CONFIG_SECTIONS as readonly string[]).includes(key)) continue;
    if (OTHER_CONFIG_SECTIONS.includes(key)) out.notes.push(`${key}: not planned (Gatehouse plans model_list and credential_list); left as it is.`);
    else unknownKeys({ [key]: doc[key] }, [...CONFIG_SECTIONS, ...OTHER_CONFIG_SECTIONS], "", out.issues, { models: "model_list", modelList: "model_list", credentials: "credential_list" });
  }
  if (doc.model_list != null && !Array.isArray(doc.model_list)) out.issues.push({ path: "model_list", message: "must be a list of deployments" });
  (Array.isArray(doc.model_list) ? doc.model_list : []).forEach((entry, i) => {
    const at = `model_list[${i}]`;
    if (!isPlainObject(entry)) {
      out.issues.push({ path: at, message: "each deployment is a mapping with model_name and litellm_params" });
      return;
    }
    unknownKeys(entry, ["model_name", "litellm_params", "model_info"], at, out.issues, { name: "model_name", modelName: "model_name", params: "litellm_params", litellmParams: "litellm_params", info: "model_info" });
    const d = deploymentFrom(at, entry.model_name, entry.litellm_params, entry.model_info, out.issues, {
      name: `${at}.model_name`,
      params: `${at}.litellm_params`,
      info: `${at}.model_info`,
    });
    if (d) out.deployments.push(d);
  });
  if (doc.credential_list != null && !Array.isArray(doc.credential_list)) out.issues.push({ path: "credential_list", message: "must be a list of credentials" });
  (Array.isArray(doc.credential_list) ? doc.credential_list : []).forEach((entry, i) => {
    const at = `credential_list[${i}]`;
    if (!isPlainObject(entry)) {
      out.issues.push({ path: at, message: "each credential is a mapping with credential_name and credential_values" });
      return;
    }
    unknownKeys(entry, ["credential_name", "credential_values", "credential_info"], at, out.issues);
    const name = checkName(entry.credential_name, `${at}.credential_name`, out.issues);
    const values = entry.credential_values ?? {};
    const info = entry.credential_info ?? {};
    if (!isPlainObject(values)) out.issues.push({ path: `${at}.credential_values`, message: "must be a mapping" });
    if (!isPlainObject(info)) out.issues.push({ path: `${at}.credential_info`, message: "must be a mapping" });
    checkValues(values, `${at}.credential_values`, out.issues);
    if (name && isPlainObject(values) && isPlainObject(info)) out.credentials.push({ origin: at, credential_name: name, credential_values: values, credential_info: info });
  });
  duplicateIds(out);
  return out;
}

function duplicateIds(out: ParsedConfig): void {
  const seen = new Map<string, string>();
  for (const d of out.deployments) {
    const id = typeof d.model_info.id === "string" ? d.model_info.id : undefined;
    if (!id) continue;
    const earlier = seen.get(id);
    if (earlier) out.issues.push({ path: `${d.origin}.model_info.id`, message: `duplicate of ${earlier} (the same deployment id twice)` });
    else seen.set(id, d.origin);
  }
  const names = new Map<string, string>();
  for (const c of out.credentials) {
    const earlier = names.get(c.credential_name);
    if (earlier) out.issues.push({ path: `${c.origin}.credential_name`, message: `duplicate of ${earlier}` });
    else names.set(c.credential_name, c.origin);
  }
}

// ---------- operator resources ----------

export const MODEL_API_VERSION = "litellm.litellm.ai/v1alpha1";
export const TEAM_API_VERSION = "auth.litellm.ai/v1alpha1";
const MODEL_SPEC_FIELDS = ["modelName", "litellmParams", "modelInfo", "connectionRef", "modelSecretRef"] as const;
const TEAM_SPEC_FIELDS = [
  "teamAlias",
  "teamID",
  "models",
  "maxBudget",
  "budgetDuration",
  "tpmLimit",
  "rpmLimit",
  "blocked",
  "guardrails",
  "membersWithRole",
  "metadata",
  "modelAliases",
  "organizationID",
  "tags",
  "teamMemberPermissions",
] as const;

function camelKeys(obj: Record<string, unknown>, path: string, issues: ConfigIssue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key.includes("_")) {
      issues.push({ path: `${path}.${key}`, message: `unknown field (operator fields are camelCase: ${snakeToCamel(key)})` });
      continue;
    }
    out[camelToSnake(key)] = value;
  }
  return out;
}

export function parseOperator(docs: unknown[]): ParsedConfig {
  const out = empty("operator");
  const secrets = new Map<string, string[]>();
  const models: { at: string; doc: Record<string, unknown> }[] = [];
  docs.forEach((doc, i) => {
    if (doc == null) return;
    const at0 = `document ${i + 1}`;
    if (!isPlainObject(doc)) {
      out.issues.push({ path: at0, message: "each document must be a Kubernetes resource (apiVersion, kind, metadata, spec)" });
      return;
    }
    const kind = typeof doc.kind === "string" ? doc.kind : "";
    const name = isPlainObject(doc.metadata) && typeof doc.metadata.name === "string" ? doc.metadata.name : "";
    const at = `${kind || "?"}/${name || `#${i + 1}`}`;
    if (!kind || typeof doc.apiVersion !== "string") {
      out.issues.push({ path: at0, message: "apiVersion and kind are required" });
      return;
    }
    if (doc.apiVersion === "v1" && kind === "Secret") {
      const data = { ...(isPlainObject(doc.stringData) ? doc.stringData : {}), ...(isPlainObject(doc.data) ? doc.data : {}) };
      secrets.set(name, Object.keys(data).sort());
      out.notes.push(`${at}: a Secret; its values are never read. Its keys (${Object.keys(data).sort().join(", ") || "none"}) become os.environ/ references.`);
      return;
    }
    if (doc.apiVersion === MODEL_API_VERSION && kind === "Model") {
      models.push({ at, doc });
      return;
    }
    if (doc.apiVersion === TEAM_API_VERSION && kind === "Team") {
      const team = parseTeam(at, doc, out.issues);
      if (team) out.teams.push(team);
      return;
    }
    out.notes.push(`${at} (${doc.apiVersion}): skipped; Gatehouse plans ${MODEL_API_VERSION} Model and ${TEAM_API_VERSION} Team resources only.`);
  });
  for (const { at, doc } of models) {
    unknownKeys(doc, ["apiVersion", "kind", "metadata", "spec", "status"], at, out.issues);
    const spec = doc.spec;
    if (!isPlainObject(spec)) {
      out.issues.push({ path: `${at}.spec`, message: "required" });
      continue;
    }
    unknownKeys(spec, MODEL_SPEC_FIELDS, `${at}.spec`, out.issues, { model_name: "modelName", litellm_params: "litellmParams", model_info: "modelInfo" });
    const ref = spec.connectionRef;
    if (!isPlainObject(ref) || (!isPlainObject(ref.instanceRef) && !isPlainObject(ref.secretRef))) {
      out.issues.push({ path: `${at}.spec.connectionRef`, message: "required: instanceRef (a LiteLLMInstance) or secretRef" });
    }
    const params = isPlainObject(spec.litellmParams) ? camelKeys(spec.litellmParams, `${at}.spec.litellmParams`, out.issues) : spec.litellmParams;
    const info = isPlainObject(spec.modelInfo) ? camelKeys(spec.modelInfo, `${at}.spec.modelInfo`, out.issues) : spec.modelInfo;
    if (isPlainObject(info)) delete info.db_model;
    const modelName = spec.modelName ?? (isPlainObject(doc.metadata) ? doc.metadata.name : undefined);
    const d = deploymentFrom(at, modelName, params, info, out.issues, {
      name: `${at}.spec.modelName`,
      params: `${at}.spec.litellmParams`,
      info: `${at}.spec.modelInfo`,
    });
    if (!d) continue;
    const secretName = isPlainObject(spec.modelSecretRef) && typeof spec.modelSecretRef.secretName === "string" ? spec.modelSecretRef.secretName : undefined;
    if (secretName) {
      // The operator fills these from the Secret; Gatehouse sends references LiteLLM resolves from its environment.
      const keys = secrets.get(secretName) ?? expectedSecretKeys(d.litellm_params);
      for (const key of keys) {
        const param = camelToSnake(key);
        if (d.litellm_params[param] == null) d.litellm_params[param] = `os.environ/${envToken(secretName)}_${envToken(param)}`;
      }
    }
    out.deployments.push(d);
  }
  duplicateIds(out);
  return out;
}

function parseTeam(at: string, doc: Record<string, unknown>, issues: ConfigIssue[]): TeamSpec | undefined {
  unknownKeys(doc, ["apiVersion", "kind", "metadata", "spec", "status"], at, issues);
  const spec = doc.spec;
  if (!isPlainObject(spec)) {
    issues.push({ path: `${at}.spec`, message: "required" });
    return undefined;
  }
  const before = issues.length;
  unknownKeys(spec, TEAM_SPEC_FIELDS, `${at}.spec`, issues, { team_alias: "teamAlias", team_id: "teamID", teamId: "teamID" });
  checkValues(spec, `${at}.spec`, issues);
  const alias = checkName(spec.teamAlias, `${at}.spec.teamAlias`, issues, "the team alias");
  const team: TeamSpec = { origin: at, team_alias: alias ?? "", models: [] };
  if (spec.teamID != null) team.team_id = checkName(spec.teamID, `${at}.spec.teamID`, issues, "a team id");
  if (spec.models != null) {
    if (!Array.isArray(spec.models) || spec.models.some((m) => typeof m !== "string")) issues.push({ path: `${at}.spec.models`, message: "must be a list of model names" });
    else team.models = [...new Set(spec.models as string[])].sort();
  }
  if (spec.maxBudget != null) {
    const n = Number(spec.maxBudget);
    if (!Number.isFinite(n) || n < 0) issues.push({ path: `${at}.spec.maxBudget`, message: "must be a non-negative amount" });
    else team.max_budget = n;
  }
  for (const [field, key] of [
    ["tpmLimit", "tpm_limit"],
    ["rpmLimit", "rpm_limit"],
  ] as const) {
    const v = spec[field];
    if (v == null) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) issues.push({ path: `${at}.spec.${field}`, message: "must be a whole number" });
    else team[key] = v;
  }
  if (spec.budgetDuration != null) {
    if (typeof spec.budgetDuration !== "string" || !/^\d+(s|m|h|d|mo)$/.test(spec.budgetDuration)) issues.push({ path: `${at}.spec.budgetDuration`, message: 'must be a duration such as "30d" or "1mo"' });
    else team.budget_duration = spec.budgetDuration;
  }
  if (spec.blocked != null) {
    if (typeof spec.blocked !== "boolean") issues.push({ path: `${at}.spec.blocked`, message: "must be true or false" });
    else team.blocked = spec.blocked;
  }
  return issues.length > before ? undefined : team;
}

// ---------- Gatehouse bundle ----------

export const BUNDLE_API_VERSION = "gatehouse/v1";
const BUNDLE_FIELDS = ["apiVersion", "kind", "consumerAliases", "teamPolicies", "groupBindings"] as const;
const POLICY_FIELDS = ["teamId", "maxKeyBudgetUsd", "maxKeyDurationDays", "allowedModels", "maxActiveKeysPerMember", "membersCanIssue", "defaultBudgetPeriod"] as const;

export function parseBundle(doc: unknown): ParsedConfig {
  const out = empty("bundle");
  if (!isPlainObject(doc)) {
    out.issues.push({ path: "", message: "A bundle is a mapping with consumerAliases, teamPolicies and groupBindings." });
    return out;
  }
  unknownKeys(doc, BUNDLE_FIELDS, "", out.issues, { consumer_aliases: "consumerAliases", team_policies: "teamPolicies", group_bindings: "groupBindings" });
  if (doc.apiVersion != null && doc.apiVersion !== BUNDLE_API_VERSION) out.issues.push({ path: "apiVersion", message: `must be ${BUNDLE_API_VERSION}` });
  if (doc.kind != null && doc.kind !== "Bundle") out.issues.push({ path: "kind", message: "must be Bundle" });
  const bundle: BundleSpec = {
    consumerAliases: [],
    teamPolicies: [],
    groupBindings: [],
    sections: { consumerAliases: doc.consumerAliases != null, teamPolicies: doc.teamPolicies != null, groupBindings: doc.groupBindings != null },
  };
  if (doc.consumerAliases != null) {
    const parsed = parseRegistryValue(doc.consumerAliases, "consumerAliases");
    out.issues.push(...parsed.errors);
    bundle.consumerAliases = parsed.records;
  }
  if (doc.teamPolicies != null) {
    if (!Array.isArray(doc.teamPolicies)) out.issues.push({ path: "teamPolicies", message: "must be a list of team policies" });
    else
      doc.teamPolicies.forEach((raw, i) => {
        const p = parsePolicy(raw, `teamPolicies[${i}]`, out.issues);
        if (p) bundle.teamPolicies.push(p);
      });
    const seen = new Set<string>();
    for (const p of bundle.teamPolicies) {
      if (seen.has(p.teamId)) out.issues.push({ path: "teamPolicies", message: `team ${p.teamId} is listed twice` });
      seen.add(p.teamId);
    }
  }
  if (doc.groupBindings != null) {
    const parsed = bindingsFileSchema.safeParse(doc.groupBindings);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.code === "unrecognized_keys" ? `.${issue.keys[0]}` : "";
        out.issues.push({ path: `groupBindings${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}${key}`, message: issue.message });
      }
    } else {
      const g = parsed.data;
      bundle.groupBindings = [
        ...(g.adminGroups ?? []).map((group): GroupBinding => ({ group, kind: "admin", teamId: null, teamRole: null })),
        ...(g.viewerGroups ?? []).map((group): GroupBinding => ({ group, kind: "viewer", teamId: null, teamRole: null })),
        ...(g.teamBindings ?? []).map((t): GroupBinding => ({ group: t.group, kind: "team", teamId: t.teamId, teamRole: t.role })),
      ];
    }
  }
  out.bundle = bundle;
  return out;
}

function parsePolicy(raw: unknown, at: string, issues: ConfigIssue[]): TeamPolicySpec | undefined {
  if (!isPlainObject(raw)) {
    issues.push({ path: at, message: "each team policy is a mapping with teamId and its caps" });
    return undefined;
  }
  const before = issues.length;
  unknownKeys(raw, POLICY_FIELDS, at, issues);
  const teamId = checkName(raw.teamId, `${at}.teamId`, issues, "a team id");
  const num = (key: string, integer: boolean, min: number) => {
    const v = raw[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      issues.push({ path: `${at}.${key}`, message: v == null ? "required" : `must be ${integer ? "a whole number" : "a number"} of at least ${min}` });
      return 0;
    }
    return v;
  };
  const policy: TeamPolicySpec = {
    teamId: teamId ?? "",
    maxKeyBudgetUsd: num("maxKeyBudgetUsd", false, 0),
    maxKeyDurationDays: num("maxKeyDurationDays", true, 1),
    maxActiveKeysPerMember: num("maxActiveKeysPerMember", true, 1),
    allowedModels: [],
    membersCanIssue: false,
    defaultBudgetPeriod: null,
  };
  // An empty list is "all of the team's models" (the policy dialog's explicit choice); leaving it out is an error.
  if (!Array.isArray(raw.allowedModels) || raw.allowedModels.some((m) => typeof m !== "string" || !m.trim())) {
    issues.push({ path: `${at}.allowedModels`, message: "must be a list of model names ([] = all of the team's models)" });
  } else {
    const models = [...new Set((raw.allowedModels as string[]).map((m) => m.trim()))].sort();
    // [all-team-models] says the same as [] (the dialog's spelling); both are stored and exported as [].
    policy.allowedModels = models.includes("all-team-models") ? [] : models;
  }
  if (typeof raw.membersCanIssue !== "boolean") issues.push({ path: `${at}.membersCanIssue`, message: "must be true or false" });
  else policy.membersCanIssue = raw.membersCanIssue;
  if (raw.defaultBudgetPeriod != null) {
    if (raw.defaultBudgetPeriod === "daily" || raw.defaultBudgetPeriod === "weekly" || raw.defaultBudgetPeriod === "monthly") policy.defaultBudgetPeriod = raw.defaultBudgetPeriod;
    else issues.push({ path: `${at}.defaultBudgetPeriod`, message: "must be daily, weekly or monthly (or left out)" });
  }
  return issues.length > before ? undefined : policy;
}

// ---------- export ----------

/** What an export needs from the live proxy: deployments as /model/info shows them (secrets already stripped). */
export interface LiveDeployment {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
}

export interface LiveCredential {
  credential_name: string;
  credential_values?: Record<string, unknown> | null;
  credential_info?: Record<string, unknown> | null;
}

export interface LiveTeam {
  team_id: string;
  team_alias?: string | null;
  models?: string[] | null;
  max_budget?: number | null;
  budget_duration?: string | null;
  tpm_limit?: number | null;
  rpm_limit?: number | null;
  blocked?: boolean | null;
}

export interface ExportResult {
  /** file name → YAML text; one file except for the operator format (resources + kustomization.yaml). */
  files: { name: string; text: string }[];
  /** Environment variables (config.yaml) or Secret keys (operator) to fill before applying; sorted. */
  secretsToFill: string[];
  count: { deployments: number; credentials: number; teams: number; consumerAliases: number; teamPolicies: number; groupBindings: number };
}

/** model_info keys an operator sets; the rest of /model/info's model_info is LiteLLM's cost map merged in. */
export const OWN_MODEL_INFO_KEYS = ["id", "mode", "base_model", "access_groups", "team_id", "team_public_model_name", "description", "tier"];

/**
 * One deployment as a config file states it: litellm_params without nulls (secrets replaced by `os.environ/NAME`),
 * api_base normalised, the operator-set model_info keys only. `secretEnvPrefix` names the variables.
 */
export function exportableDeployment(d: LiveDeployment, secretEnvPrefix: string): { deployment: DeploymentSpec; env: string[] } {
  const env: string[] = [];
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(d.litellm_params)) {
    if (value === null || value === undefined) continue;
    if (isSecretParam(key) && !(typeof value === "string" && isEnvRef(value))) continue;
    params[key] = key === "api_base" ? normaliseUrl(value) : value;
  }
  for (const key of expectedSecretKeys(d.litellm_params)) {
    const current = d.litellm_params[key];
    if (typeof current === "string" && isEnvRef(current)) continue;
    const name = `${secretEnvPrefix}_${envToken(key)}`;
    params[key] = `os.environ/${name}`;
    env.push(name);
  }
  const info: Record<string, unknown> = {};
  for (const key of OWN_MODEL_INFO_KEYS) {
    const value = d.model_info[key];
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value) && value.length === 0) continue;
    info[key] = Array.isArray(value) ? [...value].sort() : value;
  }
  // A declared embedding size lives in litellm_params; model_info's would be the cost map's unless mirrored there.
  if (params.output_vector_size != null) info.output_vector_size = params.output_vector_size;
  // An embedding's size is stated in the file (the wizard's rule), even when LiteLLM only knows it from its cost map.
  else if (info.mode === "embedding" && typeof d.model_info.output_vector_size === "number") info.output_vector_size = d.model_info.output_vector_size;
  return {
    deployment: {
      origin: "",
      model_name: d.model_name,
      litellm_params: ordered(params, ["model"]) as DeploymentSpec["litellm_params"],
      model_info: ordered(info, ["id"]),
    },
    env,
  };
}

/** The ordering rule every export uses: by public alias, then litellm_params.model, then deployment id. */
export function compareDeployments(a: LiveDeployment, b: LiveDeployment): number {
  const key = (d: LiveDeployment) => [d.model_name, String(d.litellm_params.model ?? ""), String(d.model_info.id ?? "")];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! < kb[i]!) return -1;
    if (ka[i]! > kb[i]!) return 1;
  }
  return 0;
}

/** Deployments in export order with their secret-variable prefixes (ALIAS, ALIAS_2, … within one alias). */
function exportables(deployments: LiveDeployment[]): { deployment: DeploymentSpec; env: string[] }[] {
  const sorted = [...deployments].sort(compareDeployments);
  const seen = new Map<string, number>();
  return sorted.map((d) => {
    const n = (seen.get(d.model_name) ?? 0) + 1;
    seen.set(d.model_name, n);
    return exportableDeployment(d, `${envToken(d.model_name)}${n > 1 ? `_${n}` : ""}`);
  });
}

function header(lines: string[]): string {
  return lines.map((l) => (l ? ` ${l}` : "")).join("\n");
}

function secretsHeader(format: string, names: string[]): string[] {
  if (names.length === 0) return [`Exported by Gatehouse (${format}). No secrets to fill.`];
  return [`Exported by Gatehouse (${format}). Secrets are not included; fill these before applying:`, ...names.map((n) => `  ${n}`)];
}

/** LiteLLM's config.yaml: model_list then credential_list, every secret an os.environ/ reference. */
export function exportLiteLLMConfig(input: { deployments: LiveDeployment[]; credentials?: LiveCredential[] }): ExportResult {
  const rows = exportables(input.deployments);
  const env = new Set(rows.flatMap((r) => r.env));
  const modelList = rows.map(({ deployment: d }) => ({ model_name: d.model_name, litellm_params: d.litellm_params, model_info: d.model_info }));
  const credentialList = [...(input.credentials ?? [])]
    .sort((a, b) => (a.credential_name < b.credential_name ? -1 : a.credential_name > b.credential_name ? 1 : 0))
    .map((c) => {
      const values: Record<string, unknown> = {};
      for (const key of Object.keys(c.credential_values ?? {}).sort()) {
        const name = `${envToken(c.credential_name)}_${envToken(key)}`;
        values[key] = `os.environ/${name}`;
        env.add(name);
      }
      const entry: Record<string, unknown> = { credential_name: c.credential_name, credential_values: values };
      const info = ordered({ ...(c.credential_info ?? {}) });
      if (Object.keys(info).length > 0) entry.credential_info = info;
      return entry;
    });
  const body: Record<string, unknown> = { model_list: modelList };
  if (credentialList.length > 0) body.credential_list = credentialList;
  const names = [...env].sort();
  const doc = new Document(body);
  doc.commentBefore = header(secretsHeader("LiteLLM config.yaml", names));
  return {
    files: [{ name: "config.yaml", text: doc.toString({ lineWidth: 0 }) }],
    secretsToFill: names,
    count: { deployments: modelList.length, credentials: credentialList.length, teams: 0, consumerAliases: 0, teamPolicies: 0, groupBindings: 0 },
  };
}

/** Kubernetes object names: lower-case alphanumerics and '-', at most 63 characters. */
export function k8sName(text: string, suffix = ""): string {
  const base = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const tail = suffix ? `-${suffix.toLowerCase().replace(/[^a-z0-9]+/g, "").slice(0, 8)}` : "";
  return `${(base || "model").slice(0, 63 - tail.length).replace(/-+$/, "")}${tail}`;
}

export interface OperatorTarget {
  /** The LiteLLMInstance the Models connect to (connectionRef.instanceRef). */
  instanceName: string;
  namespace: string;
}

function operatorValue(key: string, value: unknown): unknown {
  // The CRD types costs and budgets as strings.
  if (/cost_per|_budget$/.test(key) && typeof value === "number") return String(value);
  return value;
}

/** Multi-document operator resources (Secret templates, Models, Teams) plus a kustomization.yaml. */
export function exportOperator(input: { deployments: LiveDeployment[]; teams?: LiveTeam[]; target: OperatorTarget }): ExportResult {
  const { target } = input;
  const rows = exportables(input.deployments);
  const secretDocs: Record<string, unknown>[] = [];
  const modelDocs: Record<string, unknown>[] = [];
  const toFill: string[] = [];
  for (const { deployment: d } of rows) {
    const id = typeof d.model_info.id === "string" ? d.model_info.id : "";
    const name = k8sName(d.model_name, id);
    const params: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(d.litellm_params)) {
      if (isSecretParam(key)) secretKeys.push(key);
      else params[snakeToCamel(key)] = operatorValue(key, value);
    }
    const info: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(d.model_info)) info[snakeToCamel(key)] = value;
    const spec: Record<string, unknown> = {
      modelName: d.model_name,
      connectionRef: { instanceRef: { name: target.instanceName, namespace: target.namespace } },
      litellmParams: ordered(params, ["model"]),
      modelInfo: ordered(info, ["id"]),
    };
    if (secretKeys.length > 0) {
      const secretName = `${name.slice(0, 56)}-secret`;
      spec.modelSecretRef = { secretName, namespace: target.namespace };
      secretDocs.push({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: secretName, namespace: target.namespace },
        type: "Opaque",
        stringData: Object.fromEntries(secretKeys.sort().map((k) => [k, ""])),
      });
      toFill.push(...secretKeys.map((k) => `${secretName}/${k}`));
    }
    modelDocs.push({ apiVersion: MODEL_API_VERSION, kind: "Model", metadata: { name, namespace: target.namespace }, spec });
  }
  const teamDocs = [...(input.teams ?? [])]
    .sort((a, b) => ((a.team_alias ?? a.team_id) < (b.team_alias ?? b.team_id) ? -1 : (a.team_alias ?? a.team_id) > (b.team_alias ?? b.team_id) ? 1 : a.team_id < b.team_id ? -1 : 1))
    .map((t) => {
      const spec: Record<string, unknown> = { teamAlias: t.team_alias || t.team_id, teamID: t.team_id };
      if (t.models && t.models.length > 0) spec.models = [...t.models].sort();
      if (t.max_budget != null) spec.maxBudget = String(t.max_budget);
      if (t.budget_duration) spec.budgetDuration = t.budget_duration;
      if (t.tpm_limit != null) spec.tpmLimit = t.tpm_limit;
      if (t.rpm_limit != null) spec.rpmLimit = t.rpm_limit;
      if (t.blocked) spec.blocked = true;
      return { apiVersion: TEAM_API_VERSION, kind: "Team", metadata: { name: k8sName(t.team_alias || t.team_id), namespace: target.namespace }, spec };
    });
  // Two teams with one alias would share a resource name: the later ones get their id appended.
  const taken = new Set<string>();
  for (const doc of teamDocs) {
    const meta = doc.metadata;
    if (taken.has(meta.name)) meta.name = k8sName(`${meta.name}-${String(doc.spec.teamID)}`);
    taken.add(meta.name);
  }
  const docs = [...secretDocs, ...modelDocs, ...teamDocs];
  const lines = secretsHeader("LiteLLM operator resources", toFill.sort());
  if (toFill.length > 0) lines.push("Each key is a Secret name/key; the Secret templates below have empty values.");
  const text = `${header(lines)
    .split("\n")
    .map((l) => `#${l}`)
    .join("\n")}\n${docs.map((d) => `---\n${stringify(d, { lineWidth: 0 })}`).join("")}`;
  const kustomization = stringify({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", namespace: target.namespace, resources: ["litellm-resources.yaml"] });
  return {
    files: [
      { name: "litellm-resources.yaml", text },
      { name: "kustomization.yaml", text: kustomization },
    ],
    secretsToFill: toFill.sort(),
    count: { deployments: modelDocs.length, credentials: 0, teams: teamDocs.length, consumerAliases: 0, teamPolicies: 0, groupBindings: 0 },
  };
}

/** Gatehouse's own bundle: consumer aliases, team key policies and group bindings, each sorted. */
export function exportBundle(input: { consumerAliases: ConsumerAlias[]; teamPolicies: TeamPolicySpec[]; groupBindings: GroupBinding[] }): ExportResult {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const aliases = [...input.consumerAliases]
    .sort((a, b) => cmp(a.consumer, b.consumer) || cmp(a.alias, b.alias))
    .map((r) => {
      const e: Record<string, unknown> = { alias: r.alias, consumer: r.consumer, kind: r.kind };
      if (r.dimension != null) e.dimension = r.dimension;
      e.required = r.required;
      if (r.teamId) e.team = r.teamId;
      if (r.note != null && r.note !== "") e.note = r.note;
      return e;
    });
  const policies = [...input.teamPolicies]
    .sort((a, b) => cmp(a.teamId, b.teamId))
    .map((p) => {
      const e: Record<string, unknown> = {
        teamId: p.teamId,
        maxKeyBudgetUsd: p.maxKeyBudgetUsd,
        maxKeyDurationDays: p.maxKeyDurationDays,
        allowedModels: [...p.allowedModels].sort(),
        maxActiveKeysPerMember: p.maxActiveKeysPerMember,
        membersCanIssue: p.membersCanIssue,
      };
      if (p.defaultBudgetPeriod) e.defaultBudgetPeriod = p.defaultBudgetPeriod;
      return e;
    });
  const groups = (kind: GroupBinding["kind"]) => [...new Set(input.groupBindings.filter((b) => b.kind === kind).map((b) => b.group))].sort(cmp);
  const teamBindings = input.groupBindings
    .filter((b) => b.kind === "team" && b.teamId)
    .map((b) => ({ group: b.group, teamId: b.teamId!, role: b.teamRole ?? "member" }))
    .sort((a, b) => cmp(a.group, b.group) || cmp(a.teamId, b.teamId) || cmp(a.role, b.role));
  const body = {
    apiVersion: BUNDLE_API_VERSION,
    kind: "Bundle",
    consumerAliases: aliases,
    teamPolicies: policies,
    groupBindings: { adminGroups: groups("admin"), viewerGroups: groups("viewer"), teamBindings },
  };
  const doc = new Document(body);
  doc.commentBefore = " Exported by Gatehouse (bundle): consumer aliases, team key policies, group bindings. No secrets.\n A team policy with allowedModels: [] allows all of the team's models.";
  return {
    files: [{ name: "gatehouse-bundle.yaml", text: doc.toString({ lineWidth: 0 }) }],
    secretsToFill: [],
    count: { deployments: 0, credentials: 0, teams: 0, consumerAliases: aliases.length, teamPolicies: policies.length, groupBindings: input.groupBindings.length },
  };
}

export type { CredentialSpec, DeploymentSpec, TeamSpec };
