// Scale bench of the LiteLLM sandbox: 1,000,000 keys + 20,000 deployments, page latencies.
// Run: ./node_modules/.bin/tsx bench/sandbox-scale.ts
import { startLiteLLMSandbox } from "../sandbox/litellm/server";
import { apiClient } from "../sandbox/litellm/testing";

const KEYS = Number(process.env.BENCH_SEED_KEYS ?? 1_000_000);
const MODELS = Number(process.env.BENCH_SEED_MODELS ?? 20_000);
const RUNS = 50;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(label: string, run: () => Promise<number>) {
  await run(); // warm-up (first call builds caches)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const status = await run();
    times.push(performance.now() - t);
    if (status !== 200) throw new Error(`${label}: HTTP ${status}`);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`${label} p50 ${pct(times, 50).toFixed(1)} ms\n`);
  process.stdout.write(`${label} p95 ${pct(times, 95).toFixed(1)} ms\n`);
}

async function main() {
  const t0 = performance.now();
  const sb = await startLiteLLMSandbox({ port: 0, seed: "none", seedKeys: KEYS, seedModels: MODELS });
  process.stdout.write(`seed ${KEYS} keys + ${MODELS} deployments ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  const api = apiClient(sb.url, sb.masterKey);
  try {
    const keyPages = Math.ceil(KEYS / 100);
    const modelPages = Math.ceil(MODELS / 100);
    for (const [name, page] of [
      ["first", 1],
      ["middle", Math.ceil(keyPages / 2)],
      ["last", keyPages],
    ] as const) {
      await measure(`key-list ${name} page latency`, async () => {
        const r = await api("GET", `/key/list?size=100&page=${page}`);
        if (r.json.keys.length === 0) throw new Error("empty page");
        return r.status;
      });
    }
    for (const [name, page] of [
      ["first", 1],
      ["middle", Math.ceil(modelPages / 2)],
      ["last", modelPages],
    ] as const) {
      await measure(`v2-model-info ${name} page latency`, async () => (await api("GET", `/v2/model/info?size=100&page=${page}`)).status);
    }
    await measure(
      "key-list full-object middle page latency",
      async () => (await api("GET", `/key/list?size=100&page=${Math.ceil(keyPages / 2)}&return_full_object=true`)).status,
    );
  } finally {
    await sb.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
