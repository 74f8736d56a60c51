import "server-only";

import os from "node:os";

import { recordAudit } from "@/lib/audit/service";
import { getDb, type Database } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getLiteLLM } from "@/lib/litellm";
import { logger } from "@/lib/logger";
import { ssrfPolicyFromEnv } from "@/lib/net/ssrf";

import { runTick, type TickDeps, type TickSummary } from "./tick";

/**
 * The scheduler inside the server: every SCHEDULER_INTERVAL_SECONDS (60 by default) one replica — the one whose
 * insert of the tick's slot wins, holding a PostgreSQL advisory lock (an in-process lock on PGlite) — runs one tick.
 * `npx gatehouse notify --once` runs the same tick from a CronJob instead (SCHEDULER=off on the servers).
 */

export const SCHEDULER_LOCK = "gatehouse:scheduler";
export const REPLICA_ID = `${os.hostname()}:${process.pid}`;

export type TickOutcome = { ran: true; summary: TickSummary } | { ran: false; reason: string };

/** Tick dependencies from the validated environment. */
export async function serverTickDeps(db?: Database): Promise<TickDeps> {
  const env = getEnv();
  const database = db ?? (await getDb());
  return {
    prisma: database.prisma,
    litellm: getLiteLLM(),
    now: () => new Date(),
    authSecret: env.AUTH_SECRET,
    consoleUrl: env.AUTH_URL,
    timeZone: env.NOTIFY_TIME_ZONE,
    timeoutMs: env.NOTIFY_TIMEOUT_MS,
    ssrf: ssrfPolicyFromEnv(env),
    audit: recordAudit,
    keyIndex: { reconcilePages: env.KEY_INDEX_RECONCILE_PAGES, reconcileEveryMs: env.KEY_INDEX_RECONCILE_MINUTES * 60_000 },
    aliasProblems: async () => {
      const { requiredAliasProblems } = await import("@/lib/aliases/service");
      return requiredAliasProblems();
    },
  };
}

/**
 * Runs one tick unless another replica has this slot or is still running a tick. `slot` null = run now (CLI,
 * "Run a tick now"), still never two at once.
 */
export async function runTickOnce(db: Database, deps: TickDeps, slot: number | null): Promise<TickOutcome> {
  if (slot !== null) {
    const claimed = await db.prisma.schedulerTick.createMany({ data: [{ slot: BigInt(slot), replica: REPLICA_ID }], skipDuplicates: true });
    if (claimed.count === 0) return { ran: false, reason: "another replica ran this tick" };
  }
  const result = await db.tryLock(SCHEDULER_LOCK, () => runTick(deps));
  if (!result.ran) return { ran: false, reason: "another tick is still running" };
  if (slot !== null) {
    await db.prisma.schedulerTick.update({ where: { slot: BigInt(slot) }, data: { finishedAt: new Date(), summary: result.value as object } });
    await db.prisma.schedulerTick.deleteMany({ where: { slot: { lt: BigInt(slot - 1440) } } });
  }
  return { ran: true, summary: result.value };
}

const globalForScheduler = globalThis as unknown as { gatehouseScheduler?: NodeJS.Timeout };

/** Starts the in-server scheduler (once per process), aligned on slot boundaries so replicas compete for the same slot. */
export function startScheduler() {
  if (globalForScheduler.gatehouseScheduler) return;
  const intervalMs = getEnv().SCHEDULER_INTERVAL_SECONDS * 1000;
  const tick = async () => {
    const slot = Math.floor(Date.now() / intervalMs);
    try {
      const db = await getDb();
      const outcome = await runTickOnce(db, await serverTickDeps(db), slot);
      // Quiet ticks (nothing changed, nothing sent) are not logged: one line a minute per replica is noise.
      const s = outcome.ran ? outcome.summary : null;
      if (s && (!s.litellmReachable || s.enqueued || s.sent || s.retrying || s.failed || (s.keyIndex?.removed ?? 0) > 0)) logger.info("scheduler.tick", { slot, ...s });
    } catch (error) {
      logger.error("scheduler.tick_failed", { slot, error: (error as Error).message });
    }
  };
  const first = setTimeout(() => {
    void tick();
    globalForScheduler.gatehouseScheduler = setInterval(() => void tick(), intervalMs);
    globalForScheduler.gatehouseScheduler.unref();
  }, intervalMs - (Date.now() % intervalMs) + 250);
  first.unref();
  globalForScheduler.gatehouseScheduler = first;
  logger.info("scheduler.started", { intervalSeconds: intervalMs / 1000, replica: REPLICA_ID });
}
