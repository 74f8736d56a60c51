import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import { ConflictError, ForbiddenError, UpstreamError, ValidationError } from "@/lib/errors";
import type { LiteLLMClient } from "@/lib/litellm";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { startUpstream } from "@/sandbox/upstream/server";

import { syncKeyIndex } from "./key-index";
import { keyListParamsSchema } from "./schemas";
import {
  REGENERATE_UNLICENSED,
  deleteKey,
  extendKey,
  getKeyDetail,
  issueKey,
  listKeysPage,
  regenerateKey,
  setKeyBlocked,
  updateKey,
  type IssuedKey,
} from "./service";
import { ADMIN, clientFor, member, testDeps, type TestDeps } from "./testing";

/** The key services against the LiteLLM sandbox and a PGlite console database, in process. */
const DAY = 86_400_000;
const MASTER = "sk-sandbox-master-key";

type Sandbox = Awaited<ReturnType<typeof startLiteLLMSandbox>>;
type Upstream = Awaited<ReturnType<typeof startUpstream>>;

let upstream: Upstream;
let sandbox: Sandbox;
let db: Database;
let client: LiteLLMClient;
let deps: TestDeps;
const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-keys-"));
const issued: string[] = [];

beforeAll(async () => {
  upstream = await startUpstream({ port: 0 });
  sandbox = await startLiteLLMSandbox({
    port: 0,
    masterKey: MASTER,
    stateFile: null,
    reset: true,
    seed: "demo",
    upstreamUrl: upstream.url,
  });
  db = await openDatabase({ kind: "pglite", dir: dbDir });
  await migrateDatabase(db);
  client = clientFor(sandbox.url, MASTER);
  deps = testDeps({ litellm: client, db, publicUrl: "https://llm.example.com" });
});

afterAll(async () => {
  await db?.close();
  await sandbox?.close();
  await upstream?.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

const ctx = (user = ADMIN) => ({ user, request: { ip: "127.0.0.1", userAgent: "vitest" } });

async function chat(key: string): Promise<{ status: number; type?: string }> {
  const res = await fetch(`${sandbox.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
  });
  const body = (await res.json().catch(() => ({}))) as { error?: { type?: string } };
  return { status: res.status, type: body.error?.type };
}

async function issue(input: Record<string, unknown>, user = ADMIN, d: TestDeps = deps): Promise<IssuedKey> {
  const result = await issueKey({ ctx: ctx(user), input: input as never, deps: d });
  issued.push(result.key);
  return result;
}

describe("issuing and managing a team key as an admin", () => {
  let key: IssuedKey;
  const started = Date.now();

  beforeAll(async () => {
    key = await issue({
      ownerKind: "team",
      teamId: "team-platform",
      alias: "svc-team-key",
      models: ["gpt-4o-mini"],
      maxBudgetUsd: "10",
      budgetPeriod: "monthly",
      expiryMode: "30d",
      metadataText: '{"app":"rag"}',
    });
  });

  it("returns the raw key once, with an exact 30-day expiry and the public URL", () => {
    expect(key.key).toMatch(/^sk-/);
    expect(key.token).toMatch(/^[0-9a-f]{64}$/);
    expect(key.last4).toBe(key.key.slice(-4));
    expect(key.publicUrl).toBe("https://llm.example.com");
    const expires = Date.parse(key.expires!);
    expect(expires).toBeGreaterThanOrEqual(started + 30 * DAY - 5_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * DAY + 5_000);
    expect(key.expiryNote).toBeNull();
  });

  it("stores owner, budget, period and Gatehouse's metadata in LiteLLM", async () => {
    const { key: view } = await getKeyDetail({ user: ADMIN, token: key.token, deps });
    expect(view).toMatchObject({
      alias: "svc-team-key",
      teamId: "team-platform",
      teamName: "platform",
      userId: null,
      ownerKind: "team",
      maxBudget: 10,
      budgetDuration: "30d",
      createdBy: "local:admin",
      createdVia: "gatehouse",
      metadata: { app: "rag" },
      status: "active",
    });
    expect(view.budgetResetAt).not.toBeNull();
  });

  it("audits alias and last four characters, never the key", () => {
    const row = deps.audits.find((a) => a.action === "key.issue" && a.outcome === "success" && a.details?.alias === "svc-team-key");
    expect(row).toMatchObject({ targetType: "virtual_key", targetId: key.token, teamId: "team-platform", details: { last4: key.last4 } });
    expect(JSON.stringify(deps.audits)).not.toContain(key.key);
  });

  it("works, stops on block, works again on unblock, and stops for good on delete", async () => {
    expect((await chat(key.key)).status).toBe(200);
    const blocked = await setKeyBlocked({ ctx: ctx(), input: { token: key.token }, blocked: true, deps });
    expect(blocked.status).toBe("blocked");
    expect((await chat(key.key)).status).toBe(401);
    await setKeyBlocked({ ctx: ctx(), input: { token: key.token }, blocked: false, deps });
    expect((await chat(key.key)).status).toBe(200);
    await deleteKey({ ctx: ctx(), input: { token: key.token }, deps });
    expect((await chat(key.key)).status).toBe(401);
    await expect(getKeyDetail({ user: ADMIN, token: key.token, deps })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("edits stick", () => {
  it("budget, period, limits, models and expiry are re-read from LiteLLM", async () => {
    const key = await issue({ ownerKind: "team", teamId: "team-platform", alias: "svc-edit", expiryMode: "7d", maxBudgetUsd: 5 });
    const before = Date.now();
    const after = await updateKey({
      ctx: ctx(),
      input: {
        token: key.token,
        maxBudgetUsd: "20",
        budgetPeriod: "weekly",
        models: ["gpt-4o-mini"],
        expiryMode: "90d",
        rpmLimit: "100",
        tpmLimit: "5000",
        maxParallelRequests: "",
      },
      deps,
    });
    expect(after).toMatchObject({ maxBudget: 20, budgetDuration: "7d", models: ["gpt-4o-mini"], rpmLimit: 100, tpmLimit: 5000 });
    expect(Math.abs(Date.parse(after.expires!) - (before + 90 * DAY))).toBeLessThan(10_000);
    const reread = await getKeyDetail({ user: ADMIN, token: key.token, deps });
    expect(reread.key.expires).toBe(after.expires);

    const extended = await extendKey({ ctx: ctx(), input: { token: key.token, days: 7 }, deps });
    expect(Date.parse(extended.expires!) - Date.parse(after.expires!)).toBeGreaterThan(7 * DAY - 10_000);
    expect(Date.parse(extended.expires!) - Date.parse(after.expires!)).toBeLessThan(7 * DAY + 10_000);
  });

  it("a key whose budget is spent gets budget_exceeded", async () => {
    const key = await issue({
      ownerKind: "team",
      teamId: "team-platform",
      alias: "svc-tiny-budget",
      expiryMode: "7d",
      maxBudgetUsd: "0.000001",
    });
    expect((await chat(key.key)).status).toBe(200);
    expect(await chat(key.key)).toEqual({ status: 400, type: "budget_exceeded" });
  });
});

describe("alias uniqueness", () => {
  it("50 parallel issues of one alias: exactly one key, 49 clear conflicts", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => issue({ ownerKind: "team", teamId: "team-platform", alias: "race-alias", expiryMode: "7d" })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(ConflictError);
      expect(r.reason.message).toBe('A key with alias "race-alias" already exists. Choose another alias.');
    }
    const listed = await client.keys.list({ key_alias: "race-alias", size: 100 });
    expect(listed.data.filter((k) => k.key_alias === "race-alias")).toHaveLength(1);
  });

  it("LiteLLM's own duplicate-alias answer is the same conflict", async () => {
    await issue({ ownerKind: "team", teamId: "team-platform", alias: "taken-alias", expiryMode: "7d" });
    // A proxy whose list does not show the alias yet (another replica, a lagging read): generate must still conflict.
    const blind = {
      ...client,
      keys: { ...client.keys, list: async () => ({ data: [], totalCount: 0, page: 1, pageSize: 100, totalPages: 1 }) },
    } as LiteLLMClient;
    await expect(
      issue({ ownerKind: "team", teamId: "team-platform", alias: "taken-alias", expiryMode: "7d" }, ADMIN, { ...deps, litellm: blind }),
    ).rejects.toThrow(new ConflictError('A key with alias "taken-alias" already exists. Choose another alias.'));
  });
});

describe("team self-service", () => {
  const alice = member("alice", "team-search");
  const bob = member("bob", "team-search");
  const lead = member("search-lead", "team-search", "admin");
  const outsider = member("mallory", "team-platform");

  it("without a policy row members cannot self-issue", async () => {
    await expect(
      issue({ ownerKind: "team", teamId: "team-search", alias: "alice-1", expiryMode: "7d", maxBudgetUsd: 1 }, alice),
    ).rejects.toThrow("Team search has no self-service policy yet; ask a platform admin.");
    expect(deps.audits.at(-1)).toMatchObject({ action: "key.issue", outcome: "denied", actor: { username: "alice" } });
  });

  describe("with a policy", () => {
    beforeAll(async () => {
      await db.prisma.teamPolicy.create({
        data: {
          teamId: "team-search",
          maxKeyBudgetUsd: 20,
          maxKeyDurationDays: 30,
          allowedModels: ["gpt-4o-mini"],
          maxActiveKeysPerMember: 1,
          membersCanIssue: true,
          defaultBudgetPeriod: "monthly",
          updatedBy: "local:admin",
        },
      });
    });

    it("rejects (never clamps) a request over the caps, naming the cap, on the right field", async () => {
      const attempt = issue(
        { ownerKind: "team", teamId: "team-search", alias: "alice-big", expiryMode: "30d", maxBudgetUsd: 50, models: ["gpt-4o-mini"] },
        alice,
      );
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({
        message: "Max budget 50 USD is above search's cap of 20 USD per key.",
        fieldErrors: { maxBudgetUsd: ["Max budget 50 USD is above search's cap of 20 USD per key."] },
      });
      await expect(
        issue(
          { ownerKind: "team", teamId: "team-search", alias: "alice-long", expiryMode: "90d", maxBudgetUsd: 5, models: ["gpt-4o-mini"] },
          alice,
        ),
      ).rejects.toMatchObject({
        fieldErrors: { expiryMode: [expect.stringContaining("cap of 30 days")] },
      });
      await expect(
        issue(
          { ownerKind: "team", teamId: "team-search", alias: "alice-never", expiryMode: "never", maxBudgetUsd: 5, models: ["gpt-4o-mini"] },
          alice,
        ),
      ).rejects.toMatchObject({
        fieldErrors: { expiryMode: [expect.stringContaining('"never" is not allowed')] },
      });
      expect((await client.keys.list({ key_alias: "alice-big", size: 10 })).data).toHaveLength(0);
    });

    it("issues within the caps, owned by the member from the session", async () => {
      const key = await issue(
        { ownerKind: "team", teamId: "team-search", alias: "alice-ok", expiryMode: "30d", maxBudgetUsd: 20, models: ["gpt-4o-mini"] },
        alice,
      );
      const { key: view } = await getKeyDetail({ user: alice, token: key.token, deps });
      expect(view).toMatchObject({ teamId: "team-search", userId: "openshift:alice", createdBy: "openshift:alice" });
      // The per-member cap counts active keys.
      await expect(
        issue(
          { ownerKind: "team", teamId: "team-search", alias: "alice-2", expiryMode: "7d", maxBudgetUsd: 1, models: ["gpt-4o-mini"] },
          alice,
        ),
      ).rejects.toThrow(/cap is 1 per member/);
      // Other members see and manage none of it; the team admin manages it; outsiders may not issue for the team.
      await expect(getKeyDetail({ user: bob, token: key.token, deps })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setKeyBlocked({ ctx: ctx(bob), input: { token: key.token }, blocked: true, deps })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      expect((await setKeyBlocked({ ctx: ctx(lead), input: { token: key.token }, blocked: true, deps })).status).toBe("blocked");
      await expect(
        issue({ ownerKind: "team", teamId: "team-search", alias: "mallory", expiryMode: "7d", maxBudgetUsd: 1 }, outsider),
      ).rejects.toThrow("You are not a member of team team-search.");
      // Members may not raise their own key above the cap either.
      await expect(
        updateKey({
          ctx: ctx(alice),
          input: { token: key.token, maxBudgetUsd: 25, budgetPeriod: "none", models: ["gpt-4o-mini"], expiryMode: "keep" },
          deps,
        }),
      ).rejects.toThrow("Max budget 25 USD is above search's cap of 20 USD per key.");
    });

    it("only team admins issue service-account keys; they carry no user", async () => {
      await expect(
        issue(
          {
            ownerKind: "service_account",
            teamId: "team-search",
            alias: "bob-sa",
            expiryMode: "7d",
            maxBudgetUsd: 1,
            models: ["gpt-4o-mini"],
          },
          bob,
        ),
      ).rejects.toMatchObject({ fieldErrors: { ownerKind: ["Only admins of search can issue service-account keys."] } });
      const sa = await issue(
        {
          ownerKind: "service_account",
          teamId: "team-search",
          alias: "search-sa",
          expiryMode: "30d",
          maxBudgetUsd: 10,
          models: ["gpt-4o-mini"],
        },
        lead,
      );
      const { key: view } = await getKeyDetail({ user: lead, token: sa.token, deps });
      expect(view).toMatchObject({ ownerKind: "service_account", userId: null, teamId: "team-search" });
    });

    it("members list only their own keys", async () => {
      const page = await listKeysPage({ user: alice, params: keyListParamsSchema.parse({}), deps });
      expect(page.scope.kind).toBe("mine");
      expect(page.rows.length).toBeGreaterThan(0);
      expect(page.rows.every((r) => r.userId === "openshift:alice")).toBe(true);
      await expect(
        listKeysPage({ user: alice, params: keyListParamsSchema.parse({ scope: "team:team-platform" }), deps }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      const team = await listKeysPage({ user: lead, params: keyListParamsSchema.parse({ scope: "team:team-search" }), deps });
      expect(team.rows.map((r) => r.alias)).toEqual(expect.arrayContaining(["alice-ok", "search-sa"]));
    });
  });
});

describe("the list page", () => {
  it("searches and filters from the key index, where the operator's own writes show at once", async () => {
    const a = await issue({ ownerKind: "team", teamId: "team-platform", alias: "list-probe-a", expiryMode: "7d" });
    await issue({ ownerKind: "team", teamId: "team-platform", alias: "list-probe-b", expiryMode: "7d" });
    await setKeyBlocked({ ctx: ctx(), input: { token: a.token }, blocked: true, deps });
    // No scheduler tick yet: the issues and the block were written into the index by the actions themselves.
    const all = await listKeysPage({ user: ADMIN, params: keyListParamsSchema.parse({ q: "list-probe" }), deps });
    expect(all.rows.map((r) => r.alias).sort()).toEqual(["list-probe-a", "list-probe-b"]);
    expect(all.rows.every((r) => r.keyName?.startsWith("sk-") && r.models.length === 0)).toBe(true);
    expect(all.inPageFilterNote).toBeNull();
    expect(all.indexNote).toContain("Found 2 keys (matching “list-probe”).");
    const blocked = await listKeysPage({ user: ADMIN, params: keyListParamsSchema.parse({ q: "list-probe", status: "blocked" }), deps });
    expect(blocked.rows.map((r) => r.alias)).toEqual(["list-probe-a"]);
    expect(blocked.indexNote).toContain("Found 1 key (blocked, matching “list-probe”).");
    const active = await listKeysPage({ user: ADMIN, params: keyListParamsSchema.parse({ q: "PROBE-b", status: "active" }), deps });
    expect(active.rows.map((r) => r.alias)).toEqual(["list-probe-b"]);
    // Two characters: a prefix, and the page says so.
    const short = await listKeysPage({ user: ADMIN, params: keyListParamsSchema.parse({ q: "li" }), deps });
    expect(short.rows.map((r) => r.alias)).toEqual(expect.arrayContaining(["list-probe-a", "list-probe-b"]));
    expect(short.rows.every((r) => r.alias?.startsWith("li"))).toBe(true);
    expect(short.indexNote).toContain("matches the start of the alias");
    await syncKeyIndex({ litellm: client, prisma: db.prisma, now: () => new Date() });
    const expiring = await listKeysPage({ user: ADMIN, params: keyListParamsSchema.parse({ q: "list-probe", status: "expiring" }), deps });
    expect(expiring.rows.map((r) => r.alias).sort()).toEqual(["list-probe-a", "list-probe-b"]);
    expect(expiring.totalCount).toBe(2);
    expect(expiring.indexNote).toContain("From the console's key index");
    // A delete leaves the index at once too.
    await deleteKey({ ctx: ctx(), input: { token: a.token }, deps });
    const after = await listKeysPage({ user: ADMIN, params: keyListParamsSchema.parse({ q: "list-probe" }), deps });
    expect(after.rows.map((r) => r.alias)).toEqual(["list-probe-b"]);
  });

  it("viewers read keys but cannot change them", async () => {
    const viewer = { ...ADMIN, id: "openshift:ocp-viewer", username: "ocp-viewer", role: "viewer" as const };
    const key = await issue({ ownerKind: "team", teamId: "team-platform", alias: "viewer-probe", expiryMode: "7d" });
    expect((await getKeyDetail({ user: viewer, token: key.token, deps })).canManage).toBe(false);
    await expect(deleteKey({ ctx: ctx(viewer), input: { token: key.token }, deps })).rejects.toThrow("Viewers cannot change keys.");
    await expect(
      issue({ ownerKind: "team", teamId: "team-platform", alias: "viewer-issue", expiryMode: "7d" }, viewer),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("regeneration", () => {
  it("says the proxy lacks the licence instead of failing", async () => {
    const key = await issue({ ownerKind: "team", teamId: "team-platform", alias: "regen-probe", expiryMode: "7d" });
    const attempt = regenerateKey({ ctx: ctx(), input: { token: key.token }, deps });
    await expect(attempt).rejects.toBeInstanceOf(UpstreamError);
    await expect(attempt).rejects.toThrow(REGENERATE_UNLICENSED);
  });

  it("with a licence, shows the new key once and retires the old one", async () => {
    const enterprise = await startLiteLLMSandbox({
      port: 0,
      masterKey: MASTER,
      stateFile: null,
      seed: "demo",
      upstreamUrl: upstream.url,
      enterprise: true,
    });
    try {
      const d = testDeps({ litellm: clientFor(enterprise.url, MASTER), db, publicUrl: enterprise.url });
      const key = await issue({ ownerKind: "team", teamId: "team-platform", alias: "regen-ok", expiryMode: "7d" }, ADMIN, d);
      const fresh = await regenerateKey({ ctx: ctx(), input: { token: key.token }, deps: d });
      issued.push(fresh.key);
      expect(fresh.key).not.toBe(key.key);
      expect(fresh.token).not.toBe(key.token);
      expect(fresh.alias).toBe("regen-ok");
      expect(JSON.stringify(d.audits)).not.toContain(fresh.key);
    } finally {
      await enterprise.close();
    }
  });
});

describe("LiteLLM 1.80.0, whose /key/generate rounds durations", () => {
  it("a 30-day key still expires exactly 30 days from issue", async () => {
    const old = await startLiteLLMSandbox({
      port: 0,
      masterKey: MASTER,
      version: "1.80.0",
      stateFile: null,
      seed: "demo",
      upstreamUrl: upstream.url,
    });
    try {
      const d = testDeps({ litellm: clientFor(old.url, MASTER), db, publicUrl: old.url });
      const before = Date.now();
      const key = await issue({ ownerKind: "team", teamId: "team-platform", alias: "old-proxy-30d", expiryMode: "30d" }, ADMIN, d);
      const after = Date.now();
      const expires = Date.parse(key.expires!);
      expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY - 2_000);
      expect(expires).toBeLessThanOrEqual(after + 30 * DAY + 2_000);
      const reread = await getKeyDetail({ user: ADMIN, token: key.token, deps: d });
      expect(reread.key.expires).toBe(key.expires);
      // The search is the console's (its key index), so an old proxy's exact-only matching does not matter.
      const partial = await listKeysPage({ user: ADMIN, params: keyListParamsSchema.parse({ q: "proxy-30" }), deps: d });
      expect(partial.rows.map((r) => r.alias)).toEqual(["old-proxy-30d"]);
      expect(partial.searchNote).toBeNull();
    } finally {
      await old.close();
    }
  });
});

describe("secret hygiene of the console database", () => {
  it("no raw key issued in this file is in any table", async () => {
    expect(issued.length).toBeGreaterThan(5);
    const tables = await db.raw.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", []);
    let everything = "";
    for (const { tablename } of tables as Array<{ tablename: string }>) {
      everything += JSON.stringify(await db.raw.query(`SELECT * FROM "${tablename}"`, []), (_k, v) =>
        typeof v === "bigint" ? String(v) : v,
      );
    }
    // The dump is real: the policy row and the audit rows (alias, last four) are in it.
    expect(everything).toContain("team-search");
    expect(everything).toContain("svc-team-key");
    for (const raw of issued) expect(everything).not.toContain(raw);
  });
});
