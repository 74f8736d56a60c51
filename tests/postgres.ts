import pg from "pg";
import { processFacts } from "@/lib/env";

/**
 * A throwaway PostgreSQL database for one test file, on the server CI guarantees (127.0.0.1:5432).
 * Outside CI a missing server skips the PostgreSQL cases with a clear message; under CI=true it fails.
 */
export const PG_ADMIN_URL = processFacts.testPostgresAdminUrl();

export interface TestPostgres {
  available: boolean;
  /** Connection URL of the created database. */
  url: string;
  drop(): Promise<void>;
}

export async function createTestPostgres(prefix: string, label: string): Promise<TestPostgres> {
  const name = `${prefix}_${process.pid}`;
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  };
  let available = true;
  try {
    await admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.query(`CREATE DATABASE ${name}`);
    });
  } catch {
    available = false;
    if (processFacts.isCI()) throw new Error(`PostgreSQL did not answer at ${PG_ADMIN_URL}; CI requires it (see .ci/run).`);
    console.warn(`[${label}] SKIPPED the PostgreSQL cases: no PostgreSQL answered at ${PG_ADMIN_URL}.`);
  }
  return {
    available,
    url,
    drop: async () => {
      if (available) await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
