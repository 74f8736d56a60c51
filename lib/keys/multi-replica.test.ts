import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import pg from "pg";
import { processFacts } from "@/lib/env";
import { createTestPostgres, PG_ADMIN_URL } from "@/tests/postgres";
import { openDatabase, type Database } from "@/lib/db";
import { selectAuditRows, verifyAuditChain } from "@/lib/audit/chain";
import { PLAYGROUND_RECONCILE_AFTER_MS, reconcilePending } from "@/lib/audit/reconciler";
import { playgroundKeyAlias } from "@/lib/playground/temp-key";
import { createLiteLLMClient } from "@/lib/litellm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";

/**
 * Two console processes on one PostgreSQL, every write through the write-ahead audit path.
 * Issue 8: 50 concurrent issues of one alias across both → exactly one key (the sandbox reproduces LiteLLM's racy
 * alias check, §3.6, so only the console's advisory lock can make this pass). Issue 15: 200 mixed writes → 200
 * completed intents, none pending or doubled, one intact chain; a replica killed between LiteLLM's answer and the
 * completion → the reconciler completes the intent and the key is in the audit log with its hash; the database
 * down under a replica → its block is refused and LiteLLM untouched; a replica killed mid-way through a playground
 * chat → the reconciler deletes the temporary key named after the intent and completes it.
 */
 
const postgres = await createTestPostgres("gatehouse_replicas", "multi-replica.test");
const pgUp = postgres.available;
const MASTER_KEY = "sk-replica-test-master";

type Outcome = { won: number; conflicts: number; done: number; errors: string[] };

function startReplica(litellmUrl: string, ...args: string[]): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; done: Promise<Outcome>; output: () => string } {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/replica-worker.ts", ...args], {
    env: {
      PATH: processFacts.path(),
      NODE_ENV: "production",
      LITELLM_URL: litellmUrl,
      LITELLM_MASTER_KEY: MASTER_KEY,
      DATABASE_URL: postgres.url,
      AUTH_SECRET: "r".repeat(40),
      AUTH_URL: "http://localhost:3999",
    },
  });
  let out = "";
  let err = "";
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (chunk) => {
    out += chunk;
    if (out.includes("ready\n")) markReady();
  });
  child.stderr.on("data", (chunk) => (err += chunk));
  const done = new Promise<Outcome>((resolve, reject) =>
    child.on("exit", (_code, signal) => {
      if (signal) return resolve({ won: 0, conflicts: 0, done: 0, errors: [`killed by ${signal}`] });
      const last = out.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(last) as Outcome);
      } catch {
        reject(new Error(`replica printed no result: ${out} ${err}`));
      }
    }),
  );
  return { child, ready, done, output: () => out };
}

describe.skipIf(!pgUp)("two console replicas on one PostgreSQL", () => {
  let sandbox: Awaited<ReturnType<typeof startLiteLLMSandbox>>;

  beforeAll(async () => {
    sandbox = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, stateFile: null, reset: true, seed: "demo", aliasRaceWindowMs: 40 });
  });

  afterAll(async () => {
    await sandbox?.close();
    await postgres.drop();
  });

  async function keysWithAlias(alias: string): Promise<number> {
    const res = await fetch(`${sandbox.url}/key/list?key_alias=${encodeURIComponent(alias)}&size=100`, { headers: { Authorization: `Bearer ${MASTER_KEY}` } });
    return ((await res.json()) as { total_count: number }).total_count;
  }

  it("control: the sandbox lets concurrent same-alias requests through, like LiteLLM", async () => {
    await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        fetch(`${sandbox.url}/key/generate`, {
          method: "POST",
          headers: { Authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
          body: JSON.stringify({ key_alias: "control-race" }),
        }),
      ),
    );
    expect(await keysWithAlias("control-race")).toBeGreaterThan(1);
  });

  let db: Database;
  const rowsOf = (where: string, params: unknown[] = []) => selectAuditRows(db, where, params, 10_000);

  async function releaseTogether(replicas: ReturnType<typeof startReplica>[]) {
    await Promise.all(replicas.map((r) => r.ready));
    for (const r of replicas) r.child.stdin.write("go\n");
    return Promise.all(replicas.map((r) => r.done));
  }

  it("50 concurrent issues of one alias across two processes → exactly one key, every intent completed", async () => {
    const outcomes = await releaseTogether([startReplica(sandbox.url, "race", "replica-race", "25"), startReplica(sandbox.url, "race", "replica-race", "25")]);
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
    expect(outcomes.reduce((n, o) => n + o.won, 0)).toBe(1);
    expect(outcomes.reduce((n, o) => n + o.conflicts, 0)).toBe(49);
    expect(await keysWithAlias("replica-race")).toBe(1);
    db = await openDatabase({ kind: "postgres", url: postgres.url });
    const intents = await rowsOf(`i.phase = 'intent' AND i.action = 'key.issue' AND i.target_id = 'replica-race'`);
    expect(intents).toHaveLength(50);
    const completions = await rowsOf(`i.phase = 'completion' AND i.intent_id = ANY($1::uuid[])`, [intents.map((r) => r.id)]);
    expect(completions.map((c) => `${c.outcome}:${c.outcomeDetail ?? ""}`).sort()).toEqual([...Array(49).fill("refused:conflict"), "success:"]);
  }, 180_000);

  it("200 mixed writes at concurrency 20 across two processes → 200 completed intents, none pending, one intact chain", async () => {
    const res = await fetch(`${sandbox.url}/key/generate`, {
      method: "POST",
      headers: { Authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ key_alias: "mixed-target", team_id: "team-platform" }),
    });
    const { token } = (await res.json()) as { token: string };
    const before = (await rowsOf(`i.phase = 'intent'`)).length;
    const outcomes = await releaseTogether([startReplica(sandbox.url, "mixed", "mixed-a", "100", token), startReplica(sandbox.url, "mixed", "mixed-b", "100", token)]);
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
    expect(outcomes.reduce((n, o) => n + o.done, 0)).toBe(200);
    const intents = (await rowsOf(`i.phase = 'intent'`)).slice(before);
    expect(intents).toHaveLength(200);
    const completions = await rowsOf(`i.phase = 'completion' AND i.intent_id = ANY($1::uuid[])`, [intents.map((r) => r.id)]);
    expect(completions).toHaveLength(200);
    expect(new Set(completions.map((c) => c.intentId)).size).toBe(200);
    const report = await verifyAuditChain(db);
    expect(report.firstBreak).toBeNull();
    expect(report.verified).toBeGreaterThanOrEqual(500);
  }, 240_000);

  it("the database down under a replica → its block is refused with the audit's message and LiteLLM is untouched", async () => {
    const generated = await fetch(`${sandbox.url}/key/generate`, {
      method: "POST",
      headers: { Authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ key_alias: "db-down-replica", team_id: "team-platform" }),
    });
    const { token } = (await generated.json()) as { token: string };
    const replica = startReplica(sandbox.url, "block", token);
    await replica.ready;
    const dbName = postgres.url.replace(/^.*\//, "");
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const before = sandbox.requests.length;
    try {
      await admin.query(`ALTER DATABASE ${dbName} WITH ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
      replica.child.stdin.write("go\n");
      const outcome = await replica.done;
      expect(outcome.done).toBe(0);
      expect(outcome.errors[0]).toMatch(/audit log cannot be written.*nothing was changed/);
    } finally {
      await admin.query(`ALTER DATABASE ${dbName} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect(sandbox.requests.slice(before).filter((r) => r.path.startsWith("/key/"))).toEqual([]);
    const info = await fetch(`${sandbox.url}/key/info?key=${token}`, { headers: { Authorization: `Bearer ${MASTER_KEY}` } });
    expect(((await info.json()) as { info: { blocked?: boolean | null } }).info.blocked ?? false).toBe(false);
    // The test's own pool lost its connections too.
    await db.close().catch(() => {});
    db = await openDatabase({ kind: "postgres", url: postgres.url });
  }, 120_000);

  it("a replica killed in the middle of a playground chat → the reconciler deletes the temporary key and completes the intent", async () => {
    const replica = startReplica(sandbox.url, "playground-hang", "gpt-4o-mini");
    await replica.ready;
    replica.child.stdin.write("go\n");
    await expect.poll(() => replica.output(), { timeout: 60_000 }).toMatch(/generated [0-9a-f]{64}/);
    const requestId = /intent ([0-9a-f-]{36})/.exec(replica.output())![1]!;
    replica.child.kill("SIGKILL");
    await replica.done;
    const alias = playgroundKeyAlias(requestId);
    expect(await keysWithAlias(alias)).toBe(1);
    const litellm = createLiteLLMClient({ baseUrl: sandbox.url, masterKey: MASTER_KEY, retries: 0 });
    // While the temporary key's 10 minutes run the intent is left alone (a call could still be streaming through it).
    await reconcilePending({ db, litellm, graceMs: 0 });
    expect(await keysWithAlias(alias)).toBe(1);
    const later = () => new Date(Date.now() + PLAYGROUND_RECONCILE_AFTER_MS + 1_000);
    expect(await reconcilePending({ db, litellm, graceMs: 0, now: later })).toMatchObject({ ran: true });
    expect(await keysWithAlias(alias)).toBe(0);
    const rows = await rowsOf(`i.request_id = $1`, [requestId]);
    expect(rows.map((r) => `${r.phase}:${r.outcome}:${r.outcomeDetail}`)).toEqual(["intent:pending:null", "completion:reconciled:created"]);
    expect(JSON.stringify(rows)).not.toContain("hello");
  }, 180_000);

  it("a replica killed between LiteLLM's answer and the completion → the reconciler completes the intent with the key's hash", async () => {
    const replica = startReplica(sandbox.url, "hang", "killed-mid-write");
    await replica.ready;
    replica.child.stdin.write("go\n");
    await expect.poll(() => replica.output(), { timeout: 60_000 }).toMatch(/generated [0-9a-f]{64}/);
    const token = /generated ([0-9a-f]{64})/.exec(replica.output())![1]!;
    replica.child.kill("SIGKILL");
    await replica.done;
    const [intent] = await rowsOf(`i.phase = 'intent' AND i.target_id = 'killed-mid-write'`);
    expect(await rowsOf(`i.intent_id = $1::uuid`, [intent!.id])).toEqual([]);

    // "After restart": a console process runs the reconciler (grace 0: the killed request cannot still be running).
    const litellm = createLiteLLMClient({ baseUrl: sandbox.url, masterKey: MASTER_KEY, retries: 0 });
    const sweep = await reconcilePending({ db, litellm, graceMs: 0 });
    expect(sweep).toMatchObject({ ran: true });
    const [completion] = await rowsOf(`i.intent_id = $1::uuid`, [intent!.id]);
    expect(completion).toMatchObject({ phase: "completion", outcome: "reconciled", outcomeDetail: "created", targetId: token, actorUsername: "admin" });
    expect(completion!.details).toMatchObject({ flagged: true, secretUnrecoverable: true });
    expect(await keysWithAlias("killed-mid-write")).toBe(1);
    // A second sweep (another replica, or the next period) finds nothing left to do.
    expect(await reconcilePending({ db, litellm, graceMs: 0 })).toMatchObject({ completed: 0 });
    await db.close();
  }, 180_000);
});
