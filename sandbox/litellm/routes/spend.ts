// Spend and activity (CONTRACT.md §2.8): the request log (/spend/logs/v2, /spend/logs/ui, deprecated /spend/logs),
// daily activity read from the daily aggregate tables, and /global/spend/report. Every route needs LiteLLM's database.
import type { Ctx, RouteDef } from "../context";
import { ok } from "../context";
import { detailError, HttpError, proxyError, validationError, type ValidationItem } from "../errors";
import { DAY_MS, isoDate, type DailyFilter, type DailyRow, type DailyTable, type LogFilter, type SpendLogRow } from "../spend-store";
import { toToken } from "../util";

/** CommonProxyErrors.db_not_connected_error (§4). */
export const DB_NOT_CONNECTED = "DB not connected. See https://docs.litellm.ai/docs/proxy/virtual_keys";

function intParam(ctx: Ctx, name: string, dflt: number, min: number, max: number | null, items: ValidationItem[]): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === "") return dflt;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) {
    items.push({ type: "int_parsing", loc: ["query", name], msg: "Input should be a valid integer, unable to parse string as an integer", input: raw });
    return dflt;
  }
  if (n < min) items.push({ type: "greater_than_equal", loc: ["query", name], msg: `Input should be greater than or equal to ${min}`, input: raw, ctx: { ge: min } });
  else if (max !== null && n > max)
    items.push({ type: "less_than_equal", loc: ["query", name], msg: `Input should be less than or equal to ${max}`, input: raw, ctx: { le: max } });
  return n;
}

function floatParam(ctx: Ctx, name: string, items: ValidationItem[]): number | null {
  const raw = ctx.query.get(name);
  if (raw === null || raw === "") return null;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    items.push({ type: "float_parsing", loc: ["query", name], msg: "Input should be a valid number, unable to parse string as a number", input: raw });
    return null;
  }
  return n;
}

const str = (ctx: Ctx, name: string) => {
  const v = ctx.query.get(name);
  return v === null || v === "" ? null : v;
};

/** Python's strptime(value, "%Y-%m-%d %H:%M:%S") as UTC; throws LiteLLM's ValueError text. */
function strptime(value: string, withTime: boolean): number {
  const re = withTime ? /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})$/ : /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
  const m = re.exec(value);
  const fmt = withTime ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d";
  const ms = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).getUTCDate() !== +m[3]) throw new Error(`time data '${value}' does not match format '${fmt}'`);
  return ms;
}

function requireDb(ctx: Ctx, kind: "proxy-500" | "detail-500" | "prisma-401") {
  if (ctx.sb.cfg.database) return;
  if (kind === "prisma-401") throw proxyError(401, "Prisma Client is not initialized", "internal_error", "None");
  if (kind === "detail-500") throw detailError(500, { error: DB_NOT_CONNECTED });
  throw proxyError(
    500,
    "Database not connected. Connect a database to your proxy - https://docs.litellm.ai/docs/simple_proxy#managing-auth---virtual-keys",
    "internal_server_error",
    "None",
  );
}

/** Non-admin callers see only their own user's rows (LiteLLM forces user_id for internal users). */
function forcedUser(ctx: Ctx): string | null {
  return ctx.caller.isAdmin ? null : (ctx.caller.userId ?? "__none__");
}

// ---------------------------------------------------------------- request log

function serializeLog(r: SpendLogRow) {
  return { ...r };
}

/** /spend/logs/v2 (≥ 1.80.8) and /spend/logs/ui: one handler (§2.8). */
function logsV2(ctx: Ctx) {
  requireDb(ctx, "prisma-401");
  const modern = ctx.sb.cfg.modern;
  const items: ValidationItem[] = [];
  const page = intParam(ctx, "page", 1, 1, null, items);
  const pageSize = intParam(ctx, "page_size", 50, 1, modern ? 1000 : 100, items);
  const minSpend = floatParam(ctx, "min_spend", items);
  const maxSpend = floatParam(ctx, "max_spend", items);
  let sortBy: "startTime" | "spend" = "startTime";
  let order: "asc" | "desc" = "desc";
  if (modern) {
    const sb = str(ctx, "sort_by") ?? "startTime";
    if (sb !== "startTime" && sb !== "spend")
      items.push({ type: "literal_error", loc: ["query", "sort_by"], msg: "Input should be 'startTime' or 'spend'", input: sb, ctx: { expected: "'startTime' or 'spend'" } });
    else sortBy = sb;
    const so = str(ctx, "sort_order") ?? "desc";
    if (so !== "asc" && so !== "desc")
      items.push({ type: "literal_error", loc: ["query", "sort_order"], msg: "Input should be 'asc' or 'desc'", input: so, ctx: { expected: "'asc' or 'desc'" } });
    else order = so;
  }
  if (items.length) throw validationError(items);
  const start = str(ctx, "start_date");
  const end = str(ctx, "end_date");
  if (!start || !end) throw proxyError(400, "Start date and end date are required", "bad_request", "None");
  let fromMs: number;
  let toMs: number;
  try {
    fromMs = strptime(start, true);
    toMs = strptime(end, true);
  } catch (e) {
    throw proxyError(500, (e as Error).message, "internal_server_error", "None");
  }
  const status = str(ctx, "status_filter");
  const apiKey = str(ctx, "api_key");
  const f: LogFilter = {
    fromMs,
    toMs,
    api_key: apiKey ? toToken(apiKey) : null,
    user: forcedUser(ctx) ?? str(ctx, "user_id"),
    team_id: str(ctx, "team_id"),
    request_id: str(ctx, "request_id"),
    model: str(ctx, "model"),
    minSpend,
    maxSpend,
    status: status === "success" || status === "failure" ? status : null,
    ...(modern
      ? {
          model_id: str(ctx, "model_id"),
          model_group: str(ctx, "model_group"),
          key_alias: str(ctx, "key_alias"),
          end_user: str(ctx, "end_user"),
          session_id: str(ctx, "session_id"),
        }
      : {}),
  };
  const { rows, total } = ctx.sb.spend.query(f, page, pageSize, order, sortBy);
  return ok({ data: rows.map(serializeLog), total, page, page_size: pageSize, total_pages: Math.ceil(total / pageSize) });
}

/** Deprecated /spend/logs (v1.80.8): not paginated; summarize=true groups by date (§2.8). */
function legacyLogs(ctx: Ctx) {
  requireDb(ctx, "proxy-500");
  const store = ctx.sb.spend;
  const forced = forcedUser(ctx);
  let userId = forced ?? str(ctx, "user_id");
  const apiKey = str(ctx, "api_key");
  const requestId = str(ctx, "request_id");
  const start = str(ctx, "start_date");
  const end = str(ctx, "end_date");
  const summarize = (str(ctx, "summarize") ?? "true").toLowerCase() !== "false";
  const all = (f: Partial<LogFilter>) => store.query({ fromMs: -Infinity, toMs: Infinity, ...f }, 1, 100_000, "desc").rows;
  if (start && end) {
    let fromMs: number;
    let toMs: number;
    try {
      fromMs = strptime(start, false);
      toMs = strptime(end, false);
    } catch (e) {
      throw proxyError(500, (e as Error).message, "internal_server_error", "None");
    }
    const f: LogFilter = { fromMs, toMs };
    if (apiKey) f.api_key = apiKey;
    else if (requestId) f.request_id = requestId;
    else if (userId) f.user = userId;
    const rows = store.query(f, 1, 100_000, "desc").rows;
    if (!summarize) return ok(rows.map(serializeLog));
    const byDate = new Map<string, { spend: number; users: Record<string, number>; models: Record<string, number>; [k: string]: unknown }>();
    for (const r of rows) {
      const d = r.startTime.slice(0, 10);
      const e = byDate.get(d) ?? { spend: 0, users: {}, models: {} };
      e.spend += r.spend;
      e[r.api_key] = ((e[r.api_key] as number) ?? 0) + r.spend;
      e.users[r.user ?? "None"] = (e.users[r.user ?? "None"] ?? 0) + r.spend;
      e.models[r.model] = (e.models[r.model] ?? 0) + r.spend;
      byDate.set(d, e);
    }
    const out = [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([d, v]) => ({ ...v, startTime: d }));
    if (out.length) {
      for (let t = Date.parse(`${out[out.length - 1].startTime}T00:00:00Z`) + DAY_MS; t <= toMs; t += DAY_MS)
        out.push({ startTime: isoDate(t), spend: 0, users: {}, models: {} });
    }
    return ok(out);
  }
  if (apiKey) return ok(all({ api_key: toToken(apiKey) }).map(serializeLog));
  if (requestId) {
    const r = store.get(requestId);
    return ok([r ? serializeLog(r) : null]);
  }
  if (userId) return ok(all({ user: userId }).map(serializeLog));
  userId = null;
  // Everything — LiteLLM really returns the whole table here; the sandbox caps it.
  return ok(all({}).slice(0, 10_000).map(serializeLog));
}

// ---------------------------------------------------------------- daily activity

interface Metrics {
  spend: number;
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  total_tokens: number;
  successful_requests: number;
  failed_requests: number;
  api_requests: number;
}

const zero = (): Metrics => ({
  spend: 0,
  prompt_tokens: 0,
  completion_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
  total_tokens: 0,
  successful_requests: 0,
  failed_requests: 0,
  api_requests: 0,
});

function add(m: Metrics, r: DailyRow) {
  m.spend += r.spend;
  m.prompt_tokens += r.prompt_tokens;
  m.completion_tokens += r.completion_tokens;
  m.total_tokens += r.prompt_tokens + r.completion_tokens;
  m.successful_requests += r.successful_requests;
  m.failed_requests += r.failed_requests;
  m.api_requests += r.api_requests;
}

interface Entry {
  metrics: Metrics;
  metadata: Record<string, unknown>;
  api_key_breakdown: Record<string, { metrics: Metrics; metadata: { key_alias: string | null; team_id: string | null } }>;
}

function keyMeta(ctx: Ctx, token: string) {
  const row = ctx.sb.store.keys.get(token);
  if (row) return { key_alias: row.key_alias, team_id: row.team_id };
  return ctx.sb.spend.keyInfo(token) ?? { key_alias: null, team_id: null };
}

/** LiteLLM's _aggregate_spend_records: per date, metrics and breakdowns by model, model group, provider, key, entity. */
function aggregate(ctx: Ctx, rows: Iterable<DailyRow>, table: DailyTable | null) {
  const days = new Map<
    string,
    {
      metrics: Metrics;
      breakdown: Record<"models" | "model_groups" | "providers" | "entities" | "mcp_servers" | "endpoints", Record<string, Entry>> & {
        api_keys: Record<string, { metrics: Metrics; metadata: { key_alias: string | null; team_id: string | null } }>;
      };
    }
  >();
  const totals = zero();
  const metaCache = new Map<string, { key_alias: string | null; team_id: string | null }>();
  const meta = (t: string) => {
    let m = metaCache.get(t);
    if (!m) metaCache.set(t, (m = keyMeta(ctx, t)));
    return m;
  };
  const entityMeta = (id: string): Record<string, unknown> => {
    if (table === "team") {
      const t = ctx.sb.store.teams.get(id);
      return { team_alias: t?.team_alias ?? (id.startsWith("seed-team-") ? id.replace("seed-team-", "seed team ") : null) };
    }
    if (table === "user") {
      const u = ctx.sb.store.users.get(id);
      return { user_email: u?.user_email ?? null, user_alias: u?.user_alias ?? null };
    }
    return {};
  };
  const bump = (group: Record<string, Entry>, name: string, r: DailyRow, metadata: () => Record<string, unknown>) => {
    let e = group[name];
    if (!e) group[name] = e = { metrics: zero(), metadata: metadata(), api_key_breakdown: {} };
    add(e.metrics, r);
    let k = e.api_key_breakdown[r.api_key];
    if (!k) e.api_key_breakdown[r.api_key] = k = { metrics: zero(), metadata: meta(r.api_key) };
    add(k.metrics, r);
  };
  for (const r of rows) {
    let d = days.get(r.date);
    if (!d) {
      d = { metrics: zero(), breakdown: { models: {}, model_groups: {}, providers: {}, entities: {}, mcp_servers: {}, endpoints: {}, api_keys: {} } };
      days.set(r.date, d);
    }
    add(d.metrics, r);
    add(totals, r);
    const b = d.breakdown;
    bump(b.models, r.model, r, () => ({}));
    if (r.model_group) bump(b.model_groups, r.model_group, r, () => ({}));
    bump(b.providers, r.custom_llm_provider ?? "unknown", r, () => ({}));
    let k = b.api_keys[r.api_key];
    if (!k) b.api_keys[r.api_key] = k = { metrics: zero(), metadata: meta(r.api_key) };
    add(k.metrics, r);
    if (table) bump(b.entities, r.entity || "Unassigned", r, () => entityMeta(r.entity));
  }
  const results = [...days.entries()]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([date, v]) => ({ date, metrics: v.metrics, breakdown: v.breakdown }));
  return { results, totals };
}

function parseList(v: string | null): Set<string> | null {
  if (!v) return null;
  const items = v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? new Set(items) : null;
}

function dailyActivity(table: DailyTable, opts: { paged: boolean; defaultPageSize: number }) {
  return (ctx: Ctx) => {
    requireDb(ctx, "detail-500");
    const items: ValidationItem[] = [];
    const page = opts.paged ? intParam(ctx, "page", 1, 1, null, items) : 1;
    const pageSize = opts.paged ? intParam(ctx, "page_size", opts.defaultPageSize, 1, null, items) : Number.MAX_SAFE_INTEGER;
    if (items.length) throw validationError(items);
    const start = str(ctx, "start_date");
    const end = str(ctx, "end_date");
    if (!start || !end) throw detailError(400, { error: "Please provide start_date and end_date" });
    let startMs: number;
    let endMs: number;
    try {
      startMs = strptime(start, false);
      endMs = strptime(end, false);
    } catch (e) {
      throw detailError(500, { error: `Failed to fetch analytics: ${(e as Error).message}` });
    }
    const entityParam = table === "user" ? "user_id" : table === "team" ? "team_ids" : "tags";
    let entities = parseList(str(ctx, entityParam));
    const forced = table === "user" ? forcedUser(ctx) : null;
    if (forced) entities = new Set([forced]);
    const apiKey = str(ctx, "api_key");
    const f: DailyFilter = {
      startDate: isoDate(startMs),
      endDate: isoDate(endMs),
      entities,
      excludeEntities: table === "team" ? parseList(str(ctx, "exclude_team_ids")) : null,
      model: str(ctx, "model"),
      apiKeys: apiKey ? new Set([toToken(apiKey)]) : null,
    };
    // Rows ordered by date desc, then paged — as LiteLLM pages the daily table before grouping by date.
    let rows: DailyRow[] | Iterable<DailyRow> = ctx.sb.spend.dailyRows(table, f);
    let total = 0;
    if (opts.paged) {
      const list = [...rows].sort((a, b) => b.date.localeCompare(a.date));
      total = list.length;
      rows = list.slice((page - 1) * pageSize, page * pageSize);
    }
    const { results, totals } = aggregate(ctx, rows, table);
    const metadata = {
      total_spend: totals.spend,
      total_prompt_tokens: totals.prompt_tokens,
      total_completion_tokens: totals.completion_tokens,
      total_tokens: totals.total_tokens,
      total_api_requests: totals.api_requests,
      total_successful_requests: totals.successful_requests,
      total_failed_requests: totals.failed_requests,
      total_cache_read_input_tokens: 0,
      total_cache_creation_input_tokens: 0,
      page,
      total_pages: opts.paged ? Math.max(1, Math.ceil(total / pageSize)) : 1,
      has_more: opts.paged ? page * pageSize < total : false,
    };
    return ok({ results, metadata });
  };
}

// ---------------------------------------------------------------- /global/spend/report

function spendReport(ctx: Ctx) {
  requireDb(ctx, "proxy-500");
  if (!ctx.sb.cfg.enterprise) {
    throw proxyError(
      400,
      "/spend/report endpoint You must be a LiteLLM Enterprise user to use this feature. If you have a license please set `LITELLM_LICENSE` in your env. Get a 7 day trial key here: https://www.litellm.ai/#trial. \nPricing: https://www.litellm.ai/#pricing",
      "bad_request_error",
      "None",
    );
  }
  const groupBy = str(ctx, "group_by") ?? "team";
  if (!["team", "customer", "api_key"].includes(groupBy)) {
    throw validationError([
      { type: "literal_error", loc: ["query", "group_by"], msg: "Input should be 'team', 'customer' or 'api_key'", input: groupBy, ctx: { expected: "'team', 'customer' or 'api_key'" } },
    ]);
  }
  const start = str(ctx, "start_date");
  const end = str(ctx, "end_date");
  if (!start || !end) throw new HttpError(400, { detail: { error: "Please provide start_date and end_date" } });
  let startMs: number;
  let endMs: number;
  try {
    startMs = strptime(start, false);
    endMs = strptime(end, false);
  } catch (e) {
    throw proxyError(500, (e as Error).message, "internal_server_error", "None");
  }
  const f: DailyFilter = { startDate: isoDate(startMs), endDate: isoDate(endMs), apiKeys: str(ctx, "api_key") ? new Set([toToken(str(ctx, "api_key")!)]) : null };
  if (groupBy === "api_key") {
    const by = new Map<string, { group_by_day: string; api_key: string; key_alias: string | null; total_cost: number; total_input_tokens: number; total_output_tokens: number; model_details: Record<string, { model: string; total_cost: number }> }>();
    for (const r of ctx.sb.spend.dailyRows("user", f)) {
      const k = `${r.date}\u0000${r.api_key}`;
      let e = by.get(k);
      if (!e) by.set(k, (e = { group_by_day: r.date, api_key: r.api_key, key_alias: keyMeta(ctx, r.api_key).key_alias, total_cost: 0, total_input_tokens: 0, total_output_tokens: 0, model_details: {} }));
      e.total_cost += r.spend;
      e.total_input_tokens += r.prompt_tokens;
      e.total_output_tokens += r.completion_tokens;
      const md = (e.model_details[r.model] ??= { model: r.model, total_cost: 0 });
      md.total_cost += r.spend;
    }
    return ok([...by.values()].map((e) => ({ ...e, model_details: Object.values(e.model_details) })).sort((a, b) => a.group_by_day.localeCompare(b.group_by_day)));
  }
  if (groupBy === "customer") return ok([]);
  const teamFilter = str(ctx, "team_id");
  const days = new Map<string, Map<string, { total_spend: number; models: Map<string, { spend: number; total_tokens: number }> }>>();
  for (const r of ctx.sb.spend.dailyRows("team", { ...f, entities: teamFilter ? new Set([teamFilter]) : null })) {
    const d = days.get(r.date) ?? new Map();
    days.set(r.date, d);
    const name = ctx.sb.store.teams.get(r.entity)?.team_alias ?? r.entity;
    const t = d.get(name) ?? { total_spend: 0, models: new Map() };
    d.set(name, t);
    t.total_spend += r.spend;
    const m = t.models.get(r.model) ?? { spend: 0, total_tokens: 0 };
    t.models.set(r.model, m);
    m.spend += r.spend;
    m.total_tokens += r.prompt_tokens + r.completion_tokens;
  }
  return ok(
    [...days.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, teams]) => ({
        group_by_day: day,
        teams: [...teams.entries()].map(([team_name, t]) => ({
          team_name,
          total_spend: t.total_spend,
          metadata: [...t.models.entries()].map(([model, m]) => ({ model, spend: m.spend, total_tokens: m.total_tokens })),
        })),
      })),
  );
}

export const spendRoutes: RouteDef[] = [
  { method: "GET", pattern: "/spend/logs/ui", access: "info", handler: logsV2 },
  { method: "GET", pattern: "/spend/logs", access: "info", handler: legacyLogs },
  { method: "GET", pattern: "/user/daily/activity", access: "info", handler: dailyActivity("user", { paged: true, defaultPageSize: 50 }) },
  { method: "GET", pattern: "/team/daily/activity", access: "admin", handler: dailyActivity("team", { paged: true, defaultPageSize: 10 }) },
  { method: "GET", pattern: "/tag/daily/activity", access: "admin", handler: dailyActivity("tag", { paged: true, defaultPageSize: 10 }) },
  { method: "GET", pattern: "/global/spend/report", access: "admin", handler: spendReport },
];

/** 1.80.8+: /spend/logs/v2; the aggregated user activity view (no pagination). */
export const modernSpendRoutes: RouteDef[] = [
  { method: "GET", pattern: "/spend/logs/v2", access: "info", handler: logsV2 },
  { method: "GET", pattern: "/user/daily/activity/aggregated", access: "info", handler: dailyActivity("user", { paged: false, defaultPageSize: 0 }) },
];
