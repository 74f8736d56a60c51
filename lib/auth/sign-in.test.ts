import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLiteLLMClient, resetLiteLLMForTests } from "@/lib/litellm";
import { resetEnvForTests } from "@/lib/env";
import { auditRows, startHarness, TEST_MASTER_KEY, type Harness } from "@/lib/teams/testing";

/**
 * The sign-in callbacks of lib/auth (Auth.js itself is stubbed): access from groups, one write-ahead intent and one
 * completion per attempt, the LiteLLM user sync after access is computed, a LiteLLM outage that never blocks sign-in,
 * and the database down → the sign-in refused on the error page with LiteLLM untouched.
 */
vi.mock("next-auth", () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {}
  return { default: () => ({ handlers: {}, auth: async () => null, signIn: async () => {}, signOut: async () => {} }), AuthError, CredentialsSignin };
});
vi.mock("next-auth/providers/credentials", () => ({ default: (options: object) => ({ type: "credentials", ...options }) }));

const { AUDIT_UNAVAILABLE_SIGNIN_PAGE, buildAuthConfig } = await import("./index");

type Callbacks = Required<NonNullable<Awaited<ReturnType<typeof buildAuthConfig>>["callbacks"]>>;
async function callbacks() {
  const config = await buildAuthConfig();
  return { ...(config.callbacks as Callbacks), logger: config.logger! };
}

function profile(username: string, groups: string[]) {
  return { id: crypto.randomUUID(), name: `${username} (display)`, username, groups };
}
const account = (provider = "openshift") => ({ provider, type: "oauth" as const, providerAccountId: "x" });

describe("sign-in callbacks", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.db.prisma.groupBinding.createMany({
      data: [
        { group: "gatehouse-admins", kind: "admin", teamId: "", source: "console", createdBy: "test" },
        { group: "searchers", kind: "team", teamId: "team-search", teamRole: "member", source: "console", createdBy: "test" },
        { group: "platformers", kind: "team", teamId: "team-platform", teamRole: "member", source: "console", createdBy: "test" },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a mapped user signs in, audited write-ahead (intent, completion), and is mirrored into LiteLLM with their team", async () => {
    const cb = await callbacks();
    const user = profile("dana", ["searchers", "system:authenticated"]);
    expect(await cb.signIn({ user, account: account() } as never)).toBe(true);
    const rows = await auditRows(h.db, "signin");
    expect(rows.map((r) => `${r.phase}:${r.outcome}`)).toEqual(["intent:pending", "completion:success"]);
    expect(rows[0]).toMatchObject({ actorProvider: "openshift", actorUsername: "dana", targetType: "session" });
    expect(rows[1]).toMatchObject({ actorProvider: "openshift", actorUsername: "dana", outcome: "success", intentId: rows[0]!.id });
    expect(rows[1]!.details).toMatchObject({ role: "user", teams: [{ teamId: "team-search", role: "member" }], litellm: { synced: true, userCreated: true } });

    const litellm = createLiteLLMClient({ baseUrl: h.litellmUrl, masterKey: TEST_MASTER_KEY });
    expect((await litellm.users.info("openshift:dana")).user_info).toMatchObject({ user_role: "internal_user", user_alias: "dana (display)" });
    const members = (await litellm.teams.info("team-search")).team_info.members_with_roles?.map((m) => m.user_id);
    expect(members).toContain("openshift:dana");

    const token = await cb.jwt({ token: {}, user, account: account() } as never);
    expect(token).toMatchObject({ uid: "openshift:dana", role: "user", teams: [{ teamId: "team-search", role: "member" }] });
  });

  it("roles are recomputed: the same person without the group loses the team (in the session and in LiteLLM)", async () => {
    const cb = await callbacks();
    const user = profile("dana", ["platformers"]);
    expect(await cb.signIn({ user, account: account() } as never)).toBe(true);
    expect(await cb.jwt({ token: {}, user, account: account() } as never)).toMatchObject({ role: "user", teams: [{ teamId: "team-platform", role: "member" }] });
    const litellm = createLiteLLMClient({ baseUrl: h.litellmUrl, masterKey: TEST_MASTER_KEY });
    expect((await litellm.teams.info("team-search")).team_info.members_with_roles?.map((m) => m.user_id)).not.toContain("openshift:dana");
  });

  it("an unmapped user is sent to /denied with one refused row and nothing in LiteLLM", async () => {
    const cb = await callbacks();
    expect(await cb.signIn({ user: profile("erin", ["other-group"]), account: account("oidc") } as never)).toBe("/denied");
    const rows = (await auditRows(h.db, "signin")).filter((r) => r.actorUsername === "erin");
    expect(rows.map((r) => r.outcome)).toEqual(["pending", "refused"]);
    const litellm = createLiteLLMClient({ baseUrl: h.litellmUrl, masterKey: TEST_MASTER_KEY });
    await expect(litellm.users.info("oidc:erin")).rejects.toMatchObject({ status: 404 });
  });

  it("a LiteLLM outage does not block sign-in: the success completes the intent, a user.sync failure follows", async () => {
    vi.stubEnv("LITELLM_URL", "http://127.0.0.1:9");
    vi.stubEnv("LITELLM_TIMEOUT_MS", "1000");
    resetEnvForTests();
    resetLiteLLMForTests();
    try {
      const cb = await callbacks();
      expect(await cb.signIn({ user: profile("frank", ["gatehouse-admins"]), account: account() } as never)).toBe(true);
      const signins = (await auditRows(h.db, "signin")).filter((r) => r.actorUsername === "frank");
      expect(signins.map((r) => `${r.phase}:${r.outcome}`)).toEqual(["intent:pending", "completion:success"]);
      expect(signins[1]!.details).toMatchObject({ role: "admin", litellm: { synced: false } });
      // The sign-in's own record completes its intent; the sync failure follows it as a second completion.
      const sync = (await auditRows(h.db, "user.sync")).filter((r) => r.actorUsername === "frank");
      expect(sync).toHaveLength(1);
      expect(sync[0]).toMatchObject({ outcome: "failure", targetId: "openshift:frank", intentId: signins[0]!.id });
    } finally {
      vi.stubEnv("LITELLM_URL", h.litellmUrl);
      vi.stubEnv("LITELLM_TIMEOUT_MS", "15000");
      resetEnvForTests();
      resetLiteLLMForTests();
    }
  });

  it("the database down → the sign-in is refused on the error page before anything is written to LiteLLM", async () => {
    const cb = await callbacks();
    const global = globalThis as unknown as { gatehouseDb?: Promise<unknown> };
    const up = global.gatehouseDb;
    const down = Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    down.catch(() => {});
    global.gatehouseDb = down;
    try {
      expect(await cb.signIn({ user: profile("gina", ["searchers"]), account: account() } as never)).toBe(AUDIT_UNAVAILABLE_SIGNIN_PAGE);
    } finally {
      global.gatehouseDb = up;
    }
    expect((await auditRows(h.db, "signin")).filter((r) => r.actorUsername === "gina")).toEqual([]);
    const litellm = createLiteLLMClient({ baseUrl: h.litellmUrl, masterKey: TEST_MASTER_KEY });
    await expect(litellm.users.info("openshift:gina")).rejects.toMatchObject({ status: 404 });
    expect((await litellm.teams.info("team-search")).team_info.members_with_roles?.map((m) => m.user_id)).not.toContain("openshift:gina");
  });

  it("an OAuth failure (bad state, code exchange) writes one failure row; break-glass failures are audited elsewhere", async () => {
    const cb = await callbacks();
    const before = (await auditRows(h.db, "signin")).length;
    const failure = Object.assign(new Error("Read more at https://errors.authjs.dev#callbackrouteerror"), {
      type: "CallbackRouteError",
      cause: { err: new Error("unexpected \"state\" response parameter value sha256~SECRETSECRETSECRETSECRET"), provider: "openshift" },
    });
    cb.logger.error!(failure as never);
    cb.logger.error!(Object.assign(new Error("CredentialsSignin"), { type: "CredentialsSignin" }) as never);
    await vi.waitFor(async () => expect((await auditRows(h.db, "signin")).length).toBe(before + 1));
    const row = (await auditRows(h.db, "signin")).at(-1)!;
    expect(row).toMatchObject({ actorProvider: "openshift", actorUsername: "unknown", outcome: "failure" });
    expect(JSON.stringify(row.details)).not.toContain("SECRETSECRET");
    expect(row.details).toMatchObject({ reason: "CallbackRouteError" });
  });
});
