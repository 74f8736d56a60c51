/**
 * One "console replica" for the multi-replica test: the console's own key service, configured from the
 * environment exactly as the server is (LiteLLM client, PostgreSQL, migrations at start), issuing COUNT keys
 * with one alias concurrently. Prints {"won":n,"conflicts":n,"errors":[...]} on its last line.
 * Run with: node --conditions=react-server --import tsx tests/replica-worker.ts <alias> <count>
 */
import { getDb } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { issueKey } from "@/lib/keys/service";

const [alias = "replica-race", countArg = "10"] = process.argv.slice(2);
const count = Number(countArg);
const admin = { id: "local:admin", provider: "local" as const, username: "admin", name: "Admin", role: "admin" as const, teams: [] };

async function main() {
  await getDb(); // migrations, under the advisory lock, like a starting replica
  // Start together: the parent releases every replica at the same instant.
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const results = await Promise.allSettled(
    Array.from({ length: count }, () => issueKey({ ctx: { user: admin }, input: { ownerKind: "team", teamId: "team-platform", alias, expiryMode: "7d" } })),
  );
  const won = results.filter((r) => r.status === "fulfilled").length;
  const conflicts = results.filter((r) => r.status === "rejected" && r.reason instanceof ConflictError).length;
  const errors = results.flatMap((r) => (r.status === "rejected" && !(r.reason instanceof ConflictError) ? [String((r.reason as Error).message)] : []));
  console.log(JSON.stringify({ won, conflicts, errors }));
  const db = await getDb();
  await db.close();
  process.exit(0);
}

process.stdout.write("ready\n");
main().catch((error) => {
  console.log(JSON.stringify({ won: 0, conflicts: 0, errors: [String(error?.message ?? error)] }));
  process.exit(1);
});
