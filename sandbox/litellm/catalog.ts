// Loads the cost map and provider fields the project bundles (lib/catalog/data), once, lazily.
import fs from "node:fs";
import path from "node:path";

export interface CostEntry {
  mode?: string;
  litellm_provider?: string;
  max_tokens?: number;
  max_input_tokens?: number;
  max_output_tokens?: number;
  input_cost_per_token?: number;
  output_cost_per_token?: number;
  output_vector_size?: number;
  [k: string]: unknown;
}

function dataFile(name: string): string {
  const candidates = [path.resolve(__dirname, "../../lib/catalog/data", name), path.resolve(process.cwd(), "lib/catalog/data", name)];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(`catalog data file not found: ${name}`);
}

let costMap: Record<string, CostEntry> | null = null;
let providerFields: unknown[] | null = null;
let providers: string[] | null = null;

export function getCostMap(): Record<string, CostEntry> {
  if (!costMap) costMap = JSON.parse(fs.readFileSync(dataFile("model-cost-map.json"), "utf8"));
  return costMap!;
}

/** Raw JSON text of the cost map without `sample_spec`, built once (the endpoint serves it verbatim). */
let costMapText: string | null = null;
export function getCostMapText(): string {
  if (!costMapText) {
    const { sample_spec: _omit, ...rest } = getCostMap();
    costMapText = JSON.stringify(rest);
  }
  return costMapText;
}

export function getProviderFields(): unknown[] {
  if (!providerFields) providerFields = JSON.parse(fs.readFileSync(dataFile("provider-create-fields.json"), "utf8"));
  return providerFields!;
}

const WELL_KNOWN_PROVIDERS = [
  "openai",
  "azure",
  "azure_ai",
  "anthropic",
  "bedrock",
  "vertex_ai",
  "gemini",
  "ollama",
  "ollama_chat",
  "hosted_vllm",
  "vllm",
  "openrouter",
  "cohere",
  "mistral",
  "groq",
  "watsonx",
  "huggingface",
  "together_ai",
  "text-completion-openai",
  "custom_openai",
  "litellm_proxy",
];

/** §2.9 `/public/providers`: sorted provider ids. */
export function getProviders(): string[] {
  if (!providers) {
    const set = new Set<string>(WELL_KNOWN_PROVIDERS);
    for (const f of getProviderFields()) {
      const p = (f as { litellm_provider?: string }).litellm_provider;
      if (p) set.add(p);
    }
    for (const e of Object.values(getCostMap())) {
      const p = e.litellm_provider;
      if (typeof p === "string" && /^[a-z0-9_\-]+$/i.test(p)) set.add(p);
    }
    providers = [...set].sort();
  }
  return providers;
}

let providerSet: Set<string> | null = null;
export function isKnownProvider(p: string): boolean {
  if (!providerSet) providerSet = new Set(getProviders());
  return providerSet.has(p);
}

const lookupCache = new Map<string, CostEntry | null>();

/** Cost-map entry for a litellm `model` (e.g. "openai/gpt-4o-mini" → "gpt-4o-mini"), like `get_model_info`. */
export function lookupCost(model: string | undefined | null): CostEntry | null {
  if (!model) return null;
  const hit = lookupCache.get(model);
  if (hit !== undefined) return hit;
  const map = getCostMap();
  let found: CostEntry | null = map[model] ?? null;
  if (!found && model.includes("/")) {
    const rest = model.slice(model.indexOf("/") + 1);
    found = map[rest] ?? null;
  }
  lookupCache.set(model, found);
  return found;
}

/** Provider of a litellm model string: explicit prefix, else the cost map's provider, else openai. */
export function providerOf(model: string, customProvider?: unknown): string {
  if (typeof customProvider === "string" && customProvider) return customProvider;
  const slash = model.indexOf("/");
  if (slash > 0) {
    const prefix = model.slice(0, slash);
    if (isKnownProvider(prefix)) return prefix;
  }
  return lookupCost(model)?.litellm_provider ?? "openai";
}
