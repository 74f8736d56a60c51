import { z } from "zod";

import { durationSchema, jsonObjectSchema, limitSchema, moneySchema, stringListSchema, timestampSchema } from "./common";

export const teamMemberSchema = z
  .strictObject({
    role: z.enum(["admin", "user"]),
    user_id: z.string().min(1).nullish(),
    user_email: z.string().email().nullish(),
  })
  .refine((m) => Boolean(m.user_id || m.user_email), "A member needs a user_id or a user_email");
export type TeamMember = z.infer<typeof teamMemberSchema>;

const teamFields = {
  team_alias: z.string().trim().min(1).nullish(),
  organization_id: z.string().nullish(),
  metadata: jsonObjectSchema.nullish(),
  tpm_limit: limitSchema.nullish(),
  rpm_limit: limitSchema.nullish(),
  max_budget: moneySchema.nullish(),
  soft_budget: moneySchema.nullish(),
  budget_duration: durationSchema.nullish(),
  models: stringListSchema.optional(),
  blocked: z.boolean().optional(),
  tags: stringListSchema.nullish(),
  model_aliases: z.record(z.string(), z.string()).nullish(),
  team_member_budget: moneySchema.nullish(),
  team_member_rpm_limit: limitSchema.nullish(),
  team_member_tpm_limit: limitSchema.nullish(),
  team_member_key_duration: durationSchema.nullish(),
  default_team_member_models: stringListSchema.nullish(),
  model_rpm_limit: z.record(z.string(), limitSchema).nullish(),
  model_tpm_limit: z.record(z.string(), limitSchema).nullish(),
};

/** Body of POST /team/new (NewTeamRequest). `team_alias` is not unique in LiteLLM. */
export const createTeamInputSchema = z.strictObject({
  ...teamFields,
  team_id: z.string().min(1).nullish(),
  members_with_roles: z.array(teamMemberSchema).optional(),
});
export type CreateTeamInput = z.infer<typeof createTeamInputSchema>;

/** Body of POST /team/update (UpdateTeamRequest). */
export const updateTeamInputSchema = z.strictObject({
  ...teamFields,
  models: stringListSchema.nullish(),
  blocked: z.boolean().nullish(),
  team_id: z.string().min(1),
});
export type UpdateTeamInput = z.infer<typeof updateTeamInputSchema>;

export const teamMemberAddInputSchema = z.strictObject({
  team_id: z.string().min(1),
  member: z.union([teamMemberSchema, z.array(teamMemberSchema).min(1)]),
  max_budget_in_team: moneySchema.nullish(),
});
export type TeamMemberAddInput = z.infer<typeof teamMemberAddInputSchema>;

export const teamMemberDeleteInputSchema = z
  .strictObject({
    team_id: z.string().min(1),
    user_id: z.string().min(1).nullish(),
    user_email: z.string().nullish(),
  })
  .refine((m) => Boolean(m.user_id || m.user_email), "Name the member by user_id or user_email");
export type TeamMemberDeleteInput = z.infer<typeof teamMemberDeleteInputSchema>;

export const listTeamsInputSchema = z.strictObject({
  user_id: z.string().optional(),
  organization_id: z.string().optional(),
});
export type ListTeamsInput = z.infer<typeof listTeamsInputSchema>;

export const listTeamsPageInputSchema = z.strictObject({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100, "LiteLLM lists at most 100 teams per page").default(25),
  search: z.string().trim().optional(),
  team_alias: z.string().optional(),
  organization_id: z.string().optional(),
  user_id: z.string().optional(),
  sort_by: z.string().optional(),
  sort_order: z.enum(["asc", "desc"]).optional(),
});
export type ListTeamsPageInput = z.input<typeof listTeamsPageInputSchema>;

// ---- responses ----

export const teamRecordSchema = z.looseObject({
  team_id: z.string(),
  team_alias: z.string().nullish(),
  organization_id: z.string().nullish(),
  models: z.array(z.string()).nullish(),
  members_with_roles: z
    .array(z.looseObject({ role: z.string().nullish(), user_id: z.string().nullish(), user_email: z.string().nullish() }))
    .nullish(),
  max_budget: z.number().nullish(),
  spend: z.number().nullish(),
  tpm_limit: z.number().nullish(),
  rpm_limit: z.number().nullish(),
  budget_duration: z.string().nullish(),
  budget_reset_at: timestampSchema,
  blocked: z.boolean().nullish(),
  metadata: jsonObjectSchema.nullish(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type LiteLLMTeam = z.infer<typeof teamRecordSchema>;

/** /team/update answers `{team_id, data: row}` in S1; some versions return the row itself. */
export const updateTeamResponseSchema = z.looseObject({ team_id: z.string().nullish(), data: teamRecordSchema.nullish() });

export const teamInfoResponseSchema = z.looseObject({
  team_id: z.string(),
  team_info: teamRecordSchema,
  keys: z.array(z.unknown()).nullish(),
  team_memberships: z.array(z.unknown()).nullish(),
});
export type LiteLLMTeamInfo = z.infer<typeof teamInfoResponseSchema>;

export const teamListResponseSchema = z.array(teamRecordSchema);

export const teamListV2ResponseSchema = z.looseObject({
  teams: z.array(teamRecordSchema),
  total: z.number().int().nullish(),
  page: z.number().int().nullish(),
  page_size: z.number().int().nullish(),
  total_pages: z.number().int().nullish(),
});

export const teamMemberResponseSchema = z.looseObject({ team_id: z.string().nullish() });
export type LiteLLMTeamMemberResult = z.infer<typeof teamMemberResponseSchema>;
