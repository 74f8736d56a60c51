import { z } from "zod";

import { nameSchema } from "@/lib/limits";

/** LiteLLM budget periods offered for team budgets and as a team policy's default key budget period. */
export const BUDGET_PERIODS = ["1d", "7d", "30d", "1mo"] as const;
export const budgetPeriodSchema = z.enum(["none", ...BUDGET_PERIODS]);
export type BudgetPeriodChoice = z.infer<typeof budgetPeriodSchema>;

export const BUDGET_PERIOD_LABELS: Record<BudgetPeriodChoice, string> = {
  none: "No reset",
  "1d": "Daily (1d)",
  "7d": "Weekly (7d)",
  "30d": "Every 30 days (30d)",
  "1mo": "Monthly (1mo)",
};

/** A policy's default budget period for new keys, in the key form's words (lib/keys/schemas.ts budgetPeriodSchema). */
export const KEY_BUDGET_PERIODS = ["daily", "weekly", "monthly"] as const;
export const keyBudgetPeriodSchema = z.enum(["none", ...KEY_BUDGET_PERIODS]);
export type KeyBudgetPeriodChoice = z.infer<typeof keyBudgetPeriodSchema>;
export const KEY_BUDGET_PERIOD_LABELS: Record<KeyBudgetPeriodChoice, string> = { none: "No reset", daily: "Daily", weekly: "Weekly", monthly: "Monthly" };

/** Hard ceilings so a typo cannot turn into an effectively unlimited cap. */
export const POLICY_LIMITS = { maxKeyBudgetUsd: 1_000_000, maxKeyDurationDays: 3650, maxActiveKeysPerMember: 1000 } as const;

const money = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .refine(Number.isFinite, `${label} must be a number`)
    .gt(0, `${label} must be greater than 0`)
    .max(POLICY_LIMITS.maxKeyBudgetUsd, `${label} is at most $${POLICY_LIMITS.maxKeyBudgetUsd.toLocaleString("en-US")}`);

const positiveInt = (label: string, max: number) =>
  z
    .number({ error: `${label} must be a whole number` })
    .int(`${label} must be a whole number`)
    .min(1, `${label} must be at least 1`)
    .max(max, `${label} is at most ${max}`);

export const teamIdSchema = z.string().trim().min(1, "Choose a team").max(200);

/**
 * "All of the team's models": LiteLLM's own keyword for a team's models. The policy dialog sends it as an explicit
 * choice; it is stored as an empty allowedModels, which key issuance reads as the team's models in LiteLLM.
 */
export const ALL_TEAM_MODELS_CHOICE = "all-team-models";

/** The stored form of a policy's models: [all-team-models] (the dialog's choice) and [] both mean the team's models. */
export function storedPolicyModels(models: readonly string[]): string[] {
  return models.includes(ALL_TEAM_MODELS_CHOICE) ? [] : [...models].sort();
}

/** Caps for self-service keys in one team. Ownership and team come from the URL + session, never from this form. */
export const teamPolicySchema = z.object({
  teamId: teamIdSchema,
  maxKeyBudgetUsd: money("Max budget per key"),
  maxKeyDurationDays: positiveInt("Max key lifetime", POLICY_LIMITS.maxKeyDurationDays),
  allowedModels: z
    .array(nameSchema("A model name", { required: "Enter a model name" }))
    .min(1, "Allow at least one model")
    .max(1000, "At most 1000 models")
    .refine((m) => new Set(m).size === m.length, "Each model once")
    .refine((m) => !m.includes(ALL_TEAM_MODELS_CHOICE) || m.length === 1, "All of the team's models stands alone; untick the others"),
  maxActiveKeysPerMember: positiveInt("Max active keys per member", POLICY_LIMITS.maxActiveKeysPerMember),
  membersCanIssue: z.boolean(),
  defaultBudgetPeriod: keyBudgetPeriodSchema,
});
export type TeamPolicyInput = z.input<typeof teamPolicySchema>;
export type TeamPolicyValues = z.infer<typeof teamPolicySchema>;

export const createTeamSchema = z.object({
  teamAlias: nameSchema("A team name", { max: 64, required: "Enter a team name" }),
  /** Optional stable id (e.g. to match a GitOps group binding); LiteLLM generates a UUID when empty. */
  teamId: z
    .string()
    .trim()
    .max(64, "At most 64 characters")
    .regex(/^$|^[a-z0-9][a-z0-9._-]*$/, "Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit")
    .default(""),
  models: z.array(nameSchema("A model name", { required: "Enter a model name" })).max(1000, "At most 1000 models").default([]),
  maxBudgetUsd: z
    .number({ error: "Team budget must be a number" })
    .gt(0, "Team budget must be greater than 0")
    .max(POLICY_LIMITS.maxKeyBudgetUsd, "Team budget is too large")
    .nullable()
    .default(null),
  budgetDuration: budgetPeriodSchema.default("none"),
});
export type CreateTeamInput = z.input<typeof createTeamSchema>;
export type CreateTeamValues = z.infer<typeof createTeamSchema>;
