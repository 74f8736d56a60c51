/**
 * Which model names a self-service key of one team may list, from the team's `models` in LiteLLM (pure, unit-tested).
 *
 * LiteLLM's semantics (CONTRACT.md §3.7): a team with no models, or with "all-proxy-models", may call every model on
 * the proxy; otherwise its list holds public model names, access-group names and wildcards ("openai/*"). A team's own
 * models (`model_info.team_id`) are always the team's. A key may also say "all-team-models" (= the team's models).
 */

export const ALL_TEAM_MODELS = "all-team-models";
export const ALL_PROXY_MODELS = "all-proxy-models";

/** A model name or an access group the issue form can offer (lib/keys/service.ts ModelOption). */
export interface TeamModelCandidate {
  name: string;
  kind: "model" | "access-group";
  /** Models in an access group. */
  members?: string[];
  /** Set for team-only models: the team that owns it. */
  teamId?: string | null;
}

export interface TeamModelScope {
  /** True when the team may call every model on the proxy. */
  unrestricted: boolean;
  /** Every name a key of this team may list ("all-team-models", the team's models and groups, its own entries). */
  allowed: ReadonlySet<string>;
}

function wildcardMatcher(patterns: string[]): (name: string) => boolean {
  const regexes = patterns
    .filter((p) => p.includes("*"))
    .map((p) => new RegExp(`^${p.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`));
  return (name) => regexes.some((r) => r.test(name));
}

/** The team's scope over the candidates the proxy serves (the deployment index's model names and access groups). */
export function teamModelScope(teamId: string, teamModels: readonly string[], candidates: readonly TeamModelCandidate[]): TeamModelScope {
  const unrestricted = teamModels.length === 0 || teamModels.includes(ALL_PROXY_MODELS);
  const listed = new Set(teamModels.filter((m) => m !== ALL_PROXY_MODELS && m !== ALL_TEAM_MODELS));
  const wildcard = wildcardMatcher([...listed]);
  const groupsListed = candidates.filter((c) => c.kind === "access-group" && listed.has(c.name));
  const inListedGroup = new Set(groupsListed.flatMap((g) => g.members ?? []));
  const allowed = new Set<string>([ALL_TEAM_MODELS, ...listed]);
  const modelOk = (c: TeamModelCandidate) =>
    c.teamId ? c.teamId === teamId : unrestricted || listed.has(c.name) || wildcard(c.name) || inListedGroup.has(c.name);
  for (const c of candidates) if (c.kind === "model" && modelOk(c)) allowed.add(c.name);
  for (const c of candidates) {
    if (c.kind !== "access-group") continue;
    const members = c.members ?? [];
    if (unrestricted || listed.has(c.name) || (members.length > 0 && members.every((m) => allowed.has(m)))) allowed.add(c.name);
  }
  return { unrestricted, allowed };
}

/** The candidates a key of this team may list, in their order; the policy's allowed models narrow it when set. */
export function teamModelOptions<T extends TeamModelCandidate>(scope: TeamModelScope, candidates: readonly T[], policyModels: readonly string[] = []): T[] {
  const policy = policyModels.length ? new Set(policyModels) : null;
  return candidates.filter((c) => scope.allowed.has(c.name) && (!policy || policy.has(c.name)));
}

/** The requested names the team may not use (empty when all are fine). */
export function modelsOutsideTeam(scope: TeamModelScope, models: readonly string[]): string[] {
  return models.filter((m) => !scope.allowed.has(m));
}
