import "server-only";

import { LiteLLMError } from "./errors";
import { parseInput, type ClientContext } from "./http";
import { toKeyHash } from "./keys";
import type { Page } from "./schemas/common";
import {
  dailyActivityInputSchema,
  spendAnalyticsResponseSchema,
  spendLogsInputSchema,
  spendLogsResponseSchema,
  type DailyActivityInput,
  type DailyActivityResult,
  type DailySpendData,
  type LiteLLMSpendLog,
  type SpendLogsInput,
} from "./schemas/spend";

/**
 * Spend per key is on the key itself (`keys.info().spend`). Here: the request log (/spend/logs/v2, or /spend/logs/ui
 * before 1.80.8) and daily activity read from LiteLLM's daily aggregate tables (§2.8). All need LiteLLM's database:
 * without one LiteLLM answers 500 `DB not connected` (activity) or 401 `Prisma Client is not initialized` (logs).
 */
export function createSpendApi(ctx: ClientContext) {
  const { http } = ctx;

  async function logs(rawInput: SpendLogsInput): Promise<Page<LiteLLMSpendLog>> {
    const { pageSize, keyHash, ...rest } = parseInput(spendLogsInputSchema, rawInput, "spend.logs");
    const { features } = await ctx.version();
    const modern = features.hasSpendLogsV2;
    if (!modern && pageSize > 100) {
      throw parseInputError("spend.logs", "pageSize", "This LiteLLM version returns at most 100 spend logs per page");
    }
    const query = modern
      ? { ...rest, page_size: pageSize, api_key: keyHash ? toKeyHash(keyHash) : undefined }
      : {
          // /spend/logs/ui knows only these filters and always sorts by startTime desc.
          page: rest.page,
          page_size: pageSize,
          api_key: keyHash ? toKeyHash(keyHash) : undefined,
          user_id: rest.user_id,
          team_id: rest.team_id,
          request_id: rest.request_id,
          model: rest.model ?? rest.model_group,
          status_filter: rest.status_filter,
          min_spend: rest.min_spend,
          max_spend: rest.max_spend,
          start_date: rest.start_date,
          end_date: rest.end_date,
        };
    const res = await http.call({ method: "GET", path: modern ? "/spend/logs/v2" : "/spend/logs/ui", query }, spendLogsResponseSchema);
    const totalCount = res.total ?? res.data.length;
    const size = res.page_size ?? pageSize;
    return {
      data: res.data,
      totalCount,
      page: res.page ?? rest.page,
      pageSize: size,
      totalPages: res.total_pages ?? Math.max(1, Math.ceil(totalCount / size)),
    };
  }

  /**
   * Daily activity from /user|team|tag/daily/activity (SpendAnalyticsPaginatedResponse). For users, the unpaginated
   * /user/daily/activity/aggregated is used when the proxy has it. Pages are merged by date; `partial` says when
   * LiteLLM had more rows than `maxPages` pages.
   */
  async function dailyActivity(rawInput: DailyActivityInput): Promise<DailyActivityResult> {
    const input = parseInput(dailyActivityInputSchema, rawInput, "spend.dailyActivity");
    const { features } = await ctx.version();
    const idParam = input.entity === "user" ? "user_id" : input.entity === "team" ? "team_ids" : "tags";
    const ids = input.ids?.length ? (input.entity === "user" ? input.ids[0] : input.ids.join(",")) : undefined;
    const base = {
      start_date: input.startDate,
      end_date: input.endDate,
      model: input.model,
      api_key: input.keyHash ? toKeyHash(input.keyHash) : undefined,
      [idParam]: ids,
    };
    if (input.entity === "user" && features.hasAggregatedDailyActivity) {
      const res = await http.call({ method: "GET", path: "/user/daily/activity/aggregated", query: base }, spendAnalyticsResponseSchema);
      return { results: res.results, partial: false, calls: 1, endpoint: "/user/daily/activity/aggregated" };
    }
    const path = `/${input.entity}/daily/activity`;
    const pages: DailySpendData[][] = [];
    let partial = false;
    let calls = 0;
    for (let page = 1; ; page++) {
      const res = await http.call({ method: "GET", path, query: { ...base, page, page_size: input.pageSize } }, spendAnalyticsResponseSchema);
      calls++;
      pages.push(res.results);
      if (!res.metadata?.has_more) break;
      if (page >= input.maxPages) {
        partial = true;
        break;
      }
    }
    return { results: pages.length === 1 ? pages[0]! : mergeDailyResults(pages.flat()), partial, calls, endpoint: path };
  }

  return { logs, dailyActivity };
}

function parseInputError(operation: string, field: string, message: string): Error {
  return new LiteLLMError({ type: "invalid_request", message: `Invalid input for ${operation}: ${field}: ${message}`, validation: [{ field, message }] });
}

type Metrics = DailySpendData["metrics"];
function addMetrics(into: Metrics, m: Metrics) {
  into.spend += m.spend;
  into.prompt_tokens += m.prompt_tokens;
  into.completion_tokens += m.completion_tokens;
  into.total_tokens += m.total_tokens;
  into.successful_requests += m.successful_requests;
  into.failed_requests += m.failed_requests;
  into.api_requests += m.api_requests;
}

/** One entry per date: the same date can come back on two LiteLLM pages (it pages rows, not dates). */
export function mergeDailyResults(rows: DailySpendData[]): DailySpendData[] {
  const byDate = new Map<string, DailySpendData>();
  for (const row of rows) {
    const have = byDate.get(row.date);
    if (!have) {
      byDate.set(row.date, structuredClone(row));
      continue;
    }
    addMetrics(have.metrics, row.metrics);
    for (const dim of ["models", "model_groups", "providers", "entities", "api_keys"] as const) {
      const into = have.breakdown[dim] as Record<string, { metrics: Metrics; metadata?: unknown }>;
      for (const [name, entry] of Object.entries(row.breakdown[dim] as Record<string, { metrics: Metrics; metadata?: unknown }>)) {
        const e = into[name];
        if (e) addMetrics(e.metrics, entry.metrics);
        else into[name] = structuredClone(entry);
      }
    }
  }
  return [...byDate.values()].sort((a, b) => b.date.localeCompare(a.date));
}

export type SpendApi = ReturnType<typeof createSpendApi>;
