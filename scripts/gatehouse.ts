#!/usr/bin/env -S node --conditions=react-server --import tsx
/**
 * `npx gatehouse <command>`: the console's command line, configured from the same environment as the server.
 *
 *   gatehouse notify --once   run one scheduler tick (key index, notification rules, deliveries) and exit;
 *                             for a CronJob when the servers run with SCHEDULER=off
 */
import { EnvError, getEnv } from "@/lib/env";

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { usage: string; run: Command }> = {
  notify: {
    usage: "notify --once    run one scheduler tick now (refresh the key index, evaluate rules, send due messages)",
    run: async (args) => {
      if (!args.includes("--once")) {
        console.error("gatehouse notify: pass --once (the server runs the recurring scheduler itself)");
        return 2;
      }
      const { getDb } = await import("@/lib/db");
      const { runTickOnce, serverTickDeps } = await import("@/lib/notify/scheduler");
      const db = await getDb();
      try {
        const outcome = await runTickOnce(db, await serverTickDeps(db), null);
        if (!outcome.ran) console.log(`notify: skipped (${outcome.reason})`);
        else console.log(`notify: ${JSON.stringify(outcome.summary)}`);
        return outcome.ran && outcome.summary.litellmReachable ? 0 : outcome.ran ? 1 : 0;
      } finally {
        await db.close();
      }
    },
  },
};

function usage() {
  return ["usage: gatehouse <command>", ...Object.values(commands).map((c) => `  ${c.usage}`)].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`gatehouse: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`gatehouse: ${error.message}`);
      return 2;
    }
    throw error;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`gatehouse: ${(error as Error).message ?? String(error)}`);
    process.exit(1);
  },
);
