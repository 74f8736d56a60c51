import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateAsOwner, openDatabase, type Database } from "@/lib/db";
import { UnavailableError } from "@/lib/errors";
import { processFacts } from "@/lib/env";
import { createLiteLLMClient } from "@/lib/litellm";
import { setKeyBlocked } from "@/lib/keys/service";
import { ADMIN, testDeps } from "@/lib/keys/testing";
import { issueKey } from "@/lib/keys/service";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { createTestPostgres, PG_ADMIN_URL } from "@/tests/postgres";

import { appendAuditRow, selectAuditRows } from "./chain";
import { playgroundKeyAlias } from "@/lib/playground/temp-key";

import { PLAYGROUND_RECONCILE_AFTER_MS, reconcilePending } from "./reconciler";
import { openRouteAudit } from "./route";
import { beginAudited, OutcomeUnknownError, runAudited } from "./service";

/**
 * Issue 15's failure cases on PostgreSQL: the database down during a block and during the route handlers' writes and
 * sign-in, a playground call cut off mid-way, LiteLLM answering after the timeout,
 * the runtime role's rights on the audit table, and `gatehouse audit verify` naming a tampered row.
 */
const postgres = await createTestPostgres("gatehouse_audit_pg", "postgres-guarantees.test");
const MASTER_KEY = "sk-audit-guarantees-master";
const APP_ROLE = `gatehouse_app_t${process.pid}`;
const dbName = postgres.url.replace(/^.*\//, "");

async function asAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Cut the console's existing connections to the test database and refuse new ones (undo: ALLOW_CONNECTIONS true). */
function takeDatabaseAway(): Promise<void> {
  return asAdmin(async (c) => {
    await c.query(`ALTER DATABASE ${dbName} WITH ALLOW_CONNECTIONS false`);
    await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
  });
}

describe.skipIf(!postgres.available)("audit guarantees on PostgreSQL", () => {
  let sandbox: Awaited<ReturnType<typeof startLiteLLMSandbox>>;
  let db: Database;
  const actor = { provider: "local", username: "admin" };
  const ctx = { user: ADMIN };

  beforeAll(async () => {
    sandbox = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, stateFile: null, reset: true, seed: "demo" });
    db = await openDatabase({ kind: "postgres", url: postgres.url });
    await asAdmin((c) => c.query(`DROP ROLE IF EXISTS ${APP_ROLE}`).then(() => c.query(`CREATE ROLE ${APP_ROLE} LOGIN`)));
    await migrateAsOwner(db, APP_ROLE);
  });

  afterAll(async () => {
    await sandbox?.close();
    await db?.close();
    await postgres.drop();
    await asAdmin((c) => c.query(`DROP ROLE IF EXISTS ${APP_ROLE}`)).catch(() => {});
  });

  const litellm = (timeoutMs = 20_000) => createLiteLLMClient({ baseUrl: sandbox.url, masterKey: MASTER_KEY, timeoutMs, retries: 0 });
  const generate = async (alias: string) => {
    const res = await fetch(`${sandbox.url}/key/generate`, {
      method: "POST",
      headers: { Authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ key_alias: alias, team_id: "team-platform" }),
    });
    return ((await res.json()) as { token: string }).token;
  };

  it("the database down during a block → the block is refused and LiteLLM is untouched", async () => {
    const token = await generate("db-down-target");
    const appDb = await openDatabase({ kind: "postgres", url: postgres.url });
    const deps = { ...testDeps({ litellm: litellm(), db: appDb, publicUrl: sandbox.url }) };
    // Warm the pool, then take the database away: existing connections are cut and new ones refused.
    await appDb.raw.query("SELECT 1");
    await takeDatabaseAway();
    const before = sandbox.requests.length;
    try {
      const error = await runAudited({ action: "key.block", actor, input: { token }, db: appDb }, () =>
        setKeyBlocked({ ctx, input: { token }, blocked: true, deps }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnavailableError);
      expect((error as Error).message).toMatch(/nothing was changed/);
    } finally {
      await asAdmin((c) => c.query(`ALTER DATABASE ${dbName} WITH ALLOW_CONNECTIONS true`));
    }
    expect(sandbox.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const info = await litellm().keys.info(token);
    expect(info.blocked ?? false).toBe(false);
    await appDb.close();
    await db.close().catch(() => {});
    db = await openDatabase({ kind: "postgres", url: postgres.url });
  }, 60_000);

  it("the database down → every route-handler write and sign-in is refused before LiteLLM is touched", async () => {
    const appDb = await openDatabase({ kind: "postgres", url: postgres.url });
    await appDb.raw.query("SELECT 1");
    await takeDatabaseAway();
    const before = sandbox.requests.length;
    try {
      const user = { provider: "openshift", username: "ocp-admin" };
      const request = { ip: "192.0.2.1", userAgent: "test" };
      for (const [action, input] of [
        ["model.test_connect", { modelId: "m-1" }],
        ["playground.chat", { model: "gpt-4o-mini", prompt: "hello" }],
        ["config.apply", { source: "config.yaml", fileBytes: 120 }],
      ] as const) {
        const answer = await openRouteAudit({ action, user, request, input, db: appDb });
        expect(answer, action).toBeInstanceOf(Response);
        expect((answer as Response).status).toBe(503);
      }
      // Sign-in (break-glass and SSO) takes the same first step: no intent, no session.
      await expect(beginAudited({ action: "signin", actor: user, request, input: { username: "ocp-admin" }, db: appDb })).rejects.toBeInstanceOf(UnavailableError);
    } finally {
      await asAdmin((c) => c.query(`ALTER DATABASE ${dbName} WITH ALLOW_CONNECTIONS true`));
    }
    expect(sandbox.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    await appDb.close();
    await db.close().catch(() => {});
    db = await openDatabase({ kind: "postgres", url: postgres.url });
  }, 60_000);

  it("a playground call cut off after /key/generate → a reconciler on its own connection (as another replica would) deletes the key and completes the intent", async () => {
    const write = await beginAudited({ action: "playground.chat", actor, input: { model: "gpt-4o-mini", prompt: "x" }, db });
    const res = await fetch(`${sandbox.url}/key/generate`, {
      method: "POST",
      headers: { Authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ key_alias: playgroundKeyAlias(write.requestId), duration: "10m" }),
    });
    expect(res.status).toBe(200);
    // As another replica would: its own connection and reconciler run, after the temporary key's 10 minutes.
    const other = await openDatabase({ kind: "postgres", url: postgres.url });
    try {
      const later = () => new Date(Date.now() + PLAYGROUND_RECONCILE_AFTER_MS + 1_000);
      expect(await reconcilePending({ db: other, litellm: litellm(), graceMs: 0, now: later })).toMatchObject({ ran: true });
    } finally {
      await other.close();
    }
    expect((await litellm().keys.list({ key_alias: playgroundKeyAlias(write.requestId) })).data).toEqual([]);
    const rows = await selectAuditRows(db, "i.request_id = $1", [write.requestId], 10);
    expect(rows.map((r) => `${r.phase}:${r.outcome}:${r.outcomeDetail}`)).toEqual(["intent:pending:null", "completion:reconciled:created"]);
  }, 60_000);

  it("LiteLLM answering after the timeout → pending, then `reconciled: created` with the key's hash", async () => {
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { Authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify([{ route: "/key/generate", latencyMs: 1_500, times: 1 }]),
    });
    const deps = testDeps({ litellm: litellm(500), db, publicUrl: sandbox.url });
    const input = { ownerKind: "team", teamId: "team-platform", alias: "late-answer", expiryMode: "7d" } as const;
    const error = await runAudited({ action: "key.issue", actor, input, db }, () => issueKey({ ctx, input, deps })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).message).toMatch(/being checked.*\/audit\?request=/);
    const [intent] = await selectAuditRows(db, `i.phase = 'intent' AND i.target_id = 'late-answer'`, [], 10);
    // Within the grace period the reconciler leaves it alone: the request may still be running in LiteLLM.
    expect(await reconcilePending({ db, litellm: litellm(), graceMs: 60_000 })).toMatchObject({ completed: 0 });
    await expect.poll(async () => (await litellm().keys.list({ key_alias: "late-answer" })).data.length, { timeout: 10_000 }).toBe(1);
    await reconcilePending({ db, litellm: litellm(), graceMs: 0 });
    const [completion] = await selectAuditRows(db, `i.intent_id = $1::uuid`, [intent!.id], 10);
    const [key] = (await litellm().keys.list({ key_alias: "late-answer", return_full_object: true })).data;
    expect(completion).toMatchObject({ outcome: "reconciled", outcomeDetail: "created", targetId: key!.token });
  }, 60_000);

  it("the app role may INSERT and SELECT the audit log, but not UPDATE, DELETE, TRUNCATE or touch the triggers", async () => {
    const appUrl = postgres.url.replace("postgresql://postgres@", `postgresql://${APP_ROLE}@`);
    const app = await openDatabase({ kind: "postgres", url: appUrl });
    try {
      // It starts without DDL rights (nothing pending) and writes through the chain like the console does.
      const { migrateDatabase } = await import("@/lib/db");
      expect(await migrateDatabase(app)).toEqual([]);
      const row = await appendAuditRow(app, {
        phase: "event", actorProvider: "local", actorUsername: "app", action: "test.app_role", targetType: "test", targetId: null, teamId: null,
        outcome: "success", outcomeDetail: null, intentId: null, requestId: null, clientIp: null, userAgent: null, details: {},
      });
      expect((await app.raw.query(`SELECT count(*)::int AS n FROM audit_events WHERE id = $1::uuid`, [row.id]))[0]).toEqual({ n: 1 });
      await app.prisma.setting.create({ data: { key: "app-role-probe", value: {}, updatedBy: "app" } });
      for (const sql of [
        `UPDATE audit_events SET outcome = 'failure'`,
        `DELETE FROM audit_events`,
        `TRUNCATE audit_events`,
        `ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`,
        `DROP TRIGGER audit_events_no_truncate ON audit_events`,
        `DROP FUNCTION audit_events_append_only() CASCADE`,
      ]) {
        await expect(app.raw.exec(sql), sql).rejects.toThrow(/permission denied|must be owner/);
      }
    } finally {
      await app.close();
    }
    // Even the owner cannot empty it: TRUNCATE fires the statement trigger.
    await expect(db.raw.exec(`TRUNCATE audit_events`)).rejects.toThrow(/append-only \(TRUNCATE refused\)/);
  }, 60_000);

  it("a tampered row → `gatehouse audit verify` exits 1 and names it", async () => {
    const cli = () =>
      spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/gatehouse.ts", "audit", "verify"], {
        env: { PATH: processFacts.path(), DATABASE_URL: postgres.url, NODE_ENV: "production" },
        encoding: "utf8",
        timeout: 60_000,
      });
    const intact = cli();
    expect(intact.stdout).toMatch(/audit chain intact: \d+ rows verified/);
    expect(intact.status).toBe(0);
    const rows = await selectAuditRows(db, "true", [], 10_000);
    const victim = rows[Math.floor(rows.length / 2)]!;
    await db.raw.exec(`ALTER TABLE audit_events DISABLE TRIGGER USER`);
    try {
      await db.raw.query(`UPDATE audit_events SET details = '{"alias":"someone-else"}' WHERE id = $1::uuid`, [victim.id]);
    } finally {
      await db.raw.exec(`ALTER TABLE audit_events ENABLE TRIGGER USER`);
    }
    const broken = cli();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`BROKEN at row seq ${victim.seq} (id ${victim.id}`);
  }, 120_000);
});
