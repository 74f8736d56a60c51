/**
 * The `gatehouse` command line (`npx gatehouse <group> <command>`; bin/gatehouse.mjs runs this file with tsx).
 * A dispatcher: each group is a map of subcommands, so new groups (config, notify, …) add one entry to COMMANDS.
 * Exit codes: 0 ok, 1 the check failed (e.g. a broken audit chain), 2 usage or runtime error.
 */
import { describeChainReport, verifyAuditChain } from "@/lib/audit/chain";
import { migrateAsOwner, openDatabase } from "@/lib/db";
import { databaseTargetFromEnvironment } from "@/lib/env";

export interface Command {
  summary: string;
  usage?: string;
  run(args: string[]): Promise<number>;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(databaseTargetFromEnvironment());
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export const COMMANDS: Record<string, Record<string, Command>> = {
  audit: {
    verify: {
      summary: "Walk the audit log's hash chain and name the first broken link (exit 1 when broken).",
      usage: "gatehouse audit verify   (DATABASE_URL or PGLITE_DIR as for the console; stop the console first on PGlite)",
      async run() {
        const report = await withDatabase(async (db) => {
          const [table] = await db.raw.query<{ name: string | null }>(`SELECT to_regclass('audit_events')::text AS name`);
          if (!table?.name) throw new Error("this database has no audit log yet (start the console or run `gatehouse db migrate` first)");
          return verifyAuditChain(db);
        });
        console.log(describeChainReport(report));
        return report.ok ? 0 : 1;
      },
    },
  },
  db: {
    migrate: {
      summary: "Apply migrations as the schema owner; with --app-role, grant the runtime role its (INSERT/SELECT-only audit) rights.",
      usage: "gatehouse db migrate [--app-role gatehouse_app]   (DATABASE_URL = the owner role's URL)",
      async run(args) {
        const role = option(args, "--app-role");
        const applied = await withDatabase((db) => migrateAsOwner(db, role));
        console.log(`migrations applied: ${applied.length ? applied.join(", ") : "none pending"}${role ? `; grants for ${role} in place` : ""}`);
        return 0;
      },
    },
  },
};

function help(): string {
  const lines = ["usage: gatehouse <group> <command> [options]", ""];
  for (const [group, commands] of Object.entries(COMMANDS)) {
    for (const [name, command] of Object.entries(commands)) lines.push(`  ${`${group} ${name}`.padEnd(18)} ${command.summary}`);
  }
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [group, name, ...rest] = argv;
  if (!group || group === "help" || group === "--help" || group === "-h") {
    console.log(help());
    return group ? 0 : 2;
  }
  const command = COMMANDS[group]?.[name ?? ""];
  if (!command) {
    console.error(`gatehouse: unknown command "${[group, name].filter(Boolean).join(" ")}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes("--help")) {
    console.log(command.usage ?? command.summary);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    console.error(`gatehouse ${group} ${name}: ${(error as Error).message}`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
