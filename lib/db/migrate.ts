import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** A raw connection: `exec` runs a multi-statement script, `query` a parameterised statement. */
export interface RawConnection {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** Prisma's own bookkeeping table, so `prisma migrate status` agrees with what the app applied. */
const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Any fixed number: every replica takes the same lock, so only one applies migrations at a time. */
export const MIGRATION_LOCK_ID = 7_104_202_611;

export function migrationsDir(): string {
  return path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  if (!fs.existsSync(/* turbopackIgnore: true */ dir)) throw new Error(`Database migrations not found at ${dir}`);
  return fs
    .readdirSync(/* turbopackIgnore: true */ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(/* turbopackIgnore: true */ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

async function allApplied(connection: RawConnection, migrations: Migration[]): Promise<boolean> {
  const [table] = await connection.query<{ name: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS name`);
  if (!table?.name) return false;
  const applied = await connection.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const byName = new Map(applied.map((row) => [row.migration_name, row.checksum]));
  return migrations.every((m) => byName.get(m.name) === m.checksum);
}

/**
 * Applies pending migrations in order, each in its own transaction, and refuses to run when an
 * applied migration was edited afterwards (checksum drift) or a previous run failed half-way.
 */
export async function applyMigrations(
  connection: RawConnection,
  migrations: Migration[],
  options: { advisoryLock: boolean },
): Promise<string[]> {
  // Nothing pending: touch no DDL at all, so a runtime role without CREATE rights starts fine.
  if (await allApplied(connection, migrations)) return [];
  if (options.advisoryLock) await connection.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
  try {
    await connection.exec(BOOKKEEPING);
    const applied = await connection.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const byName = new Map(applied.filter((row) => !row.rolled_back_at).map((row) => [row.migration_name, row]));
    const done: string[] = [];
    for (const migration of migrations) {
      const previous = byName.get(migration.name);
      if (previous?.finished_at) {
        if (previous.checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      if (previous && !previous.finished_at) {
        throw new Error(`Migration ${migration.name} failed earlier and was left unfinished; resolve it before starting the console.`);
      }
      const id = randomUUID();
      await connection.exec("BEGIN");
      try {
        await connection.exec(migration.sql);
        await connection.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)`,
          [id, migration.checksum, migration.name],
        );
        await connection.exec("COMMIT");
      } catch (error) {
        await connection.exec("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    if (options.advisoryLock) await connection.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
  }
}
