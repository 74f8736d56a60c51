// Version personalities (1.80.0 vs 1.96.0), Enterprise gating, no-master-key mode and persistence.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstream, type UpstreamHandle } from "../upstream/server";
import { DEMO, seededRawKey, startLiteLLMSandbox, type LiteLLMSandboxHandle } from "./server";
import { apiClient, type Api } from "./testing";

let up: UpstreamHandle;
beforeAll(async () => {
  up = await startUpstream({ port: 0 });
});
afterAll(async () => {
  await up?.close();
});

describe("1.80.0 personality", () => {
  let ll: LiteLLMSandboxHandle;
  let admin: Api;
  beforeAll(async () => {
    ll = await startLiteLLMSandbox({ port: 0, version: "1.80.0", upstreamUrl: up.url });
    admin = apiClient(ll.url, ll.masterKey);
  });
  afterAll(async () => {
    await ll?.close();
  });

  it("§2.3 /health/readiness reports litellm_version 1.80.0 and a license block", async () => {
    const r = await apiClient(ll.url)("GET", "/health/readiness");
    expect(r.json.litellm_version).toBe("1.80.0");
    expect(r.json.license).toBeDefined();
  });

  it("§2.1 /v2/model/info is NOT paginated on 1.80.0: all models, page/size ignored", async () => {
    const r = await admin("GET", "/v2/model/info?page=2&size=1");
    expect(r.json.data.length).toBe(4);
    expect(r.json.total_count).toBeUndefined();
  });

  it("§3.4/§8.11 1.80.0: /key/generate duration 30d → the 1st of next month, 00:00 UTC", async () => {
    const now = new Date();
    const r = await admin("POST", "/key/generate", { duration: "30d" });
    expect(r.json.expires).toBe(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString());
  });

  it("§3.4 1.80.0: 7d → next Monday 00:00 UTC, 1d → next midnight", async () => {
    const w = new Date((await admin("POST", "/key/generate", { duration: "7d" })).json.expires);
    expect(w.getUTCDay()).toBe(1);
    expect(w.getUTCHours() + w.getUTCMinutes()).toBe(0);
    expect(w.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86400_000);
    const d = new Date((await admin("POST", "/key/generate", { duration: "1d" })).json.expires);
    const mid = new Date();
    mid.setUTCHours(24, 0, 0, 0);
    expect(d.toISOString()).toBe(mid.toISOString());
  });

  it("§3.4 1.80.0: /key/update duration is still exact now + duration", async () => {
    const g = await admin("POST", "/key/generate", {});
    const t = Date.now();
    const r = await admin("POST", "/key/update", { key: g.json.key, duration: "30d" });
    expect(Math.abs(Date.parse(r.json.expires) - (t + 30 * 86400_000))).toBeLessThan(5000);
  });

  it("§2.4 1.80.0: /key/update requires `key` (key_alias alone → 422)", async () => {
    const r = await admin("POST", "/key/update", { key_alias: "x", max_budget: 1 });
    expect(r.status).toBe(422);
    expect(r.json.detail[0].loc).toEqual(["body", "key"]);
  });

  it("§2.4/§8.2 1.80.0: /key/update unknown key → 404 with the misleading 'Team not found' repr", async () => {
    const r = await admin("POST", "/key/update", { key: "sk-unknown-key-000000", max_budget: 1 });
    expect(r.status).toBe(404);
    expect(r.json.error.message).toBe("{'error': 'Team not found, passed team_id=None'}");
  });

  it("§2.3 1.80.0: a non-admin key on test_connection hits the route gate (401)", async () => {
    const g = await admin("POST", "/key/generate", {});
    const r = await apiClient(ll.url, g.json.key)("POST", "/health/test_connection", { litellm_params: { model: "openai/gpt-4o" } });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toContain("Only proxy admin can be used");
  });

  it("§2.9 1.80.0 has no /public/litellm_model_cost_map (404)", async () => {
    expect((await apiClient(ll.url)("GET", "/public/litellm_model_cost_map")).status).toBe(404);
  });

  it("§2.1 1.80.0: POST /model/update ignores model_name", async () => {
    await admin("POST", "/model/update", { model_name: "renamed", model_info: { id: DEMO.models.gpt4oMini }, litellm_params: { rpm: 3 } });
    const m = (await admin("GET", `/model/info?litellm_model_id=${DEMO.models.gpt4oMini}`)).json.data[0];
    expect(m.model_name).toBe("gpt-4o-mini");
    expect(m.litellm_params.rpm).toBe(3);
  });
});

describe("§2.4 Enterprise: /key/regenerate", () => {
  let ll: LiteLLMSandboxHandle;
  let admin: Api;
  beforeAll(async () => {
    ll = await startLiteLLMSandbox({ port: 0, enterprise: true, upstreamUrl: up.url });
    admin = apiClient(ll.url, ll.masterKey);
  });
  afterAll(async () => {
    await ll?.close();
  });

  it("§2.4 regenerate returns a new raw key; the old key stops working", async () => {
    const g = await admin("POST", "/key/generate", { key_alias: "rot", max_budget: 5 });
    const r = await admin("POST", `/key/${g.json.token}/regenerate`, { max_budget: 7 });
    expect(r.status).toBe(200);
    expect(r.json.key).toMatch(/^sk-/);
    expect(r.json.key).not.toBe(g.json.key);
    expect(r.json).toMatchObject({ key_alias: "rot", max_budget: 7 });
    expect((await apiClient(ll.url, g.json.key)("GET", "/key/info")).status).toBe(401);
    expect((await apiClient(ll.url, r.json.key)("GET", "/key/info")).status).toBe(200);
  });

  it("§7 1.96.0 regenerate grace_period keeps the old key valid", async () => {
    const g = await admin("POST", "/key/generate", {});
    const r = await admin("POST", "/key/regenerate", { key: g.json.key, grace_period: "1h" });
    expect(r.status).toBe(200);
    expect((await apiClient(ll.url, g.json.key)("GET", "/key/info")).status).toBe(200);
  });

  it("§2.4 regenerate: new_key must start with sk-; unknown key → 404", async () => {
    const g = await admin("POST", "/key/generate", {});
    expect((await admin("POST", "/key/regenerate", { key: g.json.key, new_key: "nope-12345678901234" })).status).toBe(400);
    expect((await admin("POST", "/key/regenerate", { key: "sk-ghost-ghost-ghost" })).status).toBe(404);
  });
});

describe("§1.1 proxy without a master key", () => {
  let ll: LiteLLMSandboxHandle;
  beforeAll(async () => {
    ll = await startLiteLLMSandbox({ port: 0, masterKey: null, seed: "none" });
  });
  afterAll(async () => {
    await ll?.close();
  });

  it("§1.1/§8.16 every request, even without a key, is proxy_admin", async () => {
    const anon = apiClient(ll.url);
    expect(ll.masterKey).toBeNull();
    expect((await anon("POST", "/key/generate", {})).status).toBe(200);
    expect((await anon("GET", "/credentials")).status).toBe(200);
    expect((await anon("GET", "/health/readiness")).json.status).toBe("healthy");
  });

  it("§2.1 with no models at all, /model/info → 500 shape B", async () => {
    const r = await apiClient(ll.url)("GET", "/model/info");
    expect(r.status).toBe(500);
    expect(r.json.detail.error).toContain("LLM Model List not loaded");
  });
});

describe("persistence and seeds", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "litellm-sandbox-"));
  const stateFile = path.join(dir, "nested", "state.json");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a restart keeps models, keys and credentials; reset:true starts empty", async () => {
    const a = await startLiteLLMSandbox({ port: 0, stateFile, upstreamUrl: up.url, seedKeys: 50 });
    const admin = apiClient(a.url, a.masterKey);
    const m = await admin("POST", "/model/new", { model_name: "persisted", litellm_params: { model: "openai/gpt-4o" } });
    const k = await admin("POST", "/key/generate", { key_alias: "persisted-key" });
    await admin("POST", "/credentials", { credential_name: "persisted-cred", credential_info: {}, credential_values: { api_key: "x" } });
    await a.close();
    expect(fs.existsSync(stateFile)).toBe(true);
    expect(fs.readFileSync(stateFile, "utf8")).not.toContain("seed-key-");

    const b = await startLiteLLMSandbox({ port: 0, stateFile, upstreamUrl: up.url });
    const admin2 = apiClient(b.url, b.masterKey);
    expect((await admin2("GET", `/model/info?litellm_model_id=${m.json.model_id}`)).status).toBe(200);
    expect((await apiClient(b.url, k.json.key)("GET", "/key/info")).status).toBe(200);
    expect((await admin2("GET", "/credentials/by_name/persisted-cred")).status).toBe(200);
    // Seeded keys lived in memory only.
    expect((await admin2("GET", "/key/list?key_alias=seed-key-0000001")).json.total_count).toBe(0);
    await b.close();

    const c = await startLiteLLMSandbox({ port: 0, stateFile, reset: true, seed: "none" });
    expect((await apiClient(c.url, c.masterKey)("GET", "/key/list")).json.total_count).toBe(0);
    await c.close();
  });

  it("seeded keys work on the data plane and in /key/list next to real keys", async () => {
    const s = await startLiteLLMSandbox({ port: 0, upstreamUrl: up.url, seedKeys: 1000, seedModels: 10 });
    const admin = apiClient(s.url, s.masterKey);
    const list = await admin("GET", "/key/list?size=5");
    expect(list.json.total_count).toBe(1001); // + the demo key
    const r = await apiClient(s.url, seededRawKey(7))("POST", "/v1/chat/completions", {
      model: "seed-group-00001",
      messages: [{ role: "user", content: "x" }],
    });
    expect(r.status).toBe(200);
    const v2 = await admin("GET", "/v2/model/info?size=3&search=seed-group");
    expect(v2.json.total_count).toBe(10);
    await s.close();
  });

  it("POST /__sandbox/reset restores the demo seed", async () => {
    const s = await startLiteLLMSandbox({ port: 0, upstreamUrl: up.url });
    const admin = apiClient(s.url, s.masterKey);
    await admin("POST", "/model/delete", { id: DEMO.models.gpt4oMini });
    await admin("POST", "/__sandbox/reset");
    expect((await admin("GET", `/model/info?litellm_model_id=${DEMO.models.gpt4oMini}`)).status).toBe(200);
    await s.close();
  });
});
