// Models page at scale: server time of listModelsPage (the function /models renders) at 20,000 vs 20 deployments,
// and how many LiteLLM calls one page makes once the deployment index is warm (none), and its warm-up (paged reads).
// Run: ./node_modules/.bin/tsx bench/models-scale.ts   (re-runs itself under --conditions=react-server: lib modules import "server-only")
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

// The service reads the console's DB for health badges: an in-memory PGlite, migrated on first use.
process.env.DATABASE_URL ??= "pglite:memory://";
process.env.LITELLM_URL ??= "http://127.0.0.1:9";
process.env.LITELLM_MASTER_KEY ??= "sk-bench-unused";
process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0000";
process.env.AUTH_URL ??= "http://localhost:3000";

const RUNS = Number(process.env.BENCH_RUNS ?? 101);
const WARMUP = 8;
const RATIO_TARGET = 1.2;
const CALLS_TARGET = 3;
const MASTER_KEY = "sk-sandbox-master-key";

/** "server-only" throws outside the react-server condition: start again with it, same arguments. */
async function needsReactServerCondition(): Promise<boolean> {
  try {
    await import("server-only");
    return false;
  } catch {
    return true;
  }
}

async function main() {
  if (await needsReactServerCondition()) {
    const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
    const child = spawnSync(tsx, ["--conditions=react-server", fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
    process.exit(child.status ?? 1);
  }
  const { startLiteLLMSandbox } = await import("../sandbox/litellm/server");
  const { createLiteLLMClient } = await import("../lib/litellm");
  const { listModelsPage } = await import("../lib/models/service");
  const { createDeploymentIndex } = await import("../lib/deployments/index-store");
  const { parseModelListParams } = await import("../lib/models/list");

  const big = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, seedModels: 20_000, reset: true, stateFile: null });
  const small = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, seedModels: 20, reset: true, stateFile: null });

  function instrumented(baseUrl: string) {
    let calls: string[] = [];
    const client = createLiteLLMClient({
      baseUrl,
      masterKey: MASTER_KEY,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      }) as typeof fetch,
    });
    // Each "console" keeps its own deployment index over its own client (what the page reads).
    const index = createDeploymentIndex({ litellm: () => client });
    return { client, index, take: () => ((calls = []), undefined), calls: () => calls };
  }

  const bigClient = instrumented(big.url);
  const smallClient = instrumented(small.url);
  // The page a visitor lands on (page 1, default 25 per page, sorted by alias), one deep in the 20k list, and 50 per
  // page (informational: the 20-deployment proxy has only 24 rows, so that comparison also counts rows per page).
  const first = parseModelListParams({});
  const deep = parseModelListParams({ page: "600" });
  const fifty = parseModelListParams({ size: "50" });

  // The first page on a cold console waits for the index's warm-up (paged reads); later pages call LiteLLM no more.
  bigClient.take();
  const w0 = performance.now();
  await listModelsPage(first, { index: bigClient.index });
  const warmupMs = performance.now() - w0;
  const coldCalls = bigClient.calls().length;
  const coldList = `${bigClient.calls().filter((c) => c.endsWith("/v2/model/info")).length} x GET /v2/model/info + ${bigClient.calls().filter((c) => !c.endsWith("/v2/model/info")).join(", ")}`;
  bigClient.take();
  await listModelsPage(deep, { index: bigClient.index });
  await listModelsPage(parseModelListParams({ provider: "openai", mode: "chat", q: "seed-group-01" }), { index: bigClient.index });
  const warmCalls = bigClient.calls().length;

  const time = async (c: ReturnType<typeof instrumented>, params: typeof first) => {
    const t0 = performance.now();
    const page = await listModelsPage(params, { index: c.index });
    const ms = performance.now() - t0;
    if (page.rowCount === 0) throw new Error("empty page");
    return ms;
  };
  for (let i = 0; i < WARMUP; i++) {
    await time(bigClient, first);
    await time(smallClient, first);
    await time(bigClient, deep);
  }
  const bigTimes: number[] = [];
  const smallTimes: number[] = [];
  const deepTimes: number[] = [];
  const big50: number[] = [];
  const small50: number[] = [];
  // Interleaved, in a shuffled order each round, so drift (GC, CPU contention from other processes) hits every
  // series alike instead of whichever always runs after the 20k page.
  const series: [number[], ReturnType<typeof instrumented>, typeof first][] = [
    [bigTimes, bigClient, first],
    [smallTimes, smallClient, first],
    [deepTimes, bigClient, deep],
    [big50, bigClient, fifty],
    [small50, smallClient, fifty],
  ];
  for (let i = 0; i < RUNS; i++) {
    const order = [...series].sort(() => Math.random() - 0.5);
    for (const [out, client, params] of order) out.push(await time(client, params));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mBig = median(bigTimes);
  const mSmall = median(smallTimes);
  const mDeep = median(deepTimes);
  const ratio = mBig / mSmall;
  const deepRatio = mDeep / mSmall;
  const calls = warmCalls;

  console.log(`deployments: ${20_000 + 4} vs ${20 + 4} (demo seed included); runs: ${RUNS} each, median`);
  console.log(`models-page 20k median ${mBig.toFixed(2)} ms, 20 median ${mSmall.toFixed(2)} ms, 20k page 600 median ${mDeep.toFixed(2)} ms`);
  console.log(`models-page 20k/20 ratio ${ratio.toFixed(3)} (target <= ${RATIO_TARGET})`);
  console.log(`  (informational) 20k page 600 vs 20: x${deepRatio.toFixed(3)}; 50 per page, 20k vs 20: x${(median(big50) / median(small50)).toFixed(3)} (${median(big50).toFixed(2)} / ${median(small50).toFixed(2)} ms; 51 vs 24 rows)`);
  console.log(`models-page litellm calls per page ${calls} once warm (target <= ${CALLS_TARGET}); index warm-up on the first page: ${coldCalls} calls (${coldList}) in ${warmupMs.toFixed(0)} ms`);
  bigClient.index.stop();
  smallClient.index.stop();

  await big.close();
  await small.close();
  const ok = ratio <= RATIO_TARGET && calls <= CALLS_TARGET;
  console.log(ok ? "PASS" : "FAIL");
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
