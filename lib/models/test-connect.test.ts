import { describe, expect, it, vi } from "vitest";

import type { AuditInput } from "@/lib/audit/service";
import type { SessionUser } from "@/lib/auth/types";
import { RateLimitedError, ValidationError } from "@/lib/errors";
import { LiteLLMError, type TestConnectionResult } from "@/lib/litellm";
import { checkApiBase, type SsrfPolicy } from "@/lib/net/ssrf";

import { ENV_REF_TEST_MESSAGE } from "./explain";
import { envRefFieldErrors, testDraftConnection, testExistingModel, TEST_CONNECT_LIMIT, type TestConnectDeps } from "./test-connect";

const admin: SessionUser = { id: "local:admin", provider: "local", username: "admin", name: "Admin", role: "admin", teams: [] };
const viewer: SessionUser = { ...admin, id: "local:viewer", username: "viewer", role: "viewer" };
const ctx = { user: admin, request: { ip: "127.0.0.1", userAgent: "vitest" } };

const UPSTREAM = "127.0.0.1:4110";
const policy: SsrfPolicy = { allowedHosts: [UPSTREAM], allowedCidrs: [], blockedOrigins: ["http://127.0.0.1:4010", "http://localhost:3100"] };

function makeDeps(overrides: Partial<TestConnectDeps> = {}) {
  const calls: string[] = [];
  const audits: AuditInput[] = [];
  const health = {
    testConnection: vi.fn(async (): Promise<TestConnectionResult> => {
      calls.push("litellm");
      return { ok: true, durationMs: 42 };
    }),
  };
  const deps: TestConnectDeps = {
    health,
    models: { find: vi.fn(async () => null), list: vi.fn(async () => []) },
    checkApiBase: vi.fn(async (raw: string) => {
      calls.push("ssrf");
      return checkApiBase(raw, policy, async () => {
        throw new Error("no DNS in unit tests");
      });
    }),
    providerFields: async () => undefined,
    recentHits: vi.fn(async () => {
      calls.push("rate-limit");
      return { count: 0, oldest: null };
    }),
    recordHit: vi.fn(async () => undefined),
    audit: vi.fn(async (a: AuditInput) => {
      audits.push(a);
    }),
    litellmUrl: "http://127.0.0.1:4010",
    ...overrides,
  };
  return { deps, calls, audits, health };
}

const vllmDraft = (apiBase: string, extra: Record<string, unknown> = {}) => ({
  providerFlowId: "vllm",
  alias: "granite",
  upstreamModel: "granite-3.3-8b-instruct",
  mode: "chat",
  params: { api_base: apiBase, api_key: "placeholder-key-123" },
  ...extra,
});

const azureEmbedding = {
  providerFlowId: "azure",
  alias: "rag-embeddings",
  upstreamModel: "text-embedding-3-small",
  mode: "embedding",
  outputVectorSize: 1536,
  params: { api_base: `http://${UPSTREAM}`, api_version: "2024-10-21", api_key: "azure-upstream-good" },
};

describe("testDraftConnection gating", () => {
  it.each(["http://169.254.169.254/", "http://127.0.0.1:4000", "http://[::1]/", "http://10.0.0.5/"])(
    "refuses %s before any request leaves, on the api_base field, and audits the host only",
    async (apiBase) => {
      const { deps, calls, audits, health } = makeDeps();
      const error = await testDraftConnection({ ctx, input: { draft: vllmDraft(apiBase) }, deps }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fieldErrors)).toEqual(["params.api_base"]);
      expect(health.testConnection).not.toHaveBeenCalled();
      expect(calls).toEqual(["rate-limit", "ssrf"]);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ action: "model.test_connect", outcome: "denied" });
      expect(audits[0]!.details).toEqual({ host: new URL(apiBase).host, mode: "chat", outcome: expect.stringMatching(/^refused_/) });
      expect(JSON.stringify(audits)).not.toContain("placeholder-key-123");
    },
  );

  it.each(["http://127.0.0.1:4110\\@169.254.169.254/v1", "https://api.openai.com\\@169.254.169.254/"])(
    "refuses the parser-differential api_base %s on the field, sends nothing and does not count it against the limit",
    async (apiBase) => {
      const { deps, health } = makeDeps();
      const error = (await testDraftConnection({ ctx, input: { draft: vllmDraft(apiBase) }, deps }).catch((e: unknown) => e)) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.fieldErrors["params.api_base"]?.[0]).toContain("backslashes");
      expect(health.testConnection).not.toHaveBeenCalled();
      expect(deps.recordHit).not.toHaveBeenCalled();
    },
  );

  it("sends the normalised api_base that was checked, never the raw text, and counts the test once", async () => {
    const { deps, health } = makeDeps();
    await testDraftConnection({ ctx, input: { draft: vllmDraft(`HTTP://${UPSTREAM}/open/../open/v1`) }, deps });
    const body = (health.testConnection.mock.calls[0] as unknown[])[0] as { litellm_params: Record<string, unknown> };
    expect(body.litellm_params.api_base).toBe(`http://${UPSTREAM}/open/v1`);
    expect(deps.recordHit).toHaveBeenCalledTimes(1);
  });

  it("checks the FINAL api_base: Advanced JSON overriding a good URL is refused, on the Advanced JSON field", async () => {
    const { deps, health } = makeDeps();
    const draft = vllmDraft(`http://${UPSTREAM}/open/v1`, { advancedJson: JSON.stringify({ api_base: "http://169.254.169.254/latest" }) });
    const error = (await testDraftConnection({ ctx, input: { draft }, deps }).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors.advancedJson?.[0]).toMatch(/link-local|metadata/);
    expect(deps.checkApiBase).toHaveBeenCalledWith("http://169.254.169.254/latest");
    expect(health.testConnection).not.toHaveBeenCalled();
  });

  it("refuses os.environ/ values before the rate limit, the DNS lookup and the call, with the reason on the field", async () => {
    const { deps, calls } = makeDeps();
    const draft = { ...azureEmbedding, params: { ...azureEmbedding.params, api_key: "os.environ/AZURE_API_KEY" } };
    const error = (await testDraftConnection({ ctx, input: { draft }, deps }).catch((e: unknown) => e)) as ValidationError;
    expect(error.fieldErrors["params.api_key"]).toEqual([ENV_REF_TEST_MESSAGE]);
    expect(calls).toEqual([]);
  });

  it("refuses an invalid draft with the shared schema's field errors and sends nothing", async () => {
    const { deps, calls } = makeDeps();
    const error = (await testDraftConnection({ ctx, input: { draft: { ...azureEmbedding, outputVectorSize: undefined } }, deps }).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(error.fieldErrors.outputVectorSize?.[0]).toContain("need a dimension");
    expect(calls).toEqual([]);
  });

  it(`allows ${TEST_CONNECT_LIMIT} tests per minute, then refuses without resolving or calling`, async () => {
    const { deps, calls, audits } = makeDeps({
      recentHits: vi.fn(async () => ({ count: TEST_CONNECT_LIMIT, oldest: new Date(Date.now() - 30_000) })),
    });
    const error = await testDraftConnection({ ctx, input: { draft: azureEmbedding }, deps }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as Error).message).toContain("Try again in 1 minute");
    expect(calls).toEqual([]);
    expect(deps.recordHit).not.toHaveBeenCalled();
    expect(audits[0]!.details).toMatchObject({ outcome: "rate_limited", host: UPSTREAM });
  });

  it("refuses viewers", async () => {
    const { deps, calls } = makeDeps();
    await expect(testDraftConnection({ ctx: { user: viewer }, input: { draft: azureEmbedding }, deps })).rejects.toThrow(/admins/);
    expect(calls).toEqual([]);
  });
});

describe("testDraftConnection results", () => {
  it("tests an embedding model as an embedding, with the allowed upstream, and audits success", async () => {
    const { deps, calls, audits, health } = makeDeps();
    const result = await testDraftConnection({ ctx, input: { draft: azureEmbedding }, deps });
    expect(calls).toEqual(["rate-limit", "ssrf", "litellm"]);
    expect(health.testConnection).toHaveBeenCalledWith(
      expect.objectContaining({
        mode: "embedding",
        litellm_params: expect.objectContaining({ model: "azure/text-embedding-3-small", api_key: "azure-upstream-good" }),
        model_info: expect.objectContaining({ mode: "embedding", output_vector_size: 1536 }),
      }),
      expect.anything(),
    );
    expect(result).toMatchObject({ status: "success", mode: "embedding", host: UPSTREAM, latencyMs: 42 });
    expect(result.curl).not.toContain("azure-upstream-good");
    expect(result.curl).toContain("${AZURE_API_KEY}");
    expect(audits.map((a) => [a.outcome, a.details])).toEqual([["success", { host: UPSTREAM, mode: "embedding", outcome: "success" }]]);
  });

  it("explains a provider failure in plain words", async () => {
    const { deps, audits } = makeDeps({
      health: {
        testConnection: vi.fn(async () => ({
          ok: false,
          durationMs: 12,
          error: "litellm.NotFoundError: NotFoundError: AzureException - The API deployment for this resource does not exist.",
        })),
      },
    });
    const result = await testDraftConnection({ ctx, input: { draft: { ...azureEmbedding, upstreamModel: "wrong-deployment" } }, deps });
    expect(result.status).toBe("failed");
    expect(result.explanation?.kind).toBe("wrong_deployment");
    expect(audits[0]).toMatchObject({ outcome: "failure", details: { outcome: "wrong_deployment", host: UPSTREAM, mode: "embedding" } });
  });

  it("reports a cancelled test as cancelled", async () => {
    const controller = new AbortController();
    const { deps } = makeDeps({
      health: {
        testConnection: vi.fn(async () => {
          controller.abort();
          throw new LiteLLMError({ type: "aborted", message: "The request to LiteLLM was cancelled." });
        }),
      },
    });
    const result = await testDraftConnection({ ctx, input: { draft: azureEmbedding }, signal: controller.signal, deps });
    expect(result.status).toBe("cancelled");
  });

  it("explains LiteLLM's own timeout as a timeout", async () => {
    const { deps } = makeDeps({
      health: { testConnection: vi.fn(async () => Promise.reject(new LiteLLMError({ type: "timeout", message: "LiteLLM did not answer within 60 s." }))) },
    });
    const result = await testDraftConnection({ ctx, input: { draft: azureEmbedding }, deps });
    expect(result.explanation?.kind).toBe("timeout");
  });
});

describe("envRefFieldErrors", () => {
  it("maps references to their field, extra_headers to the key field, anything else to Advanced JSON", () => {
    const flow = { fields: [{ key: "api_key" }, { key: "api_base" }] } as never;
    expect(
      envRefFieldErrors(
        { model: "openai/x", api_base: "os.environ/BASE", extra_headers: { "X-Key": "os.environ/K" }, seed: "os.environ/SEED", api_key: "EMPTY" },
        flow,
      ),
    ).toEqual({ "params.api_base": [ENV_REF_TEST_MESSAGE], "params.api_key": [ENV_REF_TEST_MESSAGE], advancedJson: [ENV_REF_TEST_MESSAGE] });
  });
});

describe("testExistingModel", () => {
  const stored = (params: Record<string, unknown>, mode = "embedding") => ({
    model_name: "rag-embeddings",
    litellm_params: { model: "azure/text-embedding-3-small", api_base: `http://${UPSTREAM}`, ...params },
    model_info: { id: "m-1", mode },
  });

  it("names the deployment so LiteLLM uses its stored key (which /model/info never returns), in the stored mode", async () => {
    const { deps, health } = makeDeps();
    deps.models.find = vi.fn(async () => stored({}) as never);
    deps.models.list = vi.fn(async () => [stored({}), stored({})] as never);
    const result = await testExistingModel({ ctx, input: { modelId: "m-1" }, deps });
    expect(health.testConnection).toHaveBeenCalledWith(
      { mode: "embedding", litellm_params: { model: "rag-embeddings" }, model_info: { id: "m-1", mode: "embedding" } },
      expect.anything(),
    );
    expect(result.notes.join(" ")).toContain("2 deployments");
  });

  it("sends the stored settings when a named credential supplies the secrets", async () => {
    const { deps, health } = makeDeps();
    deps.models.find = vi.fn(async () => stored({ litellm_credential_name: "azure-prod" }) as never);
    await testExistingModel({ ctx, input: { modelId: "m-1" }, deps });
    expect(health.testConnection).toHaveBeenCalledWith(
      expect.objectContaining({ litellm_params: expect.objectContaining({ litellm_credential_name: "azure-prod", api_base: `http://${UPSTREAM}` }) }),
      expect.anything(),
    );
  });

  it("refuses a stored api_base the SSRF guard refuses", async () => {
    const { deps, health } = makeDeps();
    deps.models.find = vi.fn(async () => stored({ api_base: "http://169.254.169.254/" }) as never);
    await expect(testExistingModel({ ctx, input: { modelId: "m-1" }, deps })).rejects.toThrow(/Refused before any request/);
    expect(health.testConnection).not.toHaveBeenCalled();
  });
});

describe("Test Connect results become health records", () => {
  const stored = { model_name: "rag-embeddings", litellm_params: { model: "azure/text-embedding-3-small", api_base: `http://${UPSTREAM}` }, model_info: { id: "m-1", mode: "embedding" } };

  it("records a saved deployment's result by its id: outcome, mode, host, latency, who — no key, path or header", async () => {
    const recordCheck = vi.fn(async () => undefined);
    const { deps } = makeDeps({ recordCheck });
    deps.models.find = vi.fn(async () => stored as never);
    await testExistingModel({ ctx, input: { modelId: "m-1" }, deps });
    expect(recordCheck).toHaveBeenCalledWith({
      deploymentId: "m-1",
      status: "success",
      mode: "embedding",
      host: UPSTREAM,
      latencyMs: 42,
      errorKind: null,
      checkedBy: "admin",
    });
  });

  it("records a failure with its kind, and nothing for a cancelled test", async () => {
    const recordCheck = vi.fn(async () => undefined);
    const failing = makeDeps({
      recordCheck,
      health: { testConnection: vi.fn(async () => ({ ok: false, durationMs: 7, error: "AuthenticationError: 401 invalid api key" })) } as never,
    });
    failing.deps.models.find = vi.fn(async () => stored as never);
    await testExistingModel({ ctx, input: { modelId: "m-1" }, deps: failing.deps });
    expect(recordCheck).toHaveBeenLastCalledWith(expect.objectContaining({ deploymentId: "m-1", status: "failed", errorKind: expect.any(String) }));
    expect((recordCheck.mock.calls.at(-1) as unknown as [{ errorKind: string }])[0].errorKind).not.toBe("failed");

    recordCheck.mockClear();
    const cancelled = makeDeps({
      recordCheck,
      health: { testConnection: vi.fn(async () => { throw new LiteLLMError({ type: "aborted", status: 0, message: "aborted" } as never); }) } as never,
    });
    cancelled.deps.models.find = vi.fn(async () => stored as never);
    const result = await testExistingModel({ ctx, input: { modelId: "m-1" }, deps: cancelled.deps });
    expect(result.status).toBe("cancelled");
    expect(recordCheck).not.toHaveBeenCalled();
  });

  it("gives a draft's test a receipt (signed, no secret or digest in it), and none without a signing secret", async () => {
    const { deps } = makeDeps({ receiptSecret: "x".repeat(32) });
    const result = await testDraftConnection({ ctx, input: { draft: azureEmbedding }, deps });
    expect(result.receipt).toMatchObject({ status: "success", mode: "embedding", host: UPSTREAM, latencyMs: 42, errorKind: null });
    expect(JSON.stringify(result.receipt)).not.toContain("azure-upstream-good");
    expect(Object.keys(result.receipt!).sort()).toEqual(["at", "errorKind", "host", "latencyMs", "mac", "mode", "status"]);
    const unsigned = makeDeps();
    expect((await testDraftConnection({ ctx, input: { draft: azureEmbedding }, deps: unsigned.deps })).receipt).toBeUndefined();
  });
});
