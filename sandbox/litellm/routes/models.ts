// Model (deployment) management and listing — CONTRACT.md §2.1, §3.1, §3.2, §8.3–8.5.
import type { Ctx, RouteDef, Sandbox } from "../context";
import { ok } from "../context";
import { detailError, proxyError, pyRepr, requireBodyObject, Validator } from "../errors";
import type { ModelRow } from "../state";
import { encryptParams, nowIso, uuid } from "../util";
import { accessGroups, modelAccess, modelEntry, modelInfoView } from "../model-view";

/** `litellm_proxy_admin_name` default: what the master key writes into created_by. */
export const ADMIN_NAME = "default_user_id";

export function actorOf(ctx: Ctx): string {
  return ctx.caller.userId ?? ADMIN_NAME;
}

/** §2.1: create/update responses are the DB row with every string in litellm_params encrypted. */
export function dbRowOut(sb: Sandbox, m: ModelRow): Record<string, unknown> {
  return {
    model_id: m.model_id,
    model_name: m.model_name,
    litellm_params: encryptParams(m.litellm_params, sb.cfg.salt),
    model_info: { ...m.model_info, id: m.model_id },
    blocked: m.blocked,
    created_at: m.created_at,
    created_by: m.created_by,
    updated_at: m.updated_at,
    updated_by: m.updated_by,
  };
}

/** §2.1 self-managed routes: admins always; otherwise a team admin of model_info.team_id with Enterprise. */
function assertCanManage(ctx: Ctx, teamId: unknown) {
  if (ctx.caller.isAdmin) return;
  const tid = typeof teamId === "string" ? teamId : null;
  if (!tid) {
    throw proxyError(
      403,
      `Authentication Error, Only proxy admins can manage models without a team. Set model_info.team_id to manage a team model. Your role=${ctx.caller.role}`,
      "auth_error",
    );
  }
  const team = ctx.sb.store.teams.get(tid);
  const isTeamAdmin = !!team?.members_with_roles.some((m) => m.role === "admin" && m.user_id === ctx.caller.userId);
  if (!isTeamAdmin || !ctx.sb.cfg.enterprise) {
    throw proxyError(
      403,
      `Authentication Error, User is not a team admin of team_id=${tid}, or team model management needs an Enterprise license.`,
      "auth_error",
    );
  }
}

/** Merge rule of POST /model/update and PATCH: an incoming non-null value wins, null keeps the old one. */
function mergeNonNull(old: Record<string, unknown>, incoming: Record<string, unknown>): Record<string, unknown> {
  const out = { ...old };
  for (const [k, v] of Object.entries(incoming)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

async function modelNew(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  const modelName = v.reqString(body, "model_name", ["body"]);
  const params = v.reqDict(body, "litellm_params", ["body"]);
  if (params) v.reqString(params, "model", ["body", "litellm_params"]);
  const info = v.optDict(body, "model_info", ["body"]) ?? {};
  v.throwIfAny();
  assertCanManage(ctx, info.team_id);
  const sb = ctx.sb;
  if (!ctx.caller.isAdmin && sb.cfg.modern && params!.litellm_credential_name != null) {
    throw proxyError(403, "Only proxy admins can set litellm_credential_name on a model.", "auth_error", "litellm_credential_name");
  }
  const teamId = typeof info.team_id === "string" ? info.team_id : null;
  if (teamId && !sb.store.teams.has(teamId))
    throw proxyError(400, `Team id=${teamId} does not exist in db`, "bad_request_error", "team_id");
  const id = typeof info.id === "string" && info.id ? info.id : uuid();
  if (sb.store.models.has(id)) {
    // §2.1/§8.3: the insert error is swallowed and reported generically.
    throw proxyError(500, "Failed to add model to db. Check your server logs for more details.", "internal_server_error");
  }
  const now = nowIso();
  let name = modelName!;
  const modelInfo: Record<string, unknown> = { ...info, id };
  if (teamId) {
    // §3.1: team models get an internal name; the public one goes to team_public_model_name.
    modelInfo.team_public_model_name = name;
    name = `model_name_${teamId}_${uuid()}`;
  }
  const row: ModelRow = {
    model_id: id,
    model_name: name,
    litellm_params: { ...params! },
    model_info: modelInfo,
    blocked: false,
    created_at: now,
    created_by: actorOf(ctx),
    updated_at: now,
    updated_by: actorOf(ctx),
  };
  sb.store.putModel(row);
  return ok(dbRowOut(sb, row));
}

async function modelUpdatePost(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  v.optString(body, "model_name", ["body"]);
  const params = v.optDict(body, "litellm_params", ["body"]);
  const info = v.optDict(body, "model_info", ["body"]);
  v.throwIfAny();
  const id = info && typeof info.id === "string" ? info.id : null;
  if (!id) throw proxyError(400, "Authentication Error, model_info.id not provided", "auth_error");
  const m = ctx.sb.store.models.get(id);
  assertCanManage(ctx, m?.model_info.team_id);
  if (m?.config) {
    throw proxyError(
      400,
      "Authentication Error, Can't edit model. Model in config. Store model in db via `/model/new`. to edit.",
      "auth_error",
    );
  }
  if (!m) throw proxyError(400, "Authentication Error, model not found", "auth_error");
  if (!params) throw proxyError(400, "Authentication Error, litellm_params not provided", "auth_error");
  // §2.1: only litellm_params merge; model_info is ignored; model_name is ignored in S1 (1.80.0).
  const updated: ModelRow = {
    ...m,
    litellm_params: mergeNonNull(m.litellm_params, params),
    updated_at: nowIso(),
    updated_by: actorOf(ctx),
  };
  if (ctx.sb.cfg.modern && typeof body.model_name === "string" && body.model_name && !m.model_info.team_id)
    updated.model_name = body.model_name;
  ctx.sb.store.putModel(updated);
  return ok(dbRowOut(ctx.sb, updated));
}

async function modelUpdatePatch(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  v.optString(body, "model_name", ["body"]);
  const params = v.optDict(body, "litellm_params", ["body"]);
  const info = v.optDict(body, "model_info", ["body"]);
  v.throwIfAny();
  const id = ctx.params.model_id;
  const m = ctx.sb.store.models.get(id);
  assertCanManage(ctx, m?.model_info.team_id ?? info?.team_id);
  if (!m) throw proxyError(404, `Model ${id} not found on proxy.`, "not_found_error", "model_id");
  if (m.config)
    throw proxyError(
      400,
      "Cannot edit config-based model. Model in config.yaml. Store model in db via `/model/new` to edit.",
      "bad_request_error",
      "model_id",
    );
  // §2.1 PATCH: merges model_name, litellm_params and model_info (shallow).
  const updated: ModelRow = {
    ...m,
    model_name: typeof body.model_name === "string" && body.model_name ? body.model_name : m.model_name,
    litellm_params: params ? mergeNonNull(m.litellm_params, params) : m.litellm_params,
    model_info: info ? { ...m.model_info, ...info, id: m.model_id } : m.model_info,
    updated_at: nowIso(),
    updated_by: actorOf(ctx),
  };
  ctx.sb.store.putModel(updated);
  return ok(dbRowOut(ctx.sb, updated));
}

async function modelDelete(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  const id = v.reqString(body, "id", ["body"]);
  v.throwIfAny();
  const m = ctx.sb.store.models.get(id!);
  assertCanManage(ctx, m?.model_info.team_id);
  // §2.1: unknown *or config* id → 400 with a Python-repr message.
  if (!m || m.config) throw proxyError(400, pyRepr({ error: `Model with id=${id} not found in db` }), "auth_error");
  ctx.sb.store.deleteModel(id!);
  return ok({ message: `Model: ${id} deleted successfully` });
}

async function modelBlock(ctx: Ctx, blocked: boolean) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  const id = v.reqString(body, "model_id", ["body"]);
  v.throwIfAny();
  const m = ctx.sb.store.models.get(id!);
  if (!m || m.config) throw proxyError(404, `Model ${id} not found on proxy.`, "not_found_error", "model_id");
  const updated = { ...m, blocked, updated_at: nowIso(), updated_by: actorOf(ctx) };
  ctx.sb.store.putModel(updated);
  return ok(dbRowOut(ctx.sb, updated));
}

function visibleModels(ctx: Ctx): ModelRow[] {
  const all = ctx.sb.store.modelList();
  if (ctx.caller.isAdmin) return all;
  const allowed = modelAccess(ctx.sb, ctx.caller);
  return all.filter((m) => allowed(m.model_name) || allowed(String(m.model_info.team_public_model_name ?? "")));
}

async function modelInfo(ctx: Ctx) {
  const sb = ctx.sb;
  if (sb.store.models.size === 0) {
    // §2.1: no model list loaded → 500 B.
    throw detailError(500, {
      error: "LLM Model List not loaded in. Make sure you passed models in your config.yaml or on the LiteLLM Admin UI.",
    });
  }
  const id = ctx.query.get("litellm_model_id");
  const models = visibleModels(ctx);
  if (id) {
    const m = models.find((x) => x.model_id === id);
    if (!m) throw detailError(400, { error: `Model id = ${id} not found on litellm proxy` });
    return ok({ data: [modelEntry(m)] });
  }
  return ok({ data: models.map(modelEntry) });
}

const V2_SORTS = ["model_name", "created_at", "updated_at", "costs", "status"];
const sortCache = new WeakMap<Sandbox, Map<string, { version: number; rows: ModelRow[] }>>();

function sortedModels(sb: Sandbox, rows: ModelRow[], sortBy: string, order: "asc" | "desc", cacheable: boolean): ModelRow[] {
  let cache = sortCache.get(sb);
  if (!cache) sortCache.set(sb, (cache = new Map()));
  const ck = `${sortBy}:${order}`;
  const hit = cacheable ? cache.get(ck) : undefined;
  if (hit && hit.version === sb.store.modelsVersion) return hit.rows;
  const val = (m: ModelRow): string | number => {
    switch (sortBy) {
      case "model_name":
        return m.model_name.toLowerCase();
      case "created_at":
        return m.created_at;
      case "updated_at":
        return m.updated_at;
      case "costs": {
        const i = modelInfoView(m);
        return Number(i.input_cost_per_token ?? 0) + Number(i.output_cost_per_token ?? 0);
      }
      default:
        return m.blocked ? 1 : 0;
    }
  };
  const dir = order === "desc" ? -1 : 1;
  const keyed = rows.map((m, i) => ({ m, k: val(m), i }));
  keyed.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.i - b.i));
  const out = keyed.map((x) => x.m);
  if (cacheable) cache.set(ck, { version: sb.store.modelsVersion, rows: out });
  return out;
}

function teamAccessOf(
  sb: Sandbox,
  m: ModelRow,
  groups: Map<string, Set<string>>,
): { access_via_team_ids: string[]; direct_access: boolean } {
  const ids: string[] = [];
  for (const t of sb.store.teams.values()) {
    if (t.models.some((x) => x === m.model_name || groups.get(x)?.has(m.model_name))) ids.push(t.team_id);
  }
  if (typeof m.model_info.team_id === "string" && !ids.includes(m.model_info.team_id)) ids.push(m.model_info.team_id);
  return { access_via_team_ids: ids, direct_access: !m.model_info.team_id };
}

async function modelInfoV2(ctx: Ctx) {
  const sb = ctx.sb;
  const q = ctx.query;
  if (!sb.cfg.modern) {
    // §2.1 S1 (1.80.0): not paginated, needs a router.
    if (sb.store.models.size === 0) throw detailError(500, { error: "No model list passed, models router=None" });
    return ok({ data: visibleModels(ctx).map(modelEntry) });
  }
  const v = new Validator();
  const page = v.queryInt(q, "page", 1, 1);
  const size = v.queryInt(q, "size", 50, 1);
  const includeTeam = v.queryBool(q, "include_team_models");
  const userOnly = v.queryBool(q, "user_models_only");
  v.throwIfAny();
  const search = q.get("search")?.toLowerCase() || null;
  const modelName = q.get("model");
  const modelId = q.get("modelId");
  const teamId = q.get("teamId");
  const sortBy = q.get("sortBy");
  const sortOrder = q.get("sortOrder") === "desc" ? "desc" : "asc";
  let rows = visibleModels(ctx);
  // Access groups scan every deployment: only worth it when team access is asked for (keeps paging O(page)).
  const groups = teamId || includeTeam ? accessGroups(sb) : new Map<string, Set<string>>();
  const filtered = !!(search || modelName || modelId || teamId || userOnly);
  if (filtered) {
    rows = rows.filter((m) => {
      if (modelId && m.model_id !== modelId) return false;
      if (modelName && m.model_name !== modelName && m.model_info.team_public_model_name !== modelName) return false;
      if (userOnly && m.created_by !== (ctx.caller.userId ?? ADMIN_NAME)) return false;
      if (search) {
        const pub = String(m.model_info.team_public_model_name ?? "").toLowerCase();
        if (!m.model_name.toLowerCase().includes(search) && !pub.includes(search)) return false;
      }
      if (teamId) {
        const a = teamAccessOf(sb, m, groups);
        if (!a.direct_access && !a.access_via_team_ids.includes(teamId)) return false;
      }
      return true;
    });
  }
  if (sortBy && V2_SORTS.includes(sortBy)) rows = sortedModels(sb, rows, sortBy, sortOrder, !filtered && ctx.caller.isAdmin);
  const total = rows.length;
  const start = (page - 1) * size;
  const data = rows.slice(start, start + size).map((m) => {
    const e = modelEntry(m);
    if (includeTeam) e.model_info = { ...(e.model_info as object), ...teamAccessOf(sb, m, groups) };
    return e;
  });
  return ok({ data, total_count: total, current_page: page, total_pages: Math.ceil(total / size), size });
}

async function modelGroupInfo(ctx: Ctx) {
  const filter = ctx.query.get("model_group");
  const groups = new Map<string, ModelRow[]>();
  for (const m of visibleModels(ctx)) {
    if (m.blocked) continue;
    const name = (m.model_info.team_public_model_name as string | undefined) ?? m.model_name;
    if (filter && name !== filter) continue;
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name)!.push(m);
  }
  const data = [...groups.entries()].map(([name, deps]) => {
    const infos = deps.map(modelInfoView);
    const first = infos[0];
    const maxOf = (k: string) => {
      const vals = infos.map((i) => i[k]).filter((x): x is number => typeof x === "number");
      return vals.length ? Math.max(...vals) : null;
    };
    const sumOf = (k: string) => {
      const vals = deps.map((d) => d.litellm_params[k]).filter((x): x is number => typeof x === "number");
      return vals.length ? vals.reduce((a, b) => a + b, 0) : null;
    };
    return {
      model_group: name,
      providers: [...new Set(infos.map((i) => String(i.litellm_provider)))],
      max_input_tokens: maxOf("max_input_tokens"),
      max_output_tokens: maxOf("max_output_tokens"),
      input_cost_per_token: maxOf("input_cost_per_token"),
      output_cost_per_token: maxOf("output_cost_per_token"),
      mode: (first.mode as string | null) ?? "chat",
      tpm: sumOf("tpm"),
      rpm: sumOf("rpm"),
      supports_parallel_function_calling: !!first.supports_parallel_function_calling,
      supports_vision: !!first.supports_vision,
      supports_function_calling: !!first.supports_function_calling,
      supported_openai_params: (first.supported_openai_params as string[] | undefined) ?? [],
      configurable_clientside_auth_params: null,
      is_public_model_group: false,
      health_status: null,
    };
  });
  return ok({ data });
}

function groupNames(ctx: Ctx): string[] {
  const names = new Set<string>();
  for (const m of visibleModels(ctx))
    if (!m.blocked) names.add((m.model_info.team_public_model_name as string | undefined) ?? m.model_name);
  return [...names];
}

/** §2.1: OpenAI-style list of model *groups* (a group with three deployments is listed once). */
async function v1Models(ctx: Ctx) {
  const fallback = ctx.query.get("fallback_type");
  if (fallback && !["general", "context_window", "content_policy"].includes(fallback)) {
    throw detailError(400, `Invalid fallback_type: ${fallback}. Must be one of: general, context_window, content_policy`);
  }
  let names = groupNames(ctx);
  const teamId = ctx.query.get("team_id");
  if (teamId) {
    const team = ctx.sb.store.teams.get(teamId);
    if (team && team.models.length) names = names.filter((n) => team.models.includes(n));
  }
  const v = new Validator();
  const withGroups = v.queryBool(ctx.query, "include_model_access_groups");
  const onlyGroups = v.queryBool(ctx.query, "only_model_access_groups");
  v.throwIfAny();
  const groups = [...accessGroups(ctx.sb).keys()];
  if (onlyGroups) names = groups;
  else if (withGroups) names = [...names, ...groups];
  return ok({ object: "list", data: names.map((id) => ({ id, object: "model", created: 1677610602, owned_by: "openai" })) });
}

async function v1ModelById(ctx: Ctx) {
  const id = ctx.params.model;
  if (!groupNames(ctx).includes(id)) throw proxyError(404, `The model \`${id}\` does not exist`, "invalid_request_error", "model");
  return ok({ id, object: "model", created: 1677610602, owned_by: "openai" });
}

export const modelRoutes: RouteDef[] = [
  { method: "POST", pattern: "/model/new", access: "self-managed", handler: modelNew },
  { method: "POST", pattern: "/model/update", access: "self-managed", handler: modelUpdatePost },
  { method: "PATCH", pattern: "/model/:model_id/update", access: "self-managed", handler: modelUpdatePatch },
  { method: "POST", pattern: "/model/delete", access: "self-managed", handler: modelDelete },
  { method: "GET", pattern: "/model/info", access: "info", handler: modelInfo },
  { method: "GET", pattern: "/v1/model/info", access: "info", handler: modelInfo },
  { method: "GET", pattern: "/v2/model/info", access: "info", handler: modelInfoV2 },
  { method: "GET", pattern: "/model_group/info", access: "info", handler: modelGroupInfo },
  { method: "GET", pattern: "/v1/models", access: "info", handler: v1Models },
  { method: "GET", pattern: "/models", access: "info", handler: v1Models },
  { method: "GET", pattern: "/v1/models/:model*", access: "info", handler: v1ModelById },
  { method: "GET", pattern: "/models/:model*", access: "info", handler: v1ModelById },
];

/** S3 only (1.96.0): /model/block, /model/unblock. */
export const modernModelRoutes: RouteDef[] = [
  { method: "POST", pattern: "/model/block", access: "admin", handler: (ctx) => modelBlock(ctx, true) },
  { method: "POST", pattern: "/model/unblock", access: "admin", handler: (ctx) => modelBlock(ctx, false) },
];
