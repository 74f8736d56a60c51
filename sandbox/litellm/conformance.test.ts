// Conformance of the LiteLLM sandbox (1.96.0 personality) with CONTRACT.md, one test per quirk.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstream, type UpstreamHandle } from "../upstream/server";
import { DEMO, startLiteLLMSandbox, type LiteLLMSandboxHandle } from "./server";
import { apiClient, type Api } from "./testing";

let up: UpstreamHandle;
let ll: LiteLLMSandboxHandle;
let admin: Api;
let anon: Api;

beforeAll(async () => {
  up = await startUpstream({ port: 0 });
  ll = await startLiteLLMSandbox({ port: 0, upstreamUrl: up.url, healthCheckTimeoutSeconds: 1 });
  admin = apiClient(ll.url, ll.masterKey);
  anon = apiClient(ll.url);
});
afterAll(async () => {
  await ll?.close();
  await up?.close();
});

const chatBody = (model: string) => ({ model, messages: [{ role: "user", content: "ping" }] });

async function newKey(body: Record<string, unknown> = {}): Promise<{ key: string; token: string; api: Api }> {
  const r = await admin("POST", "/key/generate", body);
  expect(r.status).toBe(200);
  return { key: r.json.key, token: r.json.token, api: apiClient(ll.url, r.json.key) };
}

async function addModel(name: string, params: Record<string, unknown>, info: Record<string, unknown> = {}) {
  const r = await admin("POST", "/model/new", { model_name: name, litellm_params: params, model_info: info });
  expect(r.status).toBe(200);
  return r.json.model_id as string;
}

describe("§1.1 auth", () => {
  it("§1.1 no key → 401 'Authentication Error, No api key passed in.'", async () => {
    const r = await anon("GET", "/model/info");
    expect(r.status).toBe(401);
    expect(r.json.error.message).toBe("Authentication Error, No api key passed in.");
  });

  it("§1.1 Authorization without 'Bearer ' → 401 malformed key", async () => {
    const r = await anon("GET", "/model/info", undefined, { authorization: ll.masterKey! });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toContain("Malformed API Key passed in");
    expect(r.text).not.toContain(ll.masterKey!);
  });

  it("§1.1 x-litellm-api-key, api-key and x-api-key headers all authenticate", async () => {
    for (const h of ["x-litellm-api-key", "api-key", "x-api-key"]) {
      expect((await anon("GET", "/key/list", undefined, { [h]: ll.masterKey! })).status, h).toBe(200);
    }
  });

  it("§1.1 unknown virtual key → 401 token not found, raw key not echoed", async () => {
    const r = await apiClient(ll.url, "sk-not-a-real-key-123456")("GET", "/key/list");
    expect(r.status).toBe(401);
    expect(r.json.error.type).toBe("token_not_found_in_db");
    expect(r.text).not.toContain("sk-not-a-real-key-123456");
  });

  it("§1.1 route gate: a virtual key on an admin route → 401 with LiteLLM's text", async () => {
    const { api } = await newKey();
    for (const [m, p] of [
      ["POST", "/key/generate"],
      ["GET", "/credentials"],
      ["POST", "/team/new"],
      ["GET", "/user/list"],
    ] as const) {
      const r = await api(m, p, m === "POST" ? {} : undefined);
      expect(r.status, p).toBe(401);
      expect(r.json.error.message).toMatch(
        /^Authentication Error, Only proxy admin can be used to generate, delete, update info for new keys\/users\/teams\. Route=/,
      );
      expect(r.json.error.message).toContain(`Route=${p}`);
    }
  });

  it("§1.1 info routes are open to virtual keys and filtered (/key/list shows only own keys)", async () => {
    const own = await newKey({ user_id: "gate-user" });
    await newKey({ user_id: "gate-user" });
    await newKey({ user_id: "someone-else" });
    const r = await own.api("GET", "/key/list?user_id=someone-else&size=100");
    expect(r.status).toBe(200);
    expect(r.json.total_count).toBe(2);
    expect(r.json.keys).toContain(own.token);
  });

  it("§2.1 self-managed model routes: a virtual key gets 403 on /model/new", async () => {
    const { api } = await newKey();
    const r = await api("POST", "/model/new", { model_name: "x", litellm_params: { model: "openai/x" } });
    expect(r.status).toBe(403);
  });
});

describe("§1.2 error shapes", () => {
  it("§1.2 shape A + §2.1 /model/delete unknown id → 400 with a Python-repr message and string code", async () => {
    const r = await admin("POST", "/model/delete", { id: "missing-id" });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      error: { message: "{'error': 'Model with id=missing-id not found in db'}", type: "auth_error", param: null, code: "400" },
    });
  });

  it("§1.2 shape B + §2.1 /model/info unknown litellm_model_id → 400 {detail:{error}}", async () => {
    const r = await admin("GET", "/model/info?litellm_model_id=nope");
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ detail: { error: "Model id = nope not found on litellm proxy" } });
  });

  it("§1.2 shape C + §2.1 /model/new without model_name / litellm_params.model → 422 pydantic list", async () => {
    const r = await admin("POST", "/model/new", { litellm_params: {} });
    expect(r.status).toBe(422);
    const locs = r.json.detail.map((d: { loc: string[] }) => d.loc.join("."));
    expect(locs).toEqual(["body.model_name", "body.litellm_params.model"]);
    expect(r.json.detail[0]).toMatchObject({ type: "missing", msg: "Field required" });
  });

  it("§1.2 shape C: invalid JSON body → 422 json_invalid", async () => {
    const r = await admin("POST", "/model/new", "{not json");
    expect(r.status).toBe(422);
    expect(r.json.detail[0].type).toBe("json_invalid");
  });

  it("§1.2 shape D: an injected 500 is text/plain 'Internal Server Error'", async () => {
    await admin("POST", "/__sandbox/faults", [{ route: "/budget/new", status: 500, times: 1 }]);
    const r = await admin("POST", "/budget/new", { budget_id: "b" });
    expect(r.status).toBe(500);
    expect(r.headers.get("content-type")).toContain("text/plain");
    expect(r.text).toBe("Internal Server Error");
  });

  it("§1.2 shape E + §2.2 PATCH /credentials unknown → HTTP 200 with an error body, code '404'", async () => {
    const r = await admin("PATCH", "/credentials/no-such-cred", {
      credential_name: "no-such-cred",
      credential_info: {},
      credential_values: { api_key: "x" },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ message: "Credential not found in DB.", code: "404" });
    expect(r.json.success).toBeUndefined();
  });

  it("§1.1 unknown route → 404 {detail:'Not Found'}", async () => {
    const r = await admin("GET", "/does/not/exist");
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ detail: "Not Found" });
  });
});

describe("§2.1 models", () => {
  it("§3.1 a duplicate model_name adds a deployment: /v1/models lists the group once, traffic round-robins", async () => {
    const a = await addModel("rr-group", { model: "openai/gpt-4o", api_base: `${up.url}/v1`, api_key: "sk-upstream-good" });
    const b = await addModel("rr-group", { model: "openai/gpt-4o-mini", api_base: `${up.url}/v1`, api_key: "sk-upstream-good" });
    expect(a).not.toBe(b);
    const list = await admin("GET", "/v1/models");
    expect(list.json.data.filter((m: { id: string }) => m.id === "rr-group")).toHaveLength(1);
    const info = await admin("GET", "/model/info");
    expect(info.json.data.filter((m: { model_name: string }) => m.model_name === "rr-group")).toHaveLength(2);
    const ids = new Set<string>();
    for (let i = 0; i < 4; i++)
      ids.add((await admin("POST", "/v1/chat/completions", chatBody("rr-group"))).headers.get("x-litellm-model-id")!);
    expect(ids).toEqual(new Set([a, b]));
    const group = await admin("GET", "/model_group/info?model_group=rr-group");
    expect(group.json.data).toHaveLength(1);
    expect(group.json.data[0].providers).toEqual(["openai"]);
  });

  it("§2.1 /model/new returns the DB row with every litellm_params string encrypted and a generated id", async () => {
    const r = await admin("POST", "/model/new", {
      model_name: "enc",
      litellm_params: { model: "openai/gpt-4o", api_key: "sk-secret-plain", rpm: 5 },
    });
    expect(r.status).toBe(200);
    expect(r.json.model_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json.model_info.id).toBe(r.json.model_id);
    expect(r.json.litellm_params.model).not.toBe("openai/gpt-4o");
    expect(r.json.litellm_params.api_key).not.toBe("sk-secret-plain");
    expect(r.text).not.toContain("sk-secret-plain");
    expect(r.json.litellm_params.rpm).toBe(5);
  });

  it("§2.1 a duplicate model_info.id → 500 'Failed to add model to db…'", async () => {
    const id = await addModel("dup-id", { model: "openai/gpt-4o" }, { id: "fixed-id-1" });
    expect(id).toBe("fixed-id-1");
    const r = await admin("POST", "/model/new", {
      model_name: "dup-id-2",
      litellm_params: { model: "openai/gpt-4o" },
      model_info: { id: "fixed-id-1" },
    });
    expect(r.status).toBe(500);
    expect(r.json.error.message).toMatch(/^Failed to add model to db/);
    expect(r.json.error.code).toBe("500");
  });

  it("§2.1 /model/info strips api_key/client_secret/vertex_credentials and merges cost-map fields", async () => {
    const id = await addModel(
      "strip-me",
      { model: "openai/text-embedding-3-large", api_key: "sk-x", client_secret: "cs", vertex_credentials: "{}", api_base: "http://h/v1" },
      { mode: "embedding" },
    );
    const r = await admin("GET", `/model/info?litellm_model_id=${id}`);
    const m = r.json.data[0];
    expect(m.litellm_params).toEqual({ model: "openai/text-embedding-3-large", api_base: "http://h/v1" });
    expect(m.model_info).toMatchObject({ id, db_model: true, mode: "embedding", output_vector_size: 3072 });
    expect(m.model_info.input_cost_per_token).toBeGreaterThan(0);
  });

  it("§2.1 /v1/model/info is the same handler", async () => {
    const a = await admin("GET", "/model/info");
    const b = await admin("GET", "/v1/model/info");
    expect(b.json).toEqual(a.json);
  });

  it("§2.1 POST /model/update merges litellm_params only (null keeps the old value), ignores model_info", async () => {
    const id = await addModel("upd-post", { model: "openai/gpt-4o", api_base: "http://a/v1", rpm: 10 }, { mode: "chat" });
    const r = await admin("POST", "/model/update", {
      model_info: { id, mode: "embedding" },
      litellm_params: { api_base: "http://b/v1", rpm: null },
    });
    expect(r.status).toBe(200);
    expect(r.json.litellm_params.api_base).not.toBe("http://b/v1"); // encrypted response
    const m = (await admin("GET", `/model/info?litellm_model_id=${id}`)).json.data[0];
    expect(m.litellm_params).toMatchObject({ api_base: "http://b/v1", rpm: 10 });
    expect(m.model_info.mode).toBe("chat");
  });

  it("§2.1 POST /model/update: no model_info.id → 400; unknown id → 400 'model not found'", async () => {
    const a = await admin("POST", "/model/update", { litellm_params: { rpm: 1 } });
    expect(a.status).toBe(400);
    expect(a.json.error.message).toBe("Authentication Error, model_info.id not provided");
    const b = await admin("POST", "/model/update", { model_info: { id: "ghost" }, litellm_params: { rpm: 1 } });
    expect(b.status).toBe(400);
    expect(b.json.error.message).toBe("Authentication Error, model not found");
  });

  it("§2.1 PATCH /model/{id}/update merges model_name, litellm_params and model_info (shallow)", async () => {
    const id = await addModel("upd-patch", { model: "openai/gpt-4o", rpm: 1 }, { mode: "chat", tier: "free" });
    const r = await admin("PATCH", `/model/${id}/update`, {
      model_name: "upd-patch-renamed",
      litellm_params: { tpm: 99 },
      model_info: { tier: "paid" },
    });
    expect(r.status).toBe(200);
    const m = (await admin("GET", `/model/info?litellm_model_id=${id}`)).json.data[0];
    expect(m.model_name).toBe("upd-patch-renamed");
    expect(m.litellm_params).toMatchObject({ rpm: 1, tpm: 99 });
    expect(m.model_info).toMatchObject({ mode: "chat", tier: "paid", id });
  });

  it("§2.1 PATCH unknown id → 404 not_found_error 'Model {id} not found on proxy.'", async () => {
    const r = await admin("PATCH", "/model/ghost/update", { litellm_params: { rpm: 1 } });
    expect(r.status).toBe(404);
    expect(r.json.error).toMatchObject({ type: "not_found_error", message: "Model ghost not found on proxy.", code: "404" });
  });

  it("§8.5 a config model (db_model:false) cannot be updated or deleted", async () => {
    const id = DEMO.models.configGpt4o;
    const info = (await admin("GET", `/model/info?litellm_model_id=${id}`)).json.data[0];
    expect(info.model_info.db_model).toBe(false);
    expect((await admin("POST", "/model/update", { model_info: { id }, litellm_params: { rpm: 1 } })).json.error.message).toContain(
      "Can't edit model. Model in config.",
    );
    expect((await admin("PATCH", `/model/${id}/update`, { litellm_params: { rpm: 1 } })).status).toBe(400);
    const del = await admin("POST", "/model/delete", { id });
    expect(del.status).toBe(400);
    expect(del.json.error.message).toBe(`{'error': 'Model with id=${id} not found in db'}`);
  });

  it("§2.1 /model/delete removes a DB model", async () => {
    const id = await addModel("to-delete", { model: "openai/gpt-4o" });
    const r = await admin("POST", "/model/delete", { id });
    expect(r.json).toEqual({ message: `Model: ${id} deleted successfully` });
    expect((await admin("GET", `/model/info?litellm_model_id=${id}`)).status).toBe(400);
  });

  it("§2.1 /v2/model/info on 1.96.0 is paginated with search and sorting", async () => {
    for (let i = 0; i < 5; i++) await addModel(`page-model-${i}`, { model: "openai/gpt-4o" });
    const p1 = await admin("GET", "/v2/model/info?search=PAGE-MODEL&size=2&page=1&sortBy=model_name&sortOrder=desc");
    expect(p1.json).toMatchObject({ total_count: 5, current_page: 1, total_pages: 3, size: 2 });
    expect(p1.json.data.map((m: { model_name: string }) => m.model_name)).toEqual(["page-model-4", "page-model-3"]);
    const p3 = await admin("GET", "/v2/model/info?search=page-model&size=2&page=3");
    expect(p3.json.data).toHaveLength(1);
    const byId = await admin("GET", `/v2/model/info?modelId=${DEMO.models.gpt4oMini}`);
    expect(byId.json.total_count).toBe(1);
  });

  it("§2.1 /v1/models lists groups (team models by public name) and 404s an unknown id", async () => {
    const r = await admin("GET", "/v1/models/gpt-4o-mini");
    expect(r.json).toMatchObject({ id: "gpt-4o-mini", object: "model" });
    expect((await admin("GET", "/v1/models/ghost")).status).toBe(404);
  });
});

describe("§2.2 credentials", () => {
  it("§2.2 create, list (values masked to 4 chars + ****) and get by name", async () => {
    const c = await admin("POST", "/credentials", {
      credential_name: "azure/prod",
      credential_info: { custom_llm_provider: "azure" },
      credential_values: { api_key: "azure-upstream-good", api_base: up.url },
    });
    expect(c.json).toEqual({ success: true, message: "Credential created successfully" });
    const list = await admin("GET", "/credentials");
    const item = list.json.credentials.find((x: { credential_name: string }) => x.credential_name === "azure/prod");
    expect(item.credential_values.api_key).toBe("azur****");
    expect(list.text).not.toContain("azure-upstream-good");
    const one = await admin("GET", "/credentials/by_name/azure/prod");
    expect(one.json.credential_values.api_key).toBe("azur****");
  });

  it("§2.2 duplicate credential_name → 500 'Internal Server Error, …unique…'", async () => {
    const body = { credential_name: "dup-cred", credential_info: {}, credential_values: { api_key: "k" } };
    await admin("POST", "/credentials", body);
    const r = await admin("POST", "/credentials", body);
    expect(r.status).toBe(500);
    expect(r.json.error.message).toMatch(/^Internal Server Error, Unique constraint failed/);
  });

  it("§2.2 one of credential_values / model_id is required → 422", async () => {
    const r = await admin("POST", "/credentials", { credential_name: "x", credential_info: {} });
    expect(r.status).toBe(422);
    expect(r.json.detail[0].type).toBe("value_error");
  });

  it("§2.2 GET /credentials/by_name unknown → 404 shape A", async () => {
    const r = await admin("GET", "/credentials/by_name/ghost");
    expect(r.status).toBe(404);
    expect(r.json.error.message).toBe("Credential not found. Got credential name: ghost");
  });

  it("§2.2 PATCH needs all three fields → 422", async () => {
    const r = await admin("PATCH", "/credentials/dup-cred", { credential_values: { api_key: "n" } });
    expect(r.status).toBe(422);
    expect(r.json.detail.map((d: { loc: string[] }) => d.loc[1])).toEqual(["credential_name", "credential_info"]);
  });

  it("§2.2 DELETE of an unknown name also reports success", async () => {
    const r = await admin("DELETE", "/credentials/never-existed");
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ success: true, message: "Credential deleted successfully" });
  });

  it("§2.2 a model with litellm_credential_name uses the credential's values on the data plane", async () => {
    const r = await admin("POST", "/v1/embeddings", { model: "text-embedding-3-small", input: "hello" });
    expect(r.status).toBe(200);
    expect(r.json.data[0].embedding).toHaveLength(1536);
    expect(up.requests.at(-1)).toMatchObject({ path: "/v1/embeddings", auth: "bearer", model: "text-embedding-3-small" });
  });
});

describe("§2.3 health", () => {
  it('§2.3 /health/liveliness and /health/liveness → "I\'m alive!" without auth', async () => {
    for (const p of ["/health/liveliness", "/health/liveness"]) {
      const r = await anon("GET", p);
      expect(r.status).toBe(200);
      expect(r.json).toBe("I'm alive!");
    }
  });

  it("§2.3 /health/readiness needs no auth and reports litellm_version", async () => {
    const r = await anon("GET", "/health/readiness");
    expect(r.json).toMatchObject({ status: "healthy", db: "connected", cache: null, litellm_version: "1.96.0", success_callbacks: [] });
  });

  it("§2.3 test_connection success → 200 status success, result without api_key", async () => {
    const r = await admin("POST", "/health/test_connection", {
      mode: "chat",
      litellm_params: { model: "openai/gpt-4o", api_base: `${up.url}/v1`, api_key: "sk-upstream-good" },
    });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("success");
    expect(r.json.result).toEqual({ model: "openai/gpt-4o", api_base: `${up.url}/v1` });
  });

  it("§2.3/§8.12 test_connection failure is still HTTP 200 with status error and the provider's text", async () => {
    const r = await admin("POST", "/health/test_connection", {
      mode: "chat",
      litellm_params: { model: "openai/gpt-4o", api_base: `${up.url}/v1`, api_key: "sk-wrong-key" },
    });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("error");
    expect(r.json.result.error).toMatch(/^litellm\.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided/);
    expect(r.json.result.error).toContain("\nstack trace: ");
    expect(r.text).not.toContain("sk-wrong-key");
  });

  it("§2.3 test_connection forwards mode: an embedding model tested as embedding reaches /embeddings; api_key logged as ***", async () => {
    const before = up.requests.length;
    const r = await admin("POST", "/health/test_connection", {
      mode: "embedding",
      litellm_params: { model: "openai/text-embedding-3-small", api_base: `${up.url}/v1`, api_key: "sk-upstream-good" },
    });
    expect(r.json.status).toBe("success");
    const calls = up.requests.slice(before);
    expect(calls.map((c) => c.path)).toEqual(["/v1/embeddings"]);
    const logged = ll.requests.filter((q) => q.path === "/health/test_connection").at(-1)!;
    expect(logged.body).toMatchObject({ mode: "embedding", litellm_params: { api_key: "***" } });
  });

  it("§3.2 the same embedding model tested as chat fails (mode matters)", async () => {
    const r = await admin("POST", "/health/test_connection", {
      mode: "chat",
      litellm_params: { model: "openai/text-embedding-3-small", api_base: `${up.url}/v1`, api_key: "sk-upstream-good" },
    });
    expect(r.json.status).toBe("error");
    expect(up.requests.at(-1)!.path).toBe("/v1/chat/completions");
  });

  it("§2.3 test_connection timeout → error 'Timeout exceeded'", async () => {
    up.setFaults({ hang: true });
    try {
      const t = Date.now();
      const r = await admin("POST", "/health/test_connection", {
        mode: "chat",
        litellm_params: { model: "openai/gpt-4o", api_base: `${up.url}/v1`, api_key: "sk-upstream-good" },
      });
      expect(r.json).toMatchObject({ status: "error", result: { error: "Timeout exceeded" } });
      expect(Date.now() - t).toBeLessThan(5000);
    } finally {
      up.setFaults({});
    }
  });

  it("§2.3 test_connection invalid mode → 422 literal_error", async () => {
    const r = await admin("POST", "/health/test_connection", { mode: "vibes", litellm_params: { model: "openai/gpt-4o" } });
    expect(r.status).toBe(422);
    expect(r.json.detail[0]).toMatchObject({ type: "literal_error", loc: ["body", "mode"] });
  });

  it("§2.3 1.96.0: a non-admin key on test_connection → 403 {detail:'Admin access required to test model connections'}", async () => {
    const { api } = await newKey();
    const r = await api("POST", "/health/test_connection", { litellm_params: { model: "openai/gpt-4o" } });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ detail: "Admin access required to test model connections" });
  });

  it("§2.3 Azure routing: azure/<deployment> → /openai/deployments/<d>/… with api-key and api-version", async () => {
    const ok = await admin("POST", "/health/test_connection", {
      mode: "chat",
      litellm_params: { model: "azure/gpt-4o", api_base: up.url, api_version: "2024-10-21", api_key: "azure-upstream-good" },
    });
    expect(ok.json.status).toBe("success");
    expect(up.requests.at(-1)).toMatchObject({
      path: "/openai/deployments/gpt-4o/chat/completions",
      auth: "azure-api-key",
      apiVersion: "2024-10-21",
    });
    const bad = await admin("POST", "/health/test_connection", {
      mode: "chat",
      litellm_params: { model: "azure/my-deployment", api_base: up.url, api_version: "2024-10-21", api_key: "azure-upstream-good" },
    });
    expect(bad.json.status).toBe("error");
    expect(bad.json.result.error).toContain("NotFoundError: AzureException - The API deployment for this resource does not exist");
  });

  it("§2.3 ollama and extra_headers routing; unreachable host → APIConnectionError", async () => {
    const o = await admin("POST", "/health/test_connection", {
      mode: "embedding",
      litellm_params: { model: "ollama/nomic-embed-text", api_base: up.url },
    });
    expect(o.json.status).toBe("success");
    expect(up.requests.at(-1)!.path).toBe("/api/embed");
    const h = await admin("POST", "/health/test_connection", {
      mode: "chat",
      litellm_params: { model: "hosted_vllm/granite", api_base: `${up.url}/open/v1`, extra_headers: { "x-team-token": "abcdef" } },
    });
    expect(h.json.status).toBe("success");
    expect(up.requests.at(-1)!.extraHeaders["x-team-token"]).toBe("abcd***");
    const dead = await admin("POST", "/health/test_connection", {
      mode: "chat",
      litellm_params: { model: "openai/gpt-4o", api_base: "http://127.0.0.1:9/v1", api_key: "k" },
    });
    expect(dead.json.result.error).toMatch(/^litellm\.APIConnectionError: APIConnectionError: OpenAIException - Connection error/);
  });

  it("§2.1 /model/info strips api_key but returns extra_headers verbatim (LiteLLM issue #18818); a credential's values reach the call unseen", async () => {
    const made = await admin("POST", "/model/new", {
      model_name: "hdr-visible",
      litellm_params: { model: "hosted_vllm/granite", api_base: `${up.url}/open/v1`, api_key: "sk-masked-123456", extra_headers: { "x-api-key": "header-secret-1234" } },
      model_info: { id: "hdr-visible-1", mode: "chat" },
    });
    expect(made.status).toBe(200);
    const info = await admin("GET", "/model/info?litellm_model_id=hdr-visible-1");
    expect(info.text).not.toContain("sk-masked-123456");
    expect(info.json.data[0].litellm_params.extra_headers).toEqual({ "x-api-key": "header-secret-1234" });

    await admin("POST", "/credentials", {
      credential_name: "hdr-cred",
      credential_info: { custom_llm_provider: "hosted_vllm" },
      credential_values: { extra_headers: { "x-api-key": "cred-secret-5678" } },
    });
    await admin("POST", "/model/new", {
      model_name: "hdr-hidden",
      litellm_params: { model: "hosted_vllm/granite", api_base: `${up.url}/open/v1`, api_key: "EMPTY", litellm_credential_name: "hdr-cred" },
      model_info: { id: "hdr-hidden-1", mode: "chat" },
    });
    const hidden = await admin("GET", "/model/info?litellm_model_id=hdr-hidden-1");
    expect(hidden.text).not.toContain("cred-secret-5678");
    const call = await admin("POST", "/v1/chat/completions", { model: "hdr-hidden", messages: [{ role: "user", content: "hi" }] });
    expect(call.status).toBe(200);
    expect(up.requests.at(-1)!.extraHeaders["x-api-key"]).toBe("cred***");
  });

  it("§2.3 1.96.0: litellm_params.model naming a configured model_name uses its deployment params", async () => {
    const r = await admin("POST", "/health/test_connection", { litellm_params: { model: "gpt-4o-mini" } });
    expect(r.json.status).toBe("success");
    expect(r.json.result.model).toBe("openai/gpt-4o-mini");
  });

  it("§2.3 GET /health calls every deployment and counts healthy/unhealthy", async () => {
    const r = await admin("GET", "/health?model=gpt-4o-mini");
    expect(r.json).toMatchObject({ healthy_count: 1, unhealthy_count: 0 });
    expect((await admin("GET", "/health?model_id=ghost")).json).toEqual({ detail: { error: "Model with ID ghost not found" } });
  });
});

describe("§2.4 keys", () => {
  it("§3.5 the raw key appears only in the /key/generate response", async () => {
    const g = await admin("POST", "/key/generate", { key_alias: "raw-once" });
    expect(g.json.key).toMatch(/^sk-[A-Za-z0-9_-]{22,}$/);
    expect(g.json.token).toMatch(/^[0-9a-f]{64}$/);
    expect(g.json.token_id).toBe(g.json.token);
    expect(g.json.key_name).toBe(`sk-...${g.json.key.slice(-4)}`);
    const info = await admin("GET", `/key/info?key=${g.json.token}`);
    const list = await admin("GET", "/key/list?return_full_object=true&size=100&key_alias=raw-once");
    for (const r of [info, list]) expect(r.text).not.toContain(g.json.key);
    expect(info.json.info.token).toBeUndefined();
    expect(info.json.key).toBe(g.json.token);
  });

  it("§2.4 duplicate key_alias → 400 bad_request_error param key_alias", async () => {
    await newKey({ key_alias: "dup-alias" });
    const r = await admin("POST", "/key/generate", { key_alias: "dup-alias" });
    expect(r.status).toBe(400);
    expect(r.json.error).toEqual({
      message: "Key with alias 'dup-alias' already exists. Unique key aliases across all keys are required.",
      type: "bad_request_error",
      param: "key_alias",
      code: "400",
    });
  });

  it("§3.4 1.96.0: /key/generate duration 30d → exactly now + 30 days", async () => {
    const t = Date.now();
    const r = await admin("POST", "/key/generate", { duration: "30d" });
    expect(Math.abs(Date.parse(r.json.expires) - (t + 30 * 86400_000))).toBeLessThan(5000);
  });

  it("§3.4 /key/update duration is exact now + duration", async () => {
    const { token } = await newKey();
    const t = Date.now();
    const r = await admin("POST", "/key/update", { key: token, duration: "7d" });
    expect(r.status).toBe(200);
    expect(Math.abs(Date.parse(r.json.expires) - (t + 7 * 86400_000))).toBeLessThan(5000);
  });

  it("§3.4 budget_duration sets budget_reset_at", async () => {
    const r = await admin("POST", "/key/generate", { max_budget: 10, budget_duration: "1d" });
    const next = new Date();
    next.setUTCHours(24, 0, 0, 0);
    expect(r.json.budget_reset_at).toBe(next.toISOString());
  });

  it("§2.4 1.96.0 /key/update accepts key_alias instead of key", async () => {
    await newKey({ key_alias: "by-alias" });
    const r = await admin("POST", "/key/update", { key_alias: "by-alias", max_budget: 42 });
    expect(r.status).toBe(200);
    expect(r.json.max_budget).toBe(42);
  });

  it("§2.4 1.96.0 /key/update unknown key → 404 plain not-found", async () => {
    const r = await admin("POST", "/key/update", { key: "sk-nope-nope-nope-nope", max_budget: 1 });
    expect(r.status).toBe(404);
    expect(r.json.error.message).toBe("Key not found");
  });

  it("§2.4 custom key must start with sk-", async () => {
    const r = await admin("POST", "/key/generate", { key: "my-custom-key-123456" });
    expect(r.status).toBe(400);
    expect(r.text).not.toContain("my-custom-key-123456");
  });

  it("§2.4/§8.14 /key/list size must be 1..100 (422) and sort_by must be allowed (400)", async () => {
    expect((await admin("GET", "/key/list?size=101")).json.detail[0]).toMatchObject({ type: "less_than_equal", loc: ["query", "size"] });
    expect((await admin("GET", "/key/list?size=0")).status).toBe(422);
    expect((await admin("GET", "/key/list?page=0")).status).toBe(422);
    const s = await admin("GET", "/key/list?sort_by=user_role");
    expect(s.status).toBe(400);
    expect(s.json.error.param).toBe("sort_by");
  });

  it("§2.4 /key/list pages with total_count/total_pages and returns hashes by default", async () => {
    for (let i = 0; i < 3; i++) await newKey({ user_id: "lister" });
    const r = await admin("GET", "/key/list?user_id=lister&size=2&page=2");
    expect(r.json).toMatchObject({ total_count: 3, current_page: 2, total_pages: 2 });
    expect(r.json.keys).toHaveLength(1);
    expect(r.json.keys[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("§2.4 1.96.0 /key/list substring search on key_alias", async () => {
    await newKey({ key_alias: "Search-Me-Alpha" });
    await newKey({ key_alias: "search-me-beta" });
    const r = await admin("GET", "/key/list?key_alias=search-me&substring_matching=true&size=100");
    expect(r.json.total_count).toBe(2);
    expect((await admin("GET", "/key/list?key_alias=search-me&size=100")).json.total_count).toBe(0);
  });

  it("§2.4 /key/delete: none found → 404 \"{'error': 'No keys found'}\"; deleted keys are listed with status=deleted", async () => {
    const r = await admin("POST", "/key/delete", { keys: ["sk-never-existed-0000"] });
    expect(r.status).toBe(404);
    expect(r.json.error.message).toBe("{'error': 'No keys found'}");
    const { key, token } = await newKey({ key_alias: "to-be-deleted" });
    const d = await admin("POST", "/key/delete", { key_aliases: ["to-be-deleted"] });
    expect(d.json).toEqual({ deleted_keys: ["to-be-deleted"] });
    expect((await apiClient(ll.url, key)("GET", "/key/info")).status).toBe(401);
    const del = await admin("GET", "/key/list?status=deleted&size=100&return_full_object=true");
    expect(del.json.keys.map((k: { token: string }) => k.token)).toContain(token);
  });

  it("§2.4 /key/regenerate without Enterprise → 500 'Regenerating Virtual Keys is an Enterprise feature'", async () => {
    const { token } = await newKey();
    const r = await admin("POST", "/key/regenerate", { key: token });
    expect(r.status).toBe(500);
    expect(r.json.error.message).toMatch(/^Internal Server Error, Regenerating Virtual Keys is an Enterprise feature/);
  });

  it("§2.4 /key/block then data plane → 401 'Key is blocked'; /key/unblock restores", async () => {
    const { key, token, api } = await newKey();
    expect((await admin("POST", "/key/block", { key: token })).json.blocked).toBe(true);
    const r = await api("POST", "/v1/chat/completions", chatBody("gpt-4o-mini"));
    expect(r.status).toBe(401);
    expect(r.json.error.message).toContain("Key is blocked");
    await admin("POST", "/key/unblock", { key });
    expect((await api("POST", "/v1/chat/completions", chatBody("gpt-4o-mini"))).status).toBe(200);
    expect((await admin("POST", "/key/block", { key: "0".repeat(64) })).status).toBe(404);
  });
});

describe("§3.4–3.7 data plane", () => {
  it("§3.4 an expired key → 400 expired_key", async () => {
    const { api } = await newKey({ duration: "1s" });
    await new Promise((r) => setTimeout(r, 1100));
    const r = await api("POST", "/v1/chat/completions", chatBody("gpt-4o-mini"));
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe("expired_key");
  });

  it("§3.4 spend is recorded per key; at max_budget the next call → 400 budget_exceeded", async () => {
    const { token, api } = await newKey({ max_budget: 0.000001 });
    expect((await api("POST", "/v1/chat/completions", chatBody("gpt-4o-mini"))).status).toBe(200);
    const info = await admin("GET", `/key/info?key=${token}`);
    expect(info.json.info.spend).toBeGreaterThan(0);
    expect(info.json.info.last_active).not.toBeNull();
    const r = await api("POST", "/v1/chat/completions", chatBody("gpt-4o-mini"));
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe("budget_exceeded");
  });

  it("§3.7 a model outside the key's models → 401 key_model_access_denied", async () => {
    const { api } = await newKey({ models: ["text-embedding-3-small"] });
    const r = await api("POST", "/v1/chat/completions", chatBody("gpt-4o-mini"));
    expect(r.status).toBe(401);
    expect(r.json.error.type).toBe("key_model_access_denied");
  });

  it("§3.7 access groups (model_info.access_groups) grant their models", async () => {
    const { api } = await newKey({ models: ["demo-chat"] });
    expect((await api("POST", "/v1/chat/completions", chatBody("gpt-4o-mini"))).status).toBe(200);
    expect((await api("POST", "/v1/embeddings", { model: "text-embedding-3-small", input: "x" })).status).toBe(401);
  });

  it("§3.7 a team key with models [] is bounded by the team's models", async () => {
    const { api } = await newKey({ team_id: DEMO.teams.search });
    expect((await api("POST", "/v1/embeddings", { model: "text-embedding-3-small", input: "x" })).status).toBe(200);
    expect((await api("POST", "/v1/chat/completions", chatBody("llama3"))).status).toBe(401);
    const models = await api("GET", "/v1/models");
    expect(models.json.data.map((m: { id: string }) => m.id).sort()).toEqual(["gpt-4o-mini", "text-embedding-3-small"]);
  });

  it("§2.1 unknown model on the data plane → 400 'Invalid model name passed in model=…'", async () => {
    const r = await admin("POST", "/chat/completions", chatBody("no-such-model"));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/^Invalid model name passed in model=no-such-model\./);
  });

  it("data plane: streaming chat passes SSE through and ends with [DONE]", async () => {
    const r = await admin("POST", "/v1/chat/completions", { ...chatBody("gpt-4o-mini"), stream: true });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/event-stream");
    expect(r.text.trim().endsWith("data: [DONE]")).toBe(true);
  });

  it("data plane: an upstream error becomes a LiteLLM exception body with the upstream status", async () => {
    await addModel("broken-key-model", { model: "openai/gpt-4o", api_base: `${up.url}/v1`, api_key: "sk-bad" });
    const r = await admin("POST", "/v1/chat/completions", chatBody("broken-key-model"));
    expect(r.status).toBe(401);
    expect(r.json.error.message).toContain("litellm.AuthenticationError");
    expect(r.json.error.message).toContain("Received Model Group=broken-key-model");
  });
});

describe("§2.5 teams and §2.6 users", () => {
  it("§2.5 /team/new with an existing team_id → 400", async () => {
    const r = await admin("POST", "/team/new", { team_id: DEMO.teams.platform });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe(`Team id = ${DEMO.teams.platform} already exists. Please use a different team id.`);
  });

  it("§2.5 /team/info returns {team_id, team_info, keys, team_memberships}; missing id → 422 A with Python repr", async () => {
    const r = await admin("GET", `/team/info?team_id=${DEMO.teams.platform}`);
    expect(Object.keys(r.json).sort()).toEqual(["keys", "team_id", "team_info", "team_memberships"]);
    expect(r.json.keys.length).toBeGreaterThan(0);
    const m = await admin("GET", "/team/info");
    expect(m.status).toBe(422);
    expect(m.json.error.message).toMatch(/^\{'message': /);
    expect((await admin("GET", "/team/info?team_id=ghost")).status).toBe(404);
  });

  it("§2.5 /team/member_add: already a member → 400 team_member_already_in_team; unknown team → 404 shape B", async () => {
    const t = await admin("POST", "/team/new", { team_alias: "members" });
    const teamId = t.json.team_id;
    expect((await admin("POST", "/team/member_add", { team_id: teamId, member: { role: "user", user_id: "m1" } })).status).toBe(200);
    const again = await admin("POST", "/team/member_add", { team_id: teamId, member: [{ role: "user", user_id: "m1" }] });
    expect(again.status).toBe(400);
    expect(again.json.error.type).toBe("team_member_already_in_team");
    const ghost = await admin("POST", "/team/member_add", { team_id: "ghost", member: { role: "user", user_id: "m1" } });
    expect(ghost.status).toBe(404);
    expect(ghost.json).toEqual({ detail: { error: "Team with id ghost not found" } });
    const del = await admin("POST", "/team/member_delete", { team_id: teamId, user_id: "m1" });
    expect(del.json.members).not.toContain("m1");
  });

  it("§2.5 /team/list is a plain array; /v2/team/list is paginated", async () => {
    const a = await admin("GET", "/team/list");
    expect(Array.isArray(a.json)).toBe(true);
    const b = await admin("GET", "/v2/team/list?page_size=1&page=1");
    expect(b.json).toMatchObject({ page: 1, page_size: 1 });
    expect(b.json.teams).toHaveLength(1);
    expect(b.json.total).toBeGreaterThanOrEqual(2);
    expect((await admin("GET", "/v2/team/list?page_size=101")).status).toBe(422);
  });

  it("§2.6 /user/new: existing user_id is reused silently (new key issued); duplicate email → 400", async () => {
    const a = await admin("POST", "/user/new", { user_id: "u-reuse", user_email: "reuse@example.com", user_alias: "first" });
    expect(a.json.key).toMatch(/^sk-/);
    const b = await admin("POST", "/user/new", { user_id: "u-reuse", user_alias: "second" });
    expect(b.status).toBe(200);
    expect(b.json.key).not.toBe(a.json.key);
    expect((await admin("GET", "/user/info?user_id=u-reuse")).json.user_info.user_alias).toBe("first");
    const c = await admin("POST", "/user/new", { user_email: "REUSE@example.com" });
    expect(c.status).toBe(400);
    expect(c.json.error.message).toBe("User with email REUSE@example.com already exists");
  });

  it("§2.6 /user/list is paginated (page_size ≤ 100)", async () => {
    const r = await admin("GET", "/user/list?page_size=1");
    expect(r.json).toMatchObject({ page: 1, page_size: 1 });
    expect(r.json.users).toHaveLength(1);
    expect((await admin("GET", "/user/list?page_size=101")).status).toBe(422);
  });
});

describe("§2.9 public endpoints", () => {
  it("§2.9 /public/providers and /public/providers/fields need no auth", async () => {
    const p = await anon("GET", "/public/providers");
    expect(p.json).toContain("openai");
    expect([...p.json].sort()).toEqual(p.json);
    const f = await anon("GET", "/public/providers/fields");
    expect(f.json).toHaveLength(116);
    expect(f.json[0]).toHaveProperty("credential_fields");
  });

  it("§2.9 1.96.0 serves /public/litellm_model_cost_map without auth; /get/… is admin only", async () => {
    const pub = await anon("GET", "/public/litellm_model_cost_map");
    expect(pub.json["text-embedding-3-small"].output_vector_size).toBe(1536);
    expect((await admin("GET", "/get/litellm_model_cost_map")).status).toBe(200);
    const { api } = await newKey();
    expect((await api("GET", "/get/litellm_model_cost_map")).status).toBe(401);
  });
});

describe("fault injection", () => {
  it("latency rule delays, then the route answers normally", async () => {
    await admin("POST", "/__sandbox/faults", [{ route: "/health/readiness", latencyMs: 300, times: 1 }]);
    const t = Date.now();
    const r = await anon("GET", "/health/readiness");
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    expect(r.status).toBe(200);
  });

  it("garbage rule → HTTP 200 whose body is not JSON", async () => {
    await admin("POST", "/__sandbox/faults", [{ route: "/model/info", garbage: true, times: 1 }]);
    const r = await admin("GET", "/model/info");
    expect(r.status).toBe(200);
    expect(r.json).toBeUndefined();
    expect((await admin("GET", "/model/info")).json.data.length).toBeGreaterThan(0);
  });

  it("drop rule closes the connection; DELETE /__sandbox/faults clears rules", async () => {
    await admin("POST", "/__sandbox/faults", [{ route: "*", method: "GET", drop: true }]);
    await expect(admin("GET", "/key/list")).rejects.toThrow();
    await admin("DELETE", "/__sandbox/faults");
    expect((await admin("GET", "/key/list")).status).toBe(200);
  });

  it("custom status + body rule, and /__sandbox/faults needs the master key", async () => {
    await admin("POST", "/__sandbox/faults", [{ route: "/key/list", status: 503, body: '{"detail":"maintenance"}', times: 1 }]);
    const r = await admin("GET", "/key/list");
    expect(r.status).toBe(503);
    expect(r.json).toEqual({ detail: "maintenance" });
    expect((await anon("POST", "/__sandbox/faults", [])).status).toBe(401);
  });
});
