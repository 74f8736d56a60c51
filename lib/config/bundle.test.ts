import { describe, expect, it } from "vitest";

import { buildIndex } from "@/lib/aliases/checks";

import { planBundle } from "./bundle";
import { parseConfigText } from "./formats";

const index = buildIndex({
  consumers: [],
  deployments: [{ id: "d1", alias: "emb", mode: "embedding", outputVectorSize: 1536, baseModel: "openai/text-embedding-3-small", dbModel: true }],
  costMapDimension: () => ({ supportsShortening: false }),
});

describe("bundle plan", () => {
  it("adds, changes, keeps and (only with prune) removes; a consumer expecting another dimension than served blocks", () => {
    const parsed = parseConfigText(
      [
        "apiVersion: gatehouse/v1",
        "kind: Bundle",
        "consumerAliases:",
        "  - { alias: emb, consumer: rag, kind: embedding, dimension: 1024, required: true }",
        "  - { alias: chat, consumer: bot, kind: chat, required: true }",
        "teamPolicies:",
        "  - { teamId: t1, maxKeyBudgetUsd: 20, maxKeyDurationDays: 30, allowedModels: [chat], maxActiveKeysPerMember: 2, membersCanIssue: true }",
        "groupBindings: { adminGroups: [admins], viewerGroups: [], teamBindings: [] }",
      ].join("\n"),
    );
    expect(parsed.issues).toEqual([]);
    const state = {
      consumers: [
        { alias: "chat", consumer: "bot", kind: "chat" as const, required: false },
        { alias: "old", consumer: "bot", kind: "chat" as const, required: false },
      ],
      policies: [{ teamId: "t1", maxKeyBudgetUsd: 10, maxKeyDurationDays: 30, allowedModels: ["chat"], maxActiveKeysPerMember: 2, membersCanIssue: true, defaultBudgetPeriod: null }],
      bindings: [{ group: "old-admins", kind: "admin" as const, teamId: null, teamRole: null }],
      fileBindings: [{ group: "admins", kind: "admin" as const, teamId: null, teamRole: null }],
    };
    const items = planBundle(parsed.bundle!, state, index, false);
    const by = (key: string) => items.find((i) => i.key === key)!;
    expect(by("consumer_alias:rag/emb")).toMatchObject({ action: "blocked", intended: "add" });
    expect(by("consumer_alias:bot/chat")).toMatchObject({ action: "change", changes: [{ field: "required", before: false, after: true }] });
    expect(by("team_policy:t1")).toMatchObject({ action: "change", changes: [{ field: "maxKeyBudgetUsd", before: 10, after: 20 }] });
    expect(items.find((i) => i.kind === "group_binding")).toMatchObject({ action: "unchanged", name: "admins → admin" });
    expect(items.some((i) => i.action === "remove")).toBe(false);

    const pruned = planBundle(parsed.bundle!, state, index, true);
    expect(pruned.filter((i) => i.action === "remove").map((i) => i.key).sort()).toEqual(["consumer_alias:bot/old", "group_binding:admin|old-admins||"]);
  });
});
