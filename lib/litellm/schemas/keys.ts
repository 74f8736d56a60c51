import { z } from "zod";

import { durationSchema, jsonObjectSchema, limitSchema, moneySchema, stringListSchema, timestampSchema } from "./common";

const limitTypeSchema = z.enum(["guaranteed_throughput", "best_effort_throughput", "dynamic"]);

/** Fields /key/generate, /key/update and /key/regenerate share (GenerateRequestBase + KeyRequestBase, S3). */
const keyFields = {
  key_alias: z.string().trim().min(1).nullish(),
  duration: durationSchema.nullish(),
  models: stringListSchema.nullish(),
  max_budget: moneySchema.nullish(),
  soft_budget: moneySchema.nullish(),
  budget_duration: durationSchema.nullish(),
  user_id: z.string().nullish(),
  team_id: z.string().nullish(),
  organization_id: z.string().nullish(),
  max_parallel_requests: limitSchema.nullish(),
  metadata: jsonObjectSchema.nullish(),
  tpm_limit: limitSchema.nullish(),
  rpm_limit: limitSchema.nullish(),
  rpm_limit_type: limitTypeSchema.nullish(),
  tpm_limit_type: limitTypeSchema.nullish(),
  model_max_budget: jsonObjectSchema.nullish(),
  model_rpm_limit: z.record(z.string(), limitSchema).nullish(),
  model_tpm_limit: z.record(z.string(), limitSchema).nullish(),
  aliases: z.record(z.string(), z.string()).nullish(),
  permissions: jsonObjectSchema.nullish(),
  config: jsonObjectSchema.nullish(),
  allowed_cache_controls: stringListSchema.nullish(),
  allowed_routes: stringListSchema.nullish(),
  blocked: z.boolean().nullish(),
  budget_id: z.string().nullish(),
  tags: stringListSchema.nullish(),
  guardrails: stringListSchema.nullish(),
  enforced_params: stringListSchema.nullish(),
  spend: moneySchema.nullish(),
};

/** Body of POST /key/generate (GenerateKeyRequest). */
export const generateKeyInputSchema = z.strictObject({
  ...keyFields,
  /** A custom raw key: must start with sk- and be ≥ 16 characters (S3). Usually left to LiteLLM. */
  key: z
    .string()
    .regex(/^sk-.{13,}$/, "A custom key must start with sk- and be at least 16 characters")
    .nullish(),
  key_type: z.enum(["llm_api", "management", "read_only", "default"]).nullish(),
  send_invite_email: z.boolean().nullish(),
});
export type GenerateKeyInput = z.infer<typeof generateKeyInputSchema>;

/** Fields of POST /key/update besides the key itself (UpdateKeyRequest). `null` clears a field (exclude_unset). */
export const updateKeyInputSchema = z.strictObject({
  ...keyFields,
  temp_budget_increase: moneySchema.nullish(),
  temp_budget_expiry: z.string().nullish(),
});
export type UpdateKeyInput = z.infer<typeof updateKeyInputSchema>;

/** Body of /key/regenerate besides the key (RegenerateKeyRequest). Enterprise-only on LiteLLM (§2.4). */
export const regenerateKeyInputSchema = z.strictObject({
  ...keyFields,
  new_key: z
    .string()
    .regex(/^sk-.{13,}$/)
    .nullish(),
  grace_period: durationSchema.nullish(),
});
export type RegenerateKeyInput = z.infer<typeof regenerateKeyInputSchema>;

/** Identifies a key: its token hash (or raw sk- key, hashed before sending), or — on ≥1.83.3 — its alias. */
export type KeyRef = string | { alias: string };

export const deleteKeysInputSchema = z
  .strictObject({ keys: z.array(z.string().min(1)).optional(), key_aliases: z.array(z.string().min(1)).optional() })
  .refine((v) => (v.keys?.length ?? 0) + (v.key_aliases?.length ?? 0) > 0, "Name at least one key or key alias");
export type DeleteKeysInput = z.infer<typeof deleteKeysInputSchema>;

export const listKeysInputSchema = z.strictObject({
  page: z.number().int().min(1).default(1),
  /** LiteLLM rejects more than 100 (§8.14). */
  size: z.number().int().min(1).max(100, "LiteLLM lists at most 100 keys per page").default(10),
  user_id: z.string().optional(),
  team_id: z.string().optional(),
  organization_id: z.string().optional(),
  key_alias: z.string().optional(),
  key_hash: z.string().optional(),
  return_full_object: z.boolean().default(true),
  include_team_keys: z.boolean().optional(),
  sort_by: z.enum(["spend", "max_budget", "created_at", "updated_at", "token", "key_alias"]).optional(),
  sort_order: z.enum(["asc", "desc"]).optional(),
  /** S3 (1.96.0) only: older proxies ignore it, so callers check the version first. */
  expires: z.enum(["active", "expired"]).optional(),
  /** S3 (1.96.0) only: case-insensitive substring match on user_id / key_alias. */
  substring_matching: z.boolean().optional(),
  /** S3 (1.96.0) only: "deleted" lists the archive of deleted keys. */
  status: z.enum(["deleted"]).optional(),
});
export type ListKeysInput = z.input<typeof listKeysInputSchema>;

// ---- responses ----

/** A virtual key row as /key/info, /key/list and /key/block return it. Never holds the raw key. */
export const keyRecordSchema = z.looseObject({
  token: z.string().nullish(),
  key_name: z.string().nullish(),
  key_alias: z.string().nullish(),
  spend: z.number().nullish(),
  max_budget: z.number().nullish(),
  soft_budget: z.number().nullish(),
  budget_duration: z.string().nullish(),
  budget_reset_at: timestampSchema,
  expires: timestampSchema,
  models: z.array(z.string()).nullish(),
  tpm_limit: z.number().nullish(),
  rpm_limit: z.number().nullish(),
  max_parallel_requests: z.number().nullish(),
  user_id: z.string().nullish(),
  team_id: z.string().nullish(),
  organization_id: z.string().nullish(),
  metadata: jsonObjectSchema.nullish(),
  blocked: z.boolean().nullish(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
  created_by: z.string().nullish(),
});
export type LiteLLMKeyRecord = z.infer<typeof keyRecordSchema>;

/** GenerateKeyResponse: the only place the raw key appears (§3.5). */
export const generateKeyResponseSchema = keyRecordSchema.extend({
  key: z.string().min(1),
  token_id: z.string().nullish(),
});
export type LiteLLMGenerateKeyResponse = z.infer<typeof generateKeyResponseSchema>;

export const updateKeyResponseSchema = keyRecordSchema.extend({ key: z.string().nullish() });

export const keyInfoResponseSchema = z.looseObject({ key: z.string().nullish(), info: keyRecordSchema });

export const keyListResponseSchema = z.looseObject({
  keys: z.array(z.union([z.string(), keyRecordSchema])),
  total_count: z.number().int().nullish(),
  current_page: z.number().int().nullish(),
  total_pages: z.number().int().nullish(),
});

export const deleteKeysResponseSchema = z.looseObject({ deleted_keys: z.array(z.unknown()).nullish() });
export type DeleteKeysResult = z.infer<typeof deleteKeysResponseSchema>;
