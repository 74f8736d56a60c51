// CLI: `tsx sandbox/litellm/main.ts [--reset] [--seed demo|none] [--seed-keys N] [--seed-models M] [--seed-spend ROWS] [--enterprise]
//      [--no-db] [--store-prompts]`
import path from "node:path";
import { parseFaultRules } from "./faults";
import { startLiteLLMSandbox } from "./server";

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq ? eq.slice(name.length + 1) : undefined;
}

async function main() {
  const args = process.argv.slice(2);
  const seed = argValue(args, "--seed");
  if (seed && seed !== "demo" && seed !== "none") throw new Error(`--seed must be demo or none, got ${seed}`);
  const faultsEnv = process.env.LITELLM_SANDBOX_FAULTS;
  const masterEnv = process.env.LITELLM_MASTER_KEY;
  const handle = await startLiteLLMSandbox({
    port: Number(process.env.LITELLM_SANDBOX_PORT ?? 4000),
    host: process.env.LITELLM_SANDBOX_HOST ?? "127.0.0.1",
    masterKey: masterEnv === undefined ? "sk-sandbox-master-key" : masterEnv === "" ? null : masterEnv,
    version: process.env.LITELLM_SANDBOX_VERSION ?? "1.96.0",
    stateFile: path.resolve(process.env.LITELLM_SANDBOX_STATE ?? "./data/sandbox/litellm-state.json"),
    reset: args.includes("--reset"),
    seed: (seed as "demo" | "none" | undefined) ?? "demo",
    seedKeys: Number(argValue(args, "--seed-keys") ?? 0) || undefined,
    seedModels: Number(argValue(args, "--seed-models") ?? 0) || undefined,
    enterprise: args.includes("--enterprise"),
    database: !args.includes("--no-db"),
    storePrompts: args.includes("--store-prompts"),
    seedSpend: Number(argValue(args, "--seed-spend") ?? 0)
      ? { rows: Number(argValue(args, "--seed-spend")), days: 90, keys: 1000, teams: 50, models: 200 }
      : undefined,
    faults: faultsEnv ? parseFaultRules(JSON.parse(faultsEnv)) : [],
    upstreamUrl: process.env.UPSTREAM_SANDBOX_URL ?? `http://127.0.0.1:${process.env.UPSTREAM_SANDBOX_PORT ?? 4100}`,
  });
  process.stdout.write(`litellm sandbox listening on ${handle.url}\n`);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await handle.close(); // persists state first
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  process.stderr.write(`litellm sandbox failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
