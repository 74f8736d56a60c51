// Internal users — CONTRACT.md §2.6, §8.10.
import type { Ctx, RouteDef } from "../context";
import { ok } from "../context";
import { isObj, proxyError, pyRepr, requireBodyObject, Validator } from "../errors";
import { blankKeyRow, keyRowOut } from "../key-store";
import type { UserRow } from "../state";
import { exactExpiry, parseDuration, standardizedReset } from "../duration";
import { keyName, newRawKey, nowIso, toToken, uuid } from "../util";
import { actorOf } from "./models";

export const USER_ROLES = ["proxy_admin", "proxy_admin_viewer", "internal_user", "internal_user_viewer"] as const;

export function blankUser(userId: string, now = nowIso()): UserRow {
  return {
    user_id: userId,
    user_alias: null,
    user_email: null,
    user_role: "internal_user",
    teams: [],
    max_budget: null,
    spend: 0,
    models: [],
    tpm_limit: null,
    rpm_limit: null,
    max_parallel_requests: null,
    budget_duration: null,
    budget_reset_at: null,
    metadata: {},
    sso_user_id: null,
    organization_memberships: [],
    model_spend: {},
    model_max_budget: {},
    created_at: now,
    updated_at: now,
  };
}

/** Create the user row when a key or team membership names an unknown user (LiteLLM upserts it). */
export function ensureUser(ctx: Ctx, userId: string, email: string | null = null): UserRow {
  const store = ctx.sb.store;
  let u = store.users.get(userId);
  if (!u) {
    u = blankUser(userId);
    u.user_email = email;
    store.users.set(userId, u);
    store.changed();
  }
  return u;
}

export function findUserByEmail(ctx: Ctx, email: string): UserRow | undefined {
  const e = email.toLowerCase();
  for (const u of ctx.sb.store.users.values()) if (u.user_email?.toLowerCase() === e) return u;
  return undefined;
}

const USER_FIELDS = [
  "user_alias",
  "user_email",
  "user_role",
  "max_budget",
  "models",
  "tpm_limit",
  "rpm_limit",
  "max_parallel_requests",
  "metadata",
  "spend",
  "sso_user_id",
];

async function userNew(ctx: Ctx) {
  const body = requireBodyObject(ctx.body ?? {});
  const v = new Validator();
  v.optString(body, "user_id", ["body"]);
  v.optString(body, "user_email", ["body"]);
  v.optString(body, "user_alias", ["body"]);
  v.literal(body, "user_role", ["body"], USER_ROLES);
  v.optNumber(body, "max_budget", ["body"]);
  v.optStringList(body, "models", ["body"]);
  v.optDict(body, "metadata", ["body"]);
  v.optString(body, "duration", ["body"]);
  v.optString(body, "budget_duration", ["body"]);
  v.throwIfAny();
  const store = ctx.sb.store;
  const userId = typeof body.user_id === "string" && body.user_id ? body.user_id : uuid();
  const email = typeof body.user_email === "string" ? body.user_email : null;
  if (email) {
    const other = findUserByEmail(ctx, email);
    if (other && other.user_id !== userId)
      throw proxyError(400, `User with email ${email} already exists`, "bad_request_error", "user_email");
  }
  let user = store.users.get(userId);
  if (!user) {
    // §8.10: an existing user_id is reused silently; only a new one gets the request's fields.
    user = blankUser(userId);
    for (const f of USER_FIELDS) if (body[f] !== undefined && body[f] !== null) user[f] = body[f];
    if (typeof body.budget_duration === "string") {
      const d = parseDuration(body.budget_duration);
      if (d) {
        user.budget_duration = body.budget_duration;
        user.budget_reset_at = standardizedReset(d).toISOString();
      }
    }
    store.users.set(userId, user);
  }
  const teams = Array.isArray(body.teams) ? body.teams : [];
  for (const t of teams) {
    const tid = typeof t === "string" ? t : isObj(t) && typeof t.team_id === "string" ? t.team_id : null;
    const team = tid ? store.teams.get(tid) : undefined;
    if (!team) continue;
    if (!team.members_with_roles.some((m) => m.user_id === userId)) {
      team.members_with_roles.push({ role: "user", user_id: userId, user_email: email });
      team.members.push(userId);
      store.memberships.push({ user_id: userId, team_id: team.team_id, budget_id: null, spend: 0, max_budget_in_team: null });
    }
    if (!user.teams.includes(team.team_id)) user.teams.push(team.team_id);
  }
  const out: Record<string, unknown> = { ...user, teams: user.teams };
  if (body.auto_create_key !== false) {
    const raw = newRawKey();
    const now = new Date();
    const row = blankKeyRow(toToken(raw), now.toISOString());
    row.key_name = keyName(raw);
    row.user_id = userId;
    row.models = Array.isArray(body.models) ? (body.models as string[]) : [];
    row.max_budget = typeof body.max_budget === "number" ? body.max_budget : null;
    row.key_alias = typeof body.key_alias === "string" ? body.key_alias : null;
    row.created_by = actorOf(ctx);
    row.updated_by = actorOf(ctx);
    if (typeof body.duration === "string") {
      const d = parseDuration(body.duration);
      if (d) row.expires = (ctx.sb.cfg.modern ? exactExpiry(d, now) : standardizedReset(d, now)).toISOString();
    }
    store.keys.insert(row);
    // §3.5: the raw key appears only in this response.
    Object.assign(out, {
      key: raw,
      token: row.token,
      token_id: row.token,
      key_name: row.key_name,
      expires: row.expires,
      key_alias: row.key_alias,
    });
  }
  store.changed();
  return ok(out);
}

async function userInfo(ctx: Ctx) {
  const store = ctx.sb.store;
  const asked = ctx.query.get("user_id");
  const own = ctx.caller.userId;
  if (!ctx.caller.isAdmin && asked && asked !== own) {
    throw proxyError(403, `User=${own} is not allowed to access info for user=${asked}`, "auth_error", "user_id");
  }
  const userId = asked ?? own;
  if (!userId) {
    // The master key has no user row: LiteLLM answers with every key and team.
    return ok({ user_id: null, user_info: null, keys: [], teams: [...store.teams.values()] });
  }
  const user = store.users.get(userId);
  if (!user) throw proxyError(404, pyRepr({ error: `User ${userId} not found` }), "not_found_error", "user_id");
  const keys = store.keys.byUser(userId).map((k) => keyRowOut(k));
  const teams = user.teams.map((t) => store.teams.get(t)).filter(Boolean);
  return ok({ user_id: userId, user_info: user, keys, teams });
}

async function userList(ctx: Ctx) {
  const q = ctx.query;
  const v = new Validator();
  const page = v.queryInt(q, "page", 1, 1);
  const pageSize = v.queryInt(q, "page_size", 25, 1, 100);
  v.throwIfAny();
  const role = q.get("role");
  const ids = q
    .get("user_ids")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const email = q.get("user_email")?.toLowerCase();
  const team = q.get("team");
  const sortBy = q.get("sort_by");
  const sortOrder = q.get("sort_order") === "desc" ? -1 : 1;
  let users = [...ctx.sb.store.users.values()].filter((u) => {
    if (role && u.user_role !== role) return false;
    if (ids && !ids.includes(u.user_id)) return false;
    if (email && !(u.user_email ?? "").toLowerCase().includes(email)) return false;
    if (team && !u.teams.includes(team)) return false;
    return true;
  });
  if (sortBy && ["user_id", "user_email", "created_at", "spend", "user_alias", "user_role"].includes(sortBy)) {
    users = users.sort((a, b) => {
      const x = a[sortBy] as string | number | null;
      const y = b[sortBy] as string | number | null;
      return (x ?? "") < (y ?? "") ? -sortOrder : (x ?? "") > (y ?? "") ? sortOrder : 0;
    });
  }
  const total = users.length;
  const start = (page - 1) * pageSize;
  const store = ctx.sb.store;
  const pageRows = users.slice(start, start + pageSize).map((u) => ({ ...u, key_count: store.keys.byUser(u.user_id, 100).length }));
  return ok({ users: pageRows, total, page, page_size: pageSize, total_pages: Math.ceil(total / pageSize) });
}

async function userUpdate(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  v.optString(body, "user_id", ["body"]);
  v.optString(body, "user_email", ["body"]);
  v.literal(body, "user_role", ["body"], USER_ROLES);
  v.optNumber(body, "max_budget", ["body"]);
  v.optStringList(body, "models", ["body"]);
  v.throwIfAny();
  const store = ctx.sb.store;
  let user = typeof body.user_id === "string" ? store.users.get(body.user_id) : undefined;
  if (!user && typeof body.user_email === "string" && !body.user_id) user = findUserByEmail(ctx, body.user_email);
  if (!body.user_id && !body.user_email)
    throw proxyError(400, pyRepr({ error: "user_id or user_email is required" }), "bad_request_error", "user_id");
  if (!user)
    throw proxyError(404, pyRepr({ error: `User not found, passed user_id=${body.user_id ?? null}` }), "not_found_error", "user_id");
  const updated: UserRow = { ...user };
  for (const f of USER_FIELDS) if (body[f] !== undefined && body[f] !== null) updated[f] = body[f];
  updated.updated_at = nowIso();
  store.users.set(updated.user_id, updated);
  store.changed();
  return ok({ user_id: updated.user_id, data: updated });
}

async function userDelete(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  const ids = v.optStringList(body, "user_ids", ["body"]);
  if (body.user_ids === undefined) v.missing(["body", "user_ids"], body);
  v.throwIfAny();
  const store = ctx.sb.store;
  for (const id of ids ?? []) {
    store.users.delete(id);
    for (const k of store.keys.byUser(id)) store.keys.remove(k.token);
    for (const t of store.teams.values()) {
      t.members_with_roles = t.members_with_roles.filter((m) => m.user_id !== id);
      t.members = t.members.filter((m) => m !== id);
    }
    store.memberships = store.memberships.filter((m) => m.user_id !== id);
  }
  store.changed();
  return ok({ deleted_users: ids });
}

export const userRoutes: RouteDef[] = [
  { method: "POST", pattern: "/user/new", access: "admin", handler: userNew },
  { method: "GET", pattern: "/user/info", access: "info", handler: userInfo },
  { method: "GET", pattern: "/user/list", access: "admin", handler: userList },
  { method: "POST", pattern: "/user/update", access: "admin", handler: userUpdate },
  { method: "POST", pattern: "/user/delete", access: "admin", handler: userDelete },
];
