/**
 * Pure checks of a team policy against its LiteLLM team (no I/O, unit-tested).
 * LiteLLM treats a team with no models (or "all-proxy-models") as allowed every model on the proxy.
 */
import type { TeamPolicyValues } from "./schemas";

export const ALL_PROXY_MODELS = "all-proxy-models";

export interface TeamFacts {
  /** The team's `models` as LiteLLM stores them. */
  models: string[];
  /** Every model name on the proxy, used when the team has no model restriction. */
  proxyModels: string[];
  /** The team's own budget, if any. */
  maxBudget: number | null;
}

/** The model names a key in this team could use. */
export function effectiveTeamModels(facts: Pick<TeamFacts, "models" | "proxyModels">): string[] {
  const own = facts.models.filter((m) => m !== ALL_PROXY_MODELS);
  if (facts.models.length === 0 || facts.models.includes(ALL_PROXY_MODELS)) return [...new Set(facts.proxyModels)].sort();
  return [...new Set(own)].sort();
}

/** Field errors (empty when the policy fits the team). Messages name the limit that was exceeded. */
export function checkPolicyAgainstTeam(policy: TeamPolicyValues, facts: TeamFacts): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const allowed = new Set(effectiveTeamModels(facts));
  const outside = policy.allowedModels.filter((m) => !allowed.has(m));
  if (outside.length > 0) {
    errors.allowedModels = [
      `${outside.join(", ")} ${outside.length === 1 ? "is" : "are"} not among the team's models (${[...allowed].join(", ") || "none"}).`,
    ];
  }
  if (facts.maxBudget !== null && policy.maxKeyBudgetUsd > facts.maxBudget) {
    errors.maxKeyBudgetUsd = [`Max budget per key ($${policy.maxKeyBudgetUsd}) is above the team's budget ($${facts.maxBudget}).`];
  }
  return errors;
}
