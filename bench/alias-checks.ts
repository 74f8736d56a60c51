// Alias-check latency at scale: 10,000 consumer aliases, 20,000 deployments, 1,000 candidates.
// Run: ./node_modules/.bin/tsx bench/alias-checks.ts
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
