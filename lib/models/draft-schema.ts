import YAML from "yaml";
import { z } from "zod";

import { MODES } from "@/lib/catalog/modes";
import type { ProviderCreateInfo } from "@/lib/catalog/providers";
import { MAX_NAME_LENGTH, nameSchema, secretSchema } from "@/lib/limits";

import {
  authHeaderIssues,
  formatAuthHeader,
  fieldIssues,
  getFlow,
  isEnvRef,
  isSecretParam,
  modeIssue,
  resolveModelName,
  type FlowIssue,
  type ProviderFlow,
} from "./provider-flows";

/**
 * The one schema the Add Model wizard (react-hook-form + zodResolver) and the save action
 * share, plus the conversions from a draft to a LiteLLM deployment, a config.yaml entry and
 * a masked summary. Client-safe: no server-only imports.
 */

// ---------- field helpers ----------

/** Form inputs give "" (or NaN from valueAsNumber) for an empty number box: treat both as unset. */
function blankToUndefined(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") return Number.isNaN(value) ? undefined : value;
  if (typeof value === "string") return value.trim() === "" ? undefined : Number(value.trim());
  return value;
}

const optionalNumber = (label: string, rule: (n: z.ZodNumber) => z.ZodNumber = (n) => n) =>
  z.preprocess(blankToUndefined, rule(z.number({ error: `${label} must be a number` })).optional()).optional();

const wholeNumber = (label: string, min: number) =>
  optionalNumber(label, (n) => n.int(`${label} must be a whole number`).min(min, `${label} must be at least ${min}`));

const optionalText = z
  .string()
  .max(MAX_NAME_LENGTH, `At most ${MAX_NAME_LENGTH} characters`)
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** Tags and access groups: each a name under the shared limits (lib/limits). */
const nameList = (itemLabel: string) =>
  z
    .array(nameSchema(`A ${itemLabel}`))
    .max(100, `At most 100 ${itemLabel}s`)
    .optional()
    .transform((list) => [...new Set((list ?? []).filter(Boolean))]);

/** Connection fields (API key, base URL, region, service-account JSON): capped like every secret (lib/limits). */
const paramsSchema = z
  .record(z.string().max(100), secretSchema("This value").optional())
  .optional()
  .transform((record) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(record ?? {})) {
      if (typeof value === "string" && value.trim() !== "") out[key] = value.trim();
    }
    return out;
  });

const customAuthHeaderSchema = z
  .object({ name: z.string().max(MAX_NAME_LENGTH, `At most ${MAX_NAME_LENGTH} characters`).optional(), format: secretSchema("The header format").optional() })
  .optional()
  .transform((h) => {
    const name = h?.name?.trim() ?? "";
    const format = h?.format?.trim() ?? "";
    return name || format ? { name, format } : undefined;
  });

// ---------- the draft ----------

export const credentialModes = ["inline", "named"] as const;

/** The plain object (no cross-field rules) so steps can `.pick` from it. */
export const modelDraftObject = z.object({
  providerFlowId: z.string({ error: "Choose a provider" }).trim().min(1, "Choose a provider"),
  alias: nameSchema("An alias", { required: "Enter the public alias clients will call" }),
  upstreamModel: nameSchema("The upstream model", { max: MAX_NAME_LENGTH, required: "Enter the upstream model" }),
  mode: z.enum(MODES, { error: "Choose what kind of model this is (chat, embedding, …)" }),
  credentialMode: z.enum(credentialModes).default("inline"),
  credentialName: optionalText,
  params: paramsSchema,
  customAuthHeader: customAuthHeaderSchema,
  limits: z
    .object({
      rpm: wholeNumber("Requests per minute", 1),
      tpm: wholeNumber("Tokens per minute", 1),
      timeout: optionalNumber("Timeout", (n) =>
        n.positive("Timeout must be more than 0 seconds").max(3600, "Timeout must be at most 3600 seconds"),
      ),
      maxRetries: wholeNumber("Max retries", 0),
    })
    .default({}),
  pricing: z
    .object({
      inputCostPerToken: optionalNumber("Input cost per token", (n) => n.min(0, "Input cost per token cannot be negative")),
      outputCostPerToken: optionalNumber("Output cost per token", (n) => n.min(0, "Output cost per token cannot be negative")),
    })
    .default({}),
  outputVectorSize: optionalNumber("Dimension", (n) => n.int("The dimension must be a whole number")),
  dimensions: wholeNumber("Requested dimensions", 1),
  accessGroups: nameList("access group"),
  tags: nameList("tag"),
  teamId: optionalText,
  defaultParams: optionalText,
  advancedJson: optionalText,
});

export type ModelDraft = z.output<typeof modelDraftObject>;
export type ModelDraftInput = z.input<typeof modelDraftObject>;

type DraftKey = keyof ModelDraft;
type FlowResolver = (id: string) => ProviderFlow | undefined;

// ---------- JSON text fields ----------

/** Position of the first syntax error in a JSON text, for messages that must not echo the input. */
export function jsonErrorPosition(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === "\\") {
        i++;
        if (text[i] === "u") {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) {
              i += k;
              fail();
            }
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i] ?? "x")) i++;
        else fail();
      } else if (ch < " ") fail();
      else i++;
    }
    fail();
  };
  const isDigit = () => text[i] !== undefined && text[i]! >= "0" && text[i]! <= "9";
  const digits = () => {
    if (!isDigit()) fail();
    while (isDigit()) i++;
  };
  const number = () => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else digits();
    if (text[i] === ".") {
      i++;
      digits();
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      digits();
    }
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    }
    if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return number();
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (position) {
    return typeof position === "number" ? position : -1;
  }
}

/** V8's message without the echoed input (which could hold a pasted secret), with a position. */
function describeJsonError(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/at position \d+/.test(message)) return message.replace(/\s*\(line \d+ column \d+\)\s*$/, "");
  const position = jsonErrorPosition(text);
  const token = /^Unexpected token '(.+?)', /s.exec(message);
  if (token) return `Unexpected token '${token[1]}' at position ${position}`;
  const stripped = message.replace(/, ".*" is not valid JSON$/s, "");
  return position >= 0 && !/end of JSON/.test(stripped) ? `${stripped} at position ${position}` : stripped;
}

export type JsonObjectResult = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

export function parseJsonObject(text: string, label: string): JsonObjectResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `${label} must be a JSON object: ${describeJsonError(text, err)}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const what = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
    return { ok: false, message: `${label} must be a JSON object like {"temperature": 0.2}, not ${what}.` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

// Keys the wizard owns: setting them in free-form JSON would silently bypass its checks.
const RESERVED_JSON_KEYS: Record<string, string> = {
  model: "Set the upstream model in the Model step, not in JSON.",
  litellm_credential_name: "Choose a named credential in the Connection step, not in JSON.",
};

// ---------- cross-field rules ----------

function refineDraft(owned: ReadonlySet<DraftKey>, resolveFlow: FlowResolver) {
  return (draft: Partial<ModelDraft>, ctx: z.RefinementCtx) => {
    const add = (path: (string | number)[], message: string) => {
      if (owned.has(path[0] as DraftKey)) ctx.addIssue({ code: "custom", path, message });
    };
    const addAll = (issues: FlowIssue[]) => issues.filter((i) => i.severity === "error").forEach((i) => add(i.path, i.message));

    const flow = draft.providerFlowId ? resolveFlow(draft.providerFlowId) : undefined;
    if (draft.providerFlowId && !flow) add(["providerFlowId"], "Choose a provider from the list");

    if (draft.upstreamModel !== undefined && /\s/.test(draft.upstreamModel)) {
      add(["upstreamModel"], "Model names have no spaces; copy the exact ID from the provider.");
    }

    if (flow && draft.mode) {
      const problem = modeIssue(flow, draft.mode);
      if (problem) add(["mode"], problem);
    }

    if (draft.mode === "embedding") {
      const size = draft.outputVectorSize;
      if (!(typeof size === "number" && size > 0)) add(["outputVectorSize"], "Embedding models need a dimension (output_vector_size)");
      else if (draft.dimensions !== undefined && draft.dimensions !== size) {
        add(
          ["outputVectorSize"],
          `The dimension must match the requested dimensions (${draft.dimensions}): the provider will return ${draft.dimensions}-dimension vectors.`,
        );
      }
    }

    if (flow && draft.params !== undefined) addAll(fieldIssues(flow, draft));
    else if (flow && draft.upstreamModel !== undefined)
      addAll(fieldIssues(flow, { ...draft, params: {} }).filter((i) => i.path[0] !== "params"));

    if (draft.credentialMode === "named" && !draft.credentialName) {
      add(["credentialName"], "Choose a named credential, or switch to entering the credentials here.");
    }

    if (flow && draft.customAuthHeader !== undefined) addAll(authHeaderIssues(flow, draft));

    for (const [key, label] of [
      ["defaultParams", "Default parameters"],
      ["advancedJson", "Advanced JSON"],
    ] as const) {
      const text = draft[key];
      if (!text) continue;
      const parsed = parseJsonObject(text, label);
      if (!parsed.ok) {
        add([key], parsed.message);
        continue;
      }
      for (const reserved of Object.keys(RESERVED_JSON_KEYS)) {
        if (reserved in parsed.value) add([key], RESERVED_JSON_KEYS[reserved]!);
      }
    }
  };
}

const ALL_KEYS = new Set(Object.keys(modelDraftObject.shape) as DraftKey[]);

/** The full schema; pass the live provider list so generic flows match what the proxy offers. */
export function createModelDraftSchema(liveProviderFields?: ProviderCreateInfo[]) {
  return modelDraftObject.superRefine(refineDraft(ALL_KEYS, (id) => getFlow(id, liveProviderFields)));
}

export const modelDraftSchema = createModelDraftSchema();

const ownedBy = (...keys: DraftKey[]) => new Set<DraftKey>(keys);
const resolveBundled: FlowResolver = (id) => getFlow(id);

/** Per-step schemas: the same rules, reporting only on the fields that step shows. */
export const draftStepSchemas = {
  provider: modelDraftObject.pick({ providerFlowId: true }).superRefine(refineDraft(ownedBy("providerFlowId"), resolveBundled)),
  model: modelDraftObject
    .pick({ providerFlowId: true, alias: true, upstreamModel: true, mode: true, outputVectorSize: true, dimensions: true })
    .superRefine(refineDraft(ownedBy("alias", "upstreamModel", "mode", "outputVectorSize", "dimensions"), resolveBundled)),
  connection: modelDraftObject
    .pick({
      providerFlowId: true,
      mode: true,
      upstreamModel: true,
      credentialMode: true,
      credentialName: true,
      params: true,
      customAuthHeader: true,
    })
    .superRefine(refineDraft(ownedBy("credentialMode", "credentialName", "params", "customAuthHeader"), resolveBundled)),
  limits: modelDraftObject
    .pick({ limits: true, pricing: true, accessGroups: true, tags: true, teamId: true, defaultParams: true, advancedJson: true })
    .superRefine(
      refineDraft(ownedBy("limits", "pricing", "accessGroups", "tags", "teamId", "defaultParams", "advancedJson"), resolveBundled),
    ),
};

export type DraftStep = keyof typeof draftStepSchemas;

const ALIAS_RE = /^[a-z0-9][a-z0-9._/-]*$/;

/** Non-blocking advice: alias shape and the flow's warnings (missing /v1, no AWS credentials, …). */
export function draftWarnings(draft: Partial<ModelDraft>, flow?: ProviderFlow): FlowIssue[] {
  const out: FlowIssue[] = [];
  if (draft.alias && !ALIAS_RE.test(draft.alias)) {
    out.push({
      path: ["alias"],
      severity: "warning",
      message: "Aliases are usually lowercase letters, digits, '.', '_', '-' and '/', so clients can type them exactly.",
    });
  }
  const resolved = flow ?? (draft.providerFlowId ? getFlow(draft.providerFlowId) : undefined);
  if (resolved) out.push(...fieldIssues(resolved, { ...draft, params: draft.params ?? {} }).filter((i) => i.severity === "warning"));
  return out;
}

// ---------- conversions ----------

export interface LiteLLMDeployment {
  model_name: string;
  litellm_params: Record<string, unknown> & { model: string };
  model_info: Record<string, unknown> & { id: string; mode: string };
}

function resolveFlowOrThrow(draft: ModelDraft, flow?: ProviderFlow): ProviderFlow {
  const resolved = flow ?? getFlow(draft.providerFlowId);
  if (!resolved) throw new Error(`Unknown provider flow "${draft.providerFlowId}"`);
  return resolved;
}

function jsonObjectOrEmpty(text: string | undefined, label: string): Record<string, unknown> {
  if (!text) return {};
  const parsed = parseJsonObject(text, label);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/**
 * The /model/new body for a validated draft (CONTRACT §2.1, §3.3): mode and the embedding
 * size in model_info (health checks need the mode), output_vector_size also in litellm_params,
 * a named credential instead of inline secrets, the custom auth header as extra_headers,
 * default parameters, then Advanced JSON merged into litellm_params last.
 */
/** The custom upstream auth header a draft sends (name and full value, key included), or null. Server-side only. */
export function customAuthHeaderOf(draft: ModelDraft, flow: ProviderFlow): { name: string; value: string } | null {
  const header = draft.customAuthHeader;
  const key = draft.params.api_key;
  if (draft.credentialMode === "named" || !header || !key || !flow.supportsCustomAuthHeader) return null;
  return { name: header.name, value: formatAuthHeader(header.format, key) };
}

/**
 * The LiteLLM credential that holds a deployment's custom auth header: "<alias>-auth-header-<first 8 of the id>";
 * without an id yet (the review's preview) the suffix reads "<id>".
 */
export function headerCredentialNameFor(alias: string, modelId: string | null): string {
  const base = alias.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 100) || "model";
  return `${base}-auth-header-${modelId === null ? "<id>" : modelId.replace(/[^A-Za-z0-9]/g, "").slice(0, 8) || "new"}`;
}

export function toLiteLLMDeployment(
  draft: ModelDraft,
  options: { modelId: string; flow?: ProviderFlow; /** Save: the credential holding the custom auth header. */ headerCredentialName?: string },
): LiteLLMDeployment {
  const flow = resolveFlowOrThrow(draft, options.flow);
  const named = draft.credentialMode === "named";
  const params: Record<string, unknown> & { model: string } = { model: resolveModelName(flow, draft.upstreamModel, draft.mode) };
  const info: Record<string, unknown> & { id: string; mode: string } = { id: options.modelId, mode: draft.mode };

  if (named && draft.credentialName) params.litellm_credential_name = draft.credentialName;

  // Only the chosen flow's fields: values left over from another provider in the form are dropped.
  for (const field of flow.fields) {
    const value = draft.params[field.key];
    if (!value) continue;
    if (named && field.secret) continue; // the named credential supplies secrets
    if (field.target === "model_info") info[field.key] = value;
    else params[field.key] = value;
  }

  if (!named) {
    const key = typeof params.api_key === "string" ? params.api_key : undefined;
    const header = customAuthHeaderOf(draft, flow);
    if (header) {
      // Saved: the header lives in its own LiteLLM credential. Tested (nothing stored): sent inline.
      if (options.headerCredentialName) params.litellm_credential_name = options.headerCredentialName;
      else params.extra_headers = { [header.name]: header.value };
      params.api_key = flow.emptyKeyPlaceholder ?? "EMPTY"; // the real key travels only in the custom header
    } else if (!key && flow.emptyKeyPlaceholder) {
      params.api_key = flow.emptyKeyPlaceholder;
    }
  }

  const { rpm, tpm, timeout, maxRetries } = draft.limits;
  if (rpm !== undefined) params.rpm = rpm;
  if (tpm !== undefined) params.tpm = tpm;
  if (timeout !== undefined) params.timeout = timeout;
  if (maxRetries !== undefined) params.max_retries = maxRetries;
  if (draft.pricing.inputCostPerToken !== undefined) params.input_cost_per_token = draft.pricing.inputCostPerToken;
  if (draft.pricing.outputCostPerToken !== undefined) params.output_cost_per_token = draft.pricing.outputCostPerToken;

  if (draft.mode === "embedding") {
    if (draft.outputVectorSize !== undefined) {
      params.output_vector_size = draft.outputVectorSize;
      info.output_vector_size = draft.outputVectorSize;
    }
    if (draft.dimensions !== undefined) params.dimensions = draft.dimensions;
  }

  if (draft.tags.length > 0) params.tags = draft.tags;
  if (draft.accessGroups.length > 0) info.access_groups = draft.accessGroups;
  if (draft.teamId) info.team_id = draft.teamId;

  Object.assign(params, jsonObjectOrEmpty(draft.defaultParams, "Default parameters"));
  Object.assign(params, jsonObjectOrEmpty(draft.advancedJson, "Advanced JSON"));

  return { model_name: draft.alias, litellm_params: params, model_info: info };
}

function envToken(text: string): string {
  return text
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** AZURE_API_KEY, AWS_SECRET_ACCESS_KEY, RAY_SERVE_API_KEY, VERTEX_CREDENTIALS, … */
function envNameFor(flow: ProviderFlow, key: string): string {
  const provider = envToken(flow.curated ? flow.id : flow.litellmProvider);
  if (/^(aws|vertex|azure)_/.test(key)) return envToken(key);
  if (flow.id === "azure" && /^(client_secret|tenant_id|client_id)$/.test(key)) return `AZURE_${envToken(key)}`;
  return `${provider}_${envToken(key)}`;
}

/**
 * The equivalent config.yaml `model_list` entry. Every secret becomes an os.environ/ reference
 * (LiteLLM resolves them when it loads the file, nested ones included); the header comment
 * lists the variables to set on the LiteLLM pod.
 */
export function toConfigYaml(draft: ModelDraft, options: { flow?: ProviderFlow } = {}): string {
  const flow = resolveFlowOrThrow(draft, options.flow);
  const deployment = toLiteLLMDeployment(draft, { modelId: "", flow });
  const secretKeys = new Set(flow.fields.filter((f) => f.secret).map((f) => f.key));
  const envVars: string[] = [];
  const toEnv = (name: string) => {
    if (!envVars.includes(name)) envVars.push(name);
    return `os.environ/${name}`;
  };

  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(deployment.litellm_params)) {
    if (key === "extra_headers" && value && typeof value === "object") {
      const headers: Record<string, unknown> = {};
      for (const [name, headerValue] of Object.entries(value as Record<string, unknown>)) {
        headers[name] =
          typeof headerValue === "string" && isEnvRef(headerValue)
            ? headerValue
            : toEnv(`${envToken(flow.curated ? flow.id : flow.litellmProvider)}_${envToken(name)}_HEADER`);
      }
      params[key] = headers;
    } else if (
      (secretKeys.has(key) || isSecretParam(key)) &&
      !(typeof value === "string" && (isEnvRef(value) || value === flow.emptyKeyPlaceholder))
    ) {
      params[key] = toEnv(envNameFor(flow, key));
    } else {
      params[key] = value;
    }
  }

  const { id: _id, ...modelInfo } = deployment.model_info;
  const doc = new YAML.Document({ model_list: [{ model_name: deployment.model_name, litellm_params: params, model_info: modelInfo }] });
  const lines = [`Exported by Gatehouse: ${flow.label} model "${deployment.model_name}".`];
  if (envVars.length > 0) {
    lines.push(
      `Secrets are not included. Set these environment variables on the LiteLLM pod (e.g. from a Secret):`,
      ...envVars.map((v) => `  ${v}`),
    );
    if (params.extra_headers) lines.push(`A *_HEADER variable holds the whole header value, e.g. "Bearer <key>".`);
  }
  doc.commentBefore = lines.map((l) => ` ${l}`).join("\n");
  return doc.toString({ lineWidth: 0 });
}

const MASK = "••••";

function maskValue(value: unknown): unknown {
  if (typeof value === "string") {
    if (isEnvRef(value)) return value;
    // Short values (placeholders, PINs) would be mostly revealed by their last four characters.
    return value.length >= 12 ? `${MASK}${value.slice(-4)}` : MASK;
  }
  return value === undefined || value === null ? value : MASK;
}

/**
 * litellm_params safe to show or log: secret fields become ••••last4 (os.environ/ references
 * stay readable), and every extra_headers value is masked because any of them may carry a key.
 */
export function maskSecrets(litellmParams: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(litellmParams)) {
    if (key === "extra_headers" && value && typeof value === "object" && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskValue(v)]));
    } else if (isSecretParam(key)) {
      out[key] = maskValue(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}
