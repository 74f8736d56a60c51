// One scheduler tick at scale: refreshing the key index, evaluating a "7 days" rule and sending its messages must not
// grow with the number of keys in LiteLLM (1,000,000 vs 10,000, 100 keys changed since the last tick), and the keys
// list's "expiring within 7 days" filter — complete, from the index — must cost about what the unfiltered page does.
// Run: ./node_modules/.bin/tsx bench/notify-scan.ts   (uses PostgreSQL on 127.0.0.1:5432 when it answers, else PGlite)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { startSandboxProcess } from "./sandbox-process";

const MASTER = "sk-sandbox-master-key";
const BIG = Number(process.env.NOTIFY_BENCH_BIG ?? 1_000_000);
const SMALL = Number(process.env.NOTIFY_BENCH_SMALL ?? 10_000);
const CHANGED = 100;
const ROUNDS = Number(process.env.NOTIFY_BENCH_ROUNDS ?? 7);
const LIST_RUNS = Number(process.env.NOTIFY_BENCH_LIST_RUNS ?? 30);
const LIMITS = { tick: 1.2, filter: 1.5 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main() {
  const conditions = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ");
  if (!conditions.includes("react-server")) {
    const child = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
    process.exit(child.status ?? 1);
  }
  const { migrateDatabase, openDatabase } = await import("../lib/db");
  const { createTestPostgres } = await import("../tests/postgres");
  const { ADMIN, clientFor, testDeps } = await import("../lib/keys/testing");
  const { keyListParamsSchema } = await import("../lib/keys/schemas");
  const { listKeysPage } = await import("../lib/keys/service");
  const { KEY_INDEX_STATE } = await import("../lib/keys/key-index");
  const { runTick } = await import("../lib/notify/tick");
  const { createChannel, createRule } = await import("../lib/notify/service");
  const { channelInputSchema } = await import("../lib/notify/schemas");
  const { startCatchers } = await import("../sandbox/catchers/server");

  const catchers = await startCatchers({ httpPort: 0, smtpPort: 0 });

  const catcherHost = new URL(catchers.httpUrl).host;

  async function setup(n: number) {
    const t0 = performance.now();
    const sandbox = await startSandboxProcess({ masterKey: MASTER, seedArgs: ["--seed-keys", String(n)] });
    const pg = await createTestPostgres(`gatehouse_notify_bench_${n}`, "notify-scan");
    const dir = pg.available ? null : fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-notify-bench-"));
    const db = await openDatabase(pg.available ? { kind: "postgres", url: pg.url } : { kind: "pglite", dir: dir! });
    await migrateDatabase(db);

    // The index as a finished reconcile pass leaves it: the sandbox's seeded keys, computed in SQL (no raw key).
    await db.raw.exec(`
      INSERT INTO key_index (token, alias, team_id, user_id, expires_at, max_budget, spend, budget_ratio, blocked, changed_at, seen_at)
      SELECT encode(sha256(convert_to('sk-sandbox-seed-' || lpad(i::text, 7, '0'), 'UTF8')), 'hex'),
             'seed-key-' || lpad(i::text, 7, '0'), NULL, 'seed-user-' || lpad((i % 1000)::text, 4, '0'), NULL,
             CASE WHEN i % 5 = 0 THEN 100 ELSE NULL END, ((i * 7919) % 10000) / 100.0,
             CASE WHEN i % 5 = 0 THEN (((i * 7919) % 10000) / 100.0) / 100 ELSE NULL END, false,
             timestamptz '2025-01-01 00:00:00+00' + i * interval '1 second', now()
      FROM generate_series(0::bigint, ${n - 1}::bigint) AS i`);
    // Measure the steady state, not the seed's aftermath: the bulk insert leaves the table unanalysed and half a
    // gigabyte of WAL that autovacuum and a checkpoint would otherwise write during the timed ticks.
    if (pg.available) {
      await db.raw.exec("VACUUM ANALYZE key_index");
      await db.raw.exec("CHECKPOINT").catch(() => {});
    }
    const newest = Date.UTC(2025, 0, 1) + (n - 1) * 1000;
    const state = { watermark: newest, complete: true, lastReconcileAt: new Date().toISOString(), reconcile: null, liteLLMTotal: n, indexedTotal: n };
    await db.prisma.syncState.create({ data: { name: KEY_INDEX_STATE, data: state } });

    const calls: string[] = [];
    const litellm = clientFor(sandbox.url, MASTER, (input, init) => {
      calls.push(new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url).pathname);
      return fetch(input, init);
    });
    const serviceDeps = {
      prisma: db.prisma,
      authSecret: "b".repeat(40),
      ssrf: { allowedHosts: [catcherHost], allowedCidrs: [], blockedOrigins: [] },
      audit: async () => {},
      tickDeps: async () => {
        throw new Error("unused");
      },
      runTickNow: async () => ({ ran: false as const, reason: "unused" }),
    };
    const hook = await createChannel({
      ctx: { user: ADMIN },
      input: channelInputSchema.parse({ kind: "webhook", name: `bench ${n}`, url: `${catchers.httpUrl}/hook/bench-${n}`, signingSecret: "bench-signing-secret" }),
      deps: serviceDeps,
    });
    await createRule({ ctx: { user: ADMIN }, input: { event: "key_expiring", threshold: 7, channelIds: [hook.id] }, deps: serviceDeps });
    const tickDeps = {
      prisma: db.prisma,
      litellm,
      now: () => new Date(),
      authSecret: serviceDeps.authSecret,
      consoleUrl: "http://localhost:3000",
      timeZone: "UTC",
      timeoutMs: 60_000,
      ssrf: serviceDeps.ssrf,
      audit: async () => {},
      keyIndex: { reconcilePages: 20, reconcileEveryMs: 24 * 3_600_000 },
    };
    console.log(`notify-scan setup ${n.toLocaleString("en-US")} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s (${pg.available ? "PostgreSQL" : "PGlite"})`);

    // Warm-up tick (nothing changed).
    await runTick(tickDeps);
    const deps = { ...testDeps({ litellm, db, publicUrl: sandbox.url }), now: () => new Date() };
    return { n, db, pg, dir, sandbox, calls, tickDeps, deps, tickTimes: [] as number[], tickCalls: [] as number[], expiring: 0 };
  }
  type Scale = Awaited<ReturnType<typeof setup>>;

  /** One round at one scale: 100 keys changed in LiteLLM (3 days left) → one timed tick that must index and notify all of them. */
  async function round(s: Scale, r: number) {
    const stride = Math.floor(s.n / (CHANGED * ROUNDS));
    for (let k = 0; k < CHANGED; k++) {
      const i = (r * CHANGED + k) * stride;
      const token = createHash("sha256").update(`sk-sandbox-seed-${String(i).padStart(7, "0")}`).digest("hex");
      const res = await fetch(`${s.sandbox.url}/key/update`, {
        method: "POST",
        headers: { Authorization: `Bearer ${MASTER}`, "content-type": "application/json" },
        body: JSON.stringify({ key: token, duration: "3d" }),
      });
      if (!res.ok) throw new Error(`update failed: HTTP ${res.status}`);
    }
    s.expiring += CHANGED;
    s.calls.length = 0;
    const t = performance.now();
    const summary = await runTick(s.tickDeps);
    s.tickTimes.push(performance.now() - t);
    s.tickCalls.push(s.calls.filter((c) => c !== "/health/readiness").length);
    if ((summary.keyIndex?.changed ?? 0) < CHANGED || summary.sent !== CHANGED) {
      throw new Error(`${s.n} keys, round ${r}: expected ${CHANGED} changed and sent, got ${JSON.stringify(summary)}`);
    }
  }

  /** The keys list: "expiring within 7 days" (index) vs unfiltered (one /key/list call), page 1 of 25, interleaved. */
  async function lists(s: Scale) {
    const filtered = () => listKeysPage({ user: ADMIN, params: keyListParamsSchema.parse({ status: "expiring" }), deps: s.deps });
    const unfiltered = () => listKeysPage({ user: ADMIN, params: keyListParamsSchema.parse({}), deps: s.deps });
    const found = (await filtered()).totalCount;
    await unfiltered();
    const fTimes: number[] = [];
    const uTimes: number[] = [];
    for (let i = 0; i < LIST_RUNS; i++) {
      const order = i % 2 === 0 ? [filtered, unfiltered] : [unfiltered, filtered];
      for (const fn of order) {
        const t = performance.now();
        await fn();
        (fn === filtered ? fTimes : uTimes).push(performance.now() - t);
      }
    }
    if (process.env.NOTIFY_BENCH_DETAIL) {
      const { queryKeyIndex, readKeyIndexState } = await import("../lib/keys/key-index");
      const part = async (name: string, fn: () => Promise<unknown>) => {
        const ts: number[] = [];
        for (let i = 0; i < LIST_RUNS; i++) {
          const t = performance.now();
          await fn();
          ts.push(performance.now() - t);
        }
        console.log(`notify-scan detail ${s.n} ${name} ${median(ts).toFixed(2)} ms`);
      };
      await part("queryKeyIndex", () => queryKeyIndex(s.db.prisma, { filter: "expiring", days: 7, page: 1, size: 25, now: new Date() }));
      await part("readKeyIndexState", () => readKeyIndexState(s.db.prisma));
      await part("key/list", () => s.deps.litellm.keys.list({ page: 1, size: 25, return_full_object: true }));
      await part("select 1", () => s.db.prisma.$queryRawUnsafe("SELECT 1"));
    }
    return { found, filtered: median(fTimes), unfiltered: median(uTimes) };
  }

  async function teardown(s: Scale) {
    await s.db.close();
    await s.sandbox.close();
    await s.pg.drop();
    if (s.dir) fs.rmSync(s.dir, { recursive: true, force: true });
  }

  let failed = false;
  const scales: Scale[] = [];
  try {
    const small = await setup(SMALL);
    scales.push(small);
    const large = await setup(BIG);
    scales.push(large);
    // Rounds alternate between the two sizes (and which goes first), so load from other jobs falls on both alike.
    for (let r = 0; r < ROUNDS; r++) for (const s of r % 2 === 0 ? [small, large] : [large, small]) await round(s, r);
    const smallList = await lists(small);
    const bigList = await lists(large);
    const summarise = (s: Scale, l: Awaited<ReturnType<typeof lists>>) => ({ tick: median(s.tickTimes), calls: Math.max(...s.tickCalls), expiring: s.expiring, ...l });
    const sm = summarise(small, smallList);
    const big = summarise(large, bigList);
    const tickRatio = big.tick / sm.tick;
    const filterRatio = big.filtered / big.unfiltered;
    console.log(
      `notify-scan tick ${SMALL.toLocaleString("en-US")} keys ${sm.tick.toFixed(1)} ms, ${BIG.toLocaleString("en-US")} keys ${big.tick.toFixed(1)} ms (${CHANGED} changed, median of ${ROUNDS})`,
    );
    console.log(`notify-scan tick 1M/10k ratio ${tickRatio.toFixed(2)} (limit ${LIMITS.tick})`);
    console.log(`notify-scan litellm calls per tick ${big.calls} at 1M, ${sm.calls} at 10k`);
    console.log(
      `notify-scan keys list expiring-within-7-days at 1M ${big.filtered.toFixed(1)} ms / unfiltered ${big.unfiltered.toFixed(1)} ms ratio ${filterRatio.toFixed(2)} (limit ${LIMITS.filter}); found ${big.found}, seeded ${big.expiring}`,
    );
    failed = tickRatio > LIMITS.tick || filterRatio > LIMITS.filter || big.found !== big.expiring || sm.found !== sm.expiring;
    console.log(failed ? "FAIL" : "PASS");
  } finally {
    for (const s of scales) await teardown(s);
    await catchers.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
