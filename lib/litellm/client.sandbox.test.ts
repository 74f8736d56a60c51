import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { startUpstream } from "@/sandbox/upstream/server";

import { isAliasConflict, isNotFound, LiteLLMError } from "./errors";
import { createLiteLLMClient, NO_MASTER_KEY_REASON, type LiteLLMClient } from "./index";

/**
 * The client against the LiteLLM sandbox in both version personalities: 1.80.0 (old key durations, unpaginated
 * /v2/model/info, no key_alias on /key/update) and 1.96.0.
 */
const DAY_MS = 86_400_000;

type Sandbox = Awaited<ReturnType<typeof startLiteLLMSandbox>>;
type Upstream = Awaited<ReturnType<typeof startUpstream>>;

/** LiteLLM sometimes returns naive UTC timestamps; read them as UTC. */
function parseTimestamp(value: string): number {
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
}

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream({ port: 0 });
});
afterAll(async () => {
  await upstream?.close();
});

describe.each(["1.80.0", "1.96.0"])("LiteLLM %s personality", (version) => {
  let sandbox: Sandbox;
  let client: LiteLLMClient;
  const masterKey = "sk-sandbox-master-0123456789";

  beforeAll(async () => {
    sandbox = await startLiteLLMSandbox({
      port: 0,
      masterKey,
      version,
      stateFile: null,
      reset: true,
      seed: "none",
      upstreamUrl: upstream.url,
    });
    client = createLiteLLMClient({ baseUrl: sandbox.url, masterKey, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("detects the version and its switches", async () => {
    const info = await client.version();
    expect(info.version).toBe(version);
    expect(info.features.keyDurationIsExact).toBe(version === "1.96.0");
    expect(info.features.supportsV2ModelPagination).toBe(version === "1.96.0");
  });

  it("reports the master key as enforced", async () => {
    await expect(client.checkMasterKeyEnforced()).resolves.toEqual({ enforced: true });
  });

  it("create → re-read → update → delete a deployment", async () => {
    const created = await client.models.create({
      model_name: `sandbox-chat-${version}`,
      litellm_params: { model: "openai/gpt-4o-mini", api_base: `${upstream.url}/v1`, api_key: "sk-upstream-secret-123456", rpm: 10 },
      model_info: { mode: "chat" },
    });
    const id = created.model_info.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.model_name).toBe(`sandbox-chat-${version}`);
    expect(created.litellm_params.model).toBe("openai/gpt-4o-mini");
    // Secrets never come back (§8.4).
    expect(JSON.stringify(created)).not.toContain("sk-upstream-secret");

    const reread = await client.models.info(id);
    expect(reread.model_info.id).toBe(id);
    expect(reread.model_info.db_model).toBe(true);

    const updated = await client.models.update(id, { litellm_params: { rpm: 42 } });
    expect(updated.litellm_params.rpm).toBe(42);
    expect(updated.litellm_params.model).toBe("openai/gpt-4o-mini");

    await client.models.delete(id);
    const gone = await client.models.find(id);
    expect(gone).toBeNull();
    expect(isNotFound(await client.models.info(id).catch((e) => e))).toBe(true);
    expect(isNotFound(await client.models.delete(id).catch((e) => e))).toBe(true);
  });

  it("clearing a field either really clears it or says it cannot — never pretends", async () => {
    await client.credentials.create({
      credential_name: `clear-cred-${version}`,
      credential_info: { custom_llm_provider: "openai" },
      credential_values: { api_key: "sk-upstream-secret-123456" },
    });
    const created = await client.models.create({
      model_name: `sandbox-clear-${version}`,
      litellm_params: { model: "openai/gpt-4o-mini", litellm_credential_name: `clear-cred-${version}` },
    });
    const id = created.model_info.id;
    const outcome = await client.models.update(id, { clear: ["litellm_credential_name"] }).catch((e: unknown) => e);
    const after = await client.models.info(id);
    if (outcome instanceof LiteLLMError) {
      expect(outcome.type).toBe("clear_not_supported");
      expect(after.litellm_params.litellm_credential_name).toBe(`clear-cred-${version}`);
    } else {
      expect(after.litellm_params.litellm_credential_name ?? null).toBeNull();
    }
    await expect(client.models.update(id, { clear: ["api_base"] })).rejects.toMatchObject({ type: "clear_not_supported" });
    await client.models.delete(id);
  });

  it("models.listPage pages and searches", async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const d = await client.models.create({ model_name: `page-model-${n}`, litellm_params: { model: "openai/gpt-4o-mini" } });
      ids.push(d.model_info.id);
    }
    const first = await client.models.listPage({ page: 1, size: 2, search: "page-model" });
    expect(first.totalCount).toBe(3);
    expect(first.data).toHaveLength(2);
    expect(first.pageSize).toBe(2);
    expect(first.totalPages).toBe(2);
    const second = await client.models.listPage({ page: 2, size: 2, search: "page-model" });
    expect(second.data).toHaveLength(1);
    const seen = [...first.data, ...second.data].map((d) => d.model_info.id).sort();
    expect(seen).toEqual([...ids].sort());
    for (const id of ids) await client.models.delete(id);
  });

  it("a key with duration 30d expires exactly ~30 days from now", async () => {
    const before = Date.now();
    const key = await client.keys.generate({ key_alias: `thirty-days-${version}`, duration: "30d", max_budget: 5 });
    expect(key.key).toMatch(/^sk-/);
    expect(key.token).not.toBe(key.key);
    expect(key.expires).not.toBeNull();
    const expires = parseTimestamp(key.expires!);
    expect(Math.abs(expires - (before + 30 * DAY_MS))).toBeLessThan(5 * 60_000);

    // What LiteLLM stores agrees with what generate returned.
    const stored = await client.keys.info(key.token);
    expect(Math.abs(parseTimestamp(stored.expires!) - expires)).toBeLessThan(5_000);
    expect(stored.max_budget).toBe(5);
    // The raw key is accepted too (hashed by the client).
    expect((await client.keys.info(key.key)).token).toBe(key.token);
  });

  it("a duplicate key alias is an alias conflict", async () => {
    await client.keys.generate({ key_alias: `dup-${version}` });
    const error = await client.keys.generate({ key_alias: `dup-${version}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiteLLMError);
    expect(isAliasConflict(error)).toBe(true);
  });

  it("keys.update by alias works in both versions", async () => {
    const key = await client.keys.generate({ key_alias: `by-alias-${version}` });
    const updated = await client.keys.update({ alias: `by-alias-${version}` }, { rpm_limit: 7 });
    expect(updated.rpm_limit).toBe(7);
    expect((await client.keys.info(key.token)).rpm_limit).toBe(7);
    const page = await client.keys.list({ key_alias: `by-alias-${version}`, size: 100 });
    expect(page.data.map((k) => k.token)).toContain(key.token);
    await client.keys.delete({ keys: [key.token] });
    expect(isNotFound(await client.keys.info(key.token).catch((e) => e))).toBe(true);
  });

  it("teams and users parse in this version", async () => {
    const team = await client.teams.create({ team_alias: `team-${version}`, max_budget: 50, models: ["gpt-4o-mini"] });
    expect(team.team_id).toBeTruthy();
    const user = await client.users.create({ user_email: `dev-${version}@example.com`, user_role: "internal_user" });
    expect(user.user_id).toBeTruthy();
    expect(user.key ?? null).toBeNull();
    await client.teams.memberAdd({ team_id: team.team_id, member: { role: "user", user_id: user.user_id } });
    const info = await client.teams.info(team.team_id);
    expect(info.team_info.team_alias).toBe(`team-${version}`);
    expect(info.team_info.members_with_roles?.map((m) => m.user_id)).toContain(user.user_id);
    const updated = await client.teams.update({ team_id: team.team_id, max_budget: 75 });
    expect(updated.max_budget).toBe(75);
    expect((await client.teams.list()).map((t) => t.team_id)).toContain(team.team_id);
    const page = await client.teams.listPage({ page: 1, pageSize: 100 });
    expect(page.data.map((t) => t.team_id)).toContain(team.team_id);
    await client.teams.memberDelete({ team_id: team.team_id, user_id: user.user_id });
    expect(isNotFound(await client.teams.info("no-such-team").catch((e) => e))).toBe(true);
    const users = await client.users.list({ pageSize: 100 });
    expect(users.data.map((u) => u.user_id)).toContain(user.user_id);
  });

  it("health and public catalogue routes parse", async () => {
    await expect(client.health.liveliness()).resolves.toMatchObject({ alive: true });
    const fields = await client.public.providerFields();
    expect(fields.find((p) => p.litellm_provider === "openai")?.credential_fields.map((f) => f.key)).toContain("api_key");
    expect((await client.public.providers()).length).toBeGreaterThan(10);
    const costMap = await client.public.costMap();
    expect(costMap["text-embedding-3-small"]?.output_vector_size).toBe(1536);
  });

  it("test_connection: ok with the right upstream key, a clean error with a wrong one", async () => {
    const params = { model: "openai/gpt-4o-mini", api_base: `${upstream.url}/v1` };
    const good = await client.health.testConnection({ mode: "chat", litellm_params: { ...params, api_key: "sk-upstream-good" } });
    expect(good).toMatchObject({ ok: true });
    const bad = await client.health.testConnection({ mode: "chat", litellm_params: { ...params, api_key: "sk-upstream-wrong-123456" } });
    expect(bad.ok).toBe(false);
    expect(bad.error).toBeTruthy();
    expect(bad.error).not.toContain("sk-upstream-wrong-123456");
    expect(bad.error).not.toMatch(/stack trace/i);
  });

  it("credentials: a 200 body that is an error surfaces as a LiteLLMError", async () => {
    await client.credentials.create({
      credential_name: `cred-${version}`,
      credential_info: { custom_llm_provider: "openai" },
      credential_values: { api_key: "sk-upstream-secret-123456" },
    });
    const listed = await client.credentials.list();
    expect(listed.map((c) => c.credential_name)).toContain(`cred-${version}`);
    expect(JSON.stringify(listed)).not.toContain("sk-upstream-secret-123456");

    const error = await client.credentials
      .update(`missing-${version}`, { credential_name: `missing-${version}`, credential_info: {}, credential_values: { api_key: "x" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiteLLMError);
    expect(isNotFound(error)).toBe(true);
    await client.credentials.delete(`cred-${version}`);
  });
});

describe("a proxy with no master key", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startLiteLLMSandbox({
      port: 0,
      masterKey: null,
      version: "1.96.0",
      stateFile: null,
      reset: true,
      seed: "none",
      upstreamUrl: upstream.url,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("is detected and explained", async () => {
    const client = createLiteLLMClient({ baseUrl: sandbox.url, masterKey: "sk-whatever-0123456789" });
    await expect(client.checkMasterKeyEnforced()).resolves.toEqual({ enforced: false, reason: NO_MASTER_KEY_REASON });
  });
});
