import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import { ADMIN } from "@/lib/keys/testing";
import { startCatchers, type Catchers } from "@/sandbox/catchers/server";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { createTestPostgres } from "@/tests/postgres";
import { startReplica } from "@/tests/replica";

import { channelInputSchema } from "./schemas";
import { createChannel, createRule } from "./service";

/**
 * Issue 17: two console processes on one PostgreSQL run their schedulers at the same moments (same slots, plus
 * forced ticks in parallel); every notice is sent exactly once.
 */
const postgres = await createTestPostgres("gatehouse_notify_replicas", "notify multi-replica");
const MASTER_KEY = "sk-notify-replica-master";
const AUTH_SECRET = "n".repeat(40);
const KEYS = 5;

type Outcome = { ran: number; skipped: number; errors: string[] };

describe.skipIf(!postgres.available)("two console replicas on one PostgreSQL send each notice once", () => {
  let sandbox: Awaited<ReturnType<typeof startLiteLLMSandbox>>;
  let catchers: Catchers;
  let db: Database;

  beforeAll(async () => {
    sandbox = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, stateFile: null, reset: true, seed: "demo" });
    catchers = await startCatchers({ httpPort: 0, smtpPort: 0 });
    db = await openDatabase({ kind: "postgres", url: postgres.url });
    await migrateDatabase(db);
  });

  afterAll(async () => {
    await db?.close();
    await sandbox?.close();
    await catchers?.close();
    await postgres.drop();
  });

  function startNotifyReplica(firstSlot: number) {
    return startReplica<Outcome>("tests/notify-replica-worker.ts", [String(firstSlot), "3", "2"], {
      LITELLM_URL: sandbox.url,
      LITELLM_MASTER_KEY: MASTER_KEY,
      DATABASE_URL: postgres.url,
      AUTH_SECRET,
      AUTH_URL: "http://localhost:3999",
      ALLOWED_API_BASE_HOSTS: new URL(catchers.httpUrl).host,
      SCHEDULER: "off",
    });
  }


  it("5 keys expiring in 3 days, two replicas ticking together → exactly 5 webhooks", async () => {
    const deps = {
      prisma: db.prisma,
      authSecret: AUTH_SECRET,
      ssrf: { allowedHosts: [new URL(catchers.httpUrl).host], allowedCidrs: [], blockedOrigins: [] },
      audit: async () => {},
      tickDeps: async () => {
        throw new Error("not used");
      },
      runTickNow: async () => ({ ran: false as const, reason: "not used" }),
    };
    const hook = await createChannel({
      ctx: { user: ADMIN },
      input: channelInputSchema.parse({ kind: "webhook", name: "replica hook", url: `${catchers.httpUrl}/hook/replicas`, signingSecret: "replica-signing-secret" }),
      deps,
    });
    await createRule({ ctx: { user: ADMIN }, input: { event: "key_expiring", threshold: 7, channelIds: [hook.id] }, deps });
    for (let i = 0; i < KEYS; i++) {
      await fetch(`${sandbox.url}/key/generate`, {
        method: "POST",
        headers: { Authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ key_alias: `replica-${i}`, duration: "3d" }),
      });
    }

    const first = Math.floor(Date.now() / 60_000);
    const replicas = [startNotifyReplica(first), startNotifyReplica(first)];
    await Promise.all(replicas.map((r) => r.ready));
    await new Promise((r) => setTimeout(r, 2000));
    for (const r of replicas) r.child.stdin.write("go\n");
    const outcomes = await Promise.all(replicas.map((r) => r.done));
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
    // Each slot ran on exactly one replica; forced ticks never overlapped (skipped ones waited for the lock).
    expect(await db.prisma.schedulerTick.count()).toBe(3);
    expect(outcomes.reduce((n, o) => n + o.ran, 0)).toBeGreaterThanOrEqual(3);

    const hooks = catchers.webhooks.filter((w) => w.path === "/hook/replicas");
    expect(hooks).toHaveLength(KEYS);
    expect(new Set(hooks.map((w) => (w.body as { subject: { label: string } }).subject.label)).size).toBe(KEYS);
    expect(await db.prisma.notificationDelivery.count({ where: { status: "sent" } })).toBe(KEYS);
  }, 180_000);
});
