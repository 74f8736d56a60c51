/** CLI for the fake OpenShift OAuth server: `tsx sandbox/openshift/main.ts` (see server.ts for the switches). */
import { startOpenShiftSandbox } from "./server";

const flag = (name: string) => process.env[name] === "1" || process.env[name] === "true";
const num = (name: string) => {
  const v = process.env[name];
  if (!v) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};

async function main() {
  const sandbox = await startOpenShiftSandbox({
    port: num("OPENSHIFT_SANDBOX_PORT") ?? 4200,
    host: process.env.OPENSHIFT_SANDBOX_HOST || "127.0.0.1",
    consent: flag("FAKE_OCP_CONSENT"),
    idpChooser: flag("FAKE_OCP_IDP_CHOOSER"),
    tokenTtlSeconds: num("TOKEN_TTL"),
    userinfoStatus: num("FAKE_OCP_USERINFO_STATUS"),
    deny: process.env.FAKE_OCP_DENY || undefined,
  });

  console.log(
    `OpenShift sandbox listening on ${sandbox.url} (users: ocp-admin, ocp-viewer, alpha-admin, alpha-member, multi-team, no-groups, unmapped; password "sandbox")`,
  );

  const shutdown = () => {
    sandbox.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  console.error(`OpenShift sandbox failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
