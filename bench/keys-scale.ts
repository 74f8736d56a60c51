// The keys page at scale: its server time must not grow with the number of keys in LiteLLM, must cost little more
// than the one /key/list call it wraps, and must make at most 2 LiteLLM calls (no N+1).
// Run: ./node_modules/.bin/tsx bench/keys-scale.ts   (KEYS_BENCH_RUNS=200 by default)
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";

import type { KeyServiceDeps } from "../lib/keys/service";

const MASTER = "sk-sandbox-master-key";
const BIG = 1_000_000;
const SMALL = 100;
const RUNS = Number(process.env.KEYS_BENCH_RUNS ?? 200);
const LATENCY_MS = 50;
const LIMITS = { scale: 1.2, overhead: 1.15, calls: 2 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

/** A fetch that counts the LiteLLM calls made through it. */
function countingFetch() {
  const calls: string[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    calls.push(new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url).pathname);
    return fetch(input, init);
  };
  return { calls, fetchImpl };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 3));

/** Times one call after letting the previous one's server-side tail finish (both sandboxes share this process). */
async function time(fn: () => Promise<unknown>): Promise<number> {
  await settle();
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main() {
  // The page's modules are `server-only`; like inside Next, they load under the react-server condition.
  const conditions = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ");
  if (!conditions.includes("react-server")) {
    const child = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], {
      stdio: "inherit",
    });
    process.exit(child.status ?? 1);
  }
  const { keyListParamsSchema } = await import("../lib/keys/schemas");
  const { listKeysPage } = await import("../lib/keys/service");
  const { ADMIN, clientFor, testDeps } = await import("../lib/keys/testing");
  const { startLiteLLMSandbox } = await import("../sandbox/litellm/server");

  const started = performance.now();
  const [big, small] = await Promise.all([
    startLiteLLMSandbox({ port: 0, masterKey: MASTER, stateFile: null, seed: "demo", seedKeys: BIG }),
    startLiteLLMSandbox({ port: 0, masterKey: MASTER, stateFile: null, seed: "demo", seedKeys: SMALL }),
  ]);
  console.log(
    `sandboxes up in ${((performance.now() - started) / 1000).toFixed(1)} s (${BIG.toLocaleString("en-US")} and ${SMALL} seeded keys)`,
  );
  let failed = false;
  try {
    const params = keyListParamsSchema.parse({}); // what /keys renders first: page 1, 25 keys, newest first
    const setup = (url: string) => {
      const counter = countingFetch();
      const litellm = clientFor(url, MASTER, counter.fetchImpl);
      const deps: KeyServiceDeps = testDeps({ litellm, db: null, publicUrl: url });
      return { counter, litellm, deps, page: () => listKeysPage({ user: ADMIN, params, deps }) };
    };
    const b = setup(big.url);
    const s = setup(small.url);

    // Calls per page: cold (first request of a process) and warm (team names cached for 30 s).
    const cold = await b.page();
    const coldCalls = [...b.counter.calls];
    b.counter.calls.length = 0;
    await b.page();
    const warmCalls = [...b.counter.calls];
    if (cold.totalCount < BIG) throw new Error(`expected ${BIG} keys, LiteLLM reported ${cold.totalCount}`);

    // 1. Scale: the same page against 1,000,000 and 100 keys, interleaved so both see the same machine state.
    for (let i = 0; i < 5; i++) await Promise.all([b.page(), s.page()]);
    const bigTimes: number[] = [];
    const smallTimes: number[] = [];
    // Alternate which goes first (ABBA): whichever runs second in a pair pays for the first one's leftovers.
    for (let i = 0; i < RUNS; i++) {
      if (i % 2 === 0) {
        bigTimes.push(await time(b.page));
        smallTimes.push(await time(s.page));
      } else {
        smallTimes.push(await time(s.page));
        bigTimes.push(await time(b.page));
      }
    }
    // Median of per-pair ratios: the two calls of a pair ran back to back, so machine load cancels out.
    const pairedRatio = (xs: number[], ys: number[]) => median(xs.map((x, i) => x / ys[i]!));
    const scaleRatio = pairedRatio(bigTimes, smallTimes);

    // 2. Overhead: 50 ms injected on every LiteLLM call; the page vs the raw /key/list request it wraps.
    const fault = await fetch(`${big.url}/__sandbox/faults`, {
      method: "POST",
      headers: { authorization: `Bearer ${MASTER}`, "content-type": "application/json" },
      body: JSON.stringify([{ route: "*", latencyMs: LATENCY_MS }]),
    });
    if (!fault.ok) throw new Error(`could not set the latency fault: HTTP ${fault.status}`);
    const raw = () =>
      b.litellm.keys.list({
        page: params.page,
        size: params.size,
        return_full_object: true,
        sort_by: params.sort,
        sort_order: params.order,
      });
    await Promise.all([b.page(), raw()]);
    const pageTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < Math.max(10, RUNS / 2); i++) {
      if (i % 2 === 0) {
        pageTimes.push(await time(b.page));
        rawTimes.push(await time(raw));
      } else {
        rawTimes.push(await time(raw));
        pageTimes.push(await time(b.page));
      }
    }
    const overheadRatio = pairedRatio(pageTimes, rawTimes);

    console.log(
      `keys-page server time: ${SMALL} keys ${fmt(median(smallTimes))}, ${BIG.toLocaleString("en-US")} keys ${fmt(median(bigTimes))} (median of ${RUNS}; the ratio is the median of back-to-back pairs)`,
    );
    console.log(`keys-page 1M/100 ratio ${scaleRatio.toFixed(2)} (limit ${LIMITS.scale})`);
    console.log(
      `keys-page vs raw /key/list at ${LATENCY_MS}ms ratio ${overheadRatio.toFixed(2)} (page ${fmt(median(pageTimes))}, raw ${fmt(median(rawTimes))}; limit ${LIMITS.overhead})`,
    );
    console.log(
      `keys-page litellm calls ${Math.max(coldCalls.length, warmCalls.length)} (cold: ${coldCalls.join(" + ")}; warm: ${warmCalls.join(" + ")}; limit ${LIMITS.calls})`,
    );
    failed =
      scaleRatio > LIMITS.scale || overheadRatio > LIMITS.overhead || coldCalls.length > LIMITS.calls || warmCalls.length > LIMITS.calls;
    console.log(failed ? "FAIL" : "PASS");
  } finally {
    await Promise.all([big.close(), small.close()]);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`keys-scale bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
