import { z } from "zod";

import { jsonObjectSchema, limitSchema, stringListSchema, timestampSchema } from "./common";

/** `model_info.mode` values LiteLLM knows (health checks and test_connection branch on it, §3.2). */
export const modelModeSchema = z.enum([
  "chat",
  "completion",
  "embedding",
  "image_generation",
  "image_edit",
  "audio_transcription",
  "audio_speech",
  "moderation",
  "rerank",
  "search",
  "responses",
  "video_generation",
  "ocr",
  "realtime",
  "batch",
  "vector_store",
]);
export type ModelMode = z.infer<typeof modelModeSchema>;

const costSchema = z.number().finite().nonnegative();

/**
 * Known `litellm_params` keys typed; provider-specific keys (aws_*, vertex_*, …, ~150 in LiteLLM_Params) pass through.
 * Secrets (api_key, aws_secret_access_key, vertex_credentials) go in here and never come back (§8.4).
 */
const litellmParamsShape = {
  model: z.string().trim().min(1),
  api_key: z.string().nullish(),
  api_base: z.string().nullish(),
  api_version: z.string().nullish(),
  custom_llm_provider: z.string().nullish(),
  litellm_credential_name: z.string().nullish(),
  organization: z.string().nullish(),
  rpm: limitSchema.nullish(),
  tpm: limitSchema.nullish(),
  timeout: z.number().positive().nullish(),
  stream_timeout: z.number().positive().nullish(),
  max_retries: limitSchema.nullish(),
  tags: stringListSchema.nullish(),
  input_cost_per_token: costSchema.nullish(),
  output_cost_per_token: costSchema.nullish(),
  input_cost_per_second: costSchema.nullish(),
  output_cost_per_second: costSchema.nullish(),
  output_vector_size: z.number().int().positive().nullish(),
  dimensions: z.number().int().positive().nullish(),
  max_budget: costSchema.nullish(),
  budget_duration: z.string().nullish(),
  aws_region_name: z.string().nullish(),
  vertex_project: z.string().nullish(),
  vertex_location: z.string().nullish(),
  vertex_credentials: z.union([z.string(), jsonObjectSchema]).nullish(),
};

export const litellmParamsSchema = z.looseObject(litellmParamsShape);
export type LiteLLMParams = z.infer<typeof litellmParamsSchema>;

export const litellmParamsPatchSchema = z.looseObject({ ...litellmParamsShape, model: litellmParamsShape.model.optional() });
export type LiteLLMParamsPatch = z.infer<typeof litellmParamsPatchSchema>;

const modelInfoShape = {
  id: z.string().trim().min(1).optional(),
  mode: modelModeSchema.nullish(),
  base_model: z.string().nullish(),
  tier: z.enum(["free", "paid"]).nullish(),
  team_id: z.string().nullish(),
  team_public_model_name: z.string().nullish(),
  access_groups: stringListSchema.nullish(),
  description: z.string().nullish(),
  output_vector_size: z.number().int().positive().nullish(),
};
export const modelInfoInputSchema = z.looseObject(modelInfoShape);
export type ModelInfoInput = z.infer<typeof modelInfoInputSchema>;

/** Input of `models.create`: a LiteLLM `Deployment`. `model_info.id` is chosen by the client when absent (§8.20). */
export const createModelInputSchema = z.strictObject({
  model_name: z.string().trim().min(1),
  litellm_params: litellmParamsSchema,
  model_info: modelInfoInputSchema.optional(),
});
export type CreateModelInput = z.infer<typeof createModelInputSchema>;

/**
 * Input of `models.update`. `clear` names litellm_params keys to remove; see models.ts for what LiteLLM can
 * actually clear.
 */
export const updateModelInputSchema = z.strictObject({
  model_name: z.string().trim().min(1).optional(),
  litellm_params: litellmParamsPatchSchema.optional(),
  model_info: modelInfoInputSchema.omit({ id: true }).optional(),
  blocked: z.boolean().optional(),
  clear: z.array(z.string().min(1)).optional(),
});
export type UpdateModelInput = z.infer<typeof updateModelInputSchema>;

export const listModelsPageInputSchema = z.strictObject({
  page: z.number().int().min(1).default(1),
  size: z.number().int().min(1).max(200).default(50),
  search: z.string().trim().optional(),
  sortBy: z.enum(["model_name", "created_at", "updated_at", "costs", "status"]).optional(),
  sortOrder: z.enum(["asc", "desc"]).default("asc"),
  teamId: z.string().optional(),
});
export type ListModelsPageInput = z.input<typeof listModelsPageInputSchema>;

// ---- responses ----

/** One deployment as /model/info and /v2/model/info return it (secrets stripped, cost-map fields merged in). */
export const deploymentSchema = z.looseObject({
  model_name: z.string(),
  litellm_params: z.looseObject({
    model: z.string().nullish(),
    api_base: z.string().nullish(),
    custom_llm_provider: z.string().nullish(),
    litellm_credential_name: z.string().nullish(),
    rpm: z.number().nullish(),
    tpm: z.number().nullish(),
  }),
  model_info: z.looseObject({
    id: z.string(),
    db_model: z.boolean().nullish(),
    mode: z.string().nullish(),
    base_model: z.string().nullish(),
    team_id: z.string().nullish(),
    team_public_model_name: z.string().nullish(),
    access_groups: z.array(z.string()).nullish(),
    output_vector_size: z.number().nullish(),
    max_input_tokens: z.number().nullish(),
    max_output_tokens: z.number().nullish(),
    input_cost_per_token: z.number().nullish(),
    output_cost_per_token: z.number().nullish(),
    litellm_provider: z.string().nullish(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
    created_by: z.string().nullish(),
    updated_by: z.string().nullish(),
    blocked: z.boolean().nullish(),
  }),
});
export type LiteLLMDeployment = z.infer<typeof deploymentSchema>;

export const modelInfoResponseSchema = z.looseObject({ data: z.array(deploymentSchema) });

export const modelInfoV2ResponseSchema = z.looseObject({
  data: z.array(deploymentSchema),
  total_count: z.number().int().nullish(),
  current_page: z.number().int().nullish(),
  total_pages: z.number().int().nullish(),
  size: z.number().int().nullish(),
});

export const modelGroupSchema = z.looseObject({
  model_group: z.string(),
  providers: z.array(z.string()).nullish(),
  mode: z.string().nullish(),
  max_input_tokens: z.number().nullish(),
  max_output_tokens: z.number().nullish(),
  input_cost_per_token: z.number().nullish(),
  output_cost_per_token: z.number().nullish(),
  tpm: z.number().nullish(),
  rpm: z.number().nullish(),
});
export type LiteLLMModelGroup = z.infer<typeof modelGroupSchema>;
export const modelGroupInfoResponseSchema = z.looseObject({ data: z.array(modelGroupSchema) });

/** /model/new, /model/update and PATCH answer with the DB row; its litellm_params are encrypted, so nothing is read from it. */
export const modelWriteResponseSchema = z.looseObject({});

export const modelDeleteResponseSchema = z.looseObject({ message: z.string().nullish() });
export type ModelDeleteResult = z.infer<typeof modelDeleteResponseSchema>;
