import type { RawConnection } from "./migrate";

/** A PostgreSQL role name we are willing to interpolate (identifiers cannot be bound as parameters). */
export const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Gives the app's runtime role what it needs and no more, after the owner role applied the migrations:
 * read and write the console's tables, but only INSERT and SELECT on `audit_events` (no UPDATE, DELETE or TRUNCATE;
 * not being the owner, it cannot ALTER, DISABLE or DROP the append-only triggers either) and only read the
 * migrations table. Idempotent: run it after every migration (new tables need their grants).
 */
export async function grantAppRole(connection: RawConnection, role: string): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new Error(`"${role}" is not a plain PostgreSQL role name (lower-case letters, digits, _).`);
  const [exists] = await connection.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
  if (!exists) throw new Error(`PostgreSQL role ${role} does not exist; create it first (see deploy/postgres/roles.sql).`);
  await connection.exec(`
    GRANT USAGE ON SCHEMA public TO ${role};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
    REVOKE ALL ON "audit_events" FROM ${role};
    GRANT SELECT, INSERT ON "audit_events" TO ${role};
    REVOKE ALL ON "_prisma_migrations" FROM ${role};
    GRANT SELECT ON "_prisma_migrations" TO ${role};
  `);
}
