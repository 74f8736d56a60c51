import type { SessionUser, TeamRole } from "@/lib/auth/types";

import { modelsOutsideTeam, type TeamModelScope } from "./team-models";

/**
 * Team self-service rules (design/auth.md §6.3). LiteLLM does not check master-key calls, so these are the only
 * guard for keys members issue through the console. Requests above a cap are rejected, never clamped.
 */

/** A row of the console's team_policies table. */
export interface TeamPolicyRule {
  teamId: string;
  maxKeyBudgetUsd: number;
  maxKeyDurationDays: number;
  /** Models (public names or access groups) a self-service key may use; empty = all of the team's models. */
  allowedModels: string[];
  maxActiveKeysPerMember: number;
  membersCanIssue: boolean;
  defaultBudgetPeriod: string | null;
}

export interface KeyPolicyRequest {
  teamId: string;
  /** The team's display name for messages (alias), else its id. */
  teamLabel?: string;
  issuerRole: TeamRole;
  ownerKind: "team" | "service_account";
  maxBudgetUsd: number | null;
  /** Length of the key's life in days; null = never expires. */
  expiryDays: number | null;
  models: string[];
  /** true for edits of an existing key: issuing rights and the active-key count do not apply. */
  isUpdate?: boolean;
}

export type PolicyResult = { ok: true } | { ok: false; field: string; message: string };

/** What LiteLLM itself holds for the team: its models and its own max_budget (both caps on a self-service key). */
export interface TeamLimits {
  models: TeamModelScope;
  /** The team's `max_budget` in LiteLLM; null = none. */
  maxBudgetUsd: number | null;
}

/** The budget cap a self-service key meets: the lower of the policy's per-key cap and the team's own LiteLLM budget. */
export function effectiveBudgetCap(policy: Pick<TeamPolicyRule, "maxKeyBudgetUsd">, team: Pick<TeamLimits, "maxBudgetUsd"> | null | undefined): { usd: number; source: "policy" | "team" } {
  const teamBudget = team?.maxBudgetUsd ?? null;
  return teamBudget !== null && teamBudget < policy.maxKeyBudgetUsd ? { usd: teamBudget, source: "team" } : { usd: policy.maxKeyBudgetUsd, source: "policy" };
}

// A date picked in the browser lands a few seconds past a whole-day cap; don't reject that.
const EXPIRY_SLACK_DAYS = 5 / (24 * 60);

function usd(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
}

function days(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  return `${rounded} day${rounded === 1 ? "" : "s"}`;
}

/** Why the caller cannot issue keys in a team at all (before any form is filled), or null when they can. */
export interface SelfServiceBlock {
  reason: "no-policy" | "members-cannot-issue";
  /** One sentence naming the team. */
  message: string;
  /** Who can change it, in words. */
  whoCanEnable: string;
}

export function selfServiceBlock(policy: TeamPolicyRule | null, issuerRole: TeamRole, team: string): SelfServiceBlock | null {
  if (!policy) {
    return {
      reason: "no-policy",
      message: `Team ${team} has no self-service key policy yet, so keys cannot be issued for it here.`,
      whoCanEnable: `A console admin can set one on the team's page (Teams → ${team} → Set policy).`,
    };
  }
  if (issuerRole === "member" && !policy.membersCanIssue) {
    return {
      reason: "members-cannot-issue",
      message: `Team ${team} lets only its team admins issue keys; members cannot issue their own.`,
      whoCanEnable: `Ask a team admin of ${team} for a key, or a console admin to turn on "Members may issue their own keys" in the team's key policy.`,
    };
  }
  return null;
}

export function checkKeyRequestAgainstPolicy(
  policy: TeamPolicyRule | null,
  request: KeyPolicyRequest,
  { activeKeysOfMember, team: limits }: { activeKeysOfMember: number; team?: TeamLimits | null },
): PolicyResult {
  const team = request.teamLabel ?? request.teamId;
  if (!policy) {
    return { ok: false, field: "teamId", message: `Team ${team} has no self-service policy yet; ask a platform admin.` };
  }
  if (!request.isUpdate && request.issuerRole === "member" && !policy.membersCanIssue) {
    return { ok: false, field: "teamId", message: `${team} does not let members issue keys; ask a team admin.` };
  }
  if (request.ownerKind === "service_account" && request.issuerRole !== "admin") {
    return { ok: false, field: "ownerKind", message: `Only admins of ${team} can issue service-account keys.` };
  }
  const cap = effectiveBudgetCap(policy, limits);
  if (request.maxBudgetUsd === null) {
    return {
      ok: false,
      field: "maxBudgetUsd",
      message: `${team} requires a max budget on every key (at most ${usd(cap.usd)} USD).`,
    };
  }
  if (request.maxBudgetUsd > cap.usd) {
    return {
      ok: false,
      field: "maxBudgetUsd",
      message:
        cap.source === "team"
          ? `Max budget ${usd(request.maxBudgetUsd)} USD is above ${team}'s own budget in LiteLLM of ${usd(cap.usd)} USD (lower than its policy cap of ${usd(policy.maxKeyBudgetUsd)} USD per key).`
          : `Max budget ${usd(request.maxBudgetUsd)} USD is above ${team}'s cap of ${usd(policy.maxKeyBudgetUsd)} USD per key.`,
    };
  }
  if (request.expiryDays === null) {
    return {
      ok: false,
      field: "expiryMode",
      message: `${team} requires keys to expire within ${days(policy.maxKeyDurationDays)}; "never" is not allowed.`,
    };
  }
  if (request.expiryDays > policy.maxKeyDurationDays + EXPIRY_SLACK_DAYS) {
    return {
      ok: false,
      field: "expiryMode",
      message: `An expiry ${days(request.expiryDays)} away is beyond ${team}'s cap of ${days(policy.maxKeyDurationDays)} per key.`,
    };
  }
  if (policy.allowedModels.length > 0) {
    if (request.models.length === 0) {
      return {
        ok: false,
        field: "models",
        message: `${team} allows only these models on self-service keys: ${policy.allowedModels.join(", ")}. Pick from them.`,
      };
    }
    const outside = request.models.filter((m) => !policy.allowedModels.includes(m));
    if (outside.length > 0) {
      return {
        ok: false,
        field: "models",
        message: `${outside.join(", ")} ${outside.length > 1 ? "are" : "is"} not allowed for ${team}'s keys; allowed: ${policy.allowedModels.join(", ")}.`,
      };
    }
  }
  if (limits) {
    const outside = modelsOutsideTeam(limits.models, request.models);
    if (outside.length > 0) {
      return {
        ok: false,
        field: "models",
        message: `${outside.join(", ")} ${outside.length > 1 ? "are" : "is"} not among ${team}'s models in LiteLLM; pick from the team's models.`,
      };
    }
  }
  if (!request.isUpdate && request.ownerKind === "team" && activeKeysOfMember >= policy.maxActiveKeysPerMember) {
    return {
      ok: false,
      field: "teamId",
      message: `You already have ${activeKeysOfMember} active key${activeKeysOfMember === 1 ? "" : "s"} in ${team}; its cap is ${policy.maxActiveKeysPerMember} per member. Delete or block one first.`,
    };
  }
  return { ok: true };
}

/** The parts of a key that decide who may manage it. */
export interface KeyOwnership {
  userId: string | null;
  teamId: string | null;
}

/** Admins: any key. Team admins: every key of their team. Members: only keys issued to them. Viewers: none. */
export function canManageKey(user: SessionUser, key: KeyOwnership): boolean {
  if (user.role === "admin") return true;
  if (user.role === "viewer") return false;
  if (key.teamId && user.teams.some((t) => t.teamId === key.teamId && t.role === "admin")) return true;
  return key.userId !== null && key.userId === user.id;
}

/** Admins and viewers read every key; others read what they could manage. */
export function canViewKey(user: SessionUser, key: KeyOwnership): boolean {
  return user.role === "admin" || user.role === "viewer" || canManageKey(user, key);
}
