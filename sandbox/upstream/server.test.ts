import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstream, type UpstreamHandle } from "./server";
import { apiClient, type Api } from "../litellm/testing";

let up: UpstreamHandle;
let api: Api;
let open: Api;

beforeAll(async () => {
  up = await startUpstream({ port: 0 });
  api = apiClient(up.url, "sk-upstream-good");
  open = apiClient(up.url);
});
afterAll(async () => {
  await up.close();
});

describe("upstream stand-in: OpenAI style", () => {
  it("returns default embedding dimensions per model (1536, 3072, 768, 1024)", async () => {
    const dims: Record<string, number> = {
      "text-embedding-3-small": 1536,
      "text-embedding-3-large": 3072,
      "nomic-embed-text": 768,
      "BAAI/bge-m3": 1024,
      "my-embed-model": 768,
    };
    for (const [model, dim] of Object.entries(dims)) {
      const r = await api("POST", "/v1/embeddings", { model, input: ["a", "b"] });
      expect(r.status, model).toBe(200);
      expect(r.json.data).toHaveLength(2);
      expect(r.json.data[0].embedding).toHaveLength(dim);
    }
  });

  it("honours `dimensions` only for text-embedding-3-*", async () => {
    const ok = await api("POST", "/v1/embeddings", { model: "text-embedding-3-large", input: "x", dimensions: 256 });
    expect(ok.json.data[0].embedding).toHaveLength(256);
    const bad = await api("POST", "/v1/embeddings", { model: "text-embedding-ada-002", input: "x", dimensions: 256 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe("This model does not support specifying dimensions.");
    expect(up.requests.at(-1)?.dimensions).toBe(256);
  });

  it("embeddings are deterministic for the same input", async () => {
    const a = await api("POST", "/v1/embeddings", { model: "nomic-embed-text", input: "same" });
    const b = await api("POST", "/v1/embeddings", { model: "nomic-embed-text", input: "same" });
    expect(a.json.data[0].embedding).toEqual(b.json.data[0].embedding);
  });

  it("rejects a wrong bearer key with OpenAI's invalid_api_key error", async () => {
    const r = await apiClient(up.url, "sk-upstream-bad")("POST", "/v1/chat/completions", { model: "gpt-4o", messages: [] });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe("invalid_api_key");
    expect(r.json.error.message).toMatch(/^Incorrect API key provided: sk-up\*\*\*\./);
    expect(r.text).not.toContain("sk-upstream-bad");
  });

  it("/open/v1 needs no key (vLLM without --api-key)", async () => {
    const r = await open("POST", "/open/v1/chat/completions", {
      model: "meta-llama/Llama-3.1-8B-Instruct",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(r.status).toBe(200);
    expect(r.json.choices[0].message.content).toContain("hi");
    expect(up.requests.at(-1)?.auth).toBe("open");
  });

  it("unknown model → 404 model_not_found; chat on an embedding model fails", async () => {
    const r = await api("POST", "/v1/chat/completions", { model: "nonexistent-model", messages: [] });
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe("model_not_found");
    const e = await api("POST", "/v1/chat/completions", { model: "text-embedding-3-small", messages: [] });
    expect(e.status).toBe(404);
  });

  it("streams SSE chunks ending in [DONE] and reports usage when asked", async () => {
    const r = await api("POST", "/v1/chat/completions", {
      model: "gpt-4o",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "hello" }],
    });
    expect(r.headers.get("content-type")).toContain("text/event-stream");
    expect(r.text.trim().endsWith("data: [DONE]")).toBe(true);
    expect(r.text).toContain('"usage"');
  });
});

describe("upstream stand-in: Azure and Ollama", () => {
  const azure = (path: string, key = "azure-upstream-good") =>
    apiClient(up.url)("POST", path, { messages: [{ role: "user", content: "x" }], input: "x" }, { "api-key": key });

  it("serves /openai/deployments/{d}/chat/completions with api-key and api-version", async () => {
    const r = await azure("/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
    expect(r.status).toBe(200);
    expect(up.requests.at(-1)).toMatchObject({ flavor: "azure", auth: "azure-api-key", model: "gpt-4o", apiVersion: "2024-10-21" });
  });

  it("missing api-version → 404 Resource not found; bad version → 400", async () => {
    expect((await azure("/openai/deployments/gpt-4o/chat/completions")).json).toEqual({
      error: { code: "404", message: "Resource not found" },
    });
    expect((await azure("/openai/deployments/gpt-4o/chat/completions?api-version=latest")).status).toBe(400);
  });

  it("unknown deployment → 404 DeploymentNotFound; wrong api-key → 401", async () => {
    const r = await azure("/openai/deployments/my-gpt/chat/completions?api-version=2024-06-01");
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe("DeploymentNotFound");
    expect((await azure("/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01", "nope")).status).toBe(401);
  });

  it("Azure embeddings deployment returns vectors", async () => {
    const r = await azure("/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-02-01");
    expect(r.json.data[0].embedding).toHaveLength(1536);
  });

  it("Ollama /api/embed, /api/chat (stream:false) and /api/tags need no auth", async () => {
    const e = await open("POST", "/api/embed", { model: "nomic-embed-text", input: ["a"] });
    expect(e.json.embeddings[0]).toHaveLength(768);
    const c = await open("POST", "/api/chat", { model: "llama3", stream: false, messages: [{ role: "user", content: "yo" }] });
    expect(c.json.message.content).toContain("yo");
    expect((await open("GET", "/api/tags")).json.models.length).toBeGreaterThan(0);
  });
});

describe("upstream stand-in: faults", () => {
  it("status fault answers every model route with that status", async () => {
    up.setFaults({ status: 503 });
    try {
      expect((await api("POST", "/v1/chat/completions", { model: "gpt-4o", messages: [] })).status).toBe(503);
    } finally {
      up.setFaults({});
    }
  });

  it("latency fault delays the answer", async () => {
    up.setFaults({ latencyMs: 300 });
    const t = Date.now();
    try {
      await api("POST", "/v1/chat/completions", { model: "gpt-4o", messages: [] });
    } finally {
      up.setFaults({});
    }
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  });

  it("drop and hang faults (also settable over HTTP)", async () => {
    await open("POST", "/__sandbox/faults", { drop: true });
    await expect(api("POST", "/v1/chat/completions", { model: "gpt-4o", messages: [] })).rejects.toThrow();
    await open("POST", "/__sandbox/faults", { hang: true });
    const ctl = AbortSignal.timeout(300);
    await expect(fetch(`${up.url}/open/v1/models`, { signal: ctl })).rejects.toThrow();
    await open("DELETE", "/__sandbox/faults");
    expect((await open("GET", "/__sandbox/requests")).json.requests.length).toBeGreaterThan(0);
  });
});
