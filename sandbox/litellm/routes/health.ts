// Health endpoints — CONTRACT.md §2.3, §3.2, §8.12, §8.13.
import type { Ctx, RouteDef, Sandbox } from "../context";
import { ok } from "../context";
import { detailError, requireBodyObject, Validator } from "../errors";
import type { ModelRow } from "../state";
import { buildCall, callProvider, maskedHeaders, ProviderError, resolveParams, type Op } from "../providers";
import { costEntryFor, healthMode } from "../model-view";
import { lookupCost } from "../catalog";

export const TEST_MODES = [
  "chat",
  "completion",
  "embedding",
  "audio_speech",
  "audio_transcription",
  "image_generation",
  "video_generation",
  "batch",
  "rerank",
  "realtime",
  "responses",
  "ocr",
] as const;

/** Fields LiteLLM drops from the params it echoes back (§2.3). */
const HIDDEN_RESULT_FIELDS = [
  "api_key",
  "vertex_credentials",
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "client_secret",
  "azure_ad_token",
  "prompt",
  "input",
  "messages",
];

function cleanParams(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (!HIDDEN_RESULT_FIELDS.includes(k)) out[k] = v;
  return out;
}

const FAKE_TRACE =
  "Traceback (most recent call last):\n" +
  '  File "/usr/lib/python3.13/site-packages/litellm/main.py", line 6142, in ahealth_check\n' +
  "    _response = await mode_handlers[mode]()\n" +
  '  File "/usr/lib/python3.13/site-packages/litellm/utils.py", line 1460, in wrapper_async\n' +
  "    raise e\n";

function opFor(mode: string): Op | null {
  if (mode === "chat" || mode === "responses") return "chat";
  if (mode === "embedding") return "embedding";
  if (mode === "completion") return "completion";
  return null;
}

interface CheckOutcome {
  ok: boolean;
  params: Record<string, unknown>;
  error?: string;
  timeout?: boolean;
  raw?: Record<string, unknown>;
  headers?: Headers;
}

/** One health call, like `litellm.ahealth_check` with the mode's tiny request. */
export async function runHealthCheck(
  sb: Sandbox,
  params: Record<string, unknown>,
  mode: string,
  modeWasSet: boolean,
): Promise<CheckOutcome> {
  const resolved = resolveParams(sb, params);
  const op = opFor(mode);
  if (!op)
    return { ok: false, params: resolved, error: `Sandbox does not emulate health checks for mode=${mode}\nstack trace: ${FAKE_TRACE}` };
  const payload: Record<string, unknown> =
    op === "embedding"
      ? { input: ["test from litellm"] }
      : op === "completion"
        ? { prompt: "test from litellm", max_tokens: 1 }
        : { messages: [{ role: "user", content: "test from litellm" }], max_tokens: 1 };
  const call = buildCall(resolved, op, payload);
  const raw = { raw_request_api_base: call.url, raw_request_body: call.body, raw_request_headers: maskedHeaders(call.headers) };
  try {
    const r = await callProvider(call, sb.cfg.healthTimeoutMs);
    return { ok: true, params: resolved, headers: r.headers };
  } catch (err) {
    if (err instanceof ProviderError && err.timeout) return { ok: false, params: resolved, error: "Timeout exceeded", timeout: true, raw };
    let msg = err instanceof Error ? err.message : String(err);
    // §3.2: an embedding model checked as chat fails with LiteLLM's "Missing `mode`" hint.
    if (!modeWasSet && mode === "chat") msg += "\nHave you set 'mode' - https://docs.litellm.ai/docs/proxy/health#embedding-models";
    return { ok: false, params: resolved, error: `${msg}\nstack trace: ${FAKE_TRACE}`, raw };
  }
}

async function testConnection(ctx: Ctx) {
  const body = requireBodyObject(ctx.body ?? {});
  const v = new Validator();
  const modeIn = v.literal(body, "mode", ["body"], TEST_MODES);
  const params = v.reqDict(body, "litellm_params", ["body"]);
  if (params) v.reqString(params, "model", ["body", "litellm_params"]);
  const info = v.optDict(body, "model_info", ["body"]) ?? {};
  v.throwIfAny();
  const sb = ctx.sb;
  let merged: Record<string, unknown> = { ...params! };
  if (sb.cfg.modern) {
    // §2.3 S2: a configured model_name supplies the base params; request params override them.
    const base = sb.store.modelList().find((m) => m.model_name === params!.model);
    if (base) {
      const { model: _m, ...overrides } = params!;
      merged = { ...base.litellm_params, ...overrides };
    }
  }
  const cost = lookupCost(String(merged.model ?? ""));
  const modeWasSet = !!(modeIn ?? info.mode);
  const mode = modeIn ?? (typeof info.mode === "string" ? info.mode : null) ?? (sb.cfg.modern ? cost?.mode : null) ?? "chat";
  const out = await runHealthCheck(sb, merged, mode, modeWasSet);
  const result: Record<string, unknown> = cleanParams(out.params);
  if (out.ok) {
    const rr = out.headers?.get("x-ratelimit-remaining-requests");
    const rt = out.headers?.get("x-ratelimit-remaining-tokens");
    if (rr) result["x-ratelimit-remaining-requests"] = rr;
    if (rt) result["x-ratelimit-remaining-tokens"] = rt;
    return ok({ status: "success", result });
  }
  // §8.12: HTTP 200 even when the connection fails — branch on `status`.
  result.error = out.error;
  if (out.raw) result.raw_request_typed_dict = out.raw;
  return ok({ status: "error", result });
}

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

async function health(ctx: Ctx) {
  const sb = ctx.sb;
  const modelId = ctx.query.get("model_id");
  const model = ctx.query.get("model");
  let targets: ModelRow[] = sb.store.modelList().filter((m) => !m.blocked);
  if (modelId) {
    const m = sb.store.models.get(modelId);
    if (!m) throw detailError(404, { error: `Model with ID ${modelId} not found` });
    targets = [m];
  } else if (model) {
    targets = targets.filter((m) => m.model_name === model || m.model_info.team_public_model_name === model);
  }
  if (sb.store.models.size === 0) throw detailError(500, { error: "Model list not initialized" });
  const results = await pool(targets, 16, async (m) => {
    const mode = healthMode(m);
    const r = await runHealthCheck(sb, m.litellm_params, mode, !!m.model_info.mode || !!costEntryFor(m).entry?.mode);
    return { m, r };
  });
  const healthy: unknown[] = [];
  const unhealthy: unknown[] = [];
  for (const { m, r } of results) {
    const entry: Record<string, unknown> = { ...cleanParams(r.params), model_id: m.model_id };
    if (r.ok) healthy.push(entry);
    else unhealthy.push({ ...entry, error: r.error });
  }
  return ok({
    healthy_endpoints: healthy,
    unhealthy_endpoints: unhealthy,
    healthy_count: healthy.length,
    unhealthy_count: unhealthy.length,
  });
}

function readiness(ctx: Ctx) {
  const sb = ctx.sb;
  const base = {
    status: "healthy",
    db: sb.cfg.database ? "connected" : "Not connected",
    cache: null,
    litellm_version: sb.cfg.version,
    success_callbacks: [],
    use_aiohttp_transport: true,
  };
  // §2.3: S1 adds `license`; S2 adds log_level / is_detailed_debug.
  if (sb.cfg.modern) return ok({ ...base, log_level: "WARNING", is_detailed_debug: false });
  return ok({ ...base, license: { has_license: sb.cfg.enterprise, expiration_date: null } });
}

export const healthRoutes: RouteDef[] = [
  { method: "POST", pattern: "/health/test_connection", access: "test-connection", handler: testConnection },
  { method: "GET", pattern: "/health", access: "info", handler: health },
  { method: "GET", pattern: "/health/liveliness", access: "public", handler: () => ok("I'm alive!") },
  { method: "GET", pattern: "/health/liveness", access: "public", handler: () => ok("I'm alive!") },
  { method: "GET", pattern: "/health/readiness", access: "public", handler: readiness },
];

export const modernHealthRoutes: RouteDef[] = [{ method: "GET", pattern: "/health/readiness/details", access: "info", handler: readiness }];
