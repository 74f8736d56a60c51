import { describe, expect, it } from "vitest";

import { createFakeFetch, deployment, json, text } from "./__fixtures__/fake-fetch";
import { LiteLLMError } from "./errors";
import { mayLogBodies } from "./http";
import { createLiteLLMClient, type LiteLLMLogger } from "./index";

const MASTER = "sk-master-0123456789abcdef";

function recordingLogger() {
  const entries: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const logger: LiteLLMLogger = {
    debug: (message, fields) => entries.push({ level: "debug", message, fields }),
    info: (message, fields) => entries.push({ level: "info", message, fields }),
    warn: (message, fields) => entries.push({ level: "warn", message, fields }),
  };
  return { logger, entries };
}

describe("transport headers", () => {
  it("sends Bearer master key and a fresh uuid x-request-id on every call", async () => {
    const fake = createFakeFetch({ routes: { "GET /model/info": () => json({ data: [] }) } });
    const client = createLiteLLMClient({ baseUrl: "http://litellm.test/", masterKey: MASTER, fetch: fake.fetch });
    await client.models.list();
    await client.models.list();
    const [a, b] = fake.calls;
    expect(a!.headers.authorization).toBe(`Bearer ${MASTER}`);
    expect(a!.headers["x-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a!.headers["x-request-id"]).not.toBe(b!.headers["x-request-id"]);
    expect(a!.path).toBe("/model/info");
  });

  it("public routes go out without credentials", async () => {
    const fake = createFakeFetch({ routes: { "GET /public/providers": () => json(["openai", "azure"]) } });
    const client = createLiteLLMClient({ baseUrl: "http://litellm.test", masterKey: MASTER, fetch: fake.fetch });
    expect(await client.public.providers()).toEqual(["openai", "azure"]);
    expect(fake.calls[0]!.headers.authorization).toBeUndefined();
  });
});

describe("retries", () => {
  it("retries an idempotent GET on 503 and succeeds", async () => {
    let n = 0;
    const fake = createFakeFetch({
      routes: { "GET /model/info": () => (++n < 3 ? text("Service Unavailable", 503) : json({ data: [deployment("d1")] })) },
    });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: MASTER, fetch: fake.fetch, retryDelayMs: 1 });
    const list = await client.models.list();
    expect(list.map((d) => d.model_info.id)).toEqual(["d1"]);
    expect(fake.calls).toHaveLength(3);
    // One request id for the logical call, so the retries correlate in logs.
    expect(new Set(fake.calls.map((c) => c.headers["x-request-id"])).size).toBe(1);
  });

  it("gives up after 2 retries on connection errors", async () => {
    let n = 0;
    const failing = (async () => {
      n++;
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ECONNRESET" }) });
    }) as typeof fetch;
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: MASTER, fetch: failing, retryDelayMs: 1 });
    const error = await client.models.list().catch((e) => e);
    expect(error).toBeInstanceOf(LiteLLMError);
    expect(error.type).toBe("connection_error");
    expect(n).toBe(3);
  });

  it("never retries a POST, even on 503", async () => {
    const fake = createFakeFetch({ routes: { "POST /model/delete": () => text("Service Unavailable", 503) } });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: MASTER, fetch: fake.fetch, retryDelayMs: 1 });
    await expect(client.models.delete("d1")).rejects.toMatchObject({ status: 503 });
    expect(fake.calls).toHaveLength(1);
  });

  it("retries a GET on 500 (the alias check read) and succeeds", async () => {
    let n = 0;
    const fake = createFakeFetch({
      routes: { "GET /key/list": () => (++n < 2 ? json({ error: { message: "boom", code: "500" } }, 500) : json({ keys: [], total_count: 0, current_page: 1, total_pages: 0 })) },
    });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: MASTER, fetch: fake.fetch, retryDelayMs: 1 });
    await client.keys.list({ key_alias: "a" });
    expect(fake.calls).toHaveLength(2);
  });

  it("gives up on a GET after 2 retries on 500, and never retries a 400", async () => {
    const fake = createFakeFetch({
      routes: {
        "GET /model/info": () => json({ error: { message: "boom", code: "500" } }, 500),
        "GET /key/info": () => json({ error: { message: "bad", code: "400" } }, 400),
      },
    });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: MASTER, fetch: fake.fetch, retryDelayMs: 1 });
    await expect(client.models.list()).rejects.toMatchObject({ status: 500, message: "boom" });
    expect(fake.calls).toHaveLength(3);
    await expect(client.keys.info("a".repeat(64))).rejects.toMatchObject({ status: 400 });
    expect(fake.calls).toHaveLength(4);
  });

  it("never retries a write on 500", async () => {
    const fake = createFakeFetch({ routes: { "POST /key/block": () => json({ error: { message: "boom", code: "500" } }, 500) } });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: MASTER, fetch: fake.fetch, retryDelayMs: 1 });
    await expect(client.keys.block("a".repeat(64))).rejects.toMatchObject({ status: 500 });
    expect(fake.calls).toHaveLength(1);
  });
});

describe("logger", () => {
  const SECRET_PROVIDER_KEY = "sk-provider-SECRET-1234567890";

  it("logs method, path, status, duration and request id", async () => {
    const { logger, entries } = recordingLogger();
    const fake = createFakeFetch({ routes: { "GET /model/info": () => json({ data: [] }) } });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: MASTER, fetch: fake.fetch, logger });
    await client.models.list();
    const info = entries.find((e) => e.level === "info")!;
    expect(info.fields).toMatchObject({
      method: "GET",
      path: "/model/info",
      status: 200,
      requestId: fake.calls[0]!.headers["x-request-id"],
    });
    expect(typeof info.fields.durationMs).toBe("number");
  });

  it("never passes bodies or headers for /model/*, /credentials*, /key/* (even at debug)", async () => {
    const { logger, entries } = recordingLogger();
    const fake = createFakeFetch({
      version: "1.96.0",
      routes: {
        "POST /model/new": () => json({ model_id: "m1", litellm_params: { api_key: "encrypted-blob" } }),
        "GET /model/info": (c) => json({ data: [deployment(c.query.get("litellm_model_id") ?? "m1")] }),
        "POST /credentials": () => json({ success: true, message: "Credential created successfully" }),
        "POST /key/generate": () => json({ key: "sk-RAWVIRTUALKEY1234567890", token: "hash1", key_name: "sk-...7890", expires: null }),
        "PATCH /credentials/c1": () => json({ message: `bad value ${SECRET_PROVIDER_KEY}`, code: "500" }),
      },
    });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: MASTER, fetch: fake.fetch, logger });
    await client.models.create({ model_name: "gpt-4o", litellm_params: { model: "openai/gpt-4o", api_key: SECRET_PROVIDER_KEY } });
    await client.credentials.create({ credential_name: "c1", credential_info: {}, credential_values: { api_key: SECRET_PROVIDER_KEY } });
    await client.keys.generate({ key_alias: "k" });
    await client.credentials
      .update("c1", { credential_name: "c1", credential_info: {}, credential_values: { api_key: SECRET_PROVIDER_KEY } })
      .catch(() => undefined);

    const logged = JSON.stringify(entries);
    expect(entries.length).toBeGreaterThan(5);
    expect(logged).not.toContain(SECRET_PROVIDER_KEY);
    expect(logged).not.toContain("SECRET");
    expect(logged).not.toContain("RAWVIRTUALKEY");
    expect(logged).not.toContain(MASTER);
    expect(logged).not.toContain("litellm_params");
    expect(logged).not.toContain("credential_values");
    expect(logged).not.toMatch(/authorization|bearer/i);
    const sensitive = entries.filter((e) => /^\/(model|credentials|key)/.test(String(e.fields.path)));
    expect(sensitive.length).toBeGreaterThan(4);
    for (const e of sensitive) {
      expect(e.level).not.toBe("debug");
      expect(Object.keys(e.fields)).not.toContain("requestBody");
      expect(Object.keys(e.fields)).not.toContain("responseBody");
    }
    // The failed PATCH is logged as a failure, with its status, but without the message body.
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: "warn",
        fields: expect.objectContaining({ method: "PATCH", path: "/credentials/c1", status: 200 }),
      }),
    );
  });

  it("logs bodies at debug only for harmless routes, redacted", async () => {
    const { logger, entries } = recordingLogger();
    const fake = createFakeFetch({ version: "1.96.0" });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: MASTER, fetch: fake.fetch, logger });
    await client.health.readiness();
    const debug = entries.find((e) => e.level === "debug");
    expect(debug?.fields.responseBody).toMatchObject({ litellm_version: "1.96.0" });
  });

  it.each([
    ["/model/new", false],
    ["/model/abc/update", false],
    ["/v2/model/info", false],
    ["/credentials", false],
    ["/credentials/by_name/x", false],
    ["/key/generate", false],
    ["/user/new", false],
    ["/health/test_connection", false],
    ["/health/readiness", true],
    ["/model_group/info", true],
  ])("mayLogBodies(%s) = %s", (path, allowed) => {
    expect(mayLogBodies(path)).toBe(allowed);
  });
});
