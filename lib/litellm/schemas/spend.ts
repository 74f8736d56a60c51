import { z } from "zod";

export const spendLogsInputSchema = z.strictObject({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(1000, "LiteLLM returns at most 1000 spend logs per page").default(50),
  /** The key's token hash; raw keys never go into a URL (hashed by the client when given). */
  keyHash: z.string().optional(),
  user_id: z.string().optional(),
  team_id: z.string().optional(),
  request_id: z.string().optional(),
  model: z.string().optional(),
  model_id: z.string().optional(),
  model_group: z.string().optional(),
  key_alias: z.string().optional(),
  status_filter: z.enum(["success", "failure"]).optional(),
  min_spend: z.number().finite().nonnegative().optional(),
  max_spend: z.number().finite().nonnegative().optional(),
  /** "YYYY-MM-DD HH:MM:SS" (UTC), as LiteLLM's strptime expects. */
  start_date: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, "Use YYYY-MM-DD HH:MM:SS (UTC)"),
  end_date: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, "Use YYYY-MM-DD HH:MM:SS (UTC)"),
  sort_by: z.enum(["startTime", "spend"]).optional(),
  sort_order: z.enum(["asc", "desc"]).optional(),
});
export type SpendLogsInput = z.input<typeof spendLogsInputSchema>;

export const spendLogSchema = z.looseObject({
  request_id: z.string(),
  api_key: z.string().nullish(),
  call_type: z.string().nullish(),
  model: z.string().nullish(),
  model_id: z.string().nullish(),
  model_group: z.string().nullish(),
  custom_llm_provider: z.string().nullish(),
  api_base: z.string().nullish(),
  spend: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  startTime: z.string().nullish(),
  endTime: z.string().nullish(),
  user: z.string().nullish(),
  team_id: z.string().nullish(),
  end_user: z.string().nullish(),
  status: z.string().nullish(),
  request_tags: z.unknown().optional(),
  metadata: z.unknown().optional(),
  messages: z.unknown().optional(),
  response: z.unknown().optional(),
});
export type LiteLLMSpendLog = z.infer<typeof spendLogSchema>;

export const spendLogsResponseSchema = z.looseObject({
  data: z.array(spendLogSchema),
  total: z.number().int().nullish(),
  page: z.number().int().nullish(),
  page_size: z.number().int().nullish(),
  total_pages: z.number().int().nullish(),
});

// ---------------------------------------------------------------- daily activity (SpendAnalyticsPaginatedResponse)

const count = z.number().default(0);

export const spendMetricsSchema = z.looseObject({
  spend: count,
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count,
  successful_requests: count,
  failed_requests: count,
  api_requests: count,
});
export type SpendMetrics = z.infer<typeof spendMetricsSchema>;

/** MetricWithMetadata; `api_key_breakdown` is passed through unparsed (the console does not read it, and it is large). */
export const metricWithMetadataSchema = z.looseObject({
  metrics: spendMetricsSchema,
  metadata: z.record(z.string(), z.unknown()).nullish(),
  api_key_breakdown: z.unknown().optional(),
});
export type MetricWithMetadata = z.infer<typeof metricWithMetadataSchema>;

export const keyMetricWithMetadataSchema = z.looseObject({
  metrics: spendMetricsSchema,
  metadata: z.looseObject({ key_alias: z.string().nullish(), team_id: z.string().nullish() }).nullish(),
});

const breakdownMap = z.record(z.string(), metricWithMetadataSchema).default({});

export const dailySpendDataSchema = z.looseObject({
  date: z.string(),
  metrics: spendMetricsSchema,
  breakdown: z
    .looseObject({
      models: breakdownMap,
      model_groups: breakdownMap,
      providers: breakdownMap,
      entities: breakdownMap,
      api_keys: z.record(z.string(), keyMetricWithMetadataSchema).default({}),
    })
    .default({ models: {}, model_groups: {}, providers: {}, entities: {}, api_keys: {} }),
});
export type DailySpendData = z.infer<typeof dailySpendDataSchema>;

export const spendAnalyticsResponseSchema = z.looseObject({
  results: z.array(dailySpendDataSchema),
  metadata: z
    .looseObject({
      total_spend: count,
      total_api_requests: count,
      total_successful_requests: count,
      total_failed_requests: count,
      total_tokens: count,
      page: z.number().int().default(1),
      total_pages: z.number().int().default(1),
      has_more: z.boolean().default(false),
    })
    .nullish(),
});
export type SpendAnalyticsResponse = z.infer<typeof spendAnalyticsResponseSchema>;

export const DAILY_ACTIVITY_ENTITIES = ["user", "team", "tag"] as const;
export type DailyActivityEntity = (typeof DAILY_ACTIVITY_ENTITIES)[number];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD");

export const dailyActivityInputSchema = z.strictObject({
  entity: z.enum(DAILY_ACTIVITY_ENTITIES),
  startDate: isoDay,
  endDate: isoDay,
  /** user_id (one), team_ids or tags (several). */
  ids: z.array(z.string().min(1).max(256)).max(100).optional(),
  model: z.string().max(256).optional(),
  keyHash: z.string().max(256).optional(),
  /** Aggregate rows per LiteLLM page (LiteLLM pages the daily table before grouping by date). */
  pageSize: z.number().int().min(1).max(100_000).default(50_000),
  /** Stop after this many pages and report the result as partial. */
  maxPages: z.number().int().min(1).max(10).default(2),
});
export type DailyActivityInput = z.input<typeof dailyActivityInputSchema>;

export interface DailyActivityResult {
  results: DailySpendData[];
  /** LiteLLM had more aggregate rows than were read (maxPages reached). */
  partial: boolean;
  calls: number;
  endpoint: string;
}
