// Config-as-code plan at scale: plan time per deployment for a 20,000-deployment file against a proxy with 20,000
// deployments ÷ the same for 200 against 200, and the LiteLLM calls one plan makes. A plan reads the live deployments
// through the warm deployment index (lib/deployments) as the console does: the index's warm-up is paged /v2/model/info
// reads (200 a page, printed), a plan reads no deployment from LiteLLM, and an apply's fresh plan one incremental page.
// Run: ./node_modules/.bin/tsx bench/config-plan.ts   (re-runs itself under --conditions=react-server: lib modules import "server-only")
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { startSandboxProcess } from "./sandbox-process";

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
  const { createLiteLLMClient } = await import("../lib/litellm");
  const { checkApiBase } = await import("../lib/net/ssrf");
  const { exportLive, planText } = await import("../lib/config/engine");
  const { readLiveDeployments } = await import("../lib/config/live");
  const { createDeploymentIndex } = await import("../lib/deployments/index-store");
  const { indexFromIndexed } = await import("../lib/aliases/context");

  // seedModels points every deployment at the default upstream stand-in address.
  const policy = { allowedHosts: ["127.0.0.1:4100"], allowedCidrs: [], blockedOrigins: [] };


  async function setup(n: number) {
    const sandbox = await startSandboxProcess({ masterKey: MASTER_KEY, seedArgs: ["--seed-models", String(n)] });
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
    // The console's index: refreshed in the background (not during the timed plans here), warmed by one paged read.
    const index = createDeploymentIndex({ litellm: () => client, refreshMs: 3_600_000, fullSyncMs: 3_600_000 });
    calls = [];
    const w0 = performance.now();
    await index.snapshot();
    const warmup = { ms: performance.now() - w0, calls: [...calls] };
    index.stop();
    const text = (await exportLive({ format: "litellm-config" }, client, index)).files[0]!.text;
    // As in the console: the alias checks' index is kept warm beside the deployment index (built once, then followed
    // change by change), not rebuilt per plan.
    const checkIndex = indexFromIndexed([], (await index.snapshot()).all());
    const deps = { litellm: client, index, checkIndex, consumers: [], checkApiBase: (raw: string) => checkApiBase(raw, policy) };
    const freshRead = async () => {
      calls = [];
      await readLiveDeployments(index, { fresh: true });
      return [...calls];
    };
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
    return { sandbox, plan, bytes: text.length, warmup, freshRead };
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
  // Anything but a paged /v2/model/info read that names deployments (/model/info, /model/<id>/…, by-model lookups).
  const perDeploymentCalls = [...bigCalls, ...big.warmup.calls].filter((c) => /\/model\/info$|\/model\/[^/]+\/|by_model/.test(c) && !c.includes("/v2/")).length;
  const bigFresh = await big.freshRead();
  const summary = (calls: string[]) => {
    const counts = new Map<string, number>();
    for (const c of calls) counts.set(c, (counts.get(c) ?? 0) + 1);
    return [...counts].map(([c, n]) => `${n}× ${c}`).join(", ");
  };
  console.log(`config-plan file 20000 deployments (${(big.bytes / 1024 / 1024).toFixed(1)} MB) vs proxy 20000: median ${median(bigTimes).toFixed(0)} ms, ${(perBig * 1000).toFixed(1)} µs per deployment (${RUNS} runs)`);
  console.log(`config-plan file 200 deployments vs proxy 200: median ${median(smallTimes).toFixed(1)} ms, ${(perSmall * 1000).toFixed(1)} µs per deployment`);
  console.log(`config-plan ratio ${ratio.toFixed(2)} (per-deployment time 20000 ÷ 200; target ≤ ${RATIO_TARGET}) ${ratio <= RATIO_TARGET ? "OK" : "OVER"}`);
  console.log(`config-plan calls per plan 20000: ${bigCalls.length}${bigCalls.length ? ` (${summary(bigCalls)})` : ""}; 200: ${smallCalls.length}${smallCalls.length ? ` (${summary(smallCalls)})` : ""} — the warm deployment index answers; per-deployment calls: ${perDeploymentCalls}`);
  console.log(`config-plan calls index warm-up 20000: ${big.warmup.calls.length} paged reads (${summary(big.warmup.calls)}) in ${big.warmup.ms.toFixed(0)} ms; 200: ${small.warmup.calls.length} (${summary(small.warmup.calls)}) — once per replica, not per plan`);
  console.log(`config-plan calls apply's fresh plan 20000: ${bigFresh.length} (${summary(bigFresh)}) — the index's incremental read of the newest changes`);
  await big.sandbox.close();
  await small.sandbox.close();
  const onlyPaged = [...bigCalls, ...big.warmup.calls, ...bigFresh].every((c) => c.startsWith("GET /v2/model/info") || c.includes("/version") || c.includes("/health"));
  process.exit(ratio <= RATIO_TARGET && perDeploymentCalls === 0 && onlyPaged ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
