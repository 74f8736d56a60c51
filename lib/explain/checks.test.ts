import { describe, expect, it } from "vitest";

import { allowingEntry, explainAccess, type ExplainFacts, type ExplainKey } from "./checks";

const NOW = Date.parse("2026-12-04T12:00:00Z");

function key(over: Partial<ExplainKey> = {}): ExplainKey {
  return {
    token: "a".repeat(64),
    alias: "billing-prod",
    blocked: false,
    expires: "2027-01-01T00:00:00.000Z",
    spend: 1,
    maxBudget: 10,
    budgetDuration: null,
    budgetResetAt: null,
    models: [],
    teamId: "team-alpha",
    userId: "openshift:alice",
    rpmLimit: null,
    tpmLimit: null,
    maxParallelRequests: null,
    ...over,
  };
}

function facts(over: Partial<ExplainFacts> = {}): ExplainFacts {
  return {
    key: key(),
    team: {
      teamId: "team-alpha",
      alias: "alpha",
      blocked: false,
      spend: 5,
      maxBudget: 100,
      models: ["gpt-4o-mini", "text-embedding-3-small"],
    },
    user: { userId: "openshift:alice", spend: 1, maxBudget: null },
    model: { name: "gpt-4o-mini", deployments: 2, blockedDeployments: 0, accessGroups: [] },
    modelName: "gpt-4o-mini",
    accessGroups: new Map(),
    now: NOW,
    ...over,
  };
}

const statusOf = (f: ExplainFacts) => Object.fromEntries(explainAccess(f).checks.map((c) => [c.id, c.status]));

describe("explainAccess", () => {
  it("allows a healthy key and lists every check in LiteLLM's order", () => {
    const result = explainAccess(facts());
    expect(result.deniedBy).toBeNull();
    expect(result.verdict).toMatch(/^Allowed/);
    expect(result.checks.map((c) => c.id)).toEqual([
      "key-exists",
      "key-blocked",
      "key-expired",
      "key-budget",
      "team-blocked",
      "team-budget",
      "user-budget",
      "key-models",
      "team-models",
      "model-exists",
      "rate-limits",
    ]);
    expect(result.checks.every((c) => c.status === "passed")).toBe(true);
  });

  it("a missing key fails first and leaves the rest unchecked", () => {
    const result = explainAccess(facts({ key: null }));
    expect(result.deniedBy).toBe("key-exists");
    expect(result.checks.slice(1).every((c) => c.status === "not-checked")).toBe(true);
  });

  it("names the first failure and counts the others", () => {
    const result = explainAccess(facts({ key: key({ blocked: true, expires: "2026-12-01T00:00:00Z" }) }));
    expect(result.deniedBy).toBe("key-blocked");
    expect(result.verdict).toBe("Denied: the key is blocked. 1 more check would fail after it.");
    expect(result.checks.find((c) => c.id === "key-expired")!.detail).toContain("2026-12-01");
  });

  it("budget: reached at exactly the budget, with the reset period named", () => {
    const r = explainAccess(
      facts({ key: key({ spend: 10, maxBudget: 10, budgetDuration: "30d", budgetResetAt: "2026-12-31T00:00:00Z" }) }),
    );
    const c = r.checks.find((x) => x.id === "key-budget")!;
    expect(c.status).toBe("failed");
    expect(c.detail).toContain("10.00 USD");
    expect(c.detail).toContain("resets every 30d, next at 2026-12-31");
    expect(c.fix).toMatch(/wait for the reset/);
    expect(statusOf(facts({ key: key({ spend: 9.99, maxBudget: 10 }) }))["key-budget"]).toBe("passed");
    expect(statusOf(facts({ key: key({ spend: 0, maxBudget: 0 }) }))["key-budget"]).toBe("failed");
  });

  it("team blocked, team over budget, missing team, user over budget", () => {
    const base = facts();
    expect(explainAccess({ ...base, team: { ...base.team!, blocked: true } }).deniedBy).toBe("team-blocked");
    expect(explainAccess({ ...base, team: { ...base.team!, spend: 100 } }).deniedBy).toBe("team-budget");
    expect(explainAccess({ ...base, team: null }).deniedBy).toBe("team-blocked");
    expect(explainAccess({ ...base, user: { userId: "openshift:alice", spend: 3, maxBudget: 2 } }).deniedBy).toBe("user-budget");
  });

  it("model access: empty key list inherits the team's; all-team-models; access groups; wildcards", () => {
    const emb = facts({
      modelName: "text-embedding-3-large",
      model: { name: "text-embedding-3-large", deployments: 1, blockedDeployments: 0, accessGroups: [] },
    });
    const denied = explainAccess(emb);
    expect(denied.deniedBy).toBe("key-models");
    expect(denied.checks.find((c) => c.id === "key-models")!.fixTarget).toBe("team");

    expect(statusOf(facts({ key: key({ models: ["all-team-models"] }) }))["key-models"]).toBe("passed");
    expect(statusOf(facts({ key: key({ models: ["text-embedding-3-small"] }) }))["key-models"]).toBe("failed");
    const viaGroup = facts({ key: key({ models: ["prod-chat"] }), accessGroups: new Map([["prod-chat", new Set(["gpt-4o-mini"])]]) });
    expect(explainAccess(viaGroup).checks.find((c) => c.id === "key-models")!.detail).toBe("Allowed by prod-chat (access group).");
    expect(allowingEntry(["gpt-4o*"], "gpt-4o-mini", new Map(), null)).toBe("gpt-4o*");
    expect(allowingEntry([], "anything", new Map(), null)).toBe("(empty: every model)");
  });

  it("the team's models bound a key that lists the model itself", () => {
    const r = explainAccess(
      facts({
        key: key({ models: ["claude-3"] }),
        modelName: "claude-3",
        model: { name: "claude-3", deployments: 1, blockedDeployments: 0, accessGroups: [] },
      }),
    );
    expect(r.deniedBy).toBe("team-models");
    expect(statusOf(facts({ key: key({ models: ["all-proxy-models"] }), modelName: "claude-3" }))["team-models"]).toBe("passed");
  });

  it("a model with no deployment, or only blocked ones, cannot be routed", () => {
    expect(explainAccess(facts({ model: null })).deniedBy).toBe("model-exists");
    const blocked = explainAccess(facts({ model: { name: "gpt-4o-mini", deployments: 0, blockedDeployments: 2 } as never }));
    expect(blocked.deniedBy).toBe("model-exists");
    expect(blocked.checks.find((c) => c.id === "model-exists")!.detail).toContain("2 deployments, all blocked");
  });

  it("rate limits are read, not proven; a zero limit denies", () => {
    const limited = explainAccess(facts({ key: key({ rpmLimit: 60, maxParallelRequests: 2 }) }));
    const c = limited.checks.find((x) => x.id === "rate-limits")!;
    expect(c.status).toBe("info");
    expect(c.detail).toContain("60 requests/min, 2 parallel requests");
    expect(limited.deniedBy).toBeNull();
    expect(explainAccess(facts({ key: key({ rpmLimit: 0 }) })).deniedBy).toBe("rate-limits");
  });

  it("a key that never expires passes", () => {
    expect(statusOf(facts({ key: key({ expires: null }) }))["key-expired"]).toBe("passed");
  });
});
