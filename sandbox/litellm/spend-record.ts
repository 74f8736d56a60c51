// Writes to the spend log from the data plane (one row per request, success or failure) and the sandbox's
// backfill control route (steady history for forecasts in tests).
import type { Caller, Sandbox } from "./context";
import { isObj } from "./errors";
import type { KeyRow } from "./key-store";
import type { ModelRow } from "./state";
import { DAY_MS, type SpendLogRow } from "./spend-store";
import { nowIso, toToken, uuid } from "./util";

const CALL_TYPES = { chat: "acompletion", completion: "atext_completion", embedding: "aembedding" } as const;

export interface CallRecord {
  op: keyof typeof CALL_TYPES;
  requestId?: string;
  modelGroup: string;
  deployment: ModelRow | null;
  startMs: number;
  endMs?: number;
  promptTokens: number;
  completionTokens: number;
  spend: number;
  status: "success" | "failure";
  error?: { code: string; message: string; cls: string };
  requestBody?: unknown;
  responseBody?: unknown;
  endUser?: string | null;
  tags?: string[];
}

function splitModel(dep: ModelRow | null): { model: string; provider: string | null } {
  const raw = dep && typeof dep.litellm_params.model === "string" ? dep.litellm_params.model : "";
  const i = raw.indexOf("/");
  if (i < 0) return { model: raw, provider: dep ? "openai" : null };
  return { model: raw.slice(i + 1), provider: raw.slice(0, i) };
}

/** The spend-log row LiteLLM writes for one request made with a virtual key. */
export function recordCall(sb: Sandbox, key: KeyRow, rec: CallRecord): SpendLogRow {
  const { model, provider } = splitModel(rec.deployment);
  const team = key.team_id ? sb.store.teams.get(key.team_id) : undefined;
  const keyTags = Array.isArray(key.tags) ? key.tags : [];
  const metaTags = Array.isArray(key.metadata?.tags) ? (key.metadata.tags as unknown[]).filter((t): t is string => typeof t === "string") : [];
  const tags = [...new Set([...(rec.tags ?? []), ...keyTags, ...metaTags])];
  const end = rec.endMs ?? rec.startMs;
  const row: SpendLogRow = {
    request_id: rec.requestId ?? `chatcmpl-${uuid()}`,
    call_type: CALL_TYPES[rec.op],
    api_key: key.token,
    spend: rec.spend,
    total_tokens: rec.promptTokens + rec.completionTokens,
    prompt_tokens: rec.promptTokens,
    completion_tokens: rec.completionTokens,
    startTime: new Date(rec.startMs).toISOString(),
    endTime: new Date(end).toISOString(),
    completionStartTime: rec.status === "success" ? new Date(end).toISOString() : null,
    model: model || rec.modelGroup,
    model_id: rec.deployment?.model_id ?? null,
    model_group: rec.modelGroup,
    custom_llm_provider: provider,
    api_base: rec.deployment && typeof rec.deployment.litellm_params.api_base === "string" ? rec.deployment.litellm_params.api_base : null,
    user: key.user_id,
    team_id: key.team_id,
    end_user: rec.endUser ?? null,
    metadata: {
      user_api_key: key.token,
      user_api_key_alias: key.key_alias,
      user_api_key_team_id: key.team_id,
      user_api_key_team_alias: team?.team_alias ?? null,
      user_api_key_user_id: key.user_id,
      status: rec.status,
      ...(rec.error ? { error_information: { error_code: rec.error.code, error_class: rec.error.cls, error_message: rec.error.message } } : {}),
    },
    cache_hit: "False",
    cache_key: "Cache OFF",
    request_tags: tags,
    requester_ip_address: null,
    session_id: null,
    status: rec.status,
    messages: sb.cfg.storePrompts && rec.requestBody !== undefined ? rec.requestBody : "{}",
    response: sb.cfg.storePrompts && rec.responseBody !== undefined ? rec.responseBody : "{}",
  };
  sb.spend.record(row);
  sb.store.changed();
  return row;
}

/** Adds spend to the key, its team, user and team membership (what LiteLLM's update_database does). */
export function addSpend(sb: Sandbox, caller: Caller, key: KeyRow, model: string, cost: number) {
  const store = sb.store;
  const updated: KeyRow = {
    ...key,
    spend: key.spend + cost,
    last_active: nowIso(),
    model_spend: { ...key.model_spend, [model]: (key.model_spend?.[model] ?? 0) + cost },
  };
  store.keys.save(updated);
  if (caller.key && caller.key.token === key.token) caller.key = updated;
  const team = key.team_id ? store.teams.get(key.team_id) : undefined;
  if (team) team.spend += cost;
  const user = key.user_id ? store.users.get(key.user_id) : undefined;
  if (user) user.spend += cost;
  if (team && key.user_id) {
    const ms = store.membership(team.team_id, key.user_id);
    if (ms) ms.spend += cost;
  }
  store.changed();
  return updated;
}

/**
 * POST /__sandbox/spend/backfill {key, days, per_day, model?, requests_per_day?}: one spend-log row per request for
 * each of the last `days` days (not today), spend split evenly — steady history for burn-rate and forecast tests.
 */
export function backfillSpend(sb: Sandbox, body: unknown) {
  if (!isObj(body) || typeof body.key !== "string") throw new Error("body.key (raw key or token hash) is required");
  const days = Number(body.days ?? 7);
  const perDay = Number(body.per_day ?? 1);
  const perDayRequests = Math.max(1, Math.min(100, Number(body.requests_per_day ?? 1)));
  if (!Number.isInteger(days) || days < 1 || days > 400) throw new Error("days must be 1..400");
  if (!Number.isFinite(perDay) || perDay < 0) throw new Error("per_day must be ≥ 0");
  let key = sb.store.keys.get(toToken(body.key));
  if (!key) throw new Error("no such key");
  const modelGroup = typeof body.model === "string" ? body.model : "gpt-4o-mini";
  const dep = sb.store.modelList().find((m) => m.model_name === modelGroup) ?? null;
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  let rows = 0;
  for (let d = days; d >= 1; d--) {
    for (let r = 0; r < perDayRequests; r++) {
      const start = today - d * DAY_MS + 12 * 3_600_000 + r * 60_000;
      const spend = perDay / perDayRequests;
      recordCall(sb, key, {
        op: "chat",
        modelGroup,
        deployment: dep,
        startMs: start,
        endMs: start + 800,
        promptTokens: 1000,
        completionTokens: 500,
        spend,
        status: "success",
      });
      key = addSpend(sb, { kind: "master", isAdmin: true, role: "proxy_admin", userId: null, key: null }, key, modelGroup, spend);
      rows++;
    }
  }
  return { ok: true, rows };
}
