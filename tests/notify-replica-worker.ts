/**
 * One "console replica" for the notifications multi-replica test: the server's own scheduler tick, configured from
 * the environment exactly as the server is, run for the given slots (both replicas compete for each) and a few
 * forced ticks at once (the advisory lock). Prints {"ran":n,"skipped":n,"errors":[...]} on its last line.
 * Run with: node --conditions=react-server --import tsx tests/notify-replica-worker.ts <firstSlot> <slots> <forced>
 */
import { getDb } from "@/lib/db";
import { runTickOnce, serverTickDeps } from "@/lib/notify/scheduler";

const [firstArg = "1", slotsArg = "3", forcedArg = "2"] = process.argv.slice(2);

async function main() {
  const db = await getDb(); // migrations under the advisory lock, like a starting replica
  const deps = await serverTickDeps(db);
  await new Promise((resolve) => process.stdin.once("data", resolve));
  let ran = 0;
  let skipped = 0;
  const errors: string[] = [];
  const count = (o: Awaited<ReturnType<typeof runTickOnce>>) => (o.ran ? ran++ : skipped++);
  for (let i = 0; i < Number(slotsArg); i++) {
    const outcomes = await Promise.allSettled([
      runTickOnce(db, deps, Number(firstArg) + i),
      ...Array.from({ length: Number(forcedArg) }, () => runTickOnce(db, deps, null)),
    ]);
    for (const o of outcomes) {
      if (o.status === "fulfilled") count(o.value);
      else errors.push(String((o.reason as Error)?.message ?? o.reason));
    }
  }
  console.log(JSON.stringify({ ran, skipped, errors }));
  await db.close();
  process.exit(0);
}

process.stdout.write("ready\n");
main().catch((error) => {
  console.log(JSON.stringify({ ran: 0, skipped: 0, errors: [String(error?.message ?? error)] }));
  process.exit(1);
});
