import { describe, expect, it } from "vitest";

import { modelsOutsideTeam, teamModelOptions, teamModelScope, type TeamModelCandidate } from "./team-models";

const candidates: TeamModelCandidate[] = [
  { name: "claude-sonnet", kind: "model" },
  { name: "gpt-4o-mini", kind: "model" },
  { name: "openai/gpt-4o", kind: "model" },
  { name: "openai/o3", kind: "model" },
  { name: "alpha-private", kind: "model", teamId: "team-alpha" },
  { name: "beta-private", kind: "model", teamId: "team-beta" },
  { name: "text-embedding-3-small", kind: "model" },
  { name: "embeddings", kind: "access-group", members: ["text-embedding-3-small"] },
  { name: "frontier", kind: "access-group", members: ["claude-sonnet", "openai/gpt-4o"] },
];
const names = (teamModels: string[], policy: string[] = []) =>
  teamModelOptions(teamModelScope("team-alpha", teamModels, candidates), candidates, policy).map((c) => c.name);

describe("teamModelScope (LiteLLM's team models)", () => {
  it("an empty list or all-proxy-models is every model on the proxy, but never another team's own models", () => {
    const all = candidates.filter((c) => c.teamId !== "team-beta").map((c) => c.name);
    expect(names([])).toEqual(all);
    expect(names(["all-proxy-models"])).toEqual(all);
    expect(teamModelScope("team-alpha", [], candidates).unrestricted).toBe(true);
  });

  it("a list offers its models, the team's own models, wildcard matches, listed access groups and their members", () => {
    expect(names(["gpt-4o-mini"])).toEqual(["gpt-4o-mini", "alpha-private"]);
    expect(names(["openai/*"])).toEqual(["openai/gpt-4o", "openai/o3", "alpha-private"]);
    expect(names(["embeddings"])).toEqual(["alpha-private", "text-embedding-3-small", "embeddings"]);
    // An access group whose every member the team has is usable too; one with a member outside is not.
    expect(names(["text-embedding-3-small"])).toContain("embeddings");
    expect(names(["claude-sonnet"])).not.toContain("frontier");
  });

  it("the policy's allowed models narrow the team's, never widen them", () => {
    expect(names(["gpt-4o-mini", "text-embedding-3-small"], ["gpt-4o-mini", "claude-sonnet"])).toEqual(["gpt-4o-mini"]);
  });

  it("names what a request lists outside the team; all-team-models and the team's own entries are fine", () => {
    const scope = teamModelScope("team-alpha", ["gpt-4o-mini", "openai/*"], candidates);
    expect(modelsOutsideTeam(scope, ["all-team-models", "gpt-4o-mini", "openai/*", "openai/o3", "alpha-private"])).toEqual([]);
    expect(modelsOutsideTeam(scope, ["claude-sonnet", "beta-private", "all-proxy-models"])).toEqual(["claude-sonnet", "beta-private", "all-proxy-models"]);
  });
});
