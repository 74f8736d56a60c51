// OpenAI-compatible LLM routes: key checks (§1.1, §3.4, §3.7), round-robin over a model group (§3.1),
// the real upstream call (provider routing) and spend tracking per key/team/user.
import type { Ctx, RouteDef, Sandbox } from "../context";
import { STREAMED } from "../context";
import { HttpError, isObj, proxyBody, proxyError, pyRepr } from "../errors";
import type { ModelRow } from "../state";
import { buildCall, callProvider, ProviderError, providerError, resolveParams, sendCall, type Op } from "../providers";
import { allowedModelNames, modelAccess, tokenPrices } from "../model-view";
import { uuid } from "../util";
import { addSpend, recordCall } from "../spend-record";

/** Key budget, team (blocked, budget), user budget and model checks that LiteLLM runs on LLM routes only. */
function checkCaller(ctx: Ctx, model: string) {
  const key = ctx.caller.key;
  if (!key) return;
  const store = ctx.sb.store;
  if (key.max_budget != null && key.spend >= key.max_budget) {
    throw proxyError(400, `Budget has been exceeded! Current cost: ${key.spend}, Max budget: ${key.max_budget}`, "budget_exceeded", null);
  }
  const team = key.team_id ? store.teams.get(key.team_id) : undefined;
  // auth_checks.common_checks step 1: a blocked team refuses every call of its keys.
  if (team?.blocked) {
    throw proxyError(
      401,
      `Authentication Error, Team=${team.team_id} is blocked. Update via \`/team/unblock\` if you're an admin.`,
      "auth_error",
      "None",
    );
  }
  if (team?.max_budget != null && team.spend >= team.max_budget) {
    throw proxyError(
      400,
      `Budget has been exceeded! Team=${team.team_id} Current cost: ${team.spend}, Max budget: ${team.max_budget}`,
      "budget_exceeded",
      null,
    );
  }
  const user = key.user_id ? store.users.get(key.user_id) : undefined;
  if (user?.max_budget != null && user.spend >= user.max_budget) {
    throw proxyError(
      400,
      `Budget has been exceeded! User=${user.user_id} Current cost: ${user.spend}, Max budget: ${user.max_budget}`,
      "budget_exceeded",
      null,
    );
  }
  if (!modelAccess(ctx.sb, ctx.caller)(model)) {
    const names = allowedModelNames(ctx.sb, ctx.caller);
    throw proxyError(
      401,
      `Authentication Error, API Key not allowed to access model. This key can only access models=${pyRepr(names)}. Tried to access ${model}`,
      "key_model_access_denied",
      "model",
    );
  }
}

/** §3.1: round-robin across the deployments of a group. */
function pickDeployment(sb: Sandbox, model: string): ModelRow | null {
  const group = sb.store.modelList().filter((m) => !m.blocked && (m.model_name === model || m.model_info.team_public_model_name === model));
  if (!group.length) return null;
  const i = sb.rr.get(model) ?? 0;
  sb.rr.set(model, i + 1);
  return group[i % group.length];
}

function recordSpend(
  ctx: Ctx,
  dep: ModelRow,
  model: string,
  usage: { prompt_tokens?: number; completion_tokens?: number } | undefined,
  call: { op: Op; startMs: number; requestId: string; response?: unknown },
): number {
  const prices = tokenPrices(dep);
  const cost = (usage?.prompt_tokens ?? 0) * prices.input + (usage?.completion_tokens ?? 0) * prices.output;
  const key = ctx.caller.key;
  if (key) {
    recordCall(ctx.sb, key, {
      op: call.op,
      requestId: call.requestId,
      modelGroup: model,
      deployment: dep,
      startMs: call.startMs,
      endMs: Date.now(),
      promptTokens: usage?.prompt_tokens ?? 0,
      completionTokens: usage?.completion_tokens ?? 0,
      spend: cost,
      status: "success",
      requestBody: ctx.body,
      responseBody: call.response,
      endUser: isObj(ctx.body) && typeof ctx.body.user === "string" ? ctx.body.user : null,
      tags: requestTags(ctx.body),
    });
    addSpend(ctx.sb, ctx.caller, key, model, cost);
  }
  return cost;
}

function requestTags(body: unknown): string[] {
  if (!isObj(body)) return [];
  const direct = Array.isArray(body.tags) ? body.tags : [];
  const meta = isObj(body.metadata) && Array.isArray(body.metadata.tags) ? body.metadata.tags : [];
  return [...direct, ...meta].filter((t): t is string => typeof t === "string").slice(0, 20);
}

/** LiteLLM logs failed calls too (status "failure", spend 0, error_information in metadata). */
function recordFailure(ctx: Ctx, op: Op, model: string, dep: ModelRow | null, startMs: number, err: HttpError) {
  const key = ctx.caller.key;
  if (!key) return;
  const body = err.body as { error?: { message?: string; type?: string } } | undefined;
  recordCall(ctx.sb, key, {
    op,
    modelGroup: model,
    deployment: dep,
    startMs,
    endMs: Date.now(),
    promptTokens: 0,
    completionTokens: 0,
    spend: 0,
    status: "failure",
    error: { code: String(err.status), message: String(body?.error?.message ?? err.message).slice(0, 500), cls: String(body?.error?.type ?? "APIError") },
    requestBody: ctx.body,
    endUser: isObj(ctx.body) && typeof ctx.body.user === "string" ? ctx.body.user : null,
    tags: requestTags(ctx.body),
  });
}

function wrapProviderError(err: unknown, model: string): HttpError {
  if (err instanceof ProviderError) {
    const body = proxyBody(err.status, `${err.message}\nReceived Model Group=${model}\nAvailable Model Group Fallbacks=None`, null, null);
    return new HttpError(err.status, body);
  }
  return proxyError(500, `litellm.APIError: ${err instanceof Error ? err.message : String(err)}`, null, null);
}

function estimateTokens(s: string): number {
  return Math.max(1, Math.ceil(s.length / 4));
}

async function llmCall(ctx: Ctx, op: Op) {
  const body = isObj(ctx.body) ? ctx.body : {};
  const model = typeof body.model === "string" ? body.model : null;
  const startMs = Date.now();
  let dep: ModelRow | null = null;
  try {
    return await llmCallInner(ctx, op, startMs, (d) => (dep = d));
  } catch (err) {
    if (model && err instanceof HttpError) recordFailure(ctx, op, model, dep, startMs, err);
    throw err;
  }
}

async function llmCallInner(ctx: Ctx, op: Op, startMs: number, onDeployment: (d: ModelRow) => void) {
  const body = isObj(ctx.body) ? ctx.body : {};
  const model = typeof body.model === "string" ? body.model : null;
  const sb = ctx.sb;
  if (model) checkCaller(ctx, model);
  const dep = model ? pickDeployment(sb, model) : null;
  if (dep) onDeployment(dep);
  if (!dep || !model) {
    throw proxyError(
      400,
      `Invalid model name passed in model=${model ?? "None"}. Call \`/v1/models\` to view available models for your key.`,
      "invalid_request_error",
      "model",
    );
  }
  const params = resolveParams(sb, dep.litellm_params);
  const payload: Record<string, unknown> = { ...body };
  delete payload.model;
  delete payload.metadata;
  const stream = op === "chat" && body.stream === true;
  const call = buildCall(params, op, payload);
  const timeoutMs = (Number(params.timeout) || 600) * 1000;
  const callId = uuid();
  const baseHeaders: Record<string, string> = {
    "x-litellm-model-id": dep.model_id,
    "x-litellm-call-id": callId,
    "x-litellm-model-group": model,
  };
  if (typeof params.api_base === "string") baseHeaders["x-litellm-model-api-base"] = params.api_base;

  if (stream && call.flavor !== "ollama") {
    let res: Response;
    try {
      res = await sendCall(call, timeoutMs);
    } catch (err) {
      throw wrapProviderError(err, model);
    }
    if (!res.ok) throw wrapProviderError(providerError(call, res.status, await res.text()), model);
    ctx.res.writeHead(200, { ...baseHeaders, "content-type": "text/event-stream", "cache-control": "no-cache" });
    let text = "";
    let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
    let buf = "";
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        ctx.res.write(chunk);
        buf += Buffer.from(chunk).toString("utf8");
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line.startsWith("data:") || line === "data: [DONE]") continue;
          try {
            const j = JSON.parse(line.slice(5));
            if (j.usage) usage = j.usage;
            const c = j.choices?.[0]?.delta?.content;
            if (typeof c === "string") text += c;
          } catch {
            /* partial or foreign line */
          }
        }
      }
    } catch (err) {
      // The provider died mid-answer: LiteLLM's stream wrapper sends one error event after what arrived, then ends.
      const message = `litellm.APIConnectionError: ${err instanceof Error ? err.message : String(err)}\nReceived Model Group=${model}`;
      ctx.res.write(`data: ${JSON.stringify({ error: { message, type: null, param: null, code: "500" } })}\n\n`);
    }
    ctx.res.end();
    recordSpend(
      ctx,
      dep,
      model,
      usage ?? { prompt_tokens: estimateTokens(JSON.stringify(body.messages ?? "")), completion_tokens: estimateTokens(text) },
      { op, startMs, requestId: callId, response: { choices: [{ message: { role: "assistant", content: text } }] } },
    );
    return STREAMED;
  }

  let result;
  try {
    result = await callProvider(call, timeoutMs);
  } catch (err) {
    throw wrapProviderError(err, model);
  }
  const json = result.json;
  const usage = json.usage as { prompt_tokens?: number; completion_tokens?: number } | undefined;
  const cost = recordSpend(ctx, dep, model, usage, { op, startMs, requestId: typeof json.id === "string" && !sb.spend.get(json.id) ? json.id : callId, response: json });
  const headers = { ...baseHeaders, "x-litellm-response-cost": String(cost) };
  if (stream) {
    // Ollama answered non-streaming: re-emit it as OpenAI SSE chunks.
    ctx.res.writeHead(200, { ...headers, "content-type": "text/event-stream", "cache-control": "no-cache" });
    const content = String((json.choices as { message?: { content?: string } }[])?.[0]?.message?.content ?? "");
    const base = { id: json.id, object: "chat.completion.chunk", created: json.created, model: json.model };
    ctx.res.write(
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: "assistant", content }, finish_reason: null }] })}\n\n`,
    );
    ctx.res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
    ctx.res.end("data: [DONE]\n\n");
    return STREAMED;
  }
  return { status: 200, json, headers };
}

export const dataPlaneRoutes: RouteDef[] = [
  { method: "POST", pattern: "/v1/chat/completions", access: "data", handler: (ctx) => llmCall(ctx, "chat") },
  { method: "POST", pattern: "/chat/completions", access: "data", handler: (ctx) => llmCall(ctx, "chat") },
  { method: "POST", pattern: "/v1/completions", access: "data", handler: (ctx) => llmCall(ctx, "completion") },
  { method: "POST", pattern: "/completions", access: "data", handler: (ctx) => llmCall(ctx, "completion") },
  { method: "POST", pattern: "/v1/embeddings", access: "data", handler: (ctx) => llmCall(ctx, "embedding") },
  { method: "POST", pattern: "/embeddings", access: "data", handler: (ctx) => llmCall(ctx, "embedding") },
];
