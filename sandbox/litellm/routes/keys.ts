// Virtual keys — CONTRACT.md §2.4, §3.4–3.7, §8.8–8.11.
import type { Ctx, RouteDef, Sandbox } from "../context";
import { ok } from "../context";
import { isObj, proxyError, pyRepr, requireBodyObject, Validator } from "../errors";
import { blankKeyRow, keyRowOut, SORTABLE_KEY_FIELDS, type KeyListQuery, type KeyRow, type KeySortField } from "../key-store";
import { exactExpiry, parseDuration, standardizedReset, type ParsedDuration } from "../duration";
import { keyName, newRawKey, nowIso, toToken } from "../util";
import { actorOf } from "./models";
import { ensureUser } from "./users";

export const NOT_PREMIUM =
  "You must be a LiteLLM Enterprise user to use this feature. If you have a license please set `LITELLM_LICENSE` in your env. Get a 7 day trial key here: https://www.litellm.ai/#trial. \nPricing: https://www.litellm.ai/#pricing";

const NUM_FIELDS = ["spend", "max_budget", "max_parallel_requests", "tpm_limit", "rpm_limit", "soft_budget"];
const LIST_FIELDS = [
  "models",
  "tags",
  "allowed_routes",
  "allowed_cache_controls",
  "guardrails",
  "prompts",
  "enforced_params",
  "access_group_ids",
];
const DICT_FIELDS = [
  "metadata",
  "aliases",
  "config",
  "permissions",
  "model_max_budget",
  "router_settings",
  "object_permission",
  "model_rpm_limit",
  "model_tpm_limit",
];
const STR_FIELDS = [
  "key_alias",
  "user_id",
  "team_id",
  "duration",
  "budget_duration",
  "key",
  "organization_id",
  "budget_id",
  "agent_id",
  "project_id",
  "rotation_interval",
];
const KEY_TYPES = ["llm_api", "management", "read_only", "default"];
/** §3.10: request fields LiteLLM moves into `metadata`. */
const METADATA_FIELDS = ["model_rpm_limit", "model_tpm_limit", "guardrails", "prompts", "tags", "enforced_params"];
/** Columns copied onto the stored row. */
const ROW_FIELDS = [
  "key_alias",
  "models",
  "spend",
  "max_budget",
  "user_id",
  "team_id",
  "max_parallel_requests",
  "tpm_limit",
  "rpm_limit",
  "allowed_cache_controls",
  "config",
  "permissions",
  "model_max_budget",
  "blocked",
  "aliases",
  "budget_id",
  "tags",
  "allowed_routes",
  "key_type",
  "organization_id",
  "agent_id",
  "project_id",
  "router_settings",
  "access_group_ids",
  "auto_rotate",
  "rotation_interval",
];

/** pydantic-style type checks shared by generate/update/regenerate. */
function validateKeyBody(body: Record<string, unknown>, v: Validator) {
  for (const f of NUM_FIELDS) v.optNumber(body, f, ["body"]);
  for (const f of LIST_FIELDS) v.optStringList(body, f, ["body"]);
  for (const f of DICT_FIELDS) v.optDict(body, f, ["body"]);
  for (const f of STR_FIELDS) v.optString(body, f, ["body"]);
  v.literal(body, "key_type", ["body"], KEY_TYPES);
  if (body.blocked !== undefined && body.blocked !== null && typeof body.blocked !== "boolean") {
    v.items.push({ type: "bool_type", loc: ["body", "blocked"], msg: "Input should be a valid boolean", input: body.blocked });
  }
}

function durationOrThrow(s: string): ParsedDuration {
  const d = parseDuration(s);
  // A ValueError inside the handler → handle_exception_on_proxy → 500 A.
  if (!d) throw proxyError(500, `Internal Server Error, Invalid duration format: ${s}`, "internal_server_error", "None");
  return d;
}

function assertAliasFree(ctx: Ctx, alias: unknown, ownToken: string | null) {
  if (typeof alias !== "string" || !alias) return;
  const other = ctx.sb.store.keys.findByAlias(alias);
  if (other && other.token !== ownToken) {
    // §2.4/§3.6: application-level uniqueness across all keys.
    throw proxyError(
      400,
      `Key with alias '${alias}' already exists. Unique key aliases across all keys are required.`,
      "bad_request_error",
      "key_alias",
    );
  }
}

function assertPremiumFields(ctx: Ctx, body: Record<string, unknown>) {
  if (ctx.sb.cfg.enterprise) return;
  for (const f of ["tags", "guardrails", "prompts", "allowed_passthrough_routes"]) {
    if (body[f] == null || (Array.isArray(body[f]) && (body[f] as unknown[]).length === 0)) continue;
    // §2.4: S1 raises a ValueError for tags (500); newer versions answer 403.
    if (!ctx.sb.cfg.modern && f === "tags")
      throw proxyError(
        500,
        `Internal Server Error, Only premium users can add tags to keys. ${NOT_PREMIUM}`,
        "internal_server_error",
        "None",
      );
    throw proxyError(403, `Rejected Request: ${f} is an Enterprise feature. ${NOT_PREMIUM}`, "auth_error", f);
  }
}

/** Copy request fields onto a row (generate, update, regenerate). */
function applyFields(row: KeyRow, body: Record<string, unknown>, isCreate: boolean) {
  for (const f of ROW_FIELDS) {
    if (!(f in body)) continue;
    const v = body[f];
    if (v === null && !isCreate && f !== "max_budget" && f !== "key_alias" && f !== "team_id" && f !== "tpm_limit" && f !== "rpm_limit")
      continue;
    row[f] = NUM_FIELDS.includes(f) && v !== null ? Number(v) : v;
  }
  if (isObj(body.metadata)) row.metadata = { ...(isCreate ? {} : row.metadata), ...body.metadata };
  for (const f of METADATA_FIELDS) if (body[f] != null) row.metadata = { ...row.metadata, [f]: body[f] };
  if (typeof body.budget_duration === "string") {
    row.budget_duration = body.budget_duration;
    const d = durationOrThrow(body.budget_duration);
    // §3.4: budget_duration uses standardized reset times (UTC).
    row.budget_reset_at = standardizedReset(d).toISOString();
  } else if (body.budget_duration === null && !isCreate) {
    row.budget_duration = null;
    row.budget_reset_at = null;
  }
  if (row.spend == null) row.spend = 0;
}

const MAX_MINTED = 5000;

function generateResponse(row: KeyRow, raw: string, body: Record<string, unknown>, sb: Pick<Sandbox, "mintedKeys">) {
  sb.mintedKeys.push({ raw, alias: row.key_alias ?? null });
  if (sb.mintedKeys.length > MAX_MINTED) sb.mintedKeys.splice(0, sb.mintedKeys.length - MAX_MINTED);
  return {
    ...keyRowOut(row),
    duration: body.duration ?? null,
    key: raw,
    key_name: row.key_name,
    token_id: row.token,
    token: row.token,
    litellm_budget_table: null,
  };
}

async function generate(ctx: Ctx) {
  const body = requireBodyObject(ctx.body ?? {});
  const v = new Validator();
  validateKeyBody(body, v);
  v.throwIfAny();
  const sb = ctx.sb;
  const store = sb.store;
  let raw: string;
  if (typeof body.key === "string") {
    if (!body.key.startsWith("sk-")) {
      throw proxyError(400, "Invalid key format. LiteLLM Virtual Key must start with 'sk-'.", "bad_request_error", "key");
    }
    if (sb.cfg.modern && body.key.length < 16) {
      throw proxyError(400, "Invalid key format. LiteLLM Virtual Key must be at least 16 characters long.", "bad_request_error", "key");
    }
    raw = body.key;
  } else raw = newRawKey();
  assertPremiumFields(ctx, body);
  if (typeof body.team_id === "string" && !store.teams.has(body.team_id)) {
    throw proxyError(400, pyRepr({ error: `Team not found, passed team_id=${body.team_id}` }), "bad_request_error", "team_id");
  }
  assertAliasFree(ctx, body.key_alias, null);
  // §3.6: the real check and insert are separate awaits; let concurrent requests slip through when asked to.
  if (sb.cfg.aliasRaceWindowMs > 0) await new Promise((r) => setTimeout(r, sb.cfg.aliasRaceWindowMs));
  const now = new Date();
  const token = toToken(raw);
  const row = blankKeyRow(token, now.toISOString());
  row.key_name = keyName(raw);
  row.created_by = actorOf(ctx);
  row.updated_by = actorOf(ctx);
  applyFields(row, body, true);
  if (typeof body.duration === "string") {
    const d = durationOrThrow(body.duration);
    // §3.4/§8.11: S1 (1.80.0) standardized the expiry ("30d" → 1st of next month); S2 (1.96.0) is exact.
    row.expires = (sb.cfg.modern ? exactExpiry(d, now) : standardizedReset(d, now)).toISOString();
  }
  if (typeof body.user_id === "string") ensureUser(ctx, body.user_id);
  // §8.10: a custom key that already exists is a silent no-op (upsert with an empty update).
  if (!store.keys.get(token)) store.keys.insert(row);
  store.changed();
  return ok(generateResponse(row, raw, body, sb));
}

/** Find by raw key or hash (§3.5), honouring the regenerate grace period. */
export function findKey(ctx: Ctx, keyOrHash: string): KeyRow | undefined {
  return ctx.sb.store.keys.get(toToken(keyOrHash));
}

async function update(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  const modern = ctx.sb.cfg.modern;
  if (!modern && body.key === undefined) v.missing(["body", "key"], body);
  validateKeyBody(body, v);
  v.throwIfAny();
  const store = ctx.sb.store;
  let row: KeyRow | undefined;
  const passed = typeof body.key === "string" ? body.key : null;
  if (passed) row = findKey(ctx, passed);
  else if (typeof body.key_alias === "string") row = store.keys.findByAlias(body.key_alias);
  else throw proxyError(400, "Either key or key_alias must be provided.", "bad_request_error", "key");
  if (!row) {
    // §2.4/§8.2: S1 reports a missing key with a misleading team message.
    if (!modern) throw proxyError(404, pyRepr({ error: "Team not found, passed team_id=None" }), "internal_server_error", "None");
    throw proxyError(404, "Key not found", "not_found_error", "key");
  }
  assertPremiumFields(ctx, body);
  if (passed) assertAliasFree(ctx, body.key_alias, row.token);
  const updated: KeyRow = { ...row, metadata: { ...row.metadata } };
  const fields = { ...body };
  if (!passed) delete fields.key_alias; // the alias identified the key
  applyFields(updated, fields, false);
  if (typeof body.duration === "string") {
    // §3.4: /key/update always uses exact now + duration ("-1" = never expires).
    updated.expires = body.duration === "-1" ? null : exactExpiry(durationOrThrow(body.duration)).toISOString();
  }
  updated.updated_at = nowIso();
  updated.updated_by = actorOf(ctx);
  store.keys.save(updated);
  store.changed();
  return ok({ ...keyRowOut(updated), key: passed ?? updated.token });
}

async function remove(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  const keys = v.optStringList(body, "keys", ["body"]);
  const aliases = v.optStringList(body, "key_aliases", ["body"]);
  v.throwIfAny();
  if (!keys && !aliases) {
    throw proxyError(400, pyRepr({ error: "Either keys or key_aliases must be provided" }), "bad_request_error", "None");
  }
  const store = ctx.sb.store;
  const passed = [...(keys ?? []), ...(aliases ?? [])];
  const found: KeyRow[] = [];
  for (const k of keys ?? []) {
    const r = findKey(ctx, k);
    if (r) found.push(r);
  }
  for (const a of aliases ?? []) {
    const r = store.keys.findByAlias(a);
    if (r) found.push(r);
  }
  if (found.length === 0) throw proxyError(404, pyRepr({ error: "No keys found" }), "internal_server_error", "None");
  for (const r of found) store.keys.remove(r.token);
  store.changed();
  if (found.length !== passed.length) {
    throw proxyError(
      400,
      `Not all keys passed in were deleted. This probably means you don't have access to delete all the keys passed in. Keys passed in=${passed.length}, Deleted keys =${found.length}`,
      "internal_server_error",
      "None",
    );
  }
  return ok({ deleted_keys: passed });
}

async function info(ctx: Ctx) {
  const passed = ctx.query.get("key");
  const own = ctx.caller.key;
  const row = passed ? findKey(ctx, passed) : (own ?? undefined);
  if (!row) throw proxyError(404, "Key not found in database", "not_found_error", "key");
  if (!ctx.caller.isAdmin && own && row.token !== own.token && !(own.user_id && row.user_id === own.user_id)) {
    throw proxyError(403, "You are not allowed to access this key's info. Your role=" + ctx.caller.role, "auth_error", "key");
  }
  const { token: _t, litellm_budget_table: _b, ...infoOut } = keyRowOut(row);
  return ok({ key: passed ?? row.token, info: infoOut });
}

async function list(ctx: Ctx) {
  const q = ctx.query;
  const v = new Validator();
  const page = v.queryInt(q, "page", 1, 1);
  const size = v.queryInt(q, "size", 10, 1, 100);
  const full = v.queryBool(q, "return_full_object");
  const includeTeam = v.queryBool(q, "include_team_keys");
  const includeCreated = v.queryBool(q, "include_created_by_keys");
  const modern = ctx.sb.cfg.modern;
  const substring = modern ? v.queryBool(q, "substring_matching") : false;
  v.throwIfAny();
  const sortBy = q.get("sort_by") ?? "created_at";
  if (!(SORTABLE_KEY_FIELDS as readonly string[]).includes(sortBy)) {
    throw proxyError(
      400,
      `Invalid sort_by: '${sortBy}'. Must be one of ${pyRepr([...SORTABLE_KEY_FIELDS])}`,
      "bad_request_error",
      "sort_by",
    );
  }
  const sortOrder = (q.get("sort_order") ?? "desc").toLowerCase();
  if (sortOrder !== "asc" && sortOrder !== "desc") {
    throw proxyError(400, `Invalid sort_order: '${sortOrder}'. Must be 'asc' or 'desc'`, "bad_request_error", "sort_order");
  }
  const expires = modern ? q.get("expires") : null;
  if (expires && expires !== "expired" && expires !== "active") {
    throw proxyError(400, `Invalid expires filter: '${expires}'. Must be 'expired' or 'active'`, "bad_request_error", "expires");
  }
  const query: KeyListQuery = {
    userId: q.get("user_id"),
    teamId: q.get("team_id"),
    organizationId: q.get("organization_id"),
    keyHash: q.get("key_hash"),
    keyAlias: q.get("key_alias"),
    projectId: modern ? q.get("project_id") : null,
    agentId: modern ? q.get("agent_id") : null,
    substring: substring && ctx.caller.isAdmin,
    expires: expires as KeyListQuery["expires"],
    sortBy: sortBy as KeySortField,
    sortOrder,
    page,
    size,
  };
  if (!ctx.caller.isAdmin) {
    // §2.4: a non-admin is forced to its own user_id (a key without a user sees only itself).
    const own = ctx.caller.key!;
    if (own.user_id) query.userId = own.user_id;
    else query.keyHash = own.token;
  }
  if (query.userId && includeTeam) {
    query.orTeamIds = [...ctx.sb.store.teams.values()]
      .filter((t) => t.members_with_roles.some((m) => m.role === "admin" && m.user_id === query.userId))
      .map((t) => t.team_id);
  }
  if (query.userId && includeCreated) query.orCreatedBy = query.userId;
  const store = ctx.sb.store;
  const res = modern && q.get("status") === "deleted" ? store.keys.listDeleted(query) : store.keys.list(query);
  const expandUser = modern && (q.getAll("expand").includes("user") || q.getAll("expand[]").includes("user"));
  const keys =
    full || expandUser
      ? res.rows.map((r) => {
          const o = keyRowOut(r);
          if (expandUser) o.user = r.user_id ? (store.users.get(r.user_id) ?? null) : null;
          return o;
        })
      : res.rows.map((r) => r.token);
  return ok({ keys, total_count: res.total, current_page: page, total_pages: Math.ceil(res.total / size) });
}

async function block(ctx: Ctx, blocked: boolean) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  const key = v.reqString(body, "key", ["body"]);
  v.throwIfAny();
  const row = findKey(ctx, key!);
  if (!row) throw proxyError(404, `Key ${toToken(key!)} not found`, "not_found_error", "key");
  const updated = { ...row, blocked, updated_at: nowIso(), updated_by: actorOf(ctx) };
  ctx.sb.store.keys.save(updated);
  ctx.sb.store.changed();
  return ok(keyRowOut(updated));
}

async function regenerate(ctx: Ctx) {
  const sb = ctx.sb;
  // §2.4: Enterprise only; S1 raises a ValueError → 500 A.
  if (!sb.cfg.enterprise) {
    throw proxyError(
      500,
      `Internal Server Error, Regenerating Virtual Keys is an Enterprise feature, ${NOT_PREMIUM}`,
      "internal_server_error",
      "None",
    );
  }
  const body = ctx.body === undefined || ctx.body === null ? {} : requireBodyObject(ctx.body);
  const v = new Validator();
  validateKeyBody(body, v);
  v.optString(body, "new_key", ["body"]);
  v.optString(body, "grace_period", ["body"]);
  v.throwIfAny();
  const passed = ctx.params.key ?? (typeof body.key === "string" ? body.key : null) ?? ctx.query.get("key");
  if (!passed) throw proxyError(400, pyRepr({ error: "No key passed in." }), "bad_request_error", "key");
  const old = findKey(ctx, passed);
  if (!old) throw proxyError(404, pyRepr({ error: `Key ${toToken(passed)} not found.` }), "not_found_error", "key");
  let raw: string;
  if (typeof body.new_key === "string") {
    if (!body.new_key.startsWith("sk-")) {
      throw proxyError(
        400,
        "New key must start with 'sk-'. This is required to ensure the key is a LiteLLM Virtual Key.",
        "bad_request_error",
        "new_key",
      );
    }
    raw = body.new_key;
  } else raw = newRawKey();
  assertPremiumFields(ctx, body);
  assertAliasFree(ctx, body.key_alias, old.token);
  const store = sb.store;
  const { _seed: _s, ...rest } = old;
  const row: KeyRow = { ...(rest as KeyRow), metadata: { ...old.metadata }, token: toToken(raw), key_name: keyName(raw) };
  const fields = { ...body };
  delete fields.key;
  applyFields(row, fields, false);
  if (typeof body.duration === "string") row.expires = exactExpiry(durationOrThrow(body.duration)).toISOString();
  const now = nowIso();
  row.rotation_count = (old.rotation_count ?? 0) + 1;
  row.last_rotation_at = now;
  row.updated_at = now;
  row.updated_by = actorOf(ctx);
  store.keys.remove(old.token, false);
  store.keys.insert(row);
  if (sb.cfg.modern && typeof body.grace_period === "string") {
    // 1.96.0: the old key keeps working for grace_period.
    const d = durationOrThrow(body.grace_period);
    store.keys.grace.set(old.token, { token: row.token, until: exactExpiry(d).getTime() });
  }
  store.changed();
  return ok(generateResponse(row, raw, body, sb));
}

export const keyRoutes: RouteDef[] = [
  { method: "POST", pattern: "/key/generate", access: "admin", handler: generate },
  { method: "POST", pattern: "/key/update", access: "admin", handler: update },
  { method: "POST", pattern: "/key/delete", access: "admin", handler: remove },
  { method: "GET", pattern: "/key/info", access: "info", handler: info },
  { method: "GET", pattern: "/key/list", access: "info", handler: list },
  { method: "POST", pattern: "/key/block", access: "admin", handler: (ctx) => block(ctx, true) },
  { method: "POST", pattern: "/key/unblock", access: "admin", handler: (ctx) => block(ctx, false) },
  { method: "POST", pattern: "/key/regenerate", access: "admin", handler: regenerate },
  { method: "POST", pattern: "/key/:key/regenerate", access: "admin", handler: regenerate },
];
