/** CLI for the OIDC sandbox: `tsx sandbox/oidc/main.ts` (port OIDC_SANDBOX_PORT, default 4300). */
import { startOidcSandbox } from "./server";

async function main() {
  const raw = process.env.OIDC_SANDBOX_PORT;
  const port = raw ? Number(raw) : 4300;
  if (!Number.isInteger(port) || port <= 0) {
    console.error(`OIDC_SANDBOX_PORT must be a positive integer, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  const sandbox = await startOidcSandbox({ port });
  console.log(
    `OIDC sandbox issuer ${sandbox.url} (client gatehouse-console / sandbox-oidc-secret; users oidc-admin, oidc-member; any password)`,
  );
  const shutdown = () => {
    sandbox.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  console.error(`OIDC sandbox failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
