// Memory of one replica's deployment index at 20,000 deployments (the README's figure), and of the alias checks' index
// built from it with 10,000 consumer aliases. Rows are shaped like the stand-in's /v2/model/info answers (cost-map
// fields merged into model_info), with team models, credentials and access groups mixed in. The index keeps each
// deployment's secret-free litellm_params and model_info (what config-as-code plans and exports read), interned: the
// rows vary like a real fleet (500 in-cluster vLLM endpoints, Azure API versions, per-deployment limits, unique team
// aliases), and carry an api_key the index must drop.
// Run: node --expose-gc --import tsx bench/deployment-index-memory.ts
import { buildIndex, type ConsumerAlias } from "../lib/aliases/checks";
import { DeploymentSnapshot, internStats, toIndexed, type DeploymentSource } from "../lib/deployments/snapshot";

const N = Number(process.env.BENCH_DEPLOYMENTS ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const heap = () => {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
};

function row(i: number): DeploymentSource {
  const embedding = i % 3 === 0;
  const team = i % 10 === 0 ? `team-${i % 150}` : undefined;
  return {
    model_name: team ? `model_name_${team}_${i}` : `seed-group-${String(i >> 1).padStart(5, "0")}`,
    litellm_params: {
      model: i % 4 === 0 ? `hosted_vllm/llama-${i % 37}` : embedding ? "openai/text-embedding-3-small" : "openai/gpt-4o-mini",
      api_base: i % 4 === 0 ? `http://vllm-${i % 500}.models-${i % 20}.svc.cluster.local:8000/v1` : "http://upstream/v1",
      api_key: `sk-upstream-secret-${i}`,
      ...(i % 9 === 0 ? { api_version: `2024-${String((i % 12) + 1).padStart(2, "0")}-01-preview` } : {}),
      litellm_credential_name: i % 7 === 0 ? `cred-${i % 40}` : undefined,
      rpm: 100 + (i % 50),
      tpm: 10_000,
    },
    model_info: {
      id: `seed-model-${String(i).padStart(6, "0")}`,
      db_model: true,
      mode: embedding ? "embedding" : "chat",
      team_id: team,
      team_public_model_name: team ? `team-alias-${i}` : undefined,
      access_groups: i % 5 === 0 ? ["restricted"] : [],
      litellm_provider: "openai",
      output_vector_size: embedding ? 1536 : null,
      created_at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
      updated_at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
      max_input_tokens: 128000,
      input_cost_per_token: 1.5e-7,
      output_cost_per_token: 6e-7,
      supports_function_calling: true,
    },
  };
}

const before = heap();
const snapshot = DeploymentSnapshot.empty().replace(Array.from({ length: N }, (_, i) => toIndexed(row(i))), Date.now()).snapshot;
snapshot.counts();
snapshot.modelNames();
const afterSnapshot = heap();
const consumers: ConsumerAlias[] = Array.from({ length: 10_000 }, (_, i) => ({ alias: `seed-group-${String(i).padStart(5, "0")}`, consumer: `app-${i % 300}`, kind: i % 3 === 0 ? "embedding" : "chat", dimension: i % 3 === 0 ? 1536 : undefined, required: i % 2 === 0 }));
const checks = buildIndex({
  consumers,
  deployments: [...snapshot.all()].map((d) => ({ id: d.id, alias: d.alias, baseModel: d.upstreamModel, dbModel: true, mode: d.mode === "embedding" ? "embedding" : "chat" })),
  costMapDimension: () => ({ supportsShortening: false }),
});
const afterChecks = heap();
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
console.log(`deployment-index memory ${snapshot.size} deployments: snapshot ${mb(afterSnapshot - before)} MB (${((afterSnapshot - before) / snapshot.size).toFixed(0)} bytes each)`);
const leaked = [...snapshot.all()].filter((d) => "api_key" in d.params).length;
if (leaked > 0) throw new Error(`${leaked} records kept an api_key`);
const shared = internStats();
console.log(`deployment-index memory includes secret-free litellm_params + model_info: ${shared.objects} distinct settings objects, ${shared.strings} distinct strings for ${snapshot.size * 2} objects (api_key dropped from all)`);
console.log(`deployment-index memory alias checks' index (+10,000 consumer aliases): ${mb(afterChecks - afterSnapshot)} MB; total ${mb(afterChecks - before)} MB`);
void checks;
// For scale: the same rows kept as read (JSON-parsed, un-interned, secrets and all), as a per-plan read would hold them.
const beforeRaw = heap();
const raw = Array.from({ length: N }, (_, i) => JSON.parse(JSON.stringify(row(i))) as DeploymentSource);
const afterRaw = heap();
console.log(`deployment-index memory for comparison: the ${raw.length} rows as read (un-interned) ${mb(afterRaw - beforeRaw)} MB`);
