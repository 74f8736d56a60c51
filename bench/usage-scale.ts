// Usage page at scale: server time of getUsageSummary (what /usage renders) against a LiteLLM holding 10,000,000
// spend-log rows vs 10,000 rows — same population (1,000 keys, 50 teams, 200 models, 90 days) — for the default view
// and every group-by × range, and the LiteLLM calls one page makes. Measured in one run.
//
// Warm path: the page reads the usage index (lib/usage/index-store.ts), which holds LiteLLM's daily activity per UTC
// day as prefix sums and is refreshed in the background — no LiteLLM call on the request path.
// Cold path (printed too, honestly): before the index is warm (the first views after a start, or after it stopped
// for lack of viewers) the page reads LiteLLM directly, and LiteLLM ≤ 1.96 answers daily activity with one entry per
// active key per day (nested again under every model, provider and entity), so that read grows with the data.
// Run: ./node_modules/.bin/tsx bench/usage-scale.ts   (re-runs itself under --conditions=react-server)
//   BENCH_BIG_ROWS (10,000,000), BENCH_SAMPLES (15: ×20 renders per view and size), BENCH_COLD=some|all|0 (cold-path
//   reads: each range by team and by key, every view, none — a cold 90-day read at 10M takes about a minute).
import { spawnSync } from "node:child_process";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

process.env.DATABASE_URL ??= "pglite:memory://";
process.env.LITELLM_URL ??= "http://127.0.0.1:9";
process.env.LITELLM_MASTER_KEY ??= "sk-bench-unused";
process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0000";
process.env.AUTH_URL ??= "http://localhost:3000";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);
/** Renders per sample unit: each view is rendered SAMPLES × PER_SAMPLE times per size; the figure is the median render. */
const PER_SAMPLE = 20;
const RATIO_TARGET = 1.2;
const CALLS_TARGET = 3;
const MASTER_KEY = "sk-sandbox-master-key";
const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS ?? 10_000_000);
const SMALL_ROWS = 10_000;
const POPULATION = { days: 90, keys: 1000, teams: 50, models: 200 };
/** Cold-path reads: "some" (each range by team and by key, the default), "all" (every view) or "0". */
const COLD = process.env.BENCH_COLD ?? "some";
const GROUPS = ["team", "key", "user", "model", "provider", "tag"] as const;
const RANGES = ["24h", "7d", "30d", "90d"] as const;

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
  const { createUsageIndex } = await import("../lib/usage/index-store");

  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
  console.log(`load average at start: ${load()} (${os.cpus().length} cores)`);
  const t0 = performance.now();
  const big = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, seed: "none", stateFile: null, seedSpend: { rows: BIG_ROWS, ...POPULATION } });
  const seedMs = performance.now() - t0;
  const small = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, seed: "none", stateFile: null, seedSpend: { rows: SMALL_ROWS, ...POPULATION } });

  function instrumented(baseUrl: string) {
    let calls: string[] = [];
    const client = createLiteLLMClient({
      baseUrl,
      masterKey: MASTER_KEY,
      timeoutMs: 300_000,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      }) as typeof fetch,
    });
    // refreshMs is long so that the bench's index never refreshes by itself; the bench refreshes it explicitly.
    const index = createUsageIndex({ litellm: () => client, refreshMs: 3_600_000 });
    return { client, index, reset: () => void (calls = []), calls: () => calls };
  }
  const admin = { id: "bench:admin", provider: "local" as const, username: "admin", name: "admin", role: "admin" as const, teams: [] };
  const sides = { "10M": instrumented(big.url), "10k": instrumented(small.url) };
  type Side = (typeof sides)["10M"];

  // Index warm-up (the cold start's background work) and one steady-state refresh (every 15 s in production).
  const warm: Record<string, { warmMs: number; warmCalls: number; refreshMs: number; refreshCalls: number }> = {};
  for (const [name, s] of Object.entries(sides)) {
    await s.index.refresh();
    const first = s.index.status().lastRefresh!;
    await s.index.refresh();
    const again = s.index.status().lastRefresh!;
    const st = s.index.status();
    if (st.tooLarge || st.lastError) throw new Error(`index ${name}: ${st.tooLarge ?? st.lastError}`);
    warm[name] = { warmMs: first.ms, warmCalls: first.calls, refreshMs: again.ms, refreshCalls: again.calls };
  }

  const views = [{ name: "default (7d, by team)", range: "7d" as const, groupBy: "team" as const }, ...RANGES.flatMap((range) => GROUPS.map((groupBy) => ({ name: `${range} by ${groupBy}`, range, groupBy })))];
  const request = (v: (typeof views)[number]) => ({ range: { preset: v.range }, groupBy: v.groupBy, filters: {}, top: 10, timeZone: "UTC" });

  async function page(s: Side, v: (typeof views)[number], live: boolean) {
    s.reset();
    const t = performance.now();
    const summary = await getUsageSummary({ ctx: { user: admin }, ...request(v), deps: { litellm: s.client, index: live ? null : s.index } });
    const ms = performance.now() - t;
    if (!summary.result.hasData) throw new Error(`no data: ${v.name}`);
    if (!live && summary.source.kind !== "index") throw new Error(`the index did not answer ${v.name}`);
    return { ms, calls: s.calls().length, summary };
  }

  console.log(`spend-log rows: ${BIG_ROWS} vs ${SMALL_ROWS}; ${POPULATION.keys} keys, ${POPULATION.teams} teams, ${POPULATION.models} models, ${POPULATION.days} days; seed ${seedMs.toFixed(0)} ms`);
  for (const [name, w] of Object.entries(warm)) {
    console.log(
      `  usage index ${name}: warm-up ${w.warmMs.toFixed(0)} ms in ${w.warmCalls} LiteLLM calls (background, once per start); steady refresh ${w.refreshMs.toFixed(0)} ms, ${w.refreshCalls} calls`,
    );
  }
  console.log(`warm path: median of ${SAMPLES * PER_SAMPLE} page renders per view and size, 10M and 10k alternating`);
  let ok = true;
  let worstRatio = 0;
  let maxCalls = 0;
  for (const v of views) {
    // Same figures from both paths? (spot check on the small side: index vs a live read)
    const samples: Record<"10M" | "10k", number[]> = { "10M": [], "10k": [] };
    let calls = 0;
    for (let i = 0; i < 5; i++) for (const s of Object.values(sides)) await page(s, v, false);
    // Renders alternate between the sizes (random order per pair), so load from other processes hits both alike.
    for (let i = 0; i < SAMPLES * PER_SAMPLE; i++) {
      const order = (Math.random() < 0.5 ? ["10M", "10k"] : ["10k", "10M"]) as ("10M" | "10k")[];
      for (const name of order) {
        const r = await page(sides[name], v, false);
        samples[name].push(r.ms);
        calls = Math.max(calls, r.calls);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const mBig = median(samples["10M"]);
    const mSmall = median(samples["10k"]);
    const ratio = mBig / mSmall;
    worstRatio = Math.max(worstRatio, ratio);
    maxCalls = Math.max(maxCalls, calls);
    const pass = ratio <= RATIO_TARGET && calls <= CALLS_TARGET;
    ok &&= pass;
    console.log(
      `usage-page ${v.name.padEnd(22)} warm ratio ${ratio.toFixed(3)} (10M ${(mBig * 1000).toFixed(0)} µs, 10k ${(mSmall * 1000).toFixed(0)} µs), litellm calls per page ${calls}${pass ? "" : "  FAIL"}`,
    );
  }

  if (COLD !== "0") {
    console.log("cold path (index not warm yet: the page reads LiteLLM directly), one read per view and size:");
    let worstCold = 0;
    let coldCalls = 0;
    for (const v of views.slice(1).filter((x) => COLD === "all" || x.groupBy === "team" || x.groupBy === "key")) {
      const big1 = await page(sides["10M"], v, true);
      const small1 = await page(sides["10k"], v, true);
      // The index's figures are LiteLLM's figures: compare totals on the small side.
      const idx = await page(sides["10k"], v, false);
      if (Math.abs(idx.summary.result.totals.spend - small1.summary.result.totals.spend) > 1e-6 || idx.summary.result.totals.requests !== small1.summary.result.totals.requests)
        throw new Error(`index and live totals differ for ${v.name}`);
      const ratio = big1.ms / small1.ms;
      worstCold = Math.max(worstCold, ratio);
      coldCalls = Math.max(coldCalls, big1.calls, small1.calls);
      console.log(
        `usage-page-cold ${v.name.padEnd(22)} ratio ${ratio.toFixed(1)} (10M ${big1.ms.toFixed(0)} ms, 10k ${small1.ms.toFixed(1)} ms), litellm calls ${big1.calls}${big1.summary.partial ? ", partial (LiteLLM paged more rows than the console reads)" : ""}`,
      );
    }
    maxCalls = Math.max(maxCalls, coldCalls);
    ok &&= coldCalls <= CALLS_TARGET;
    console.log(`usage-page cold path: worst ratio ${worstCold.toFixed(1)} (not flat: LiteLLM's answer grows with active keys × days), at most ${coldCalls} LiteLLM calls per page`);
  }
  console.log(`usage-page summary: warm ratio worst ${worstRatio.toFixed(3)} (target <= ${RATIO_TARGET}), litellm calls per page <= ${maxCalls} (target <= ${CALLS_TARGET}); load average at end: ${load()}`);
  for (const s of Object.values(sides)) s.index.stop();
  await big.close();
  await small.close();
  console.log(ok ? "PASS" : "FAIL");
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
