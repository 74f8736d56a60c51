// Provider routing: turns a deployment's litellm_params into a real HTTP call to an upstream, and
// upstream failures into LiteLLM-style exception text (used by the data plane, /health and test_connection).
import type { Sandbox } from "./context";
import { isKnownProvider, providerOf } from "./catalog";

export type Op = "chat" | "embedding" | "completion";

export interface ProviderCall {
  provider: string;
  flavor: "openai" | "azure" | "ollama";
  op: Op;
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** model name as the upstream sees it */
  upstreamModel: string;
}

export class ProviderError extends Error {
  constructor(
    public readonly status: number,
    /** LiteLLM exception class, e.g. AuthenticationError */
    public readonly cls: string,
    message: string,
    public readonly timeout = false,
  ) {
    super(message);
  }
}

/** Default public endpoints for hosted providers when no api_base is set (fail fast offline). */
const PUBLIC_BASES: Record<string, string> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
  groq: "https://api.groq.com/openai/v1",
  mistral: "https://api.mistral.ai/v1",
  together_ai: "https://api.together.xyz/v1",
  openrouter: "https://openrouter.ai/api/v1",
  gemini: "https://generativelanguage.googleapis.com/v1beta/openai",
  cohere: "https://api.cohere.ai/compatibility/v1",
  deepseek: "https://api.deepseek.com/v1",
  ollama: "http://localhost:11434",
  ollama_chat: "http://localhost:11434",
};

/** Azure API version LiteLLM uses when a deployment has none. */
const AZURE_DEFAULT_API_VERSION = "2025-02-01-preview";

const CREDENTIAL_PARAM_KEYS = [
  "api_key",
  "api_base",
  "api_version",
  "organization",
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_region_name",
  "vertex_project",
  "vertex_location",
  "vertex_credentials",
  "tenant_id",
  "client_id",
  "client_secret",
  "azure_ad_token",
];

export function credentialKeysOf(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CREDENTIAL_PARAM_KEYS) if (params[k] != null) out[k] = params[k];
  return out;
}

/**
 * §2.2: `litellm_credential_name` supplies values the deployment does not set itself;
 * `os.environ/X` values are read from the environment (test_connection since v1.80.11).
 */
export function resolveParams(sb: Sandbox, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  const credName = params.litellm_credential_name;
  if (typeof credName === "string") {
    const cred = sb.store.credentials.get(credName);
    if (cred) for (const [k, v] of Object.entries(cred.credential_values)) if (out[k] == null) out[k] = v;
  }
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === "string" && v.startsWith("os.environ/")) out[k] = process.env[v.slice("os.environ/".length)] ?? null;
  }
  return out;
}

/** Passed through from litellm_params to the provider request, like the router's `**kwargs`. */
const CHAT_KWARGS = ["temperature", "max_tokens", "top_p", "stop", "seed", "user"];
const EMBED_KWARGS = ["dimensions", "encoding_format", "user"];

export function buildCall(params: Record<string, unknown>, op: Op, payload: Record<string, unknown>): ProviderCall {
  const model = String(params.model ?? "");
  const provider = providerOf(model, params.custom_llm_provider);
  const slash = model.indexOf("/");
  const upstreamModel = slash > 0 && isKnownProvider(model.slice(0, slash)) ? model.slice(slash + 1) : model;
  const base = (
    typeof params.api_base === "string" && params.api_base ? params.api_base : (PUBLIC_BASES[provider] ?? `https://api.${provider}.com/v1`)
  ).replace(/\/+$/, "");
  const headers: Record<string, string> = { "content-type": "application/json" };
  const body: Record<string, unknown> = {};
  // §3.3: litellm_params act as per-deployment defaults; request values win.
  for (const k of op === "embedding" ? EMBED_KWARGS : CHAT_KWARGS) if (params[k] != null) body[k] = params[k];
  Object.assign(body, payload);
  const extra = params.extra_headers;
  const apiKey = typeof params.api_key === "string" && params.api_key ? params.api_key : null;

  if (provider === "azure") {
    const version = typeof params.api_version === "string" && params.api_version ? params.api_version : AZURE_DEFAULT_API_VERSION;
    const path = op === "embedding" ? "embeddings" : op === "completion" ? "completions" : "chat/completions";
    if (apiKey) headers["api-key"] = apiKey;
    if (typeof params.azure_ad_token === "string") headers.authorization = `Bearer ${params.azure_ad_token}`;
    if (extra && typeof extra === "object") Object.assign(headers, extra);
    return {
      provider,
      flavor: "azure",
      op,
      url: `${base}/openai/deployments/${encodeURIComponent(upstreamModel)}/${path}?api-version=${encodeURIComponent(version)}`,
      headers,
      body,
      upstreamModel,
    };
  }
  if (provider === "ollama" || provider === "ollama_chat") {
    if (extra && typeof extra === "object") Object.assign(headers, extra);
    const path = op === "embedding" ? "/api/embed" : op === "completion" ? "/api/generate" : "/api/chat";
    const ob: Record<string, unknown> = { model: upstreamModel };
    if (op === "embedding") ob.input = payload.input;
    else if (op === "completion") ob.prompt = payload.prompt;
    else ob.messages = payload.messages;
    ob.stream = false;
    return { provider, flavor: "ollama", op, url: `${base}${path}`, headers, body: ob, upstreamModel };
  }
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (extra && typeof extra === "object") Object.assign(headers, extra);
  const path = op === "embedding" ? "/embeddings" : op === "completion" ? "/completions" : "/chat/completions";
  return { provider, flavor: "openai", op, url: `${base}${path}`, headers, body: { ...body, model: upstreamModel }, upstreamModel };
}

function exceptionName(provider: string): string {
  if (provider === "openai" || provider === "text-completion-openai") return "OpenAIException";
  if (provider === "azure") return "AzureException";
  return `${provider.charAt(0).toUpperCase()}${provider.slice(1)}Exception`;
}

function classFor(status: number): string {
  if (status === 400) return "BadRequestError";
  if (status === 401) return "AuthenticationError";
  if (status === 403) return "PermissionDeniedError";
  if (status === 404) return "NotFoundError";
  if (status === 408) return "Timeout";
  if (status === 422) return "UnprocessableEntityError";
  if (status === 429) return "RateLimitError";
  if (status === 503) return "ServiceUnavailableError";
  if (status >= 500) return "InternalServerError";
  return "APIError";
}

function upstreamDetail(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: unknown; detail?: unknown; message?: unknown };
    if (j && typeof j === "object") {
      if (j.error && typeof j.error === "object" && typeof (j.error as { message?: unknown }).message === "string") {
        return (j.error as { message: string }).message;
      }
      if (typeof j.error === "string") return j.error;
      if (typeof j.message === "string") return j.message;
      if (typeof j.detail === "string") return j.detail;
    }
  } catch {
    /* not JSON: use the text */
  }
  return text.slice(0, 500) || "(empty body)";
}

export function providerError(call: ProviderCall, status: number, text: string): ProviderError {
  const cls = classFor(status);
  return new ProviderError(status, cls, `litellm.${cls}: ${cls}: ${exceptionName(call.provider)} - ${upstreamDetail(text)}`);
}

function connectionError(call: ProviderCall, err: unknown): ProviderError {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const reason = cause?.code ? ` (${cause.code})` : "";
  return new ProviderError(
    500,
    "APIConnectionError",
    `litellm.APIConnectionError: APIConnectionError: ${exceptionName(call.provider)} - Connection error.${reason}`,
  );
}

function timeoutError(call: ProviderCall, timeoutMs: number): ProviderError {
  return new ProviderError(
    408,
    "Timeout",
    `litellm.Timeout: Timeout Error: ${exceptionName(call.provider)} - Request timed out. Timeout passed=${timeoutMs / 1000}s`,
    true,
  );
}

/** Starts the request; throws ProviderError on connection failure or timeout (headers phase). */
export async function sendCall(call: ProviderCall, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(call.url, {
      method: "POST",
      headers: call.headers,
      body: JSON.stringify(call.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const name = (err as { name?: string })?.name;
    if (name === "TimeoutError" || name === "AbortError") throw timeoutError(call, timeoutMs);
    throw connectionError(call, err);
  }
}

export interface ProviderResult {
  json: Record<string, unknown>;
  headers: Headers;
}

/** Full non-streaming call, normalized to OpenAI response format. */
export async function callProvider(call: ProviderCall, timeoutMs: number): Promise<ProviderResult> {
  const res = await sendCall(call, timeoutMs);
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    const name = (err as { name?: string })?.name;
    if (name === "TimeoutError" || name === "AbortError") throw timeoutError(call, timeoutMs);
    throw connectionError(call, err);
  }
  if (!res.ok) throw providerError(call, res.status, text);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProviderError(
      500,
      "APIError",
      `litellm.APIError: APIError: ${exceptionName(call.provider)} - Invalid JSON from provider: ${text.slice(0, 200)}`,
    );
  }
  return { json: call.flavor === "ollama" ? fromOllama(call, json) : json, headers: res.headers };
}

function fromOllama(call: ProviderCall, j: Record<string, unknown>): Record<string, unknown> {
  const prompt = Number(j.prompt_eval_count ?? 0);
  if (call.op === "embedding") {
    const embs = (j.embeddings as number[][]) ?? [];
    return {
      object: "list",
      data: embs.map((embedding, index) => ({ object: "embedding", index, embedding })),
      model: call.upstreamModel,
      usage: { prompt_tokens: prompt, total_tokens: prompt },
    };
  }
  const completion = Number(j.eval_count ?? 0);
  const content = call.op === "completion" ? String(j.response ?? "") : String((j.message as { content?: string })?.content ?? "");
  return {
    id: `chatcmpl-${Date.now().toString(36)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: `${call.provider}/${call.upstreamModel}`,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** Request headers as test_connection reports them (`raw_request_typed_dict`), secrets masked. */
export function maskedHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const lk = k.toLowerCase();
    out[k] =
      lk === "authorization" || lk === "api-key" || lk.includes("key") || lk.includes("token")
        ? `${v.slice(0, lk === "authorization" ? 12 : 5)}****`
        : v;
  }
  return out;
}
