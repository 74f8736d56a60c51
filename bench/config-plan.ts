// Config-as-code plan at scale: plan time per deployment for a 20,000-deployment file against a proxy with 20,000
// deployments ÷ the same for 200 against 200, and the LiteLLM calls one plan makes (paged reads, no call per deployment).
// Run: ./node_modules/.bin/tsx bench/config-plan.ts   (re-runs itself under --conditions=react-server: lib modules import "server-only")
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATIO_TARGET = 1.2;
const MASTER_KEY = "sk-sandbox-master-key";

async function needsReactServerCondition(): Promise<boolean> {
  try {
    await import("server-only");
    return false;
  } catch {
    return true;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  if (await needsReactServerCondition()) {
    const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
    const child = spawnSync(tsx, ["--conditions=react-server", fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
    process.exit(child.status ?? 1);
  }
  const { startLiteLLMSandbox } = await import("../sandbox/litellm/server");
  const { createLiteLLMClient } = await import("../lib/litellm");
  const { checkApiBase } = await import("../lib/net/ssrf");
  const { exportLive, planText } = await import("../lib/config/engine");

  // seedModels points every deployment at the default upstream stand-in address.
  const policy = { allowedHosts: ["127.0.0.1:4100"], allowedCidrs: [], blockedOrigins: [] };

  async function setup(n: number) {
    const sandbox = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, seedModels: n, reset: true, stateFile: null, seed: "none" });
    let calls: string[] = [];
    const client = createLiteLLMClient({
      baseUrl: sandbox.url,
      masterKey: MASTER_KEY,
      timeoutMs: 60_000,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      }) as typeof fetch,
    });
    const text = (await exportLive({ format: "litellm-config" }, client)).files[0]!.text;
    const deps = { litellm: client, consumers: [], checkApiBase: (raw: string) => checkApiBase(raw, policy) };
    const plan = async () => {
      calls = [];
      const t0 = performance.now();
      const result = await planText({ text, source: "bench" }, deps);
      const ms = performance.now() - t0;
      if (result.plan.issues.length > 0 || result.plan.summary.unchanged !== n) {
        throw new Error(`unexpected plan for ${n}: ${JSON.stringify(result.plan.summary)} ${JSON.stringify(result.plan.issues.slice(0, 3))}`);
      }
      return { ms, calls: [...calls] };
    };
    return { sandbox, plan, bytes: text.length };
  }

  const big = await setup(20_000);
  const small = await setup(200);
  await big.plan();
  await small.plan();
  const bigTimes: number[] = [];
  const smallTimes: number[] = [];
  let bigCalls: string[] = [];
  let smallCalls: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const b = await big.plan();
    bigTimes.push(b.ms);
    bigCalls = b.calls;
    const s = await small.plan();
    smallTimes.push(s.ms);
    smallCalls = s.calls;
  }
  const perBig = median(bigTimes) / 20_000;
  const perSmall = median(smallTimes) / 200;
  const ratio = perBig / perSmall;
  const perDeploymentCalls = bigCalls.filter((c) => /\/model\/info$|\/model\/[^/]+\/|by_model/.test(c) && !c.includes("/v2/")).length;
  const summary = (calls: string[]) => {
    const counts = new Map<string, number>();
    for (const c of calls) counts.set(c, (counts.get(c) ?? 0) + 1);
    return [...counts].map(([c, n]) => `${n}× ${c}`).join(", ");
  };
  console.log(`config-plan file 20000 deployments (${(big.bytes / 1024 / 1024).toFixed(1)} MB) vs proxy 20000: median ${median(bigTimes).toFixed(0)} ms, ${(perBig * 1000).toFixed(1)} µs per deployment (${RUNS} runs)`);
  console.log(`config-plan file 200 deployments vs proxy 200: median ${median(smallTimes).toFixed(1)} ms, ${(perSmall * 1000).toFixed(1)} µs per deployment`);
  console.log(`config-plan ratio ${ratio.toFixed(2)} (per-deployment time 20000 ÷ 200; target ≤ ${RATIO_TARGET}) ${ratio <= RATIO_TARGET ? "OK" : "OVER"}`);
  console.log(`config-plan calls 20000: ${bigCalls.length} (${summary(bigCalls)}); per-deployment calls: ${perDeploymentCalls}`);
  console.log(`config-plan calls 200: ${smallCalls.length} (${summary(smallCalls)})`);
  await big.sandbox.close();
  await small.sandbox.close();
  process.exit(ratio <= RATIO_TARGET && perDeploymentCalls === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
