import { describe, expect, it } from "vitest";

import type { SessionUser } from "@/lib/auth/types";

import {
  canManageKey,
  canViewKey,
  checkKeyRequestAgainstPolicy,
  effectiveBudgetCap,
  selfServiceBlock,
  type KeyPolicyRequest,
  type TeamLimits,
  type TeamPolicyRule,
} from "./policy";
import { teamModelScope } from "./team-models";

const policy: TeamPolicyRule = {
  teamId: "team-alpha",
  maxKeyBudgetUsd: 20,
  maxKeyDurationDays: 30,
  allowedModels: ["gpt-4o-mini", "demo-chat"],
  maxActiveKeysPerMember: 2,
  membersCanIssue: true,
  defaultBudgetPeriod: "monthly",
};

const request: KeyPolicyRequest = {
  teamId: "team-alpha",
  teamLabel: "team-alpha",
  issuerRole: "member",
  ownerKind: "team",
  maxBudgetUsd: 10,
  expiryDays: 30,
  models: ["gpt-4o-mini"],
};

const check = (over: Partial<KeyPolicyRequest> = {}, p: TeamPolicyRule | null = policy, active = 0) =>
  checkKeyRequestAgainstPolicy(p, { ...request, ...over }, { activeKeysOfMember: active });

describe("checkKeyRequestAgainstPolicy", () => {
  it("accepts a request inside every cap", () => {
    expect(check()).toEqual({ ok: true });
    expect(check({ maxBudgetUsd: 20, expiryDays: 30, models: ["demo-chat", "gpt-4o-mini"] }, policy, 1)).toEqual({ ok: true });
  });

  it("names the cap when the budget is above it, and never clamps", () => {
    expect(check({ maxBudgetUsd: 50 })).toEqual({
      ok: false,
      field: "maxBudgetUsd",
      message: "Max budget 50 USD is above team-alpha's cap of 20 USD per key.",
    });
    expect(check({ maxBudgetUsd: 20.01 })).toMatchObject({ ok: false, message: expect.stringContaining("20.01 USD") });
  });

  it("requires a budget", () => {
    expect(check({ maxBudgetUsd: null })).toMatchObject({
      ok: false,
      field: "maxBudgetUsd",
      message: expect.stringContaining("requires a max budget"),
    });
  });

  it("requires an expiry within the cap; never is refused", () => {
    expect(check({ expiryDays: null })).toMatchObject({
      ok: false,
      field: "expiryMode",
      message: expect.stringContaining('"never" is not allowed'),
    });
    expect(check({ expiryDays: 90 })).toEqual({
      ok: false,
      field: "expiryMode",
      message: "An expiry 90 days away is beyond team-alpha's cap of 30 days per key.",
    });
    // A date picked a few seconds past the whole-day cap is still within it.
    expect(check({ expiryDays: 30 + 30 / 86_400 })).toEqual({ ok: true });
  });

  it("restricts models to the allowed list, including all-team-models and an empty list", () => {
    expect(check({ models: ["gpt-4o", "gpt-4o-mini"] })).toEqual({
      ok: false,
      field: "models",
      message: "gpt-4o is not allowed for team-alpha's keys; allowed: gpt-4o-mini, demo-chat.",
    });
    expect(check({ models: ["all-team-models"] })).toMatchObject({ ok: false, field: "models" });
    expect(check({ models: [] })).toMatchObject({ ok: false, field: "models" });
    expect(check({ models: [] }, { ...policy, allowedModels: [] })).toEqual({ ok: true });
  });

  it("counts the member's active keys", () => {
    expect(check({}, policy, 2)).toMatchObject({ ok: false, field: "teamId", message: expect.stringContaining("cap is 2 per member") });
    // Edits of an existing key are not new keys.
    expect(check({ isUpdate: true }, policy, 5)).toEqual({ ok: true });
  });

  it("without a policy row members cannot self-issue", () => {
    expect(check({}, null)).toEqual({
      ok: false,
      field: "teamId",
      message: "Team team-alpha has no self-service policy yet; ask a platform admin.",
    });
  });

  it("honours membersCanIssue for members but not for team admins", () => {
    const closed = { ...policy, membersCanIssue: false };
    expect(check({}, closed)).toMatchObject({ ok: false, message: "team-alpha does not let members issue keys; ask a team admin." });
    expect(check({ issuerRole: "admin" }, closed)).toEqual({ ok: true });
  });

  it("service-account keys are for team admins only and skip the per-member count", () => {
    expect(check({ ownerKind: "service_account" })).toMatchObject({ ok: false, field: "ownerKind" });
    expect(check({ ownerKind: "service_account", issuerRole: "admin" }, policy, 10)).toEqual({ ok: true });
  });
});

describe("the team's own limits in LiteLLM", () => {
  const candidates = [
    { name: "gpt-4o-mini", kind: "model" as const },
    { name: "text-embedding-3-small", kind: "model" as const },
    { name: "claude-sonnet", kind: "model" as const },
  ];
  const limits = (over: Partial<TeamLimits> = {}): TeamLimits => ({
    models: teamModelScope("team-alpha", ["gpt-4o-mini", "text-embedding-3-small"], candidates),
    maxBudgetUsd: 100,
    ...over,
  });
  const open = { ...policy, allowedModels: [] };
  const checkWith = (over: Partial<KeyPolicyRequest>, l: TeamLimits, p: TeamPolicyRule = open) =>
    checkKeyRequestAgainstPolicy(p, { ...request, ...over }, { activeKeysOfMember: 0, team: l });

  it("an empty policy list means the team's models: others are refused, naming the team", () => {
    expect(checkWith({ models: ["text-embedding-3-small"] }, limits())).toEqual({ ok: true });
    expect(checkWith({ models: [] }, limits())).toEqual({ ok: true });
    expect(checkWith({ models: ["all-team-models"] }, limits())).toEqual({ ok: true });
    expect(checkWith({ models: ["claude-sonnet", "gpt-4o-mini"] }, limits())).toEqual({
      ok: false,
      field: "models",
      message: "claude-sonnet is not among team-alpha's models in LiteLLM; pick from the team's models.",
    });
    // A team that lost a model the policy still lists: the team wins.
    expect(checkWith({ models: ["demo-chat"] }, limits(), policy)).toMatchObject({ ok: false, field: "models", message: expect.stringContaining("demo-chat is not among") });
  });

  it("the lower of the policy cap and the team's max_budget wins, and the message names which", () => {
    expect(effectiveBudgetCap(policy, { maxBudgetUsd: 100 })).toEqual({ usd: 20, source: "policy" });
    expect(effectiveBudgetCap(policy, { maxBudgetUsd: 4 })).toEqual({ usd: 4, source: "team" });
    expect(effectiveBudgetCap(policy, { maxBudgetUsd: null })).toEqual({ usd: 20, source: "policy" });
    expect(effectiveBudgetCap(policy, null)).toEqual({ usd: 20, source: "policy" });
    expect(checkWith({ maxBudgetUsd: 5 }, limits({ maxBudgetUsd: 4 }))).toEqual({
      ok: false,
      field: "maxBudgetUsd",
      message: "Max budget 5 USD is above team-alpha's own budget in LiteLLM of 4 USD (lower than its policy cap of 20 USD per key).",
    });
    expect(checkWith({ maxBudgetUsd: 4 }, limits({ maxBudgetUsd: 4 }))).toEqual({ ok: true });
    expect(checkWith({ maxBudgetUsd: 25 }, limits({ maxBudgetUsd: 100 }))).toMatchObject({ message: "Max budget 25 USD is above team-alpha's cap of 20 USD per key." });
    expect(checkWith({ maxBudgetUsd: null }, limits({ maxBudgetUsd: 4 }))).toMatchObject({ message: expect.stringContaining("(at most 4 USD)") });
  });
});

describe("selfServiceBlock: told before the form", () => {
  it("no policy: nobody in the team issues here, and a console admin can set one", () => {
    expect(selfServiceBlock(null, "member", "alpha")).toEqual({
      reason: "no-policy",
      message: "Team alpha has no self-service key policy yet, so keys cannot be issued for it here.",
      whoCanEnable: "A console admin can set one on the team's page (Teams → alpha → Set policy).",
    });
    expect(selfServiceBlock(null, "admin", "alpha")?.reason).toBe("no-policy");
  });

  it("members closed out: members are told who can issue or open it; team admins are not blocked", () => {
    const closed = { ...policy, membersCanIssue: false };
    expect(selfServiceBlock(closed, "member", "alpha")).toMatchObject({
      reason: "members-cannot-issue",
      whoCanEnable: expect.stringContaining("a console admin to turn on \"Members may issue their own keys\""),
    });
    expect(selfServiceBlock(closed, "admin", "alpha")).toBeNull();
    expect(selfServiceBlock(policy, "member", "alpha")).toBeNull();
  });
});

const user = (over: Partial<SessionUser>): SessionUser => ({
  id: "openshift:alpha-member",
  provider: "openshift",
  username: "alpha-member",
  name: "Alpha Member",
  role: "user",
  teams: [{ teamId: "team-alpha", role: "member" }],
  ...over,
});

describe("who may manage a key", () => {
  const own = { userId: "openshift:alpha-member", teamId: "team-alpha" };
  const colleague = { userId: "openshift:someone-else", teamId: "team-alpha" };
  const serviceAccount = { userId: null, teamId: "team-alpha" };

  it("members manage only their own keys", () => {
    expect(canManageKey(user({}), own)).toBe(true);
    expect(canManageKey(user({}), colleague)).toBe(false);
    expect(canManageKey(user({}), serviceAccount)).toBe(false);
    expect(canViewKey(user({}), colleague)).toBe(false);
  });

  it("team admins manage every key of their team, and no other team's", () => {
    const admin = user({ id: "openshift:alpha-admin", teams: [{ teamId: "team-alpha", role: "admin" }] });
    expect(canManageKey(admin, colleague)).toBe(true);
    expect(canManageKey(admin, serviceAccount)).toBe(true);
    expect(canManageKey(admin, { userId: "x", teamId: "team-beta" })).toBe(false);
  });

  it("viewers read everything and change nothing; console admins do anything", () => {
    const viewer = user({ role: "viewer", teams: [] });
    expect(canViewKey(viewer, colleague)).toBe(true);
    expect(canManageKey(viewer, colleague)).toBe(false);
    expect(canManageKey(user({ role: "admin", teams: [] }), { userId: null, teamId: null })).toBe(true);
  });
});
