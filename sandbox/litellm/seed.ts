// Demo data (stable ids) and bulk in-memory seeds for scale tests.
import type { Store, ModelRow } from "./state";
import { blankKeyRow } from "./key-store";
import { keyName, sha256Hex } from "./util";
import { blankTeam } from "./routes/teams";
import { blankUser } from "./routes/users";

/** Stable ids of the demo seed, for tests and e2e fixtures. */
export const DEMO = {
  teams: { platform: "team-platform", search: "team-search" },
  users: { alice: "user-alice", bob: "user-bob" },
  models: {
    gpt4oMini: "9b0c7a3e-1f6d-4c1a-9e51-000000000001",
    embedding: "9b0c7a3e-1f6d-4c1a-9e51-000000000002",
    llama3: "9b0c7a3e-1f6d-4c1a-9e51-000000000003",
    /** config.yaml model: db_model false, cannot be edited or deleted */
    configGpt4o: "9b0c7a3e-1f6d-4c1a-9e51-0000000000c1",
  },
  credential: "upstream-openai",
  /** Raw demo virtual key (team platform), known so e2e can call the data plane. */
  platformKey: "sk-sandbox-demo-platform-0001",
} as const;

const T0 = "2025-06-01T00:00:00.000Z";

function model(
  id: string,
  name: string,
  params: Record<string, unknown>,
  info: Record<string, unknown>,
  extra: Partial<ModelRow> = {},
): ModelRow {
  return {
    model_id: id,
    model_name: name,
    litellm_params: params,
    model_info: { id, ...info },
    blocked: false,
    created_at: T0,
    created_by: "default_user_id",
    updated_at: T0,
    updated_by: "default_user_id",
    ...extra,
  };
}

export function seedDemo(store: Store, upstreamUrl: string) {
  const up = upstreamUrl.replace(/\/+$/, "");
  store.credentials.set(DEMO.credential, {
    credential_name: DEMO.credential,
    credential_values: { api_key: "sk-upstream-good", api_base: `${up}/v1` },
    credential_info: { custom_llm_provider: "openai", description: "Sandbox upstream (OpenAI-compatible)" },
    created_at: T0,
    created_by: "default_user_id",
    updated_at: T0,
    updated_by: "default_user_id",
  });
  store.putModel(
    model(
      DEMO.models.gpt4oMini,
      "gpt-4o-mini",
      { model: "openai/gpt-4o-mini", api_base: `${up}/v1`, api_key: "sk-upstream-good" },
      { mode: "chat", access_groups: ["demo-chat"] },
    ),
  );
  store.putModel(
    model(
      DEMO.models.embedding,
      "text-embedding-3-small",
      { model: "openai/text-embedding-3-small", litellm_credential_name: DEMO.credential },
      { mode: "embedding", base_model: "text-embedding-3-small" },
    ),
  );
  store.putModel(model(DEMO.models.llama3, "llama3", { model: "ollama_chat/llama3", api_base: up }, { mode: "chat" }));
  store.putModel(
    model(
      DEMO.models.configGpt4o,
      "gpt-4o",
      { model: "openai/gpt-4o", api_base: `${up}/v1`, api_key: "sk-upstream-good" },
      { mode: "chat" },
      { config: true, created_by: "config", updated_by: "config" },
    ),
  );

  const alice = blankUser(DEMO.users.alice, T0);
  alice.user_email = "alice@example.com";
  alice.user_alias = "Alice";
  alice.teams = [DEMO.teams.platform];
  const bob = blankUser(DEMO.users.bob, T0);
  bob.user_email = "bob@example.com";
  bob.user_alias = "Bob";
  bob.teams = [DEMO.teams.search];
  store.users.set(alice.user_id, alice);
  store.users.set(bob.user_id, bob);

  const platform = blankTeam(DEMO.teams.platform, T0);
  platform.team_alias = "platform";
  platform.models = [];
  platform.members_with_roles = [{ role: "admin", user_id: alice.user_id, user_email: alice.user_email }];
  platform.members = [alice.user_id];
  platform.admins = [alice.user_id];
  const search = blankTeam(DEMO.teams.search, T0);
  search.team_alias = "search";
  search.models = ["text-embedding-3-small", "gpt-4o-mini"];
  search.members_with_roles = [{ role: "user", user_id: bob.user_id, user_email: bob.user_email }];
  search.members = [bob.user_id];
  store.teams.set(platform.team_id, platform);
  store.teams.set(search.team_id, search);
  store.memberships.push(
    { user_id: alice.user_id, team_id: platform.team_id, budget_id: null, spend: 0, max_budget_in_team: null },
    { user_id: bob.user_id, team_id: search.team_id, budget_id: null, spend: 0, max_budget_in_team: null },
  );

  const key = blankKeyRow(sha256Hex(DEMO.platformKey), T0);
  key.key_name = keyName(DEMO.platformKey);
  key.key_alias = "platform-demo";
  key.team_id = platform.team_id;
  key.user_id = alice.user_id;
  key.created_by = "default_user_id";
  key.updated_by = "default_user_id";
  store.keys.insert(key);
  store.changed();
}

/** N deployments in memory only (never persisted): two per group, pointing at the upstream. */
export function seedModels(store: Store, n: number, upstreamUrl: string) {
  const up = upstreamUrl.replace(/\/+$/, "");
  const base = Date.UTC(2025, 0, 1);
  for (let i = 0; i < n; i++) {
    const id = `seed-model-${String(i).padStart(6, "0")}`;
    const at = new Date(base + i * 1000).toISOString();
    store.models.set(id, {
      model_id: id,
      model_name: `seed-group-${String(i >> 1).padStart(5, "0")}`,
      litellm_params: {
        model: i % 3 === 0 ? "openai/text-embedding-3-small" : "openai/gpt-4o-mini",
        api_base: `${up}/v1`,
        api_key: "sk-upstream-good",
      },
      model_info: { id, mode: i % 3 === 0 ? "embedding" : "chat" },
      blocked: false,
      created_at: at,
      created_by: "seed",
      updated_at: at,
      updated_by: "seed",
      seeded: true,
    });
  }
  store.modelsVersion++;
}
