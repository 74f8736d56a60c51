import "server-only";
import fs from "node:fs";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseTarget, getEnv } from "@/lib/env";
import { applyMigrations, readMigrations, type RawConnection } from "./migrate";
import { grantAppRole } from "./roles";
import { logger } from "@/lib/logger";

export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dir: string };

export interface Database {
  kind: DatabaseTarget["kind"];
  target: DatabaseTarget;
  prisma: PrismaClient;
  raw: RawConnection;
  /** Runs `fn` while holding a cluster-wide lock named by `key` (advisory lock on PostgreSQL). */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` only if no other process holds the lock named by `key`; `{ ran: false }` otherwise (never waits). */
  tryLock<T>(key: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  /** Runs `fn` in one transaction on one connection (committed when it resolves, rolled back when it throws). */
  transaction<T>(fn: (connection: RawConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const rawByPrisma = new WeakMap<PrismaClient, RawConnection>();

/**
 * The plain connection under a Prisma client opened here, for hot read paths where Prisma's per-query overhead would
 * be most of the cost (the key index's pages); null for a client opened elsewhere (then use Prisma's raw queries).
 */
export function rawConnectionOf(prisma: PrismaClient): RawConnection | null {
  return rawByPrisma.get(prisma) ?? null;
}

/** Opens a database (no migrations). One PGlite instance per directory per process. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") {
    const pg = await import("pg");
    const { PrismaPg } = await import("@prisma/adapter-pg");
    // A database that does not answer fails a request in 5 s (the audit intent then refuses the change) instead of hanging.
    const pool = new pg.default.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5_000 });
    // An idle connection dropped by the server (restart, failover) must not crash the process; the next query reconnects.
    pool.on("error", (error) => logger.warn("db.connection_lost", { error: error.message }));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const raw: RawConnection = {
      exec: async (sql) => void (await pool.query(sql)),
      query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
    };
    rawByPrisma.set(prisma, raw);
    return {
      kind: "postgres",
      target,
      prisma,
      raw,
      async withLock(key, fn) {
        const client = await pool.connect();
        try {
          await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [key]);
          try {
            return await fn();
          } finally {
            await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
          }
        } finally {
          client.release();
        }
      },
      async tryLock(key, fn) {
        const client = await pool.connect();
        try {
          const [row] = (await client.query("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got", [key])).rows;
          if (!row?.got) return { ran: false };
          try {
            return { ran: true, value: await fn() };
          } finally {
            await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
          }
        } finally {
          client.release();
        }
      },
      async transaction(fn) {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query("BEGIN");
          const result = await fn({
            exec: async (sql) => void (await client.query(sql)),
            query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
          });
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => (broken = true));
          throw error;
        } finally {
          client.release(broken);
        }
      },
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  if (!target.dir.startsWith("memory://")) fs.mkdirSync(/* turbopackIgnore: true */ target.dir, { recursive: true });
  // pg_trgm: the key index's substring search (migration 20261205130000_key_index_search), as on PostgreSQL.
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const pglite = new PGlite(target.dir, { extensions: { pg_trgm } });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const locks = new Map<string, Promise<unknown>>();
  const raw: RawConnection = {
    exec: async (sql) => void (await pglite.exec(sql)),
    query: async (sql, params) => (await pglite.query(sql, params as unknown[])).rows as never,
  };
  rawByPrisma.set(prisma, raw);
  return {
    kind: "pglite",
    target,
    prisma,
    raw,
    // PGlite is single-process: an in-process queue per key is a real lock here.
    async withLock(key, fn) {
      const previous = locks.get(key) ?? Promise.resolve();
      let release!: () => void;
      const current = new Promise<void>((resolve) => (release = resolve));
      const chained = previous.then(() => current);
      locks.set(key, chained);
      await previous;
      try {
        return await fn();
      } finally {
        release();
        if (locks.get(key) === chained) locks.delete(key);
      }
    },
    async tryLock(key, fn) {
      if (locks.has(key)) return { ran: false };
      let release!: () => void;
      const current = new Promise<void>((resolve) => (release = resolve));
      locks.set(key, current);
      try {
        return { ran: true, value: await fn() };
      } finally {
        release();
        if (locks.get(key) === current) locks.delete(key);
      }
    },
    // PGlite's transaction holds its connection exclusively until fn settles.
    async transaction(fn) {
      return pglite.transaction(async (tx) =>
        fn({
          exec: async (sql) => void (await tx.exec(sql)),
          query: async (sql, params) => (await tx.query(sql, params as unknown[])).rows as never,
        }),
      ) as Promise<Awaited<ReturnType<typeof fn>>>;
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/** Applies pending migrations; on PostgreSQL under an advisory lock so replicas can start together. */
export async function migrateDatabase(db: Database): Promise<string[]> {
  if (db.target.kind === "postgres") {
    const pg = await import("pg");
    // A dedicated session: the advisory lock and BEGIN/COMMIT must share one connection.
    const client = new pg.default.Client({ connectionString: db.target.url });
    await client.connect();
    try {
      return await applyMigrations(
        { exec: async (sql) => void (await client.query(sql)), query: async (sql, params) => (await client.query(sql, params as unknown[])).rows },
        readMigrations(),
        { advisoryLock: true },
      );
    } finally {
      await client.end();
    }
  }
  return applyMigrations(db.raw, readMigrations(), { advisoryLock: false });
}

const globalForDb = globalThis as unknown as { gatehouseDb?: Promise<Database> };

/** The process-wide database, migrated on first use. */
export function getDb(): Promise<Database> {
  globalForDb.gatehouseDb ??= (async () => {
    const db = await openDatabase(databaseTarget(getEnv()));
    await migrateDatabase(db);
    return db;
  })().catch((error) => {
    globalForDb.gatehouseDb = undefined;
    throw error;
  });
  return globalForDb.gatehouseDb;
}

export async function prisma(): Promise<PrismaClient> {
  return (await getDb()).prisma;
}

/**
 * The deploy's migration step, run as the schema owner: apply migrations, then (PostgreSQL) give the runtime role
 * its grants — INSERT and SELECT only on the audit log. Returns the migrations applied.
 */
export async function migrateAsOwner(db: Database, appRole: string | undefined): Promise<string[]> {
  const applied = await migrateDatabase(db);
  if (appRole) {
    if (db.kind !== "postgres") throw new Error("GATEHOUSE_APP_ROLE needs PostgreSQL: PGlite has a single user.");
    await grantAppRole(db.raw, appRole);
  }
  return applied;
}
