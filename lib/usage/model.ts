/**
 * The usage query model's pure half: LiteLLM daily activity (SpendAnalyticsPaginatedResponse results) → totals,
 * a zero-filled daily series stacked by group, and a top-N table. No I/O, no server-only: unit-tested directly.
 */
import type { GroupBy } from "./schemas";

export interface UsageMetrics {
  spend: number;
  requests: number;
  successes: number;
  failures: number;
  promptTokens: number;
  completionTokens: number;
  tokens: number;
}

export interface UsageGroup extends UsageMetrics {
  /** The group's id (team id, key hash, user id, model group, provider, tag). */
  id: string;
  label: string;
  /** Console page for it, when there is one. */
  href: string | null;
  /** Share of total spend, 0..1. */
  share: number;
}

export interface UsageDay extends UsageMetrics {
  date: string;
  /** Spend per stacked series id (the top groups and "other"). */
  byGroup: Record<string, number>;
}

export interface UsageSeriesKey {
  id: string;
  label: string;
}

/** What the daily activity endpoints give per date (a subset of LiteLLM's DailySpendData). */
export interface ActivityMetrics {
  spend: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  successful_requests: number;
  failed_requests: number;
  api_requests: number;
}
export interface ActivityEntry {
  metrics: ActivityMetrics;
  metadata?: Record<string, unknown> | null;
}
export interface ActivityDay {
  date: string;
  metrics: ActivityMetrics;
  breakdown: {
    models: Record<string, ActivityEntry>;
    model_groups: Record<string, ActivityEntry>;
    providers: Record<string, ActivityEntry>;
    entities: Record<string, ActivityEntry>;
    api_keys: Record<string, ActivityEntry>;
  };
}

export interface Labels {
  team(id: string): string | undefined;
}

export interface UsageResult {
  totals: UsageMetrics;
  days: UsageDay[];
  /** Every group, by spend (then requests) descending — from the usage index only the top ones unless asked (CSV). */
  groups: UsageGroup[];
  /** How many groups the range has. */
  groupCount: number;
  top: UsageGroup[];
  /** Series of the stacked chart: the top groups (at most MAX_SERIES) and "Other". */
  series: UsageSeriesKey[];
  hasData: boolean;
}

export const MAX_SERIES = 6;
export const OTHER_SERIES = "__other__";

export const zeroMetrics = (): UsageMetrics => ({ spend: 0, requests: 0, successes: 0, failures: 0, promptTokens: 0, completionTokens: 0, tokens: 0 });

function add(into: UsageMetrics, m: ActivityMetrics) {
  into.spend += m.spend;
  into.requests += m.api_requests;
  into.successes += m.successful_requests;
  into.failures += m.failed_requests;
  into.promptTokens += m.prompt_tokens;
  into.completionTokens += m.completion_tokens;
  into.tokens += m.total_tokens || m.prompt_tokens + m.completion_tokens;
}

/** Where a group-by reads from in a day's breakdown. Team on the user endpoint comes from the keys' team_id. */
export type GroupSource = "entities" | "api_keys" | "model_groups" | "providers" | "api_keys_team";

export function groupSource(groupBy: GroupBy, entity: "user" | "team" | "tag"): GroupSource {
  switch (groupBy) {
    case "key":
      return "api_keys";
    case "model":
      return "model_groups";
    case "provider":
      return "providers";
    case "team":
      return entity === "team" ? "entities" : "api_keys_team";
    default:
      return "entities";
  }
}

function entriesOf(day: ActivityDay, source: GroupSource): [string, ActivityEntry][] {
  if (source !== "api_keys_team") return Object.entries(day.breakdown[source] ?? {});
  const byTeam = new Map<string, ActivityEntry>();
  for (const e of Object.values(day.breakdown.api_keys ?? {})) {
    const team = typeof e.metadata?.team_id === "string" && e.metadata.team_id ? e.metadata.team_id : "";
    let t = byTeam.get(team);
    if (!t) byTeam.set(team, (t = { metrics: { spend: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, successful_requests: 0, failed_requests: 0, api_requests: 0 }, metadata: {} }));
    for (const k of Object.keys(t.metrics) as (keyof ActivityMetrics)[]) t.metrics[k] += e.metrics[k] ?? 0;
  }
  return [...byTeam.entries()];
}

export function labelFor(groupBy: GroupBy, id: string, meta: Record<string, unknown> | null | undefined, labels: Labels): string {
  if (!id || id === "Unassigned") return groupBy === "team" ? "No team" : groupBy === "user" ? "No user" : "Unassigned";
  if (groupBy === "team") return labels.team(id) ?? (typeof meta?.team_alias === "string" && meta.team_alias ? meta.team_alias : id);
  if (groupBy === "key") return typeof meta?.key_alias === "string" && meta.key_alias ? meta.key_alias : `key ${id.slice(0, 8)}…`;
  if (groupBy === "user") return typeof meta?.user_email === "string" && meta.user_email ? `${id} (${meta.user_email})` : id;
  return id;
}

export function hrefFor(groupBy: GroupBy, id: string): string | null {
  if (!id || id === "Unassigned") return null;
  if (groupBy === "team") return `/teams/${encodeURIComponent(id)}`;
  if (groupBy === "key") return /^[0-9a-f]{64}$/.test(id) ? `/keys/${id}` : null;
  if (groupBy === "model") return `/models?q=${encodeURIComponent(id)}`;
  return null;
}

/**
 * Builds totals, the zero-filled daily series over `days`, and groups. Totals come from each day's own metrics (not
 * from the groups), so a request counted under two tags is still one request in the totals.
 */
export function buildUsage(input: {
  results: ActivityDay[];
  days: string[];
  groupBy: GroupBy;
  entity: "user" | "team" | "tag";
  top: number;
  labels: Labels;
}): UsageResult {
  const { results, groupBy, labels } = input;
  const source = groupSource(groupBy, input.entity);
  const totals = zeroMetrics();
  const perDay = new Map<string, { m: UsageMetrics; groups: Map<string, number> }>();
  const groups = new Map<string, UsageGroup>();
  const inRange = new Set(input.days);
  for (const day of results) {
    if (!inRange.has(day.date)) continue;
    const d = perDay.get(day.date) ?? { m: zeroMetrics(), groups: new Map<string, number>() };
    perDay.set(day.date, d);
    add(d.m, day.metrics);
    add(totals, day.metrics);
    for (const [id, entry] of entriesOf(day, source)) {
      let g = groups.get(id);
      if (!g) {
        g = { ...zeroMetrics(), id, label: labelFor(groupBy, id, entry.metadata, labels), href: hrefFor(groupBy, id), share: 0 };
        groups.set(id, g);
      }
      add(g, entry.metrics);
      d.groups.set(id, (d.groups.get(id) ?? 0) + entry.metrics.spend);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => b.spend - a.spend || b.requests - a.requests || a.label.localeCompare(b.label));
  const groupSpend = sorted.reduce((s, g) => s + g.spend, 0);
  for (const g of sorted) g.share = groupSpend > 0 ? g.spend / groupSpend : 0;
  const seriesGroups = sorted.slice(0, MAX_SERIES);
  const seriesIds = new Set(seriesGroups.map((g) => g.id));
  const series: UsageSeriesKey[] = seriesGroups.map((g) => ({ id: g.id, label: g.label }));
  if (sorted.length > MAX_SERIES) series.push({ id: OTHER_SERIES, label: "Other" });
  const days: UsageDay[] = input.days.map((date) => {
    const d = perDay.get(date);
    const byGroup: Record<string, number> = {};
    for (const s of series) byGroup[s.id] = 0;
    if (d) {
      for (const [id, spend] of d.groups) {
        const key = seriesIds.has(id) ? id : OTHER_SERIES;
        byGroup[key] = (byGroup[key] ?? 0) + spend;
      }
    }
    return { date, ...(d?.m ?? zeroMetrics()), byGroup };
  });
  return { totals, days, groups: sorted, groupCount: sorted.length, top: sorted.slice(0, input.top), series, hasData: totals.requests > 0 };
}

/** Failure rate 0..1 (0 when there were no requests). */
export const failureRate = (m: Pick<UsageMetrics, "requests" | "failures">) => (m.requests > 0 ? m.failures / m.requests : 0);

// ---------------------------------------------------------------- CSV

function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : String(v);
  // Spreadsheet formula injection: prefix cells that a spreadsheet would evaluate.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV: one row per day (all groups), then one row per group with its totals over the range. */
export function usageCsv(result: UsageResult, groupLabel: string): string {
  const lines = [["date", groupLabel.toLowerCase(), "group_id", "spend_usd", "requests", "successes", "failures", "prompt_tokens", "completion_tokens", "total_tokens"].join(",")];
  for (const d of result.days) {
    lines.push([d.date, "(all)", "", d.spend.toFixed(6), d.requests, d.successes, d.failures, d.promptTokens, d.completionTokens, d.tokens].map(csvCell).join(","));
  }
  for (const g of result.groups) {
    lines.push(["(range)", g.label, g.id, g.spend.toFixed(6), g.requests, g.successes, g.failures, g.promptTokens, g.completionTokens, g.tokens].map(csvCell).join(","));
  }
  return `${lines.join("\n")}\n`;
}
