// Usage page at scale: server time of getUsageSummary (what /usage renders) against a LiteLLM holding 10,000,000
// spend-log rows vs 10,000 rows — same population (1,000 keys, 50 teams, 200 models, 90 days) — and the LiteLLM calls
// one page makes. Daily activity reads LiteLLM's daily aggregate tables, never the spend log.
// Run: ./node_modules/.bin/tsx bench/usage-scale.ts   (re-runs itself under --conditions=react-server)
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

process.env.DATABASE_URL ??= "pglite:memory://";
process.env.LITELLM_URL ??= "http://127.0.0.1:9";
process.env.LITELLM_MASTER_KEY ??= "sk-bench-unused";
process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0000";
process.env.AUTH_URL ??= "http://localhost:3000";

const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const WARMUP = 4;
const RATIO_TARGET = 1.2;
const CALLS_TARGET = 3;
const MASTER_KEY = "sk-sandbox-master-key";
const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS ?? 10_000_000);
const SMALL_ROWS = 10_000;
const POPULATION = { days: 90, keys: 1000, teams: 50, models: 200 };

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
  const { getUsageSummary } = await import("../lib/usage/service");

  const t0 = performance.now();
  const big = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, seed: "none", stateFile: null, seedSpend: { rows: BIG_ROWS, ...POPULATION } });
  const seedMs = performance.now() - t0;
  const small = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, seed: "none", stateFile: null, seedSpend: { rows: SMALL_ROWS, ...POPULATION } });

  function instrumented(baseUrl: string) {
    let calls: string[] = [];
    const client = createLiteLLMClient({
      baseUrl,
      masterKey: MASTER_KEY,
      timeoutMs: 120_000,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      }) as typeof fetch,
    });
    return { client, reset: () => void (calls = []), calls: () => calls };
  }
  const admin = { id: "bench:admin", provider: "local" as const, username: "admin", name: "admin", role: "admin" as const, teams: [] };
  const bigC = instrumented(big.url);
  const smallC = instrumented(small.url);
  // The page a visitor lands on: last 7 days, grouped by team.
  const request = { range: { preset: "7d" as const }, groupBy: "team" as const, filters: {}, top: 10, timeZone: "UTC" };

  bigC.reset();
  const first = await getUsageSummary({ ctx: { user: admin }, ...request, deps: { litellm: bigC.client } });
  const coldCalls = [...bigC.calls()];
  bigC.reset();
  await getUsageSummary({ ctx: { user: admin }, ...request, deps: { litellm: bigC.client } });
  const warmCalls = [...bigC.calls()];
  if (!first.result.hasData) throw new Error("no data at 10M rows");

  const time = async (c: ReturnType<typeof instrumented>) => {
    const t = performance.now();
    const s = await getUsageSummary({ ctx: { user: admin }, ...request, deps: { litellm: c.client } });
    if (!s.result.hasData) throw new Error("empty summary");
    return performance.now() - t;
  };
  for (let i = 0; i < WARMUP; i++) {
    await time(bigC);
    await time(smallC);
  }
  const bigTimes: number[] = [];
  const smallTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const order: [number[], ReturnType<typeof instrumented>][] = Math.random() < 0.5 ? [[bigTimes, bigC], [smallTimes, smallC]] : [[smallTimes, smallC], [bigTimes, bigC]];
    for (const [out, c] of order) out.push(await time(c));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mBig = median(bigTimes);
  const mSmall = median(smallTimes);
  const ratio = mBig / mSmall;
  const calls = Math.max(coldCalls.length, warmCalls.length);
  // Why the ratio is not flat: LiteLLM's daily-activity answer has one breakdown entry per active key, model and
  // team per day (with api_key_breakdown inside each), so its size follows the active population, not the rows.
  const size = async (url: string) =>
    (await (await fetch(`${url}/team/daily/activity?start_date=${first.range.utcStartDate}&end_date=${first.range.utcEndDate}&page_size=50000`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).text()).length;
  const [bigBytes, smallBytes] = [await size(big.url), await size(small.url)];
  console.log(`spend-log rows: ${BIG_ROWS} vs ${SMALL_ROWS}; ${POPULATION.keys} keys, ${POPULATION.teams} teams, ${POPULATION.models} models, ${POPULATION.days} days; seed ${seedMs.toFixed(0)} ms; runs ${RUNS}, median`);
  console.log(`usage-page 10M median ${mBig.toFixed(2)} ms, 10k median ${mSmall.toFixed(2)} ms`);
  console.log(`usage-page 10M/10k ratio ${ratio.toFixed(3)} (target <= ${RATIO_TARGET})`);
  console.log(`  (informational) daily-activity answer ${(bigBytes / 1e6).toFixed(1)} MB at 10M vs ${(smallBytes / 1e6).toFixed(2)} MB at 10k: x${(bigBytes / smallBytes).toFixed(1)}`);
  console.log(`usage-page litellm calls ${calls} (target <= ${CALLS_TARGET}; cold: ${coldCalls.join(", ")}; warm: ${warmCalls.join(", ")})`);
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
