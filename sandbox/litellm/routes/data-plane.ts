// OpenAI-compatible LLM routes: key checks (§1.1, §3.4, §3.7), round-robin over a model group (§3.1),
// the real upstream call (provider routing) and spend tracking per key/team/user.
import type { Ctx, RouteDef, Sandbox } from "../context";
import { STREAMED } from "../context";
import { HttpError, isObj, proxyBody, proxyError, pyRepr } from "../errors";
import type { ModelRow } from "../state";
import type { KeyRow } from "../key-store";
import { buildCall, callProvider, ProviderError, providerError, resolveParams, sendCall, type Op } from "../providers";
import { allowedModelNames, modelAccess, tokenPrices } from "../model-view";
import { nowIso, uuid } from "../util";

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
): number {
  const prices = tokenPrices(dep);
  const cost = (usage?.prompt_tokens ?? 0) * prices.input + (usage?.completion_tokens ?? 0) * prices.output;
  const store = ctx.sb.store;
  const key = ctx.caller.key;
  if (key) {
    const updated: KeyRow = {
      ...key,
      spend: key.spend + cost,
      last_active: nowIso(),
      model_spend: { ...key.model_spend, [model]: (key.model_spend?.[model] ?? 0) + cost },
    };
    store.keys.save(updated);
    ctx.caller.key = updated;
    const team = key.team_id ? store.teams.get(key.team_id) : undefined;
    if (team) team.spend += cost;
    const user = key.user_id ? store.users.get(key.user_id) : undefined;
    if (user) user.spend += cost;
    if (team && key.user_id) {
      const ms = store.membership(team.team_id, key.user_id);
      if (ms) ms.spend += cost;
    }
    store.changed();
  }
  return cost;
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
  const sb = ctx.sb;
  if (model) checkCaller(ctx, model);
  const dep = model ? pickDeployment(sb, model) : null;
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
  const cost = recordSpend(ctx, dep, model, usage);
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
