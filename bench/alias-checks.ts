// Alias-check latency at scale: 10,000 consumer aliases, 20,000 deployments, 1,000 candidates; then the live check
// (`alias-checks live p95`): the wizard's check through the action's code path against a LiteLLM stand-in with 20,000
// deployments while the deployment index refreshes and other replicas write, spread over 60 s.
// Run: ./node_modules/.bin/tsx bench/alias-checks.ts   (ALIAS_LIVE_SECONDS=60; ALIAS_LIVE_SECONDS=0 skips the live part)
import { spawn, spawnSync } from "node:child_process";
import costMapJson from "../lib/catalog/data/model-cost-map.json";
import {
  buildIndex,
  checkCandidate,
  checkImport,
  checkRemoval,
  costMapDimensionFrom,
  coverage,
  type CandidateDeployment,
  type CheckContext,
  type ConsumerAlias,
  type Deployment,
  type Mode,
} from "../lib/aliases/checks";

// lib/ modules are `server-only`: like inside Next, they load under the react-server condition (re-run with it).
if (![...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ").includes("react-server")) {
  const child = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(child.status ?? 1);
}

const CONSUMER_COUNT = 10_000;
const DEPLOYMENT_COUNT = 20_000;
const CANDIDATE_COUNT = 1_000;
const P95_TARGET_MS = 20;

// Deterministic so runs are comparable.
let seed = 0x9e3779b9;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const chance = (p: number) => rand() < p;

interface ModelSpec {
  name: string;
  mode: Mode;
  size?: number;
  providers: string[];
}
const MODELS: ModelSpec[] = [
  { name: "gpt-4o", mode: "chat", providers: ["openai", "azure"] },
  { name: "gpt-4o-mini", mode: "chat", providers: ["openai", "azure"] },
  { name: "gpt-4.1", mode: "chat", providers: ["openai", "azure"] },
  { name: "gpt-4.1-mini", mode: "chat", providers: ["openai", "azure"] },
  { name: "o3-mini", mode: "chat", providers: ["openai", "azure"] },
  { name: "claude-3-5-sonnet", mode: "chat", providers: ["anthropic", "bedrock"] },
  { name: "claude-sonnet-4", mode: "chat", providers: ["anthropic", "bedrock"] },
  { name: "llama-3.1-8b-instruct", mode: "chat", providers: ["hosted_vllm", "bedrock"] },
  { name: "llama-3.3-70b-instruct", mode: "chat", providers: ["hosted_vllm"] },
  { name: "mistral-large", mode: "chat", providers: ["mistral"] },
  { name: "qwen2.5-72b-instruct", mode: "chat", providers: ["hosted_vllm"] },
  { name: "gemini-2.0-flash", mode: "chat", providers: ["vertex_ai", "gemini"] },
  { name: "text-embedding-3-large", mode: "embedding", size: 3072, providers: ["openai", "azure"] },
  { name: "text-embedding-3-small", mode: "embedding", size: 1536, providers: ["openai", "azure"] },
  { name: "text-embedding-ada-002", mode: "embedding", size: 1536, providers: ["openai", "azure"] },
  { name: "bge-m3", mode: "embedding", size: 1024, providers: ["hosted_vllm"] },
  { name: "nomic-embed-text", mode: "embedding", size: 768, providers: ["ollama", "hosted_vllm"] },
  { name: "e5-large-v2", mode: "embedding", size: 1024, providers: ["hosted_vllm"] },
  { name: "rerank-v3.5", mode: "rerank", providers: ["cohere"] },
  { name: "bge-reranker-v2-m3", mode: "rerank", providers: ["hosted_vllm"] },
  { name: "dall-e-3", mode: "image_generation", providers: ["openai", "azure"] },
  { name: "whisper-1", mode: "audio_transcription", providers: ["openai", "azure"] },
  { name: "tts-1", mode: "audio_speech", providers: ["openai"] },
];
const TEAM_WORDS = [
  "search",
  "support",
  "sales",
  "finance",
  "legal",
  "hr",
  "platform",
  "data",
  "risk",
  "growth",
  "claims",
  "ops",
  "security",
  "docs",
  "billing",
];
const TEAM_SUFFIXES = ["", "-emea", "-apac", "-us", "-core", "-labs", "-eu", "-ml", "-ai", "-web"];
const TEAMS = TEAM_WORDS.flatMap((w) => TEAM_SUFFIXES.map((s) => `${w}${s}`)); // 150 teams
const PURPOSES = ["rag", "chat", "summarise", "classify", "ingest", "query", "agent", "copilot", "triage", "translate", "extract", "draft"];
const APPS = ["portal", "bot", "pipeline", "indexer", "worker", "api", "assistant", "notebook", "etl", "crm-sync"];
const TIERS = ["", "-default", "-fast", "-large", "-v2"];

const consumers: ConsumerAlias[] = [];
const aliasModel = new Map<string, ModelSpec>();
const seenConsumerKeys = new Set<string>();
while (consumers.length < CONSUMER_COUNT) {
  const team = pick(TEAMS);
  const model = pick(MODELS);
  const alias = chance(0.05) ? model.name : `${team}-${pick(PURPOSES)}-${model.name}${pick(TIERS)}`;
  const consumer = `${team}-${pick(APPS)}`;
  const key = `${alias}|${consumer}`;
  if (seenConsumerKeys.has(key)) continue;
  seenConsumerKeys.add(key);
  const known = aliasModel.get(alias) ?? model;
  aliasModel.set(alias, known);
  consumers.push({
    alias,
    consumer,
    kind: known.mode,
    dimension: known.size != null ? (chance(0.03) ? 1536 + 512 : known.size) : undefined,
    teamId: chance(0.5) ? team : undefined,
    required: chance(0.4),
  });
}

const expectedAliases = [...aliasModel.keys()];
const deployments: Deployment[] = [];
let nextId = 0;
function addDeployment(alias: string, model: ModelSpec, teamId?: string) {
  const provider = pick(model.providers);
  deployments.push({
    id: `dep-${(++nextId).toString(36)}-${Math.floor(rand() * 1e9).toString(36)}`,
    alias,
    mode: chance(0.9) ? model.mode : undefined,
    outputVectorSize: model.size != null && chance(0.8) ? model.size : undefined,
    baseModel: provider === "azure" && chance(0.5) ? `azure/${alias}-deployment` : `${provider}/${model.name}`,
    teamId,
    dbModel: chance(0.8),
  });
}
// Most expected aliases are served, many by a load-balancing group of 2-3 deployments.
for (const alias of expectedAliases) {
  if (deployments.length >= DEPLOYMENT_COUNT) break;
  if (chance(0.1)) continue;
  const model = aliasModel.get(alias)!;
  const copies = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < copies; i++) addDeployment(alias, model, chance(0.1) ? pick(TEAMS) : undefined);
}
// The rest: aliases nobody has registered an expectation for yet.
while (deployments.length < DEPLOYMENT_COUNT) {
  const model = pick(MODELS);
  addDeployment(
    `${pick(TEAMS)}-${pick(PURPOSES)}-${model.name}-${pick(["exp", "canary", "shadow", "eval", "beta"])}`,
    model,
    chance(0.2) ? pick(TEAMS) : undefined,
  );
}

const ctx: CheckContext = { consumers, deployments, costMapDimension: costMapDimensionFrom(costMapJson as Record<string, unknown>) };

const typo = (s: string) => {
  const i = 2 + Math.floor(rand() * (s.length - 3));
  return chance(0.5) ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
};
function makeCandidate(): CandidateDeployment {
  const alias = pick(expectedAliases);
  const model = aliasModel.get(alias)!;
  const base: CandidateDeployment = {
    alias,
    mode: model.mode,
    baseModel: `${pick(model.providers)}/${model.name}`,
    outputVectorSize: model.size,
    teamId: chance(0.1) ? pick(TEAMS) : undefined,
  };
  const r = rand();
  if (r < 0.3) return base; // join an existing group
  if (r < 0.4) return { ...base, replacingDeploymentId: pick(deployments).id }; // an edit
  if (r < 0.5) return { ...base, mode: model.mode === "embedding" ? "chat" : "embedding", outputVectorSize: 1536 }; // wrong kind
  if (r < 0.6)
    return {
      ...base,
      mode: "embedding",
      baseModel: "openai/text-embedding-3-large",
      outputVectorSize: chance(0.5) ? 1536 : undefined,
      dimensions: chance(0.3) ? 1024 : undefined,
    };
  if (r < 0.7) return { ...base, alias: typo(alias) }; // near-duplicate
  if (r < 0.8) return { ...base, alias: `${alias}-${pick(["2024-08-06", "20240101", "eastus-deployment"])}` }; // unstable name
  if (r < 0.85) return { ...base, alias: alias.toUpperCase().replace(/-/g, " ") }; // shape
  const fresh = pick(MODELS);
  return {
    alias: `${pick(TEAMS)}-${pick(PURPOSES)}-${fresh.name}-new${Math.floor(rand() * 1000)}`,
    mode: fresh.mode,
    baseModel: `${pick(fresh.providers)}/${fresh.name}`,
    outputVectorSize: fresh.size,
  };
}
const candidates = Array.from({ length: CANDIDATE_COUNT }, makeCandidate);
const removals = Array.from({ length: CANDIDATE_COUNT }, () => {
  const d = pick(deployments);
  return chance(0.5)
    ? { deploymentId: d.id, kind: "delete" as const }
    : { deploymentId: d.id, kind: "rename" as const, newAlias: `${d.alias}-renamed` };
});

const ms = (start: number) => performance.now() - start;
const fmt = (x: number) => x.toFixed(3);

let t = performance.now();
const index = buildIndex(ctx);
const buildMs = ms(t);

const samples: number[] = [];
const counts = { block: 0, confirm: 0, warn: 0, clean: 0 };
for (let i = 0; i < CANDIDATE_COUNT; i++) {
  t = performance.now();
  const findings = checkCandidate(candidates[i], index, { confirmedGroupJoin: chance(0.2) });
  // Every candidate also pays for a rename/delete check (rule 7) and, for renames, the new alias's rules.
  const removal = checkRemoval(removals[i], index);
  if (removals[i].kind === "rename") {
    const d = index.deploymentsById.get(removals[i].deploymentId)!;
    checkCandidate(
      {
        alias: removals[i].newAlias!,
        mode: d.mode ?? "chat",
        baseModel: d.baseModel,
        outputVectorSize: d.outputVectorSize,
        teamId: d.teamId,
        replacingDeploymentId: d.id,
      },
      index,
    );
  }
  samples.push(ms(t));
  const all = [...findings, ...removal];
  if (all.length === 0) counts.clean++;
  for (const f of all) counts[f.severity]++;
}
samples.sort((a, b) => a - b);
const quantile = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
const p50 = quantile(0.5);
const p95 = quantile(0.95);

t = performance.now();
const importFindings = checkImport(consumers.slice(0, 1_000), index);
const importMs = ms(t);
t = performance.now();
const rows = coverage(index);
const coverageMs = ms(t);

console.log(
  `alias-checks data ${consumers.length} consumer aliases (${expectedAliases.length} distinct), ${deployments.length} deployments, ${CANDIDATE_COUNT} candidates`,
);
console.log(`alias-checks index build ${fmt(buildMs)} ms`);
console.log(`alias-checks findings block ${counts.block} confirm ${counts.confirm} warn ${counts.warn} clean ${counts.clean}`);
console.log(`alias-checks p50 ${fmt(p50)} ms`);
console.log(`alias-checks p95 ${fmt(p95)} ms`);
console.log(`alias-checks max ${fmt(samples[samples.length - 1])} ms`);
console.log(`alias-checks import 1000 records ${fmt(importMs)} ms (${importFindings.length} findings)`);
console.log(`alias-checks coverage ${rows.length} rows ${fmt(coverageMs)} ms (${rows.filter((r) => r.status !== "ok").length} problems)`);
console.log(`alias-checks p95 target ${P95_TARGET_MS} ms ratio ${(p95 / P95_TARGET_MS).toFixed(4)}`);

// ---------- live: through the action's code path, refreshes and other replicas' writes included ----------

const LIVE_SECONDS = Number(process.env.ALIAS_LIVE_SECONDS ?? 60);
const LIVE_INTERVAL_MS = 50;
const LIVE_PORT = 5000 + Number(process.env.E2E_PORT_OFFSET ?? 0) + 450;
const MASTER = "sk-sandbox-master-key";

async function live() {
  Object.assign(process.env, {
    DATABASE_URL: "pglite:memory://",
    LITELLM_URL: `http://127.0.0.1:${LIVE_PORT}`,
    LITELLM_MASTER_KEY: MASTER,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0000",
    AUTH_URL: "http://localhost:3000",
    // Shorter than the 10 s default so a minute holds several incremental refreshes (and one full read).
    DEPLOYMENT_INDEX_REFRESH_MS: "3000",
    DEPLOYMENT_INDEX_FULL_SYNC_MS: "30000",
  });
  // The stand-in in its own process, as LiteLLM would be: its work does not land on the console's event loop.
  const sandbox = spawn(
    process.execPath,
    [...process.execArgv.filter((a) => !a.includes("react-server")), "sandbox/litellm/main.ts", "--reset", "--seed", "demo", "--seed-models", "20000"],
    { env: { ...process.env, LITELLM_SANDBOX_PORT: String(LIVE_PORT), LITELLM_SANDBOX_STATE: `${process.env.TMPDIR ?? "/tmp"}/gatehouse-alias-live-${process.pid}.json` }, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    sandbox.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("listening") && resolve());
    sandbox.on("exit", (code) => reject(new Error(`sandbox exited ${code}`)));
  });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${LIVE_PORT}${path}`, {
      method,
      headers: { authorization: `Bearer ${MASTER}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json() as Promise<Record<string, unknown>>;
  };
  try {
    const { prisma } = await import("../lib/db");
    const { checkModelCandidateSchema } = await import("../lib/aliases/schemas");
    const { checkModelCandidate } = await import("../lib/aliases/service");
    const { loadCheckIndex } = await import("../lib/aliases/context");
    const { getDeploymentIndex } = await import("../lib/deployments/index-store");
    const db = await prisma();
    // 10,000 consumer aliases: the generated ones, a fifth of them pointed at the stand-in's seeded groups.
    const rows = consumers.map((c, i) => ({
      alias: i % 5 === 0 ? `seed-group-${String(i).padStart(5, "0")}` : c.alias,
      consumer: c.consumer,
      kind: i % 5 === 0 ? (i % 3 === 0 ? "embedding" : "chat") : c.kind,
      dimension: i % 5 === 0 ? (i % 3 === 0 ? 1536 : null) : (c.dimension ?? null),
      teamId: c.teamId ?? null,
      required: c.required,
      note: null,
      createdBy: "bench",
    }));
    for (let i = 0; i < rows.length; i += 1000) await db.consumerAlias.createMany({ data: rows.slice(i, i + 1000), skipDuplicates: true });

    const index = getDeploymentIndex();
    let t0 = performance.now();
    await loadCheckIndex();
    const warmMs = ms(t0);
    const user = { id: "local:admin", provider: "local" as const, username: "admin", name: "Admin", role: "admin" as const, teams: [] };
    const ctxLive = { user, request: { ip: "127.0.0.1", userAgent: "bench" } };
    const seeded = (n: number) => `seed-group-${String(n).padStart(5, "0")}`;

    const liveSamples: number[] = [];
    const writes = { otherReplica: 0, own: 0, consumer: 0, deleted: 0 };
    const started = performance.now();
    const end = started + LIVE_SECONDS * 1000;
    let n = 0;
    const writer = (async () => {
      // Another replica writes to LiteLLM (seen through incremental refreshes), this replica writes (refreshAfterWrite),
      // another replica registers a consumer alias (a background rebuild) and deletes a deployment (a full read).
      let step = 0;
      while (performance.now() < end) {
        await new Promise((r) => setTimeout(r, 2_000));
        step++;
        const id = `live-${step}`;
        await api("POST", "/model/new", { model_name: seeded(step * 37), litellm_params: { model: "openai/gpt-4o-mini" }, model_info: { id, mode: "chat" } });
        writes.otherReplica++;
        if (step % 5 === 0) {
          const created = await api("POST", "/model/new", { model_name: `own-${step}`, litellm_params: { model: "openai/gpt-4o-mini" }, model_info: { id: `own-${step}`, mode: "chat" } });
          void created;
          const info = (await api("GET", `/model/info?litellm_model_id=own-${step}`)) as { data: never[] };
          index.refreshAfterWrite({ upsert: info.data });
          writes.own++;
        }
        if (step === 12) {
          await db.consumerAlias.create({ data: { alias: "live-registered", consumer: "other-replica", kind: "chat", required: false, createdBy: "bench" } });
          writes.consumer++;
        }
        if (step === 20) {
          await api("POST", "/model/delete", { id: "live-1" });
          writes.deleted++;
        }
      }
    })();
    while (performance.now() < end) {
      const model = n % 3 === 0 ? "text-embedding-3-small" : "gpt-4o-mini";
      const raw = {
        alias: n % 4 === 0 ? seeded((n * 13) % 10_000) : `wizard-typed-${n}`,
        mode: n % 3 === 0 ? "embedding" : "chat",
        baseModel: `openai/${model}`,
        outputVectorSize: n % 3 === 0 ? 1536 : undefined,
      };
      t0 = performance.now();
      const input = checkModelCandidateSchema.parse(raw);
      await checkModelCandidate({ ctx: ctxLive, input });
      liveSamples.push(ms(t0));
      n++;
      await new Promise((r) => setTimeout(r, LIVE_INTERVAL_MS));
    }
    await writer;
    liveSamples.sort((a, b) => a - b);
    const q = (p: number) => liveSamples[Math.min(liveSamples.length - 1, Math.ceil(p * liveSamples.length) - 1)];
    const status = index.status();
    if (typeof global.gc === "function") global.gc();
    console.log(
      `alias-checks live ${liveSamples.length} checks over ${LIVE_SECONDS} s; warm-up (first check, cold index) ${fmt(warmMs)} ms; ` +
        `writes: ${writes.otherReplica} by another replica, ${writes.own} own, ${writes.consumer} consumer alias elsewhere, ${writes.deleted} delete; ` +
        `index ${status.size} deployments, version ${status.version}, last full read ${status.lastFullSync?.calls ?? 0} calls in ${status.lastFullSync?.ms ?? 0} ms`,
    );
    console.log(`alias-checks live p50 ${fmt(q(0.5))} ms, max ${fmt(liveSamples[liveSamples.length - 1])} ms`);
    console.log(`alias-checks live p95 ${fmt(q(0.95))} ms (goal <= ${P95_TARGET_MS} ms) ratio ${(q(0.95) / P95_TARGET_MS).toFixed(4)}`);
    index.stop();
    await db.$disconnect?.();
    return q(0.95) <= P95_TARGET_MS;
  } finally {
    sandbox.kill("SIGTERM");
  }
}

if (LIVE_SECONDS > 0) {
  live().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
