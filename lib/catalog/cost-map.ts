// Server-only so the 1.4 MB cost map can never be pulled into a client bundle by accident.
import "server-only";

import rawCostMap from "./data/model-cost-map.json";
import type { Mode } from "./modes";

export { MODES, MODE_LABELS, isMode, type Mode } from "./modes";

/**
 * LiteLLM's model cost map (model_prices_and_context_window.json, Aug 2026 state; CONTRACT §5)
 * as typed lookups for the Add Model wizard: mode, provider, context size, prices and the
 * embedding dimension (`output_vector_size`, present on about half the embedding entries).
 */
export interface CostMapEntry {
  /** The cost-map key this entry was found under. */
  key: string;
  /** LiteLLM's mode string; may be one the wizard does not offer (responses, ocr, …). */
  mode?: string;
  litellm_provider?: string;
  max_tokens?: number;
  max_input_tokens?: number;
  max_output_tokens?: number;
  input_cost_per_token?: number;
  output_cost_per_token?: number;
  output_vector_size?: number;
  supports_function_calling?: boolean;
  supports_parallel_function_calling?: boolean;
  supports_tool_choice?: boolean;
  supports_vision?: boolean;
  supports_response_schema?: boolean;
  supports_reasoning?: boolean;
  supports_prompt_caching?: boolean;
  supports_system_messages?: boolean;
  supports_audio_input?: boolean;
  supports_audio_output?: boolean;
  supports_pdf_input?: boolean;
  supports_web_search?: boolean;
  deprecation_date?: string;
}

type RawEntry = Omit<CostMapEntry, "key"> & Record<string, unknown>;

interface Index {
  entries: Map<string, RawEntry>;
  lower: Map<string, string>;
  providerPrefixes: Set<string>;
}

let index: Index | undefined;

// Provider prefixes that appear in model strings but not as a cost-map litellm_provider value.
const EXTRA_PREFIXES = [
  "ollama_chat",
  "hosted_vllm",
  "vllm",
  "openai_like",
  "custom_openai",
  "lm_studio",
  "huggingface",
  "azure_ai",
  "bedrock_converse",
];

function getIndex(): Index {
  if (index) return index;
  const entries = new Map<string, RawEntry>();
  const lower = new Map<string, string>();
  const providerPrefixes = new Set<string>(EXTRA_PREFIXES);
  for (const [key, value] of Object.entries(rawCostMap as unknown as Record<string, RawEntry>)) {
    if (key === "sample_spec" || !value || typeof value !== "object") continue;
    entries.set(key, value);
    if (!lower.has(key.toLowerCase())) lower.set(key.toLowerCase(), key);
    const provider = value.litellm_provider;
    if (typeof provider === "string") {
      providerPrefixes.add(provider);
      // "vertex_ai-embedding-models" is written as "vertex_ai/…" in model strings.
      providerPrefixes.add(provider.split("-")[0]!);
    }
  }
  index = { entries, lower, providerPrefixes };
  return index;
}

// Equivalent spellings: LiteLLM's ollama_chat/ route shares the ollama/ price entries.
const PREFIX_ALIASES: Record<string, string> = { ollama_chat: "ollama", bedrock_converse: "bedrock", cohere_chat: "cohere" };

/** Keys to try, most specific first: exact, without the provider prefix, then `provider/model`. */
function candidateKeys(model: string, provider?: string): string[] {
  const { providerPrefixes } = getIndex();
  const out: string[] = [];
  const push = (k: string | undefined) => {
    if (k && !out.includes(k)) out.push(k);
  };
  const trimmed = model.trim();
  push(trimmed);
  const slash = trimmed.indexOf("/");
  if (slash > 0) {
    const prefix = trimmed.slice(0, slash);
    const rest = trimmed.slice(slash + 1);
    if (providerPrefixes.has(prefix)) {
      const alias = PREFIX_ALIASES[prefix];
      if (alias) push(`${alias}/${rest}`);
      push(rest);
    }
  }
  if (provider) {
    const bare = slash > 0 && providerPrefixes.has(trimmed.slice(0, slash)) ? trimmed.slice(slash + 1) : trimmed;
    push(`${provider}/${bare}`);
    const alias = PREFIX_ALIASES[provider];
    if (alias) push(`${alias}/${bare}`);
  }
  return out;
}

function entryFor(key: string): CostMapEntry | undefined {
  const { entries, lower } = getIndex();
  const exact = entries.get(key);
  if (exact) return { ...(exact as Omit<CostMapEntry, "key">), key };
  const folded = lower.get(key.toLowerCase());
  const entry = folded ? entries.get(folded) : undefined;
  return entry && folded ? { ...(entry as Omit<CostMapEntry, "key">), key: folded } : undefined;
}

/**
 * The cost-map entry for a model string as an operator would type it: "text-embedding-3-small",
 * "openai/text-embedding-3-small", "azure/text-embedding-3-large", "ollama_chat/llama3".
 * `provider` adds the `provider/model` spelling for bare names.
 */
export function lookupModel(model: string, options: { provider?: string } = {}): CostMapEntry | undefined {
  for (const key of candidateKeys(model, options.provider)) {
    const entry = entryFor(key);
    if (entry) return entry;
  }
  return undefined;
}

export interface ModelSuggestion {
  /** The cost-map key, e.g. "azure/text-embedding-3-large" or "text-embedding-3-small". */
  id: string;
  /** What to type as the upstream model: the id without the provider prefix. */
  upstreamModel: string;
  mode: string;
  outputVectorSize?: number;
}

/** Models the cost map knows for a provider (e.g. "openai", "vertex_ai"), optionally one mode; sorted by id. */
export function modelsForProvider(litellmProvider: string, mode?: Mode): ModelSuggestion[] {
  const { entries } = getIndex();
  const out: ModelSuggestion[] = [];
  for (const [key, entry] of entries) {
    const provider = entry.litellm_provider;
    if (typeof provider !== "string") continue;
    if (provider !== litellmProvider && !provider.startsWith(`${litellmProvider}-`)) continue;
    if (typeof entry.mode !== "string" || (mode && entry.mode !== mode)) continue;
    const upstreamModel = key.startsWith(`${litellmProvider}/`) ? key.slice(litellmProvider.length + 1) : key;
    if (!upstreamModel || upstreamModel.endsWith("/")) continue; // wildcard-ish placeholders like "fireworks_ai/accounts/fireworks/models/"
    out.push({
      id: key,
      upstreamModel,
      mode: entry.mode,
      ...(typeof entry.output_vector_size === "number" ? { outputVectorSize: entry.output_vector_size } : {}),
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Embedding models that return shortened vectors when asked through LiteLLM's `dimensions`
 * parameter (Matryoshka-trained; LiteLLM maps `dimensions` to the provider's own field):
 * OpenAI text-embedding-3-*, Google gemini-embedding-* and text-embedding-004/005 /
 * text-multilingual-embedding-002 (outputDimensionality), Amazon Titan Text v2 and Nova
 * multimodal embeddings, Voyage 3.x (output_dimension), nomic-embed-text v1.5.
 * Not text-embedding-ada-002, which always returns 1536.
 */
const SHORTENING_RES = [
  /(^|\/)text-embedding-3-(small|large)\b/,
  /(^|\/)gemini-embedding-/,
  /(^|\/)text-embedding-00[45]\b/,
  /(^|\/)text-multilingual-embedding-002\b/,
  /(^|[/.])amazon\.titan-embed-text-v2/,
  /(^|[/.])amazon\.nova-2-multimodal-embeddings/,
  /(^|\/)voyage-(3-large|3\.5|3\.5-lite|code-3|context-3)\b/,
  /nomic-embed-text-v1\.5\b/,
];

export function supportsShortening(model: string): boolean {
  const m = model.toLowerCase();
  if (/text-embedding-ada-002/.test(m)) return false;
  return SHORTENING_RES.some((re) => re.test(m));
}

export interface ExpectedDimension {
  size?: number;
  source: "cost_map" | "dimensions" | "unknown";
  supportsShortening: boolean;
  /** The model's full vector size from the cost map, when known (also when `dimensions` shortens it). */
  nativeSize?: number;
}

/**
 * The vector size the deployment will return: the requested `dimensions` if set, else the
 * cost map's output_vector_size (looking through azure/… entries, which lack it, to the
 * OpenAI base model, and through `baseModel` for custom Azure deployment names).
 */
export function expectedDimension(
  model: string,
  options: { dimensions?: number; baseModel?: string; provider?: string } = {},
): ExpectedDimension {
  const names = [model, options.baseModel].filter((n): n is string => Boolean(n && n.trim()));
  let nativeSize: number | undefined;
  outer: for (const name of names) {
    for (const key of candidateKeys(name, options.provider)) {
      const entry = entryFor(key);
      if (entry && typeof entry.output_vector_size === "number" && entry.output_vector_size > 0) {
        nativeSize = entry.output_vector_size;
        break outer;
      }
    }
  }
  const shortening = names.some(supportsShortening);
  if (options.dimensions !== undefined && options.dimensions > 0) {
    return { size: options.dimensions, source: "dimensions", supportsShortening: shortening, ...(nativeSize ? { nativeSize } : {}) };
  }
  if (nativeSize) return { size: nativeSize, source: "cost_map", supportsShortening: shortening, nativeSize };
  return { source: "unknown", supportsShortening: shortening };
}
