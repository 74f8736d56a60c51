import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { createLiteLLMClient, type LiteLLMClient } from "@/lib/litellm";
import { reconcileLiteLLMUser, withinBudget } from "./reconcile";

/** Sign-in reconciliation against the LiteLLM sandbox (open-source personality, then Enterprise). */
type Sandbox = Awaited<ReturnType<typeof startLiteLLMSandbox>>;
const masterKey = "sk-sandbox-master-reconcile";

async function membersOf(client: LiteLLMClient, teamId: string) {
  return (await client.teams.info(teamId)).team_info.members_with_roles?.map((m) => `${m.user_id}:${m.role}`).sort() ?? [];
}

describe.each([false, true])("reconcile (enterprise=%s)", (enterprise) => {
  let sandbox: Sandbox;
  let client: LiteLLMClient;

  beforeAll(async () => {
    sandbox = await startLiteLLMSandbox({ port: 0, masterKey, seed: "demo", enterprise });
    client = createLiteLLMClient({ baseUrl: sandbox.url, masterKey, retries: 0 });
    for (const teamId of ["team-alpha", "team-beta", "team-outside"]) await client.teams.create({ team_id: teamId, team_alias: teamId });
    // Someone managed outside Gatehouse is in an unbound team; the sync must never touch that.
    await client.teams.memberAdd({ team_id: "team-outside", member: { user_id: "openshift:alice", role: "user" } });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("creates the user as internal_user and adds them to their bound teams", async () => {
    const result = await reconcileLiteLLMUser(client, {
      userId: "openshift:alice",
      displayName: "Alice A.",
      access: { role: "user", teams: [{ teamId: "team-alpha", role: "admin" }, { teamId: "team-beta", role: "member" }] },
      boundTeamIds: ["team-alpha", "team-beta"],
    });
    expect(result.ok).toBe(true);
    const info = await client.users.info("openshift:alice");
    expect(info.user_info).toMatchObject({ user_role: "internal_user", user_alias: "Alice A." });
    expect(await membersOf(client, "team-beta")).toEqual(["openshift:alice:user"]);
    // Team admin is an Enterprise feature in LiteLLM: without a licence the person joins as a plain member.
    expect(await membersOf(client, "team-alpha")).toEqual([enterprise ? "openshift:alice:admin" : "openshift:alice:user"]);
    expect(result.downgraded).toEqual(enterprise ? [] : ["team-alpha"]);
  });

  it("is idempotent: signing in again changes nothing", async () => {
    const again = await reconcileLiteLLMUser(client, {
      userId: "openshift:alice",
      displayName: "Alice A.",
      access: { role: "user", teams: [{ teamId: "team-alpha", role: "admin" }, { teamId: "team-beta", role: "member" }] },
      boundTeamIds: ["team-alpha", "team-beta"],
    });
    expect(again).toMatchObject({ ok: true, userCreated: false, added: [], removed: [] });
  });

  it("removes the user from bound teams they left, never from teams without a binding", async () => {
    const result = await reconcileLiteLLMUser(client, {
      userId: "openshift:alice",
      displayName: "Alice A.",
      access: { role: "user", teams: [{ teamId: "team-beta", role: "member" }] },
      boundTeamIds: ["team-alpha", "team-beta"],
    });
    expect(result).toMatchObject({ ok: true, removed: ["team-alpha"] });
    expect(await membersOf(client, "team-alpha")).toEqual([]);
    expect(await membersOf(client, "team-beta")).toEqual(["openshift:alice:user"]);
    expect(await membersOf(client, "team-outside")).toEqual(["openshift:alice:user"]);
  });

  it("puts an existing user back to internal_user (an existing user_id is a no-op for /user/new)", async () => {
    await client.users.create({ user_id: "oidc:bob", user_role: "proxy_admin" });
    const result = await reconcileLiteLLMUser(client, {
      userId: "oidc:bob",
      displayName: "Bob",
      access: { role: "admin", teams: [] },
      boundTeamIds: ["team-alpha"],
    });
    expect(result).toMatchObject({ ok: true, userCreated: false });
    expect((await client.users.info("oidc:bob")).user_info).toMatchObject({ user_role: "internal_user" });
  });

  it("reports a binding to a team LiteLLM does not have, and still handles the other teams", async () => {
    const result = await reconcileLiteLLMUser(client, {
      userId: "openshift:carol",
      displayName: "Carol",
      access: { role: "user", teams: [{ teamId: "team-gone", role: "member" }, { teamId: "team-beta", role: "member" }] },
      boundTeamIds: ["team-gone", "team-beta"],
    });
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([expect.objectContaining({ step: "team.member_add", teamId: "team-gone" })]);
    expect(await membersOf(client, "team-beta")).toContain("openshift:carol:user");
  });
});

describe("when LiteLLM is down", () => {
  it("returns a failure instead of throwing, without guessing at memberships", async () => {
    const client = createLiteLLMClient({ baseUrl: "http://127.0.0.1:9", masterKey, retries: 0, timeoutMs: 1000 });
    const result = await reconcileLiteLLMUser(client, {
      userId: "openshift:alice",
      displayName: "Alice",
      access: { role: "user", teams: [{ teamId: "team-alpha", role: "member" }] },
      boundTeamIds: ["team-alpha"],
    });
    expect(result.ok).toBe(false);
    expect(result.failures.map((f) => f.step)).toEqual(["user.info"]);
    expect(result.added).toEqual([]);
  });

  it("withinBudget stops waiting for a hanging call", async () => {
    const started = Date.now();
    const outcome = await withinBudget(new Promise(() => {}), 50);
    expect(outcome).toEqual({ done: false });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await withinBudget(Promise.resolve(7), 50)).toEqual({ done: true, value: 7 });
  });
});
