// Gatehouse's format-neutral view of "config as code": deployments, credentials, teams and the bundle. Pure; no I/O.
import type { ConsumerAlias } from "@/lib/aliases/checks";
import type { GroupBinding } from "@/lib/auth/group-mapping";
import type { TeamPolicy } from "@/lib/teams/policy";
import { checkUrlShape } from "@/lib/net/url-shape";
import { getFlow, isEnvRef, isSecretParam, type ProviderFlow } from "@/lib/models/provider-flows";

export const CONFIG_FORMATS = ["litellm-config", "operator", "bundle"] as const;
export type ConfigFormat = (typeof CONFIG_FORMATS)[number];

export const FORMAT_LABELS: Record<ConfigFormat, string> = {
  "litellm-config": "LiteLLM config.yaml",
  operator: "LiteLLM operator resources",
  bundle: "Gatehouse bundle",
};

/** model_info key that records which file (source) manages a deployment: what "prune" may remove. */
export const SOURCE_KEY = "gatehouse_source";

export interface DeploymentSpec {
  /** Where it came from in the file, e.g. `model_list[2]` or `Model/gpt-4o`. */
  origin: string;
  model_name: string;
  litellm_params: Record<string, unknown> & { model: string };
  model_info: Record<string, unknown>;
}

export interface CredentialSpec {
  origin: string;
  credential_name: string;
  /** Only os.environ/ references or empty values ever appear in an export. */
  credential_values: Record<string, unknown>;
  credential_info: Record<string, unknown>;
}

export interface TeamSpec {
  origin: string;
  team_id?: string;
  team_alias: string;
  models: string[];
  max_budget?: number;
  budget_duration?: string;
  tpm_limit?: number;
  rpm_limit?: number;
  blocked?: boolean;
}

/** A team key policy as a bundle states it (the stored policy without its bookkeeping). */
export type TeamPolicySpec = Omit<TeamPolicy, "updatedAt" | "updatedBy">;

export interface BundleSpec {
  consumerAliases: ConsumerAlias[];
  teamPolicies: TeamPolicySpec[];
  groupBindings: GroupBinding[];
  /** Which sections the file has: an absent section is left alone when applied. */
  sections: { consumerAliases: boolean; teamPolicies: boolean; groupBindings: boolean };
}

export interface ConfigIssue {
  path: string;
  message: string;
}

export interface ParsedConfig {
  format: ConfigFormat;
  deployments: DeploymentSpec[];
  credentials: CredentialSpec[];
  teams: TeamSpec[];
  bundle: BundleSpec | null;
  /** Things deliberately not planned (other kinds, other config.yaml sections). */
  notes: string[];
  /** Errors in the file: when any exist nothing is planned or applied. */
  issues: ConfigIssue[];
}

// ---------- small helpers shared by the parsers and exporters ----------

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `gpt-4o-mini` → `GPT_4O_MINI`: environment variable names derived from names in the file. */
export function envToken(text: string): string {
  return (
    text
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "") || "MODEL"
  ).replace(/^(\d)/, "_$1");
}

export const camelToSnake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase();
export const snakeToCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Keys in a stable order: `first` keys as listed, then the rest alphabetically. */
export function ordered<T extends Record<string, unknown>>(obj: T, first: string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const key of first) if (obj[key] !== undefined) out[key] = obj[key];
  for (const key of Object.keys(obj).sort()) if (!(key in out) && obj[key] !== undefined) out[key] = obj[key];
  return out as T;
}

/** A URL as it is sent and compared: lib/net's normalised form (what the SSRF guard checked). Env refs stay. */
export function normaliseUrl(value: unknown): unknown {
  if (typeof value !== "string" || isEnvRef(value)) return value;
  const shape = checkUrlShape(value);
  return shape.ok ? shape.normalised : value;
}

/** The provider flow (the wizard's per-provider rules) a litellm_params.model belongs to. */
export function flowForParams(params: Record<string, unknown>): ProviderFlow | undefined {
  const model = typeof params.model === "string" ? params.model : "";
  const custom = typeof params.custom_llm_provider === "string" ? params.custom_llm_provider : undefined;
  const prefix = model.includes("/") ? model.slice(0, model.indexOf("/")) : (custom ?? "");
  const base = typeof params.api_base === "string" ? params.api_base : "";
  switch (prefix) {
    case "openai":
      return getFlow(base && !/api\.openai\.com/.test(base) ? "openai_compatible" : "openai");
    case "hosted_vllm":
      return getFlow("vllm");
    case "ollama":
    case "ollama_chat":
      return getFlow("ollama");
    case "":
      return undefined;
    default:
      return getFlow(prefix) ?? getFlow(`litellm:${prefix}`);
  }
}

/** Secret litellm_params a deployment of this flow may hold (LiteLLM's /model/info never returns api_key and friends). */
export function expectedSecretKeys(params: Record<string, unknown>): string[] {
  if (typeof params.litellm_credential_name === "string" && params.litellm_credential_name) return [];
  const flow = flowForParams(params);
  const keys = new Set<string>();
  // A required key, or an OpenAI-style client that always sends one; Ollama and the like usually run without.
  const apiKey = flow?.fields.find((f) => f.key === "api_key");
  if (apiKey && (apiKey.required || flow?.emptyKeyPlaceholder)) keys.add("api_key");
  for (const [key, value] of Object.entries(params)) if (isSecretParam(key) && value != null && value !== "") keys.add(key);
  return [...keys].sort();
}

export { isEnvRef, isSecretParam };
