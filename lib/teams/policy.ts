import "server-only";
/**
 * Team policies (console DB `team_policies`): the caps for self-service keys in a team.
 * Read by key issuance (lib/keys/policy.ts); edited only by console admins (lib/teams/service.ts).
 * No row means no policy yet: members of that team cannot self-issue until an admin sets one.
 */
import { prisma } from "@/lib/db";
import { KEY_BUDGET_PERIODS } from "./schemas";

/** The key form's budget periods (daily = 1d, weekly = 7d, monthly = 30d in LiteLLM). */
export type BudgetPeriod = (typeof KEY_BUDGET_PERIODS)[number];

export interface TeamPolicy {
  teamId: string;
  /** Max `max_budget` (USD) of one key. */
  maxKeyBudgetUsd: number;
  /** Max lifetime of one key; self-service keys must expire. */
  maxKeyDurationDays: number;
  /** Models a key may be limited to: a subset of the team's models, or empty = all of the team's models. */
  allowedModels: string[];
  /** Max non-expired, non-revoked keys one member owns in this team. */
  maxActiveKeysPerMember: number;
  /** Whether plain members (not team admins) may issue keys for themselves. */
  membersCanIssue: boolean;
  /** Budget reset period applied to new keys when the form leaves it empty; null = no reset. */
  defaultBudgetPeriod: BudgetPeriod | null;
  updatedAt: Date;
  updatedBy: string;
}

type Row = {
  teamId: string;
  maxKeyBudgetUsd: number;
  maxKeyDurationDays: number;
  allowedModels: string[];
  maxActiveKeysPerMember: number;
  membersCanIssue: boolean;
  defaultBudgetPeriod: string | null;
  updatedAt: Date;
  updatedBy: string;
};

function fromRow(row: Row): TeamPolicy {
  const period = (KEY_BUDGET_PERIODS as readonly string[]).includes(row.defaultBudgetPeriod ?? "") ? (row.defaultBudgetPeriod as BudgetPeriod) : null;
  return { ...row, defaultBudgetPeriod: period };
}

export async function getTeamPolicy(teamId: string): Promise<TeamPolicy | null> {
  const db = await prisma();
  const row = await db.teamPolicy.findUnique({ where: { teamId } });
  return row ? fromRow(row) : null;
}

export async function listTeamPolicies(teamIds: string[]): Promise<Map<string, TeamPolicy>> {
  if (teamIds.length === 0) return new Map();
  const db = await prisma();
  const rows = await db.teamPolicy.findMany({ where: { teamId: { in: teamIds } } });
  return new Map(rows.map((r) => [r.teamId, fromRow(r)]));
}
