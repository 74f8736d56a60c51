// Model catalogue and deterministic outputs of the upstream stand-in.
import { createHash } from "node:crypto";

export const DEFAULT_EMBEDDING_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
  "nomic-embed-text": 768,
  "bge-m3": 1024,
  "BAAI/bge-m3": 1024,
};

/** Names listed by GET /v1/models and /api/tags (any other non-embedding name is still served as chat). */
export const LISTED_CHAT_MODELS = [
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "llama3",
  "meta-llama/Llama-3.1-8B-Instruct",
  "granite-3.3-8b-instruct",
];

/** Deployments an Azure resource of the sandbox knows about. */
export const AZURE_DEPLOYMENTS = [
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4",
  "gpt-35-turbo",
  "text-embedding-3-small",
  "text-embedding-3-large",
  "text-embedding-ada-002",
];

/** A model name the sandbox pretends not to have: lets tests provoke model_not_found. */
export function isUnknownModel(name: string): boolean {
  return /(^nonexistent|does-not-exist|not-found|unknown-model)/i.test(name);
}

export function isEmbeddingModel(name: string, dims: Record<string, number>): boolean {
  return name in dims || /embed/i.test(name);
}

export function nativeDimension(name: string, dims: Record<string, number>): number {
  return dims[name] ?? 768;
}

/** Only OpenAI's text-embedding-3 family accepts a shorter `dimensions`. */
export function supportsDimensions(name: string): boolean {
  return /^text-embedding-3-/.test(name);
}

/** Deterministic unit vector of `dim` floats derived from model + input (same input → same vector). */
export function embed(model: string, input: string, dim: number): number[] {
  const seed = createHash("sha256").update(`${model}\u0000${input}`).digest();
  let s = seed.readUInt32LE(0) || 1;
  const out = new Array<number>(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    // xorshift32: cheap and reproducible across runs
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const v = s / 0xffffffff - 0.5;
    out[i] = v;
    norm += v * v;
  }
  const k = 1 / Math.sqrt(norm || 1);
  for (let i = 0; i < dim; i++) out[i] = Math.round(out[i] * k * 1e6) / 1e6;
  return out;
}

export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function replyText(model: string, messages: unknown): string {
  let last = "";
  if (Array.isArray(messages)) {
    for (const m of messages) {
      if (m && typeof m === "object" && (m as { role?: string }).role === "user") {
        const c = (m as { content?: unknown }).content;
        last = typeof c === "string" ? c : JSON.stringify(c ?? "");
      }
    }
  }
  return `Sandbox reply from ${model}: ${last.slice(0, 200)}`;
}

export function promptText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  return messages
    .map((m) => {
      const c = (m as { content?: unknown })?.content;
      return typeof c === "string" ? c : JSON.stringify(c ?? "");
    })
    .join("\n");
}
