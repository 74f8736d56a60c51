// CLI: `tsx sandbox/upstream/main.ts` — upstream model stand-in on UPSTREAM_SANDBOX_PORT (default 4100).
import { startUpstream } from "./server";

async function main() {
  const port = Number(process.env.UPSTREAM_SANDBOX_PORT ?? 4100);
  const host = process.env.UPSTREAM_SANDBOX_HOST ?? "127.0.0.1";
  const handle = await startUpstream({ port, host });
  process.stdout.write(`upstream sandbox listening on ${handle.url}\n`);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  process.stderr.write(`upstream sandbox failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
