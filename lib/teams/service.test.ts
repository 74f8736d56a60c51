import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { budgetPeriodSchema as keyFormBudgetPeriodSchema } from "@/lib/keys/schemas";
import { getTeamPolicy } from "./policy";
import { checkPolicyAgainstTeam, effectiveTeamModels } from "./rules";
import { createTeamSchema, keyBudgetPeriodSchema, storedPolicyModels, teamPolicySchema, type TeamPolicyValues } from "./schemas";
import { createTeam, getTeamFor, listTeamsFor, updateTeamPolicy } from "./service";
import { auditRows, ctxFor, startHarness, type Harness } from "./testing";

const policy = (over: Partial<TeamPolicyValues> = {}): TeamPolicyValues => ({
  teamId: "team-search",
  maxKeyBudgetUsd: 10,
  maxKeyDurationDays: 30,
  allowedModels: ["gpt-4o-mini"],
  maxActiveKeysPerMember: 3,
  membersCanIssue: true,
  defaultBudgetPeriod: "monthly",
  ...over,
});

describe("policy rules", () => {
  it("a team without models (or all-proxy-models) may use every proxy model", () => {
    expect(effectiveTeamModels({ models: [], proxyModels: ["b", "a", "a"] })).toEqual(["a", "b"]);
    expect(effectiveTeamModels({ models: ["all-proxy-models"], proxyModels: ["x"] })).toEqual(["x"]);
    expect(effectiveTeamModels({ models: ["gpt-4o-mini"], proxyModels: ["x"] })).toEqual(["gpt-4o-mini"]);
  });

  it("names models outside the team and a per-key budget above the team budget", () => {
    const errors = checkPolicyAgainstTeam(policy({ allowedModels: ["gpt-4o-mini", "llama3"], maxKeyBudgetUsd: 150 }), {
      models: ["gpt-4o-mini"],
      proxyModels: [],
      maxBudget: 100,
    });
    expect(errors.allowedModels?.[0]).toBe("llama3 is not among the team's models (gpt-4o-mini).");
    expect(errors.maxKeyBudgetUsd?.[0]).toBe("Max budget per key ($150) is above the team's budget ($100).");
    expect(checkPolicyAgainstTeam(policy(), { models: ["gpt-4o-mini"], proxyModels: [], maxBudget: 100 })).toEqual({});
  });

  it("the policy's default budget period uses the key form's vocabulary (it pre-fills that form)", () => {
    expect(keyBudgetPeriodSchema.options).toEqual(keyFormBudgetPeriodSchema.options);
  });

  it("'All of the team's models' is an explicit choice (all-team-models) stored as []; an empty list is refused", () => {
    expect(teamPolicySchema.parse({ ...policy(), allowedModels: ["all-team-models"] }).allowedModels).toEqual(["all-team-models"]);
    expect(storedPolicyModels(["all-team-models"])).toEqual([]);
    expect(storedPolicyModels(["b", "a"])).toEqual(["a", "b"]);
    expect(teamPolicySchema.safeParse({ ...policy(), allowedModels: ["all-team-models", "gpt-4o-mini"] }).error?.issues[0]?.message).toBe(
      "All of the team's models stands alone; untick the others",
    );
    expect(teamPolicySchema.parse({ ...policy() }).allowedModels).toEqual(["gpt-4o-mini"]);
    expect(checkPolicyAgainstTeam(policy({ allowedModels: [] }), { models: ["gpt-4o-mini"], proxyModels: [], maxBudget: 100 })).toEqual({});
  });

  it("the schema wants positive caps, whole numbers and at least one model (or all of the team's)", () => {
    const r = teamPolicySchema.safeParse({ ...policy(), maxKeyBudgetUsd: 0, maxKeyDurationDays: 2.5, maxActiveKeysPerMember: -1, allowedModels: [] });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({
      maxKeyBudgetUsd: "Max budget per key must be greater than 0",
      maxKeyDurationDays: "Max key lifetime must be a whole number",
      maxActiveKeysPerMember: "Max active keys per member must be at least 1",
      allowedModels: "Allow at least one model",
    });
    expect(teamPolicySchema.safeParse({ ...policy(), maxKeyBudgetUsd: Number.NaN }).success).toBe(false);
    expect(createTeamSchema.safeParse({ teamAlias: "x", teamId: "Team Alpha" }).success).toBe(false);
  });
});

describe("team services", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("creates a team in LiteLLM with one audit row", async () => {
    const created = await createTeam({ ctx: ctxFor(), input: createTeamSchema.parse({ teamAlias: "Alpha", teamId: "team-alpha", models: ["gpt-4o-mini"], maxBudgetUsd: 100, budgetDuration: "30d" }) });
    expect(created).toEqual({ teamId: "team-alpha", alias: "Alpha" });
    const team = await getTeamFor(ctxFor().user, "team-alpha");
    expect(team).toMatchObject({ alias: "Alpha", models: ["gpt-4o-mini"], maxBudget: 100, budgetDuration: "30d", policy: null });
    expect(await auditRows(h.db, "team.create")).toHaveLength(1);
  });

  it("refuses an unknown model and a duplicate team id by field", async () => {
    await expect(createTeam({ ctx: ctxFor(), input: createTeamSchema.parse({ teamAlias: "B", models: ["nope"] }) })).rejects.toMatchObject({
      fieldErrors: { models: ["nope not served by LiteLLM."] },
    });
    await expect(createTeam({ ctx: ctxFor(), input: createTeamSchema.parse({ teamAlias: "Again", teamId: "team-alpha" }) })).rejects.toMatchObject({
      fieldErrors: { teamId: ["Team id team-alpha already exists in LiteLLM."] },
    });
  });

  it("saves a policy, audits the change once, and refuses a no-op save", async () => {
    const saved = await updateTeamPolicy({ ctx: ctxFor(), input: policy({ teamId: "team-alpha" }) });
    expect(saved).toMatchObject({ teamId: "team-alpha", maxKeyBudgetUsd: 10, allowedModels: ["gpt-4o-mini"], defaultBudgetPeriod: "monthly", updatedBy: "openshift:ocp-admin" });
    await updateTeamPolicy({ ctx: ctxFor(), input: policy({ teamId: "team-alpha", maxKeyBudgetUsd: 20, membersCanIssue: false }) });
    const rows = await auditRows(h.db, "team.policy.update");
    expect(rows).toHaveLength(2);
    expect(rows[1]!.details).toEqual({ created: false, changes: { maxKeyBudgetUsd: { from: 10, to: 20 }, membersCanIssue: { from: true, to: false } } });
    await expect(updateTeamPolicy({ ctx: ctxFor(), input: policy({ teamId: "team-alpha", maxKeyBudgetUsd: 20, membersCanIssue: false }) })).rejects.toBeInstanceOf(ConflictError);
    // "All of the team's models" is stored (and audited) as the empty list.
    const all = await updateTeamPolicy({ ctx: ctxFor(), input: policy({ teamId: "team-alpha", maxKeyBudgetUsd: 20, membersCanIssue: false, allowedModels: ["all-team-models"] }) });
    expect(all.allowedModels).toEqual([]);
    expect((await auditRows(h.db, "team.policy.update"))[2]!.details).toEqual({ created: false, changes: { allowedModels: { from: ["gpt-4o-mini"], to: [] } } });
  });

  it("rejects (never clamps) a policy outside the team's models or budget", async () => {
    const attempt = updateTeamPolicy({ ctx: ctxFor(), input: policy({ teamId: "team-alpha", allowedModels: ["text-embedding-3-small"], maxKeyBudgetUsd: 500 }) });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      fieldErrors: {
        allowedModels: ["text-embedding-3-small is not among the team's models (gpt-4o-mini)."],
        maxKeyBudgetUsd: ["Max budget per key ($500) is above the team's budget ($100)."],
      },
    });
    expect((await getTeamPolicy("team-alpha"))?.maxKeyBudgetUsd).toBe(20);
  });

  it("only console admins change teams and policies", async () => {
    const teamAdmin = ctxFor({ id: "openshift:alpha-admin", username: "alpha-admin", role: "user", teams: [{ teamId: "team-alpha", role: "admin" }] });
    await expect(updateTeamPolicy({ ctx: teamAdmin, input: policy({ teamId: "team-alpha" }) })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createTeam({ ctx: ctxFor({ role: "viewer" }), input: createTeamSchema.parse({ teamAlias: "V" }) })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("members see only their own teams; admins and viewers see all", async () => {
    const member = ctxFor({ id: "openshift:alpha-member", role: "user", teams: [{ teamId: "team-alpha", role: "member" }, { teamId: "team-deleted", role: "member" }] }).user;
    const mine = await listTeamsFor(member);
    expect(mine.map((t) => [t.teamId, t.exists, t.myRole])).toEqual([
      ["team-alpha", true, "member"],
      ["team-deleted", false, "member"],
    ]);
    await expect(getTeamFor(member, "team-search")).rejects.toBeInstanceOf(ForbiddenError);
    const all = await listTeamsFor(ctxFor({ role: "viewer" }).user);
    expect(all.map((t) => t.teamId).sort()).toEqual(["team-alpha", "team-platform", "team-search"]);
  });
});
