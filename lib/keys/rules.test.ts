import { describe, expect, it } from "vitest";

import { budgetPeriodFromDuration, budgetPeriodToDuration, parseLiteLLMTime, planExpiry, planExtension } from "./expiry";
import { issueKeySchema, keyListParamsSchema, keyListQuery, parseMetadataText, tokenHashSchema, updateKeySchema } from "./schemas";
import { buildSnippets, snippetModel } from "./snippets";
import { lastFourOf, matchesStatus, toKeyView } from "./view";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const DAY = 86_400_000;

describe("expiry plans", () => {
  it("turns presets into exact day durations", () => {
    const plan = planExpiry("30d", "", new Date(NOW));
    expect(plan.duration).toBe("30d");
    expect(plan.expectedExpiry?.toISOString()).toBe("2026-04-09T12:00:00.000Z");
    expect(plan.days).toBe(30);
  });

  it("turns a date into whole seconds from now", () => {
    const plan = planExpiry("date", "2026-03-12T18:30:00+01:00", new Date(NOW));
    expect(plan.duration).toBe(`${2 * 86_400 + 5.5 * 3600}s`);
    expect(plan.expectedExpiry?.toISOString()).toBe("2026-03-12T17:30:00.000Z");
  });

  it("never = no duration", () => {
    expect(planExpiry("never", "", new Date(NOW))).toEqual({ duration: null, expectedExpiry: null, days: null });
  });

  it("extends from the current expiry, or from now when already expired", () => {
    expect(planExtension(NOW + 2 * DAY, 7, new Date(NOW))?.expectedExpiry?.getTime()).toBe(NOW + 9 * DAY);
    expect(planExtension(NOW - 5 * DAY, 7, new Date(NOW))?.expectedExpiry?.getTime()).toBe(NOW + 7 * DAY);
    expect(planExtension(null, 7, new Date(NOW))).toBeNull();
  });

  it("maps budget periods both ways", () => {
    expect(budgetPeriodToDuration("monthly")).toBe("30d");
    expect(budgetPeriodToDuration("none")).toBeNull();
    expect(budgetPeriodFromDuration("7d")).toBe("weekly");
    expect(budgetPeriodFromDuration("1mo")).toBe("monthly");
    expect(budgetPeriodFromDuration("45d")).toBe("custom");
  });

  it("reads LiteLLM's naive timestamps as UTC", () => {
    expect(parseLiteLLMTime("2026-01-01T00:00:00")).toBe(Date.parse("2026-01-01T00:00:00Z"));
    expect(parseLiteLLMTime("2026-01-01T01:00:00+01:00")).toBe(Date.parse("2026-01-01T00:00:00Z"));
    expect(parseLiteLLMTime(null)).toBeNull();
  });
});

const base = { ownerKind: "team", teamId: "team-platform", alias: "rag-prod", expiryMode: "30d" } as const;

describe("issue form schema", () => {
  it("accepts strings from the form and numbers from code alike", () => {
    const parsed = issueKeySchema.parse({
      ...base,
      maxBudgetUsd: "10",
      budgetPeriod: "monthly",
      rpmLimit: "",
      tags: "a, b, a",
      models: ["gpt-4o-mini"],
    });
    expect(parsed).toMatchObject({ maxBudgetUsd: 10, rpmLimit: null, tags: ["a", "b"], models: ["gpt-4o-mini"] });
    expect(issueKeySchema.parse({ ...base, maxBudgetUsd: 2.5 }).maxBudgetUsd).toBe(2.5);
  });

  it("explains what is wrong, on the right field", () => {
    const result = issueKeySchema.safeParse({
      ...base,
      alias: "sk-abc",
      maxBudgetUsd: "-1",
      budgetPeriod: "daily",
      rpmLimit: "1.5",
      metadataText: "{oops",
    });
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(fields.alias).toBe("An alias must not look like a key (sk-…).");
    expect(fields.maxBudgetUsd).toBe("The amount cannot be negative.");
    expect(fields.rpmLimit).toBe("Enter a whole number.");
    expect(fields.metadataText).toMatch(/^Not valid JSON/);
  });

  it("needs the owner that the kind names", () => {
    const user = issueKeySchema.safeParse({ ...base, ownerKind: "user", teamId: "" });
    expect(user.error?.issues.map((i) => i.path.join("."))).toEqual(["userId"]);
    const team = issueKeySchema.safeParse({ ...base, teamId: "" });
    expect(team.error?.issues.map((i) => i.path.join("."))).toEqual(["teamId"]);
  });

  it("needs a future date for a dated expiry and a budget for a budget period", () => {
    const past = issueKeySchema.safeParse({ ...base, expiryMode: "date", expiresAt: "2001-01-01T00:00:00Z" });
    expect(past.error?.issues[0]?.message).toBe("Pick a time in the future.");
    const period = issueKeySchema.safeParse({ ...base, budgetPeriod: "weekly" });
    expect(period.error?.issues[0]).toMatchObject({ path: ["maxBudgetUsd"], message: "A budget period needs a max budget." });
  });

  it("rejects metadata keys Gatehouse owns", () => {
    expect(parseMetadataText('{"created_by":"me"}')).toEqual({ ok: false, message: "Gatehouse sets created_by itself; remove it." });
    expect(parseMetadataText("[1]")).toMatchObject({ ok: false });
    expect(parseMetadataText(' {"app":"rag"} ')).toEqual({ ok: true, value: { app: "rag" } });
  });

  it("update schema only takes a token hash, never a raw key", () => {
    expect(tokenHashSchema.safeParse("sk-1234567890abcdef").success).toBe(false);
    expect(tokenHashSchema.safeParse("A".repeat(64)).data).toBe("a".repeat(64));
    expect(updateKeySchema.safeParse({ token: "a".repeat(64), budgetPeriod: "none", expiryMode: "keep" }).success).toBe(true);
  });
});

describe("list URL parameters", () => {
  it("fall back to defaults instead of failing", () => {
    expect(keyListParamsSchema.parse({ page: "-3", size: "1000", status: "weird", sort: "token", order: "up" })).toMatchObject({
      page: 1,
      size: 25,
      status: "all",
      sort: "created_at",
      order: "desc",
    });
    expect(keyListParamsSchema.parse({ size: "100", status: "expiring" })).toMatchObject({ size: 100, status: "expiring" });
  });

  it("write short URLs", () => {
    expect(keyListQuery({ page: 1, size: 25, status: "all", q: "" })).toBe("");
    expect(keyListQuery({ page: 2, status: "blocked", q: "rag" })).toBe("?page=2&status=blocked&q=rag");
  });
});

const record = {
  token: "f".repeat(64),
  key_name: "sk-...wxyz",
  key_alias: "rag-prod",
  spend: 8.5,
  max_budget: 10,
  budget_duration: "30d",
  budget_reset_at: "2026-04-01T00:00:00",
  expires: new Date(NOW + 3 * DAY).toISOString(),
  team_id: "team-platform",
  user_id: null,
  blocked: false,
  metadata: { created_by: "local:admin", created_via: "gatehouse", app: "rag", api_key: "sk-should-not-show-1234" },
  last_active: "2026-03-10T11:00:00Z",
};

describe("key view", () => {
  it("derives status, budget use and ownership without the raw key", () => {
    const view = toKeyView(record, NOW, new Map([["team-platform", "platform"]]));
    expect(view).toMatchObject({
      alias: "rag-prod",
      keyName: "sk-...wxyz",
      ownerKind: "team",
      teamName: "platform",
      status: "active",
      expiringSoon: true,
      budgetUsed: 0.85,
      createdBy: "local:admin",
      createdVia: "gatehouse",
      budgetResetAt: "2026-04-01T00:00:00.000Z",
      lastUsedAt: "2026-03-10T11:00:00.000Z",
      metadata: { app: "rag", api_key: "***" },
    });
    expect(matchesStatus(view, "over-budget")).toBe(true);
    expect(matchesStatus(view, "expiring")).toBe(true);
    expect(matchesStatus(view, "blocked")).toBe(false);
  });

  it("blocked wins over expired; service accounts are recognised", () => {
    expect(toKeyView({ ...record, blocked: true, expires: "2020-01-01T00:00:00Z" }, NOW).status).toBe("blocked");
    expect(toKeyView({ ...record, expires: "2020-01-01T00:00:00Z" }, NOW).status).toBe("expired");
    expect(toKeyView({ ...record, metadata: { service_account: true } }, NOW).ownerKind).toBe("service_account");
    expect(toKeyView({ ...record, team_id: null, user_id: "u1" }, NOW).ownerKind).toBe("user");
    expect(lastFourOf("sk-...wxyz")).toBe("wxyz");
  });
});

describe("snippets", () => {
  it("use the public URL, the key and a concrete model", () => {
    const s = buildSnippets({ baseUrl: "https://llm.example.com/", key: "sk-test-1234567890", model: "gpt-4o-mini" });
    expect(s.curl).toContain("curl https://llm.example.com/v1/chat/completions");
    expect(s.curl).toContain("Authorization: Bearer sk-test-1234567890");
    expect(s.python).toContain('OpenAI(base_url="https://llm.example.com/v1", api_key="sk-test-1234567890")');
    expect(s.node).toContain('baseURL: "https://llm.example.com/v1"');
    expect(snippetModel(["all-team-models", "openai/*", "gpt-4o"])).toBe("gpt-4o");
  });
});
