// Teams and team membership — CONTRACT.md §2.5, §3.8.
import type { Ctx, RouteDef } from "../context";
import { ok } from "../context";
import { detailError, isObj, proxyError, pyRepr, requireBodyObject, validationError, Validator, type ValidationItem } from "../errors";
import { keyRowOut } from "../key-store";
import type { Member, TeamRow } from "../state";
import { parseDuration, standardizedReset } from "../duration";
import { nowIso, uuid } from "../util";
import { ensureUser, findUserByEmail } from "./users";
import { NOT_PREMIUM } from "./keys";

export function blankTeam(teamId: string, now = nowIso()): TeamRow {
  return {
    team_id: teamId,
    team_alias: null,
    organization_id: null,
    admins: [],
    members: [],
    members_with_roles: [],
    team_member_permissions: [],
    metadata: {},
    tpm_limit: null,
    rpm_limit: null,
    max_budget: null,
    soft_budget: null,
    budget_duration: null,
    budget_reset_at: null,
    models: [],
    blocked: false,
    spend: 0,
    max_parallel_requests: null,
    model_spend: {},
    model_max_budget: {},
    model_id: null,
    created_at: now,
    updated_at: now,
  };
}

const TEAM_FIELDS = [
  "team_alias",
  "organization_id",
  "metadata",
  "tpm_limit",
  "rpm_limit",
  "max_budget",
  "soft_budget",
  "models",
  "blocked",
  "max_parallel_requests",
  "team_member_permissions",
  "model_max_budget",
];

function validateTeamBody(body: Record<string, unknown>, v: Validator) {
  v.optString(body, "team_id", ["body"]);
  v.optString(body, "team_alias", ["body"]);
  v.optStringList(body, "models", ["body"]);
  v.optDict(body, "metadata", ["body"]);
  for (const f of ["tpm_limit", "rpm_limit", "max_budget", "soft_budget", "max_parallel_requests"]) v.optNumber(body, f, ["body"]);
  v.optString(body, "budget_duration", ["body"]);
}

/** pydantic `Member`: role admin|user and one of user_id / user_email. */
function parseMembers(raw: unknown, loc: (string | number)[]): Member[] {
  const list = Array.isArray(raw) ? raw : [raw];
  const items: ValidationItem[] = [];
  const out: Member[] = [];
  list.forEach((m, i) => {
    const l = Array.isArray(raw) ? [...loc, i] : loc;
    if (!isObj(m)) {
      items.push({ type: "model_type", loc: l, msg: "Input should be a valid dictionary or instance of Member", input: m });
      return;
    }
    const role = m.role ?? "user";
    if (role !== "admin" && role !== "user") {
      items.push({
        type: "literal_error",
        loc: [...l, "role"],
        msg: "Input should be 'admin' or 'user'",
        input: role,
        ctx: { expected: "'admin' or 'user'" },
      });
      return;
    }
    if (typeof m.user_id !== "string" && typeof m.user_email !== "string") {
      items.push({
        type: "value_error",
        loc: l,
        msg: "Value error, Either user_id or user_email must be provided",
        input: m,
        ctx: { error: {} },
      });
      return;
    }
    out.push({
      role,
      user_id: typeof m.user_id === "string" ? m.user_id : null,
      user_email: typeof m.user_email === "string" ? m.user_email : null,
    });
  });
  if (items.length) throw validationError(items);
  return out;
}

/** Resolve a member to a user row (created when unknown) and add it to the team. */
function addMember(ctx: Ctx, team: TeamRow, m: Member, maxBudgetInTeam: number | null) {
  const store = ctx.sb.store;
  const user = m.user_id
    ? ensureUser(ctx, m.user_id, m.user_email)
    : (findUserByEmail(ctx, m.user_email!) ?? ensureUser(ctx, uuid(), m.user_email));
  const member: Member = { role: m.role, user_id: user.user_id, user_email: user.user_email ?? m.user_email };
  team.members_with_roles.push(member);
  if (!team.members.includes(user.user_id)) team.members.push(user.user_id);
  if (m.role === "admin" && !team.admins.includes(user.user_id)) team.admins.push(user.user_id);
  if (!user.teams.includes(team.team_id)) user.teams.push(team.team_id);
  const ms = { user_id: user.user_id, team_id: team.team_id, budget_id: null, spend: 0, max_budget_in_team: maxBudgetInTeam };
  store.memberships.push(ms);
  return { user, membership: ms };
}

function isTeamAdmin(ctx: Ctx, team: TeamRow): boolean {
  return ctx.caller.isAdmin || team.members_with_roles.some((m) => m.role === "admin" && m.user_id === ctx.caller.userId);
}

async function teamNew(ctx: Ctx) {
  const body = requireBodyObject(ctx.body ?? {});
  const v = new Validator();
  validateTeamBody(body, v);
  v.throwIfAny();
  const members = body.members_with_roles !== undefined ? parseMembers(body.members_with_roles, ["body", "members_with_roles"]) : [];
  const store = ctx.sb.store;
  const teamId = typeof body.team_id === "string" && body.team_id ? body.team_id : uuid();
  if (store.teams.has(teamId)) {
    throw proxyError(400, `Team id = ${teamId} already exists. Please use a different team id.`, "bad_request_error", "team_id");
  }
  if (typeof body.organization_id === "string") {
    throw proxyError(400, `Organization not found, passed organization_id=${body.organization_id}`, "bad_request_error", "organization_id");
  }
  if (!ctx.sb.cfg.enterprise && Array.isArray(body.tags) && body.tags.length) {
    throw proxyError(403, `Rejected Request: tags is an Enterprise feature. ${NOT_PREMIUM}`, "auth_error", "tags");
  }
  const team = blankTeam(teamId);
  for (const f of TEAM_FIELDS) if (body[f] !== undefined && body[f] !== null) team[f] = body[f];
  if (typeof body.budget_duration === "string") {
    const d = parseDuration(body.budget_duration);
    if (!d)
      throw proxyError(500, `Internal Server Error, Invalid duration format: ${body.budget_duration}`, "internal_server_error", "None");
    team.budget_duration = body.budget_duration;
    team.budget_reset_at = standardizedReset(d).toISOString();
  }
  store.teams.set(teamId, team);
  for (const m of members) addMember(ctx, team, m, null);
  store.changed();
  return ok(team);
}

async function teamUpdate(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  v.reqString(body, "team_id", ["body"]);
  validateTeamBody(body, v);
  v.throwIfAny();
  const store = ctx.sb.store;
  const team = store.teams.get(body.team_id as string);
  if (!team) throw proxyError(404, pyRepr({ error: `Team not found, passed team_id=${body.team_id}` }), "not_found_error", "team_id");
  const updated: TeamRow = { ...team };
  for (const f of TEAM_FIELDS) if (body[f] !== undefined) updated[f] = body[f];
  if (typeof body.budget_duration === "string") {
    const d = parseDuration(body.budget_duration);
    if (d) {
      updated.budget_duration = body.budget_duration;
      updated.budget_reset_at = standardizedReset(d).toISOString();
    }
  }
  updated.updated_at = nowIso();
  store.teams.set(updated.team_id, updated);
  store.changed();
  return ok({ team_id: updated.team_id, data: updated });
}

function teamView(ctx: Ctx, team: TeamRow) {
  const store = ctx.sb.store;
  return {
    keys: store.keys.byTeam(team.team_id).map((k) => keyRowOut(k)),
    team_memberships: store.memberships.filter((m) => m.team_id === team.team_id),
  };
}

async function teamInfo(ctx: Ctx) {
  const id = ctx.query.get("team_id");
  // §2.5: both errors are wrapped as shape A with a Python-repr {'message': …}.
  if (!id) throw proxyError(422, pyRepr({ message: "Malformed request. No team id passed in." }), "internal_server_error", "None");
  const team = ctx.sb.store.teams.get(id);
  if (!team) throw proxyError(404, pyRepr({ message: `Team not found, passed team_id=${id}` }), "internal_server_error", "None");
  const own = ctx.caller.key;
  if (!ctx.caller.isAdmin && own?.team_id !== id && !team.members.includes(ctx.caller.userId ?? "\u0000")) {
    throw proxyError(403, pyRepr({ message: `User=${ctx.caller.userId} not authorized to access this team=${id}` }), "auth_error", "None");
  }
  const v = teamView(ctx, team);
  return ok({ team_id: id, team_info: team, keys: v.keys, team_memberships: v.team_memberships });
}

function teamsForCaller(ctx: Ctx, userId: string | null): TeamRow[] {
  if (!ctx.caller.isAdmin) {
    if (!userId || userId !== ctx.caller.userId) {
      throw proxyError(401, `Only admin users can query all teams/other teams. Your user role=${ctx.caller.role}`, "auth_error", "None");
    }
  }
  let teams = [...ctx.sb.store.teams.values()];
  if (userId) teams = teams.filter((t) => t.members.includes(userId));
  return teams;
}

async function teamList(ctx: Ctx) {
  let teams = teamsForCaller(ctx, ctx.query.get("user_id"));
  const org = ctx.query.get("organization_id");
  if (org === "default_organization") teams = teams.filter((t) => !t.organization_id);
  else if (org) teams = teams.filter((t) => t.organization_id === org);
  // §2.5/§8.14: not paginated.
  return ok(teams.map((t) => ({ ...t, ...teamView(ctx, t) })));
}

async function teamListV2(ctx: Ctx) {
  const q = ctx.query;
  const v = new Validator();
  const page = v.queryInt(q, "page", 1, 1);
  const pageSize = v.queryInt(q, "page_size", 10, 1, 100);
  v.literal({ m: q.get("search_team_id_match") ?? undefined }, "m", ["query"], ["exact", "prefix"]);
  v.throwIfAny();
  let teams = teamsForCaller(ctx, q.get("user_id"));
  const teamId = q.get("team_id");
  const alias = q.get("team_alias")?.toLowerCase();
  const search = q.get("search");
  const prefix = q.get("search_team_id_match") === "prefix";
  const org = q.get("organization_id");
  teams = teams.filter((t) => {
    if (teamId && t.team_id !== teamId) return false;
    if (alias && !(t.team_alias ?? "").toLowerCase().includes(alias)) return false;
    if (org && t.organization_id !== org) return false;
    if (search) {
      const idOk = prefix ? t.team_id.startsWith(search) : t.team_id === search;
      if (!idOk && !(t.team_alias ?? "").toLowerCase().includes(search.toLowerCase())) return false;
    }
    return true;
  });
  const sortBy = q.get("sort_by");
  const dir = (q.get("sort_order") ?? "asc") === "desc" ? -1 : 1;
  if (sortBy && ["team_id", "team_alias", "created_at", "spend", "max_budget"].includes(sortBy)) {
    teams.sort((a, b) => {
      const x = (a[sortBy] ?? "") as string | number;
      const y = (b[sortBy] ?? "") as string | number;
      return x < y ? -dir : x > y ? dir : 0;
    });
  }
  const total = teams.length;
  const start = (page - 1) * pageSize;
  return ok({ teams: teams.slice(start, start + pageSize), total, page, page_size: pageSize, total_pages: Math.ceil(total / pageSize) });
}

async function memberAdd(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  v.reqString(body, "team_id", ["body"]);
  if (body.member === undefined) v.missing(["body", "member"], body);
  v.optNumber(body, "max_budget_in_team", ["body"]);
  v.throwIfAny();
  const members = parseMembers(body.member, ["body", "member"]);
  const store = ctx.sb.store;
  const team = store.teams.get(body.team_id as string);
  if (!team) throw detailError(404, { error: `Team with id ${body.team_id} not found` });
  if (!isTeamAdmin(ctx, team)) {
    throw proxyError(
      403,
      `Only proxy admins or team admins can add members. Your role=${ctx.caller.role}`,
      "team_member_permission_error",
      "team_id",
    );
  }
  const updatedUsers: unknown[] = [];
  const updatedMemberships: unknown[] = [];
  for (const m of members) {
    const existing = team.members_with_roles.find(
      (x) => (m.user_id && x.user_id === m.user_id) || (m.user_email && x.user_email === m.user_email),
    );
    if (existing) {
      throw proxyError(
        400,
        `User=${m.user_id ?? m.user_email} already in team. Existing members=${pyRepr(team.members_with_roles.map((x) => x.user_id))}`,
        "team_member_already_in_team",
        "member",
      );
    }
    if (m.role === "admin" && !ctx.sb.cfg.enterprise) {
      throw proxyError(400, `Assigning team admins is a premium feature. ${NOT_PREMIUM}`, "bad_request_error", "member");
    }
  }
  const budget = typeof body.max_budget_in_team === "number" ? body.max_budget_in_team : null;
  for (const m of members) {
    const r = addMember(ctx, team, m, budget);
    updatedUsers.push(r.user);
    updatedMemberships.push(r.membership);
  }
  team.updated_at = nowIso();
  store.changed();
  return ok({ ...team, updated_users: updatedUsers, updated_team_memberships: updatedMemberships });
}

async function memberDelete(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  v.reqString(body, "team_id", ["body"]);
  v.optString(body, "user_id", ["body"]);
  v.optString(body, "user_email", ["body"]);
  v.throwIfAny();
  const store = ctx.sb.store;
  const team = store.teams.get(body.team_id as string);
  if (!team) throw detailError(404, { error: `Team with id ${body.team_id} not found` });
  if (!isTeamAdmin(ctx, team)) {
    throw proxyError(
      403,
      `Only proxy admins or team admins can remove members. Your role=${ctx.caller.role}`,
      "team_member_permission_error",
      "team_id",
    );
  }
  if (!body.user_id && !body.user_email) throw detailError(400, { error: "Either user_id or user_email needs to be passed in" });
  const match = (m: Member) => (body.user_id ? m.user_id === body.user_id : m.user_email === body.user_email);
  const member = team.members_with_roles.find(match);
  if (!member) throw detailError(400, { error: `User=${body.user_id ?? body.user_email} not found in team=${team.team_id}` });
  team.members_with_roles = team.members_with_roles.filter((m) => !match(m));
  team.members = team.members.filter((id) => id !== member.user_id);
  team.admins = team.admins.filter((id) => id !== member.user_id);
  store.memberships = store.memberships.filter((m) => !(m.team_id === team.team_id && m.user_id === member.user_id));
  const user = member.user_id ? store.users.get(member.user_id) : undefined;
  if (user) user.teams = user.teams.filter((t) => t !== team.team_id);
  team.updated_at = nowIso();
  store.changed();
  return ok(team);
}

async function teamDelete(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  const ids = v.optStringList(body, "team_ids", ["body"]);
  if (body.team_ids === undefined) v.missing(["body", "team_ids"], body);
  v.throwIfAny();
  const store = ctx.sb.store;
  for (const id of ids!)
    if (!store.teams.has(id))
      throw proxyError(404, pyRepr({ error: `Team not found, passed team_id=${id}` }), "not_found_error", "team_ids");
  for (const id of ids!) {
    store.teams.delete(id);
    store.memberships = store.memberships.filter((m) => m.team_id !== id);
    for (const u of store.users.values()) u.teams = u.teams.filter((t) => t !== id);
    for (const k of store.keys.byTeam(id)) store.keys.remove(k.token);
  }
  store.changed();
  return ok({ deleted_teams: ids });
}

export const teamRoutes: RouteDef[] = [
  { method: "POST", pattern: "/team/new", access: "admin", handler: teamNew },
  { method: "POST", pattern: "/team/update", access: "admin", handler: teamUpdate },
  { method: "POST", pattern: "/team/delete", access: "admin", handler: teamDelete },
  { method: "GET", pattern: "/team/info", access: "info", handler: teamInfo },
  { method: "GET", pattern: "/team/list", access: "info", handler: teamList },
  { method: "GET", pattern: "/v2/team/list", access: "info", handler: teamListV2 },
  { method: "POST", pattern: "/team/member_add", access: "self-managed", handler: memberAdd },
  { method: "POST", pattern: "/team/member_delete", access: "self-managed", handler: memberDelete },
];
