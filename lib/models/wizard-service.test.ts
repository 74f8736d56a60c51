import { describe, expect, it, vi } from "vitest";

import type { Finding } from "@/lib/aliases/checks";
import { AliasCheckError, AliasConfirmationError } from "@/lib/aliases/service";
import type { AuditInput } from "@/lib/audit/service";
import type { SessionUser } from "@/lib/auth/types";
import { ValidationError } from "@/lib/errors";
import { DeploymentSnapshot } from "@/lib/deployments/snapshot";
import { checkApiBase, type SsrfPolicy } from "@/lib/net/ssrf";

import {
  apiBaseErrorPath,
  describeFlow,
  modelHints,
  previewDraft,
  rollbackWizardModel,
  saveWizardModel,
  validateDraftStep,
  type SaveDeps,
} from "./wizard-service";
import { curatedFlows } from "./provider-flows";
import { issueTestReceipt } from "./connection-checks";

const admin: SessionUser = { id: "local:admin", provider: "local", username: "admin", name: "Admin", role: "admin", teams: [] };
const ctx = { user: admin };
const UPSTREAM = "127.0.0.1:4110";
const policy: SsrfPolicy = { allowedHosts: [UPSTREAM], allowedCidrs: [], blockedOrigins: ["http://127.0.0.1:4010"] };

const azureEmbedding = {
  providerFlowId: "azure",
  alias: "rag-embeddings",
  upstreamModel: "text-embedding-3-small",
  mode: "embedding",
  outputVectorSize: 1536,
  params: { api_base: `http://${UPSTREAM}`, api_version: "2024-10-21", api_key: "azure-upstream-good" },
};

const finding = (severity: Finding["severity"], rule: Finding["rule"], message: string): Finding => ({
  severity,
  rule,
  message,
  fix: "fix it",
  alias: "rag-embeddings",
});

function makeDeps(overrides: Partial<SaveDeps> = {}) {
  const audits: AuditInput[] = [];
  const order: string[] = [];
  const created: unknown[] = [];
  const deps: SaveDeps = {
    litellm: {
      models: {
        create: vi.fn(async (d: { model_name: string; litellm_params: Record<string, unknown>; model_info: { id: string } }) => {
          order.push("create");
          created.push(d);
          return { model_name: d.model_name, litellm_params: { model: d.litellm_params.model }, model_info: { id: d.model_info.id } };
        }),
        list: vi.fn(async () => []),
        find: vi.fn(async () => ({ model_name: "rag-embeddings", litellm_params: {}, model_info: { id: "m-1" } })),
        delete: vi.fn(async () => ({ message: "deleted" })),
      },
      credentials: { list: vi.fn(async () => []) },
      teams: { list: vi.fn(async () => []) },
    } as never,
    checkApiBase: vi.fn(async (raw: string) => {
      order.push("ssrf");
      return checkApiBase(raw, policy, async () => []);
    }),
    providerFields: async () => undefined,
    audit: vi.fn(async (a: AuditInput) => {
      audits.push(a);
    }),
    enforceCandidate: vi.fn(async () => {
      order.push("alias-checks");
      return [finding("warn", "alias_shape", "Aliases are usually lowercase")];
    }),
    verifyDimension: vi.fn(async () => ({ status: "verified" as const, expected: 1536, actual: 1536, message: "ok", checkedAt: "now" })),
    deployments: async () => DeploymentSnapshot.empty(),
    invalidateIndex: vi.fn(() => {
      order.push("invalidate");
    }),
    forgetVerification: vi.fn(async () => undefined),
    ...overrides,
  };
  return { deps, audits, order, created };
}

describe("saveWizardModel", () => {
  const headerDraft = {
    providerFlowId: "openai_compatible",
    alias: "delta-llm",
    upstreamModel: "delta-70b",
    mode: "chat",
    params: { api_base: `http://${UPSTREAM}/v1`, api_key: "delta-secret-4242" },
    customAuthHeader: { name: "X-Delta-Key", format: "Bearer {api_key}" },
  };

  it("puts a custom auth header in its own LiteLLM credential before creating the deployment, which only names it", async () => {
    const { deps, created, audits } = makeDeps();
    const credentials = { list: vi.fn(async () => []), create: vi.fn(async () => ({ success: true })), delete: vi.fn(async () => ({ success: true })) };
    (deps.litellm as unknown as { credentials: unknown }).credentials = credentials;
    const saved = await saveWizardModel({ ctx, input: { draft: headerDraft }, deps });
    const name = `delta-llm-auth-header-${saved.modelId.replace(/-/g, "").slice(0, 8)}`;
    expect(credentials.create).toHaveBeenCalledWith({
      credential_name: name,
      credential_info: expect.objectContaining({ custom_llm_provider: "openai", gatehouse_purpose: "custom_auth_header" }),
      credential_values: { extra_headers: { "X-Delta-Key": "Bearer delta-secret-4242" } },
    });
    const body = created[0] as { litellm_params: Record<string, unknown> };
    expect(body.litellm_params).toMatchObject({ litellm_credential_name: name, api_key: "EMPTY" });
    expect(body.litellm_params).not.toHaveProperty("extra_headers");
    expect(JSON.stringify(body)).not.toContain("delta-secret-4242");
    expect(JSON.stringify(audits)).not.toContain("delta-secret-4242");
    expect(audits[0]!.details).toMatchObject({ authHeader: { name: "X-Delta-Key", credential: name } });
  });

  it("removes the header's credential again when LiteLLM refuses the deployment (nothing half-written)", async () => {
    const { deps } = makeDeps();
    const credentials = { list: vi.fn(async () => []), create: vi.fn(async () => ({ success: true })), delete: vi.fn(async () => ({ success: true })) };
    (deps.litellm as unknown as { credentials: unknown }).credentials = credentials;
    deps.litellm.models.create = vi.fn(async () => {
      throw new Error("Failed to add model to db");
    }) as never;
    await expect(saveWizardModel({ ctx, input: { draft: headerDraft }, deps })).rejects.toThrow("Failed to add model to db");
    const createdName = (credentials.create.mock.calls[0] as unknown as [{ credential_name: string }])[0].credential_name;
    expect(credentials.delete).toHaveBeenCalledWith(createdName);
  });

  it("records the draft's Test Connect as the new deployment's health only when the receipt is for exactly this draft", async () => {
    const secret = "r".repeat(40);
    const recordCheck = vi.fn(async () => undefined);
    const { deps, created } = makeDeps({ recordCheck, receiptSecret: () => secret });
    await saveWizardModel({ ctx, input: { draft: azureEmbedding }, deps });
    expect(recordCheck).not.toHaveBeenCalled(); // no test, no record
    const sent = (created[0] as { litellm_params: Record<string, unknown> }).litellm_params;
    const facts = { status: "success" as const, mode: "embedding", host: UPSTREAM, latencyMs: 42, errorKind: null, at: new Date().toISOString() };
    const receipt = issueTestReceipt(facts, { mode: "embedding", litellmParams: sent }, secret);

    const saved = await saveWizardModel({ ctx, input: { draft: azureEmbedding, testReceipt: receipt }, deps });
    expect(recordCheck).toHaveBeenCalledTimes(1);
    expect(recordCheck).toHaveBeenCalledWith({
      deploymentId: saved.modelId,
      status: "success",
      mode: "embedding",
      host: UPSTREAM,
      latencyMs: 42,
      errorKind: null,
      checkedAt: facts.at,
      checkedBy: "admin",
    });

    // Tested with one key, saved with another: the test says nothing about what was saved.
    const otherKey = { ...azureEmbedding, params: { ...azureEmbedding.params, api_key: "another-key" } };
    await saveWizardModel({ ctx, input: { draft: otherKey, testReceipt: receipt }, deps });
    await saveWizardModel({ ctx, input: { draft: azureEmbedding, testReceipt: { ...receipt, mac: "forged" } }, deps });
    expect(recordCheck).toHaveBeenCalledTimes(1);
  });

  it("guards, checks, creates with a client-chosen id, invalidates, audits without secrets and verifies the dimension", async () => {
    const { deps, audits, order, created } = makeDeps();
    const saved = await saveWizardModel({ ctx, input: { draft: azureEmbedding }, deps });
    expect(order).toEqual(["ssrf", "alias-checks", "create", "invalidate"]);
    const body = created[0] as { model_name: string; litellm_params: Record<string, unknown>; model_info: Record<string, unknown> };
    expect(body.model_name).toBe("rag-embeddings");
    expect(body.model_info).toMatchObject({ mode: "embedding", output_vector_size: 1536, id: saved.modelId });
    expect(body.litellm_params).toMatchObject({ model: "azure/text-embedding-3-small", api_version: "2024-10-21" });
    expect(deps.enforceCandidate).toHaveBeenCalledWith({
      ctx,
      input: { alias: "rag-embeddings", mode: "embedding", baseModel: "azure/text-embedding-3-small", outputVectorSize: 1536, confirmedGroupJoin: false },
    });
    expect(saved).toMatchObject({ alias: "rag-embeddings", mode: "embedding", verification: { status: "verified", actual: 1536 } });
    expect(saved.warnings.map((w) => w.rule)).toEqual(["alias_shape"]);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "model.create", outcome: "success", targetId: saved.modelId });
    expect(audits[0]!.details).toMatchObject({ host: UPSTREAM, mode: "embedding", credential: "inline" });
    expect(JSON.stringify(audits)).not.toContain("azure-upstream-good");
  });

  it("refuses with the findings when an alias rule blocks, and creates nothing", async () => {
    const block = finding("block", "kind_mismatch", "rag-pipeline expects rag-embeddings to be an embedding model");
    const { deps } = makeDeps({
      enforceCandidate: vi.fn(async () => {
        throw new AliasCheckError(block.message, [block], { mode: [block.message] });
      }),
    });
    const error = (await saveWizardModel({ ctx, input: { draft: { ...azureEmbedding, mode: "chat", outputVectorSize: undefined } }, deps }).catch(
      (e: unknown) => e,
    )) as AliasCheckError;
    expect(error).toBeInstanceOf(AliasCheckError);
    expect(error.details.findings).toEqual([block]);
    expect(deps.litellm.models.create).not.toHaveBeenCalled();
  });

  it("asks for confirmation before joining a load-balancing group, and passes the confirmation on", async () => {
    const confirm = finding("confirm", "alias_already_served", "rag-embeddings is already served by 1 deployment");
    const enforce = vi.fn(async (args: { input: { confirmedGroupJoin?: boolean } }) => {
      if (!args.input.confirmedGroupJoin) throw new AliasConfirmationError(confirm.message, [confirm]);
      return [];
    });
    const { deps } = makeDeps({ enforceCandidate: enforce as never });
    const first = await saveWizardModel({ ctx, input: { draft: azureEmbedding }, deps }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AliasConfirmationError);
    expect((first as AliasConfirmationError).code).toBe("needs_confirmation");
    expect(deps.litellm.models.create).not.toHaveBeenCalled();
    const saved = await saveWizardModel({ ctx, input: { draft: azureEmbedding, confirmedGroupJoin: true }, deps });
    expect(saved.alias).toBe("rag-embeddings");
  });

  it("refuses a blocked api_base before the alias checks and LiteLLM", async () => {
    const { deps, order } = makeDeps();
    const draft = { ...azureEmbedding, params: { ...azureEmbedding.params, api_base: "http://[::1]/" } };
    const error = (await saveWizardModel({ ctx, input: { draft }, deps }).catch((e: unknown) => e)) as ValidationError;
    expect(error.fieldErrors["params.api_base"]?.[0]).toContain("loopback");
    expect(order).toEqual(["ssrf"]);
  });

  it("refuses the parser-differential api_base (backslash before @) on the field and creates nothing", async () => {
    const { deps, order } = makeDeps();
    const draft = { ...azureEmbedding, params: { ...azureEmbedding.params, api_base: `http://${UPSTREAM}\\@169.254.169.254/v1` } };
    const error = (await saveWizardModel({ ctx, input: { draft }, deps }).catch((e: unknown) => e)) as ValidationError;
    expect(error.fieldErrors["params.api_base"]?.[0]).toContain("backslashes");
    expect(order).not.toContain("create");
    expect(deps.litellm.models.create).not.toHaveBeenCalled();
  });

  it("sends /model/new the normalised api_base that was checked, also when it came from Advanced JSON", async () => {
    const { deps, created } = makeDeps();
    const draft = { ...azureEmbedding, params: { ...azureEmbedding.params, api_base: `HTTP://${UPSTREAM}/a/../openai/` } };
    await saveWizardModel({ ctx, input: { draft }, deps });
    expect((created[0] as { litellm_params: Record<string, unknown> }).litellm_params.api_base).toBe(`http://${UPSTREAM}/openai/`);
    const fromJson = { ...azureEmbedding, advancedJson: JSON.stringify({ api_base: `http://${UPSTREAM.toUpperCase()}:80/../x` }) };
    await saveWizardModel({ ctx, input: { draft: fromJson }, deps }).catch(() => undefined);
    expect(deps.checkApiBase).toHaveBeenLastCalledWith(`http://${UPSTREAM.toUpperCase()}:80/../x`);
  });

  it("still reports the save when the dimension check cannot run", async () => {
    const { deps } = makeDeps({ verifyDimension: vi.fn(async () => Promise.reject(new Error("no key"))) });
    const saved = await saveWizardModel({ ctx, input: { draft: azureEmbedding }, deps });
    expect(saved.verification).toMatchObject({ status: "failed", expected: 1536 });
    expect(saved.verification?.message).toContain("no key");
  });

  it("audits a LiteLLM failure and rethrows it", async () => {
    const { deps, audits } = makeDeps();
    (deps.litellm.models.create as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new Error("Failed to add model to db"));
    await expect(saveWizardModel({ ctx, input: { draft: azureEmbedding }, deps })).rejects.toThrow("Failed to add model");
    expect(audits[0]).toMatchObject({ action: "model.create", outcome: "failure" });
    expect(deps.invalidateIndex).not.toHaveBeenCalled();
  });
});

describe("rollbackWizardModel", () => {
  it("deletes, forgets the verification, invalidates the check index and audits", async () => {
    const { deps, audits } = makeDeps();
    await rollbackWizardModel({ ctx, input: { modelId: "m-1" }, deps });
    expect(deps.litellm.models.delete).toHaveBeenCalledWith("m-1");
    expect(deps.forgetVerification).toHaveBeenCalledWith("m-1");
    expect(deps.invalidateIndex).toHaveBeenCalled();
    expect(audits[0]).toMatchObject({ action: "model.delete", outcome: "success", details: { reason: "wizard rollback" } });
  });
});

describe("validateDraftStep", () => {
  it("puts an SSRF refusal on the API base field at the connection step", async () => {
    const { deps } = makeDeps();
    const result = await validateDraftStep({
      ctx,
      input: { step: "connection", values: { ...azureEmbedding, params: { ...azureEmbedding.params, api_base: "http://169.254.169.254/" } } },
      deps,
    });
    expect(result.fieldErrors["params.api_base"]?.[0]).toMatch(/link-local|metadata/);
  });

  it("accepts the allowed upstream and returns the flow's advice as warnings", async () => {
    const { deps } = makeDeps();
    const result = await validateDraftStep({ ctx, input: { step: "connection", values: azureEmbedding }, deps });
    expect(result.fieldErrors).toEqual({});
    expect(result.warnings.map((w) => w.path)).toEqual(["params.api_base"]);
  });

  it("reports the model step's field errors with the shared schema (mode required, provider × mode rejected)", async () => {
    const { deps } = makeDeps();
    const missing = await validateDraftStep({ ctx, input: { step: "model", values: { ...azureEmbedding, mode: undefined } }, deps });
    expect(missing.fieldErrors.mode?.[0]).toContain("Choose what kind of model");
    const rerank = await validateDraftStep({ ctx, input: { step: "model", values: { ...azureEmbedding, mode: "rerank" } }, deps });
    expect(rerank.fieldErrors.mode?.[0]).toContain("Azure OpenAI has no rerank models");
  });

  it("reports invalid Advanced JSON with a clear message", async () => {
    const { deps } = makeDeps();
    const result = await validateDraftStep({ ctx, input: { step: "limits", values: { ...azureEmbedding, advancedJson: '{"a": 1,}' } }, deps });
    expect(result.fieldErrors.advancedJson?.[0]).toMatch(/^Advanced JSON must be a JSON object: .*position \d+/);
  });
});

describe("previewDraft", () => {
  it("masks secrets in the /model/new body and writes os.environ/ references into config.yaml", async () => {
    const { deps } = makeDeps();
    const preview = await previewDraft({
      ctx,
      input: { draft: { ...azureEmbedding, params: { ...azureEmbedding.params, api_key: "azure-key-0123456789abcd" } } },
      deps,
    });
    expect(JSON.stringify(preview)).not.toContain("azure-key-0123456789abcd");
    expect(preview.request.litellm_params.api_key).toBe("••••abcd");
    expect(preview.configYaml).toContain("api_key: os.environ/AZURE_API_KEY");
    expect(preview.configYaml).toContain("mode: embedding");
    expect(preview.groupSize).toBe(0);
  });
});

describe("modelHints", () => {
  it("pre-fills mode, dimension and prices from the cost map", async () => {
    const { deps } = makeDeps();
    const hints = await modelHints({ ctx, input: { providerFlowId: "azure", upstreamModel: "text-embedding-3-small" }, deps });
    expect(hints.defaults).toMatchObject({ mode: "embedding", outputVectorSize: 1536 });
    expect(hints.defaults?.inputCostPerToken).toBeGreaterThan(0);
    expect(hints.suggestions.some((s) => s.upstreamModel === "text-embedding-3-large")).toBe(true);
  });

  it("knows nothing about an unknown model but still suggests", async () => {
    const { deps } = makeDeps();
    const hints = await modelHints({ ctx, input: { providerFlowId: "openai", upstreamModel: "my-finetune-xyz" }, deps });
    expect(hints.defaults).toBeUndefined();
    expect(hints.suggestions.length).toBeGreaterThan(10);
  });
});

describe("helpers", () => {
  it("apiBaseErrorPath points at the field the value came from", () => {
    expect(apiBaseErrorPath({ params: { api_base: "http://a/v1" } }, "http://a/v1")).toBe("params.api_base");
    expect(apiBaseErrorPath({ params: { api_base: "http://a/v1" }, advancedJson: '{"api_base":"http://b"}' }, "http://b")).toBe("advancedJson");
  });

  it("describeFlow gives the client plain data (no functions)", () => {
    const descriptor = describeFlow(curatedFlows[0]!);
    expect(JSON.parse(JSON.stringify(descriptor))).toEqual(descriptor);
    expect("validate" in descriptor).toBe(false);
  });
});
