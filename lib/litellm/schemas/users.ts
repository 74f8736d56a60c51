import { z } from "zod";

import { durationSchema, jsonObjectSchema, limitSchema, moneySchema, stringListSchema, timestampSchema } from "./common";

export const userRoleSchema = z.enum(["proxy_admin", "proxy_admin_viewer", "internal_user", "internal_user_viewer"]);
export type LiteLLMUserRole = z.infer<typeof userRoleSchema>;

const userFields = {
  user_email: z.string().email().nullish(),
  user_alias: z.string().nullish(),
  user_role: userRoleSchema.nullish(),
  models: stringListSchema.nullish(),
  max_budget: moneySchema.nullish(),
  budget_duration: durationSchema.nullish(),
  tpm_limit: limitSchema.nullish(),
  rpm_limit: limitSchema.nullish(),
  max_parallel_requests: limitSchema.nullish(),
  metadata: jsonObjectSchema.nullish(),
};

/**
 * Body of POST /user/new. `auto_create_key` defaults to false here (LiteLLM defaults to true and would mint a
 * working key nobody asked for). An existing `user_id` is silently reused by LiteLLM (§8.10).
 */
export const createUserInputSchema = z.strictObject({
  ...userFields,
  user_id: z.string().min(1).nullish(),
  teams: stringListSchema.nullish(),
  auto_create_key: z.boolean().default(false),
  send_invite_email: z.boolean().nullish(),
  sso_user_id: z.string().nullish(),
  organizations: stringListSchema.nullish(),
});
export type CreateUserInput = z.input<typeof createUserInputSchema>;

export const updateUserInputSchema = z.strictObject({ ...userFields, user_id: z.string().min(1) });
export type UpdateUserInput = z.infer<typeof updateUserInputSchema>;

export const listUsersInputSchema = z.strictObject({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100, "LiteLLM lists at most 100 users per page").default(25),
  role: userRoleSchema.optional(),
  user_ids: z.array(z.string()).optional(),
  user_email: z.string().optional(),
  team: z.string().optional(),
  sort_by: z.string().optional(),
  sort_order: z.enum(["asc", "desc"]).optional(),
});
export type ListUsersInput = z.input<typeof listUsersInputSchema>;

// ---- responses ----

export const userRecordSchema = z.looseObject({
  user_id: z.string(),
  user_email: z.string().nullish(),
  user_alias: z.string().nullish(),
  user_role: z.string().nullish(),
  teams: z.array(z.unknown()).nullish(),
  models: z.array(z.string()).nullish(),
  max_budget: z.number().nullish(),
  spend: z.number().nullish(),
  metadata: jsonObjectSchema.nullish(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type LiteLLMUser = z.infer<typeof userRecordSchema>;

/** NewUserResponse: user fields plus the raw `key` when auto_create_key was true. */
export const createUserResponseSchema = userRecordSchema.extend({ key: z.string().nullish(), token: z.string().nullish() });
export type LiteLLMCreateUserResponse = z.infer<typeof createUserResponseSchema>;

export const updateUserResponseSchema = z.looseObject({ user_id: z.string().nullish(), data: z.unknown().optional() });

export const userInfoResponseSchema = z.looseObject({
  user_id: z.string().nullish(),
  user_info: z.looseObject({}).nullish(),
  keys: z.array(z.unknown()).nullish(),
  teams: z.array(z.unknown()).nullish(),
});
export type LiteLLMUserInfo = z.infer<typeof userInfoResponseSchema>;

export const userListResponseSchema = z.looseObject({
  users: z.array(userRecordSchema),
  total: z.number().int().nullish(),
  page: z.number().int().nullish(),
  page_size: z.number().int().nullish(),
  total_pages: z.number().int().nullish(),
});
