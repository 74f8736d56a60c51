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
  key_alias: z.string().optional(),
  status_filter: z.string().optional(),
  /** "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" as LiteLLM expects. */
  start_date: z.string().optional(),
  end_date: z.string().optional(),
  sort_by: z.string().optional(),
  sort_order: z.enum(["asc", "desc"]).optional(),
});
export type SpendLogsInput = z.input<typeof spendLogsInputSchema>;

export const spendLogSchema = z.looseObject({
  request_id: z.string().nullish(),
  api_key: z.string().nullish(),
  model: z.string().nullish(),
  model_id: z.string().nullish(),
  spend: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  startTime: z.string().nullish(),
  endTime: z.string().nullish(),
  user: z.string().nullish(),
  team_id: z.string().nullish(),
  status: z.string().nullish(),
});
export type LiteLLMSpendLog = z.infer<typeof spendLogSchema>;

export const spendLogsResponseSchema = z.looseObject({
  data: z.array(spendLogSchema),
  total: z.number().int().nullish(),
  page: z.number().int().nullish(),
  page_size: z.number().int().nullish(),
  total_pages: z.number().int().nullish(),
});
