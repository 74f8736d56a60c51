import { createHash } from "node:crypto";

import { afterEach, describe, expect, it, vi } from "vitest";

import { resetEnvForTests } from "@/lib/env";

import { createFakeFetch, deployment, json, text, type Handler } from "./__fixtures__/fake-fetch";
import { isNotFound, LiteLLMError } from "./errors";
import { createLiteLLMClient, getLiteLLM, NO_MASTER_KEY_REASON, pageLocally, resetLiteLLMForTests } from "./index";

const MASTER = "sk-master-0123456789abcdef";

function setup(version: string, routes: Record<string, Handler> = {}) {
  const fake = createFakeFetch({ version, routes });
  const client = createLiteLLMClient({ baseUrl: "http://litellm.test", masterKey: MASTER, fetch: fake.fetch, retryDelayMs: 1 });
  return { client, fake };
}

describe("models.create", () => {
  it("re-reads the created deployment through /model/info and returns it (never the encrypted create response)", async () => {
    let created: { model_info: { id: string } } | undefined;
    const { client, fake } = setup("1.96.0", {
      "POST /model/new": (c) => {
        created = c.body as typeof created;
        return json({ model_id: created!.model_info.id, litellm_params: { model: "gAAAAencrypted", api_key: "gAAAAencrypted" } });
      },
      "GET /model/info": (c) =>
        json({ data: c.query.get("litellm_model_id") === created?.model_info.id ? [deployment(created!.model_info.id)] : [] }),
    });
    const result = await client.models.create({
      model_name: "gpt-4o",
      litellm_params: { model: "openai/gpt-4o", api_key: "sk-provider-xyz12345" },
    });
    expect(result.model_info.id).toBe(created!.model_info.id);
    expect(result.litellm_params.model).toBe("openai/gpt-4o");
    expect(JSON.stringify(result)).not.toContain("gAAAA");
    expect(fake.apiCalls().map((c) => `${c.method} ${c.path}`)).toEqual(["POST /model/new", "GET /model/info"]);
  });

  it("after a 500 it looks the id up and returns the deployment if it was written (§8.20)", async () => {
    let id = "";
    const { client, fake } = setup("1.96.0", {
      "POST /model/new": (c) => {
        id = (c.body as { model_info: { id: string } }).model_info.id;
        return json({ error: { message: "Failed to add model to db. Check your server logs for more details.", code: "500" } }, 500);
      },
      "GET /model/info": () => json({ data: [deployment(id)] }),
    });
    const result = await client.models.create({ model_name: "gpt-4o", litellm_params: { model: "openai/gpt-4o" } });
    expect(result.model_info.id).toBe(id);
    expect(fake.apiCalls().filter((c) => c.path === "/model/new")).toHaveLength(1);
  });

  it("after a 500 with nothing written it reports the original error", async () => {
    const { client } = setup("1.96.0", {
      "POST /model/new": () =>
        json({ error: { message: "Set 'STORE_MODEL_IN_DB='True'' in your env to enable this feature.", code: "500" } }, 500),
      "GET /model/info": (c) =>
        json({ detail: { error: `Model id = ${c.query.get("litellm_model_id")} not found on litellm proxy` } }, 400),
    });
    await expect(client.models.create({ model_name: "gpt-4o", litellm_params: { model: "openai/gpt-4o" } })).rejects.toMatchObject({
      status: 500,
      message: "Set 'STORE_MODEL_IN_DB='True'' in your env to enable this feature.",
    });
  });

  it("after a timeout it finds the deployment by id instead of creating a second one", async () => {
    let id = "";
    const { fake } = setup("1.96.0");
    fake.routes["POST /model/new"] = async (c) => {
      id = (c.body as { model_info: { id: string } }).model_info.id;
      await new Promise((r) => setTimeout(r, 300));
      return json({});
    };
    fake.routes["GET /model/info"] = () => json({ data: [deployment(id)] });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: MASTER, fetch: slowAware(fake.fetch), timeoutMs: 100 });
    const result = await client.models.create({ model_name: "gpt-4o", litellm_params: { model: "openai/gpt-4o" } });
    expect(result.model_info.id).toBe(id);
  });

  it("does not claim someone else's deployment when a caller-chosen id collides", async () => {
    const { client } = setup("1.96.0", {
      "POST /model/new": () => json({ error: { message: "Failed to add model to db.", code: "500" } }, 500),
      "GET /model/info": () => json({ data: [deployment("fixed-id", { model_name: "other-model" })] }),
    });
    await expect(
      client.models.create({ model_name: "gpt-4o", litellm_params: { model: "openai/gpt-4o" }, model_info: { id: "fixed-id" } }),
    ).rejects.toMatchObject({ status: 500 });
  });
});

/** Makes the fake fetch honour the abort signal while a handler is still "thinking". */
function slowAware(inner: typeof fetch): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      inner(input, init).then(resolve, reject);
    })) as typeof fetch;
}

describe("models.listPage", () => {
  const many = Array.from({ length: 7 }, (_, i) => deployment(`id-${i}`, { model_name: i % 2 ? `embed-${i}` : `chat-${i}` }));

  it("uses /v2/model/info paging on 1.96", async () => {
    const { client, fake } = setup("1.96.0", {
      "GET /v2/model/info": () => json({ data: many.slice(0, 2), total_count: 7, current_page: 2, total_pages: 4, size: 2 }),
    });
    const page = await client.models.listPage({ page: 2, size: 2, search: "chat", sortBy: "model_name", sortOrder: "desc" });
    expect(page).toMatchObject({ totalCount: 7, page: 2, pageSize: 2, totalPages: 4 });
    const q = fake.apiCalls()[0]!.query;
    expect(Object.fromEntries(q)).toEqual({ page: "2", size: "2", search: "chat", sortBy: "model_name", sortOrder: "desc" });
  });

  it("on 1.80 reads /model/info once and pages on the server", async () => {
    const { client, fake } = setup("1.80.0", { "GET /model/info": () => json({ data: many }) });
    const page = await client.models.listPage({ page: 2, size: 2, search: "CHAT", sortBy: "model_name", sortOrder: "asc" });
    expect(page.data.map((d) => d.model_name)).toEqual(["chat-4", "chat-6"]);
    expect(page).toMatchObject({ totalCount: 4, page: 2, pageSize: 2, totalPages: 2 });
    expect(fake.apiCalls().map((c) => c.path)).toEqual(["/model/info"]);
  });

  it("pageLocally returns an empty last page rather than failing", () => {
    expect(pageLocally([], { page: 3, size: 10, sortOrder: "asc" })).toEqual({
      data: [],
      totalCount: 0,
      page: 3,
      pageSize: 10,
      totalPages: 1,
    });
  });
});

describe("models.update", () => {
  it("uses PATCH on 1.96 and returns the re-read deployment", async () => {
    const { client, fake } = setup("1.96.0", {
      "PATCH /model/m1/update": () => json({ litellm_params: "encrypted" }),
      "GET /model/info": () => json({ data: [deployment("m1", { litellm_params: { rpm: 5 } })] }),
    });
    const result = await client.models.update("m1", { litellm_params: { rpm: 5 } });
    expect(result.litellm_params.rpm).toBe(5);
    expect(fake.apiCalls()[0]).toMatchObject({ method: "PATCH", path: "/model/m1/update", body: { litellm_params: { rpm: 5 } } });
  });

  it("falls back to POST /model/update before 1.78 and refuses what POST would silently drop", async () => {
    const { client, fake } = setup("1.77.0", {
      "POST /model/update": () => json({}),
      "GET /model/info": () => json({ data: [deployment("m1")] }),
    });
    await client.models.update("m1", { litellm_params: { rpm: 5 } });
    expect(fake.apiCalls()[0]).toMatchObject({
      method: "POST",
      path: "/model/update",
      body: { litellm_params: { rpm: 5 }, model_info: { id: "m1" } },
    });
    await expect(client.models.update("m1", { model_info: { mode: "embedding" } })).rejects.toMatchObject({
      type: "unsupported_by_version",
    });
  });

  it("refuses to 'clear' a field LiteLLM cannot clear, before sending anything", async () => {
    const { client, fake } = setup("1.96.0");
    const error = (await client.models.update("m1", { clear: ["api_base"] }).catch((e) => e)) as LiteLLMError;
    expect(error.type).toBe("clear_not_supported");
    expect(error.message).toContain("cannot remove litellm_params.api_base");
    expect(fake.apiCalls()).toEqual([]);
  });

  it("clears a clearable field with an explicit null and verifies it is gone", async () => {
    let cleared = false;
    const { client, fake } = setup("1.96.0", {
      "PATCH /model/m1/update": (c) => {
        cleared ||= (c.body as { litellm_params: Record<string, unknown> }).litellm_params.litellm_credential_name === null;
        return json({});
      },
      "GET /model/info": () => json({ data: [deployment("m1", { litellm_params: cleared ? {} : { litellm_credential_name: "old" } })] }),
    });
    const result = await client.models.update("m1", { clear: ["litellm_credential_name"], litellm_params: { api_base: "https://x" } });
    expect(result.litellm_params.litellm_credential_name).toBeUndefined();
    expect(
      fake
        .apiCalls()
        .filter((c) => c.method === "PATCH")
        .map((c) => c.body),
    ).toEqual([{ litellm_params: { litellm_credential_name: null } }, { litellm_params: { api_base: "https://x" } }]);
  });

  it("throws clear_not_supported when the proxy ignores the null, and changes nothing else", async () => {
    const { client, fake } = setup("1.96.0", {
      "PATCH /model/m1/update": () => json({}),
      "GET /model/info": () => json({ data: [deployment("m1", { litellm_params: { litellm_credential_name: "old" } })] }),
    });
    await expect(client.models.update("m1", { clear: ["litellm_credential_name"], litellm_params: { rpm: 1 } })).rejects.toMatchObject({
      type: "clear_not_supported",
      message: expect.stringContaining("Nothing else was changed"),
    });
    expect(fake.apiCalls().filter((c) => c.method === "PATCH")).toHaveLength(1);
  });

  it("an unknown id is a not-found error in either dialect", async () => {
    const { client } = setup("1.96.0", {
      "PATCH /model/nope/update": () =>
        json({ error: { message: "Model nope not found on proxy.", type: "not_found_error", code: "404" } }, 404),
    });
    expect(isNotFound(await client.models.update("nope", { litellm_params: { rpm: 1 } }).catch((e) => e))).toBe(true);
    const old = setup("1.96.0", {
      "POST /model/delete": () => json({ error: { message: "{'error': 'Model with id=nope not found in db'}", code: "400" } }, 400),
    });
    expect(isNotFound(await old.client.models.delete("nope").catch((e) => e))).toBe(true);
  });
});

describe("keys", () => {
  const DAY = 86_400_000;

  it("1.80: generate without duration, then /key/update with it, and return the exact expiry", async () => {
    const exact = new Date(Date.now() + 30 * DAY).toISOString();
    const { client, fake } = setup("1.80.0", {
      "POST /key/generate": () =>
        json({ key: "sk-rawkey1234567890", token: "hash1", key_name: "sk-...7890", key_alias: "ci", expires: null }),
      "POST /key/update": () => json({ key: "hash1", token: "hash1", expires: exact }),
    });
    const key = await client.keys.generate({ key_alias: "ci", duration: "30d" });
    expect(key).toMatchObject({ key: "sk-rawkey1234567890", token: "hash1", keyName: "sk-...7890", keyAlias: "ci", expires: exact });
    expect(fake.apiCalls().map((c) => [c.path, c.body])).toEqual([
      ["/key/generate", { key_alias: "ci" }],
      ["/key/update", { key: "hash1", duration: "30d" }],
    ]);
    expect(JSON.stringify(key.record)).not.toContain("sk-rawkey");
  });

  it("1.80: if applying the duration fails the half-made key is deleted again", async () => {
    const { client, fake } = setup("1.80.0", {
      "POST /key/generate": () => json({ key: "sk-rawkey1234567890", token: "hash1" }),
      "POST /key/update": () => text("Internal Server Error", 500),
      "POST /key/delete": () => json({ deleted_keys: ["hash1"] }),
    });
    await expect(client.keys.generate({ duration: "30d" })).rejects.toMatchObject({ status: 500 });
    expect(fake.apiCalls().at(-1)).toMatchObject({ path: "/key/delete", body: { keys: ["hash1"] } });
  });

  it("1.96: sends duration straight to /key/generate", async () => {
    const { client, fake } = setup("1.96.0", {
      "POST /key/generate": () => json({ key: "sk-rawkey1234567890", token: "h", expires: "2030-01-01T00:00:00Z" }),
    });
    const key = await client.keys.generate({ duration: "30d" });
    expect(key.expires).toBe("2030-01-01T00:00:00Z");
    expect(fake.apiCalls().map((c) => c.path)).toEqual(["/key/generate"]);
  });

  it("keys.list refuses size > 100 without calling LiteLLM", async () => {
    const { client, fake } = setup("1.96.0");
    await expect(client.keys.list({ size: 101 })).rejects.toMatchObject({
      type: "invalid_request",
      message: expect.stringContaining("at most 100"),
    });
    expect(fake.calls).toEqual([]);
  });

  it("keys.list pages full objects", async () => {
    const { client, fake } = setup("1.96.0", {
      "GET /key/list": () => json({ keys: [{ token: "a", key_alias: "x", spend: 1.5 }], total_count: 31, current_page: 2, total_pages: 4 }),
    });
    const page = await client.keys.list({ page: 2, size: 10, team_id: "t1" });
    expect(page).toEqual({ data: [{ token: "a", key_alias: "x", spend: 1.5 }], totalCount: 31, page: 2, pageSize: 10, totalPages: 4 });
    expect(Object.fromEntries(fake.calls[0]!.query)).toEqual({ page: "2", size: "10", team_id: "t1", return_full_object: "true" });
  });

  it("raw keys are hashed before they leave (never in a URL)", async () => {
    const raw = "sk-rawkey1234567890";
    const hash = createHash("sha256").update(raw).digest("hex");
    const { client, fake } = setup("1.96.0", { "GET /key/info": () => json({ key: hash, info: { key_alias: "x" } }) });
    const info = await client.keys.info(raw);
    expect(fake.calls[0]!.query.get("key")).toBe(hash);
    expect(info.token).toBe(hash);
  });

  it("update by alias: 1.96 sends key_alias, 1.80 resolves the alias to the hash first", async () => {
    const routes = {
      "POST /key/update": () => json({ token: "h1" }),
      "GET /key/list": () =>
        json({
          keys: [
            { token: "h1", key_alias: "ci" },
            { token: "h2", key_alias: "ci-2" },
          ],
          total_count: 2,
        }),
    };
    const modern = setup("1.96.0", routes);
    await modern.client.keys.update({ alias: "ci" }, { rpm_limit: 5 });
    expect(modern.fake.apiCalls().map((c) => c.body)).toEqual([{ key_alias: "ci", rpm_limit: 5 }]);

    const old = setup("1.80.0", routes);
    await old.client.keys.update({ alias: "ci" }, { rpm_limit: 5 });
    expect(old.fake.apiCalls().map((c) => c.body ?? c.query.get("key_alias"))).toEqual(["ci", { key: "h1", rpm_limit: 5 }]);
  });
});

describe("checkMasterKeyEnforced", () => {
  it("401 on an admin route with no key → enforced, and no credentials were sent", async () => {
    const { client, fake } = setup("1.96.0", {
      "GET /key/list": () =>
        json({ error: { message: "Authentication Error, No api key passed in.", type: "auth_error", code: "401" } }, 401),
    });
    await expect(client.checkMasterKeyEnforced()).resolves.toEqual({ enforced: true });
    expect(fake.calls[0]!.headers.authorization).toBeUndefined();
  });

  it("success with no key → not enforced, with the operator-facing reason; cached", async () => {
    const { client, fake } = setup("1.96.0", { "GET /key/list": () => json({ keys: [], total_count: 0 }) });
    const result = await client.checkMasterKeyEnforced();
    expect(result).toEqual({ enforced: false, reason: NO_MASTER_KEY_REASON });
    expect(NO_MASTER_KEY_REASON).toContain("Set general_settings.master_key (LITELLM_MASTER_KEY)");
    await client.checkMasterKeyEnforced();
    expect(fake.calls).toHaveLength(1);
  });
});

describe("credentials", () => {
  it("a 200 body with success:true is success", async () => {
    const { client } = setup("1.96.0", {
      "DELETE /credentials/azure%20eu/west": () => json({ success: true, message: "Credential deleted successfully" }),
    });
    // Names may contain "/"; each segment is encoded, the separator kept.
    await expect(client.credentials.delete("azure eu/west")).rejects.toMatchObject({ type: "invalid_request" });
    const ok = setup("1.96.0", {
      "DELETE /credentials/azure/west": () => json({ success: true, message: "Credential deleted successfully" }),
    });
    await expect(ok.client.credentials.delete("azure/west")).resolves.toMatchObject({ success: true });
  });

  // Issue 12 #2: "../../x" made rotate and delete call GET /x on LiteLLM with the master key.
  it.each(["../../x", "a/../b", "./a", "a/.", "a//b", "/a", "a/", "..", "a/%2e%2e"])(
    "refuses the credential name %j before any request, for get, rotate and delete",
    async (name) => {
      const { client, fake } = setup("1.96.0", {});
      await expect(client.credentials.get(name)).rejects.toMatchObject({ type: "invalid_request" });
      await expect(
        client.credentials.update(name, { credential_name: name, credential_info: {}, credential_values: { api_key: "k" } }),
      ).rejects.toMatchObject({ type: "invalid_request" });
      await expect(client.credentials.delete(name)).rejects.toMatchObject({ type: "invalid_request" });
      expect(fake.apiCalls()).toHaveLength(0);
    },
  );

  it("encodes every path segment: a deployment id is one segment, dot segments refused", async () => {
    const { client, fake } = setup("1.96.0", { "GET /credentials/by_model/a%2Fb%3Fc": () => json({ credential_name: "x" }) });
    await expect(client.credentials.byModel("a/b?c")).resolves.toMatchObject({ credential_name: "x" });
    await expect(client.credentials.byModel("..")).rejects.toMatchObject({ type: "invalid_request" });
    expect(fake.apiCalls().map((c) => c.path)).toEqual(["/credentials/by_model/a%2Fb%3Fc"]);
  });

  it("GET /credentials that is really an exception is thrown", async () => {
    const { client } = setup("1.96.0", {
      "GET /credentials": () =>
        json({
          message: "DB not connected. See https://docs.litellm.ai/docs/proxy/virtual_keys",
          code: "500",
          type: "internal_server_error",
        }),
    });
    await expect(client.credentials.list()).rejects.toMatchObject({ status: 500, type: "internal_server_error" });
  });
});

describe("health.testConnection", () => {
  it("maps status:error to ok:false with the provider error, minus the stack trace and secrets", async () => {
    const { client } = setup("1.96.0", {
      "POST /health/test_connection": () =>
        json({
          status: "error",
          result: {
            model: "openai/gpt-4o",
            error:
              "AuthenticationError: Incorrect API key provided: sk-proj-abcdef1234567890\nstack trace: Traceback (most recent call last) ...",
          },
        }),
    });
    const r = await client.health.testConnection({ litellm_params: { model: "openai/gpt-4o", api_key: "sk-proj-abcdef1234567890" } });
    expect(r.ok).toBe(false);
    expect(r.error).toBe("AuthenticationError: Incorrect API key provided: sk-***");
  });

  it("maps status:success to ok:true with the rate-limit headers", async () => {
    const { client } = setup("1.96.0", {
      "POST /health/test_connection": () => json({ status: "success", result: { "x-ratelimit-remaining-requests": "499" } }),
    });
    await expect(client.health.testConnection({ litellm_params: { model: "openai/gpt-4o" } })).resolves.toMatchObject({
      ok: true,
      rateLimit: { remainingRequests: "499" },
    });
  });
});

describe("public.costMap", () => {
  it("falls back to /get/litellm_model_cost_map when the public route is missing, and drops sample_spec", async () => {
    const { client, fake } = setup("1.80.0", {
      "GET /get/litellm_model_cost_map": () =>
        json({
          sample_spec: { max_input_tokens: "max input tokens" },
          "text-embedding-3-small": { mode: "embedding", output_vector_size: 1536 },
        }),
    });
    expect(await client.public.costMap()).toEqual({ "text-embedding-3-small": { mode: "embedding", output_vector_size: 1536 } });
    expect(fake.calls.map((c) => c.path)).toEqual(["/public/litellm_model_cost_map", "/get/litellm_model_cost_map"]);
  });
});

describe("getLiteLLM", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvForTests();
    resetLiteLLMForTests();
  });

  it("builds one process-wide client from the environment", () => {
    vi.stubEnv("LITELLM_URL", "http://litellm.internal:4000/");
    vi.stubEnv("LITELLM_MASTER_KEY", MASTER);
    vi.stubEnv("AUTH_SECRET", "x".repeat(40));
    vi.stubEnv("AUTH_URL", "http://localhost:3000");
    resetEnvForTests();
    resetLiteLLMForTests();
    const a = getLiteLLM();
    expect(a).toBe(getLiteLLM());
    expect(a.baseUrl).toBe("http://litellm.internal:4000");
  });
});
