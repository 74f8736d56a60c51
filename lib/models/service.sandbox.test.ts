import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { admin, ctxOf, startHarness, viewer, MASTER_KEY, type Harness } from "@/lib/aliases/test-harness";
import { createLiteLLMClient } from "@/lib/litellm";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { DEMO } from "@/sandbox/litellm/seed";

import { parseModelListParams } from "./list";

const h = vi.hoisted(() => ({ harness: undefined as undefined | Harness }));
vi.mock("@/lib/db", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/db")>();
  return { ...actual, prisma: async () => h.harness!.db.prisma, getDb: async () => h.harness!.db };
});
vi.mock("@/lib/litellm", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/litellm")>();
  return { ...actual, getLiteLLM: () => h.harness!.client };
});

const { listModelsPage, getModelDetail, updateModel, deleteModel, previewModelRemoval } = await import("./service");
const { invalidateCheckIndex } = await import("@/lib/aliases/context");
const { modelEditSchema } = await import("./queries");
const { createDeploymentIndex } = await import("@/lib/deployments/index-store");
type DeploymentIndex = import("@/lib/deployments/index-store").DeploymentIndex;

let H: Harness;
beforeAll(async () => {
  const { openDatabase, migrateDatabase } = await import("@/lib/db");
  H = h.harness = await startHarness(openDatabase, migrateDatabase);
});
afterAll(async () => {
  await H?.close();
});
beforeEach(async () => {
  await H.db.prisma.consumerAlias.deleteMany({});
  invalidateCheckIndex();
});

const adminCtx = ctxOf(admin);
const params = (q: Record<string, string> = {}) => parseModelListParams(q);
const audits = (action: string) => H.db.prisma.auditEvent.findMany({ where: { action }, orderBy: { createdAt: "asc" } });

/** A client whose fetch counts the calls it makes. */
function countingClient(baseUrl: string) {
  const calls: string[] = [];
  const client = createLiteLLMClient({
    baseUrl,
    masterKey: MASTER_KEY,
    retries: 0,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    }) as typeof fetch,
  });
  return { client, calls };
}

async function editOf(id: string, patch: Record<string, unknown>) {
  const detail = await getModelDetail({ ctx: adminCtx, id });
  return modelEditSchema.parse({ ...detail.defaults, ...patch });
}

describe("the models list", () => {
  it("shows the demo seed grouped by alias, with the config model marked read-only", async () => {
    const page = await listModelsPage(params());
    const aliases = page.groups.map((g) => g.alias);
    expect(aliases).toEqual(expect.arrayContaining(["gpt-4o", "gpt-4o-mini", "llama3", "text-embedding-3-small"]));
    const rows = page.groups.flatMap((g) => g.deployments);
    const config = rows.find((r) => r.id === DEMO.models.configGpt4o)!;
    expect(config.source).toBe("config");
    const embedding = rows.find((r) => r.id === DEMO.models.embedding)!;
    expect(embedding).toMatchObject({ mode: "embedding", provider: "openai", source: "db", credentialName: DEMO.credential });
    expect(page.pagedBy).toBe("index");
    expect(page.freshness.age).toMatch(/s ago$/);
    expect(JSON.stringify(page)).not.toContain("sk-upstream-good");
  });

  it("warms the index with paged reads on first use; later pages, filtered or not, call LiteLLM no more", async () => {
    const { client, calls } = countingClient(H.litellmUrl);
    const index = createDeploymentIndex({ litellm: () => client });
    await listModelsPage(params(), { index, loadVerifications: async () => [] });
    expect(calls.filter((c) => c.includes("/model/info"))).toEqual(["GET /v2/model/info"]);
    calls.length = 0;
    await listModelsPage(params({ page: "1", provider: "openai", mode: "chat", q: "gpt" }), { index, loadVerifications: async () => [] });
    await listModelsPage(params({ source: "config", sort: "updated", order: "desc" }), { index, loadVerifications: async () => [] });
    expect(calls).toEqual([]);
    index.stop();
  });

  it("searches through LiteLLM and filters on the server", async () => {
    const search = await listModelsPage(params({ q: "EMBEDDING" }));
    expect(search.groups.map((g) => g.alias)).toEqual(["text-embedding-3-small"]);
    expect(search.pagedBy).toBe("index");
    const config = await listModelsPage(params({ source: "config" }));
    expect(config.groups.flatMap((g) => g.deployments.map((d) => d.id))).toEqual([DEMO.models.configGpt4o]);

    const ollama = await listModelsPage(params({ provider: "ollama_chat", mode: "chat" }));
    expect(ollama.groups.map((g) => g.alias)).toEqual(["llama3"]);
  });

  it("filters on health from the console's verifications", async () => {
    await H.db.prisma.modelVerification.upsert({
      where: { modelId: DEMO.models.embedding },
      create: { modelId: DEMO.models.embedding, alias: "text-embedding-3-small", expected: 1536, actual: 768, status: "mismatch", checkedBy: "test" },
      update: { status: "mismatch", actual: 768 },
    });
    try {
      const failing = await listModelsPage(params({ health: "failing" }));
      const rows = failing.groups.flatMap((g) => g.deployments);
      expect(rows.map((r) => r.id)).toEqual([DEMO.models.embedding]);
      expect(rows[0]!.health).toMatchObject({ state: "failing", label: "Dimension mismatch" });
      const unfiltered = await listModelsPage(params({ q: "embedding" }));
      expect(unfiltered.groups[0]!.deployments[0]!.health.state).toBe("failing");
    } finally {
      await H.db.prisma.modelVerification.delete({ where: { modelId: DEMO.models.embedding } });
    }
  });
});

describe("paging at scale", () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    // 60 deployments, two per alias (seed-group-00000 … 00029); 1.80.0 for the unpaginated fallback.
    const modern = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, stateFile: null, reset: true, seed: "none", seedModels: 60 });
    const old = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, stateFile: null, reset: true, seed: "none", seedModels: 60, version: "1.80.0" });
    url = modern.url;
    oldUrl = old.url;
    close = async () => {
      await modern.close();
      await old.close();
    };
  });
  let oldUrl: string;
  afterAll(async () => close?.());
  const indexes = new Map<string, DeploymentIndex>();
  const indexFor = (base: string) => indexes.get(base) ?? indexes.set(base, createDeploymentIndex({ litellm: () => countingClient(base).client })).get(base)!;
  afterAll(() => indexes.forEach((i) => i.stop()));
  const deps = (base: string) => ({ index: indexFor(base), loadVerifications: async () => [] });

  it("groups from the current page and says when a group continues across pages", async () => {
    // Page size 25: row 24 and row 25 both belong to seed-group-00012.
    const p1 = await listModelsPage(params({ size: "25" }), deps(url));
    expect(p1.totalCount).toBe(60);
    expect(p1.totalPages).toBe(3);
    expect(p1.rowCount).toBe(25);
    const last = p1.groups[p1.groups.length - 1]!;
    expect(last).toMatchObject({ alias: "seed-group-00012", continuesOnNext: true });
    expect(last.deployments).toHaveLength(1);
    expect(p1.groups[0]!.continuesFromPrevious).toBe(false);
    const p2 = await listModelsPage(params({ size: "25", page: "2" }), deps(url));
    expect(p2.groups[0]).toMatchObject({ alias: "seed-group-00012", continuesFromPrevious: true, continuesOnNext: false });
    expect(p2.groups[1]!.deployments).toHaveLength(2);
  });

  it("pages on the server on proxies without /v2/model/info paging, with the same result", async () => {
    const { client, calls } = countingClient(oldUrl);
    const index = createDeploymentIndex({ litellm: () => client });
    const p2 = await listModelsPage(params({ size: "25", page: "2" }), { index, loadVerifications: async () => [] });
    index.stop();
    expect(p2.rowCount).toBe(25);
    expect(p2.groups[0]).toMatchObject({ alias: "seed-group-00012", continuesFromPrevious: true });
    expect(calls.filter((c) => c.includes("/model/info")).length).toBe(1);
  });

  it("sorts descending and past the end returns no rows but the totals", async () => {
    const desc = await listModelsPage(params({ size: "25", order: "desc" }), deps(url));
    expect(desc.groups[0]!.alias).toBe("seed-group-00029");
    const beyond = await listModelsPage(params({ size: "25", page: "9" }), deps(url));
    expect(beyond).toMatchObject({ rowCount: 0, totalCount: 60, totalPages: 3 });
  });
});

describe("model detail", () => {
  it("config models are read-only and say why", async () => {
    const detail = await getModelDetail({ ctx: adminCtx, id: DEMO.models.configGpt4o });
    expect(detail.editable).toBe(false);
    expect(detail.readOnlyReason).toBe("Defined in LiteLLM's config.yaml; change it there.");
  });

  it("masks every secret, extra_headers included, and names the credential", async () => {
    const created = await H.client.models.create({
      model_name: "masked-model",
      litellm_params: {
        model: "openai/gpt-4o-mini",
        api_key: "sk-never-shown-123456789",
        aws_secret_access_key: "aws-secret-value-123456789",
        extra_headers: { "X-Team-Token": "Bearer header-secret-123456789" },
      },
      model_info: { mode: "chat" },
    });
    try {
      const detail = await getModelDetail({ ctx: ctxOf(viewer), id: created.model_info.id });
      const text = JSON.stringify(detail);
      expect(text).not.toContain("never-shown");
      expect(text).not.toContain("aws-secret-value");
      expect(text).not.toContain("header-secret");
      expect(detail.params.extra_headers).toBeDefined();
    } finally {
      await H.client.models.delete(created.model_info.id);
    }
    const embedding = await getModelDetail({ ctx: adminCtx, id: DEMO.models.embedding });
    expect(embedding.credential).toMatchObject({ name: DEMO.credential, exists: true, provider: "openai" });
    expect(embedding.group.map((g) => g.id)).toEqual([DEMO.models.embedding]);
  });

  it("lists the group's members", async () => {
    const extra = await H.client.models.create({ model_name: "llama3", litellm_params: { model: "ollama_chat/llama3", api_base: H.upstreamUrl } });
    try {
      const detail = await getModelDetail({ ctx: adminCtx, id: DEMO.models.llama3 });
      expect(detail.group.map((g) => g.id).sort()).toEqual([DEMO.models.llama3, extra.model_info.id].sort());
    } finally {
      await H.client.models.delete(extra.model_info.id);
    }
  });
});

describe("editing", () => {
  it("changes rpm in LiteLLM and audits model.update", async () => {
    const created = await H.client.models.create({ model_name: "edit-rpm", litellm_params: { model: "ollama_chat/llama3", api_base: H.upstreamUrl } });
    const id = created.model_info.id;
    const result = await updateModel({ ctx: adminCtx, input: await editOf(id, { rpm: "120", tpm: "5000" }) });
    expect(result).toMatchObject({ id, replacedFrom: null });
    const after = await H.client.models.info(id);
    expect(after.litellm_params).toMatchObject({ rpm: 120, tpm: 5000 });
    const audit = (await audits("model.update")).at(-1)!;
    expect(audit).toMatchObject({ outcome: "success", targetId: id });
    expect(audit.details).toMatchObject({ changed: { rpm: 120, tpm: 5000 } });
    await H.client.models.delete(id);
  });

  it("an emptied field really goes: re-created without it when LiteLLM ignores null", async () => {
    const created = await H.client.models.create({
      model_name: "edit-clear",
      litellm_params: { model: "ollama_chat/llama3", api_base: H.upstreamUrl, timeout: 30, rpm: 10 },
      model_info: { mode: "chat", access_groups: ["g1"] },
    });
    const oldId = created.model_info.id;
    const result = await updateModel({ ctx: adminCtx, input: await editOf(oldId, { timeout: "", rpm: "20" }) });
    expect(result.replacedFrom).toBe(oldId);
    expect(result.id).not.toBe(oldId);
    expect(await H.client.models.find(oldId)).toBeNull();
    const now = await H.client.models.info(result.id);
    expect(now.model_name).toBe("edit-clear");
    expect(now.litellm_params.timeout ?? null).toBeNull();
    expect(now.litellm_params).toMatchObject({ rpm: 20, api_base: H.upstreamUrl });
    expect(now.model_info.access_groups).toEqual(["g1"]);
    expect((await audits("model.update")).at(-1)!.details).toMatchObject({ cleared: ["timeout"], replaced_by: result.id });
    await H.client.models.delete(result.id);
  });

  it("clears a LiteLLM-clearable field (named credential) too, never pretending", async () => {
    const created = await H.client.models.create({
      model_name: "edit-clear-cred",
      litellm_params: { model: "openai/gpt-4o-mini", litellm_credential_name: DEMO.credential },
    });
    const result = await updateModel({ ctx: adminCtx, input: await editOf(created.model_info.id, { credentialName: "" }) });
    const now = await H.client.models.info(result.id);
    expect(now.litellm_params.litellm_credential_name ?? null).toBeNull();
    await H.client.models.delete(result.id);
  });

  it("refuses to re-create a deployment whose api_key LiteLLM never returns, changing nothing", async () => {
    const created = await H.client.models.create({
      model_name: "edit-secret",
      litellm_params: { model: "openai/gpt-4o-mini", api_key: "sk-upstream-good", timeout: 30 },
    });
    const id = created.model_info.id;
    await expect(updateModel({ ctx: adminCtx, input: await editOf(id, { timeout: "" }) })).rejects.toMatchObject({
      code: "validation",
      message: expect.stringContaining("api_key"),
      fieldErrors: { timeout: [expect.any(String)] },
    });
    expect((await H.client.models.info(id)).litellm_params.timeout).toBe(30);
    await H.client.models.delete(id);
  });

  it("checks a changed api_base with the SSRF guard and stores only the normalised URL it checked", async () => {
    const { checkApiBase } = await import("@/lib/net/ssrf");
    const upstream = new URL(H.upstreamUrl);
    const policy = { allowedHosts: [upstream.host], allowedCidrs: [], blockedOrigins: [H.litellmUrl] };
    const checkUrl = (raw: string) => checkApiBase(raw, policy, async () => []);
    const id = DEMO.models.llama3;
    await expect(
      updateModel({ ctx: adminCtx, input: await editOf(id, { apiBase: `http://${upstream.host}\\@169.254.169.254/v1` }) }, { checkUrl }),
    ).rejects.toMatchObject({ fieldErrors: { apiBase: [expect.stringContaining("backslashes")] } });
    const result = await updateModel({ ctx: adminCtx, input: await editOf(id, { apiBase: `HTTP://${upstream.host}/x/../v1` }) }, { checkUrl });
    const stored = await H.client.models.find(result.id);
    expect(stored?.litellm_params.api_base).toBe(`http://${upstream.host}/v1`);
  });

  it("refuses config models, viewers and unknown credentials", async () => {
    await expect(updateModel({ ctx: adminCtx, input: await editOf(DEMO.models.configGpt4o, { rpm: "5" }) })).rejects.toMatchObject({ code: "conflict" });
    await expect(updateModel({ ctx: ctxOf(viewer), input: await editOf(DEMO.models.llama3, { rpm: "5" }) })).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateModel({ ctx: adminCtx, input: await editOf(DEMO.models.llama3, { credentialName: "nope" }) })).rejects.toMatchObject({
      fieldErrors: { credentialName: [expect.stringContaining("nope")] },
    });
  });

  it("runs the alias checks: a rename that orphans a required alias needs force and a reason", async () => {
    const created = await H.client.models.create({ model_name: "rename-me", litellm_params: { model: "ollama_chat/llama3", api_base: H.upstreamUrl }, model_info: { mode: "chat" } });
    const id = created.model_info.id;
    await H.db.prisma.consumerAlias.create({ data: { alias: "rename-me", consumer: "billing-app", kind: "chat", required: true, createdBy: "test" } });
    invalidateCheckIndex();
    await expect(updateModel({ ctx: adminCtx, input: await editOf(id, { alias: "renamed" }) })).rejects.toMatchObject({
      code: "validation",
      details: { findings: [expect.objectContaining({ rule: "required_alias_unserved" })] },
    });
    expect((await H.client.models.info(id)).model_name).toBe("rename-me");
    const forced = await updateModel({ ctx: adminCtx, input: await editOf(id, { alias: "renamed", force: true, forceReason: "billing moves next week" }) });
    expect((await H.client.models.info(forced.id)).model_name).toBe("renamed");
    expect((await audits("model.update")).at(-1)!.details).toMatchObject({ renamed_to: "renamed", forced_reason: "billing moves next week" });
    await H.client.models.delete(forced.id);
  });

  it("runs the alias checks on a mode change", async () => {
    await H.db.prisma.consumerAlias.create({ data: { alias: "llama3", consumer: "chat-ui", kind: "chat", required: true, createdBy: "test" } });
    invalidateCheckIndex();
    await expect(updateModel({ ctx: adminCtx, input: await editOf(DEMO.models.llama3, { mode: "embedding" }) })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { mode: [expect.stringContaining("chat-ui")] },
    });
    expect((await H.client.models.info(DEMO.models.llama3)).model_info.mode).toBe("chat");
  });
});

describe("deleting", () => {
  it("needs the alias typed, refuses an orphaning delete without force, audits the forced reason", async () => {
    const created = await H.client.models.create({ model_name: "delete-me", litellm_params: { model: "ollama_chat/llama3", api_base: H.upstreamUrl }, model_info: { mode: "chat" } });
    const id = created.model_info.id;
    await expect(deleteModel({ ctx: adminCtx, input: { id, confirmAlias: "delete-m" } })).rejects.toMatchObject({ fieldErrors: { confirmAlias: [expect.any(String)] } });

    await H.db.prisma.consumerAlias.create({ data: { alias: "delete-me", consumer: "rag-pipeline", kind: "chat", required: true, createdBy: "test" } });
    invalidateCheckIndex();
    const preview = await previewModelRemoval({ ctx: adminCtx, id });
    expect(preview.blocked).toBe(true);
    await expect(deleteModel({ ctx: adminCtx, input: { id, confirmAlias: "delete-me" } })).rejects.toMatchObject({
      details: { findings: [expect.objectContaining({ rule: "required_alias_unserved" })] },
    });
    expect(await H.client.models.find(id)).not.toBeNull();
    expect((await audits("model.delete")).at(-1)).toMatchObject({ outcome: "refused", targetId: id });

    await deleteModel({ ctx: adminCtx, input: { id, confirmAlias: "delete-me", force: true, forceReason: "pipeline retired" } });
    expect(await H.client.models.find(id)).toBeNull();
    expect((await audits("model.delete")).at(-1)).toMatchObject({ outcome: "success", details: expect.objectContaining({ forced_reason: "pipeline retired" }) });
  });

  it("refuses config models", async () => {
    await expect(deleteModel({ ctx: adminCtx, input: { id: DEMO.models.configGpt4o, confirmAlias: "gpt-4o" } })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("config.yaml"),
    });
  });
});
