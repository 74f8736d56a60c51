#!/usr/bin/env -S node --conditions=react-server --import tsx
// `npx gatehouse <area> <command>`: the console's operations for pipelines, on the same lib/ code as the UI.
import { EnvError, getEnv, parseCliEnv } from "@/lib/env";

const USAGE = `Usage: gatehouse <command>

  config export|plan|apply   Config as code: LiteLLM config.yaml, operator resources, Gatehouse bundle
                             (gatehouse config --help for the options)
  notify --once              Run one scheduler tick now (refresh the key index, evaluate notification rules,
                             send due messages); for a CronJob when the servers run with SCHEDULER=off
  audit verify               Walk the audit log's hash chain; name the first broken link (exit 1 when broken)
  db migrate [--app-role R]  Apply migrations as the schema owner; grant role R INSERT/SELECT-only audit rights
`;

/** The database commands read only DATABASE_URL / PGLITE_DIR. */
async function withDatabase<T>(fn: (db: import("@/lib/db").Database) => Promise<T>): Promise<T> {
  const [{ openDatabase }, { databaseTargetFromEnvironment }] = await Promise.all([import("@/lib/db"), import("@/lib/env")]);
  const db = await openDatabase(databaseTargetFromEnvironment());
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function main(argv: string[]): Promise<number> {
  const [area, ...rest] = argv;
  const io = { stdout: (t: string) => void process.stdout.write(t), stderr: (t: string) => void process.stderr.write(t), readStdin };
  switch (area) {
    case "config": {
      if (rest.length === 0 || rest[0] === "--help" || rest[0] === "-h") {
        const { CONFIG_USAGE } = await import("@/lib/config/cli");
        io.stdout(`${CONFIG_USAGE}\n`);
        return rest.length === 0 ? 1 : 0;
      }
      let env;
      try {
        env = parseCliEnv();
      } catch (error) {
        if (error instanceof EnvError) {
          io.stderr(`gatehouse: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
      const { runConfigCli } = await import("@/lib/config/cli");
      return runConfigCli(rest, env, io);
    }
    case "notify": {
      if (!rest.includes("--once")) {
        io.stderr("gatehouse notify: pass --once (the server runs the recurring scheduler itself)\n");
        return 2;
      }
      try {
        getEnv();
      } catch (error) {
        if (error instanceof EnvError) {
          io.stderr(`gatehouse: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
      const { getDb } = await import("@/lib/db");
      const { runTickOnce, serverTickDeps } = await import("@/lib/notify/scheduler");
      const db = await getDb();
      try {
        const outcome = await runTickOnce(db, await serverTickDeps(db), null);
        if (!outcome.ran) io.stdout(`notify: skipped (${outcome.reason})\n`);
        else io.stdout(`notify: ${JSON.stringify(outcome.summary)}\n`);
        return outcome.ran && !outcome.summary.litellmReachable ? 1 : 0;
      } finally {
        await db.close();
      }
    }
    case "audit": {
      if (rest[0] !== "verify") break;
      const { describeChainReport, verifyAuditChain } = await import("@/lib/audit/chain");
      const report = await withDatabase(async (db) => {
        const [table] = await db.raw.query<{ name: string | null }>(`SELECT to_regclass('audit_events')::text AS name`);
        if (!table?.name) throw new Error("this database has no audit log yet (start the console or run `gatehouse db migrate` first)");
        return verifyAuditChain(db);
      });
      io.stdout(`${describeChainReport(report)}\n`);
      return report.ok ? 0 : 1;
    }
    case "db": {
      if (rest[0] !== "migrate") break;
      const i = rest.indexOf("--app-role");
      const role = i >= 0 ? rest[i + 1] : undefined;
      const { migrateAsOwner } = await import("@/lib/db");
      const applied = await withDatabase((db) => migrateAsOwner(db, role));
      io.stdout(`migrations applied: ${applied.length ? applied.join(", ") : "none pending"}${role ? `; grants for ${role} in place` : ""}\n`);
      return 0;
    }
    case undefined:
    case "--help":
    case "-h":
    case "help":
      io.stdout(USAGE);
      return area ? 0 : 1;
    default:
      break;
  }
  io.stderr(`gatehouse: unknown command "${argv.slice(0, 2).join(" ")}"\n\n${USAGE}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
