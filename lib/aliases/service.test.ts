import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createLiteLLMClient } from "@/lib/litellm";
import { DEMO } from "@/sandbox/litellm/seed";
import { blocking, needsConfirmation, type Finding } from "./checks";
import { invalidateCheckIndex } from "./context";
import { parseRegistry } from "./registry-format";
import { consumerAliasSchema } from "./schemas";
import { admin, ctxOf, MASTER_KEY, member, startHarness, viewer, type Harness } from "./test-harness";

const h = vi.hoisted(() => ({ harness: undefined as undefined | Harness }));
vi.mock("@/lib/db", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/db")>();
  return { ...actual, prisma: async () => h.harness!.db.prisma, getDb: async () => h.harness!.db };
});
vi.mock("@/lib/litellm", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/litellm")>();
  return { ...actual, getLiteLLM: () => h.harness!.client };
});

const {
  AliasCheckError,
  AliasConfirmationError,
  applyImport,
  checkModelCandidate,
  checkModelRemoval,
  createConsumerAlias,
  deleteConsumerAlias,
  enforceModelCandidate,
  exportRegistry,
  getCoverage,
  listConsumerAliases,
  previewImport,
  updateConsumerAlias,
} = await import("./service");
const { verifyEmbeddingDimension, getModelVerifications } = await import("./verify");

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
const viewerCtx = ctxOf(viewer);
const rules = (findings: Finding[]) => findings.map((f) => f.rule);
const audits = (action: string) => H.db.prisma.auditEvent.findMany({ where: { action }, orderBy: { createdAt: "asc" } });

async function addDeployment(
  name: string,
  litellmParams: Record<string, unknown>,
  modelInfo: Record<string, unknown> = { mode: "embedding" },
) {
  const d = await H.client.models.create({ model_name: name, litellm_params: { model: "x", ...litellmParams }, model_info: modelInfo });
  invalidateCheckIndex();
  return d.model_info.id;
}

const azureEmbedding = (deployment: string) => ({
  model: `azure/${deployment}`,
  api_base: H.upstreamUrl,
  api_key: "azure-upstream-good",
  api_version: "2024-02-01",
});

describe("the issue's scenario: an Azure embedding under an alias rag-pipeline expects at 1536", () => {
  it("blocks chat, a missing dimension and 3072; saves 1536, verifies 1536 for real; a second deployment needs confirmation", async () => {
    await createConsumerAlias({
      ctx: adminCtx,
      input: { alias: "team-embed", consumer: "rag-pipeline", kind: "embedding", dimension: 1536, required: true },
    });
    const base = { alias: "team-embed", baseModel: "azure/text-embedding-3-small" };

    const asChat = await checkModelCandidate({ ctx: viewerCtx, input: { ...base, mode: "chat" } });
    expect(blocking(asChat).map((f) => f.rule)).toEqual(["kind_mismatch"]);
    expect(asChat[0].message).toBe("rag-pipeline expects team-embed to be an embedding model, but this deployment is registered as chat.");

    const noDimension = await checkModelCandidate({ ctx: viewerCtx, input: { ...base, mode: "embedding" } });
    expect(rules(blocking(noDimension))).toEqual(["embedding_dimension_missing"]);
    expect(noDimension[0].fix).toContain("1536 (rag-pipeline expects 1536)");

    const wrongSize = await checkModelCandidate({ ctx: viewerCtx, input: { ...base, mode: "embedding", outputVectorSize: 3072 } });
    expect(rules(blocking(wrongSize))).toContain("dimension_mismatch_consumer");
    await expect(
      enforceModelCandidate({ ctx: adminCtx, input: { ...base, mode: "embedding", outputVectorSize: 3072 } }),
    ).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { outputVectorSize: [expect.stringContaining("1536")] },
    });

    const right = await checkModelCandidate({ ctx: viewerCtx, input: { ...base, mode: "embedding", outputVectorSize: 1536 } });
    expect(blocking(right)).toEqual([]);
    expect(needsConfirmation(right)).toEqual([]);

    const id = await addDeployment("team-embed", { ...azureEmbedding("text-embedding-3-small"), output_vector_size: 1536 });
    const verified = await verifyEmbeddingDimension({
      ctx: adminCtx,
      modelId: id,
      deps: { timeoutMs: 10_000 },
    });
    expect(verified).toMatchObject({ status: "verified", expected: 1536, actual: 1536 });
    expect(verified.message).toBe("team-embed returns 1536-dimensional vectors, as declared and as rag-pipeline expects.");

    const second = { ...base, mode: "embedding" as const, outputVectorSize: 1536 };
    const join = await checkModelCandidate({ ctx: viewerCtx, input: second });
    expect(rules(needsConfirmation(join))).toEqual(["alias_already_served"]);
    expect(join[0].message).toContain("saving adds a second to the same load-balancing group");
    await expect(enforceModelCandidate({ ctx: adminCtx, input: second })).rejects.toBeInstanceOf(AliasConfirmationError);
    await expect(enforceModelCandidate({ ctx: adminCtx, input: { ...second, confirmedGroupJoin: true } })).resolves.toEqual([]);

    // Deleting the only deployment of a required alias is blocked.
    const removal = await checkModelRemoval({ ctx: viewerCtx, input: { deploymentId: id, kind: "delete" } });
    expect(rules(removal)).toEqual(["required_alias_unserved"]);
    await H.client.models.delete(id);
    invalidateCheckIndex();
  });
});

describe("permissions", () => {
  it("viewers read and check but cannot change the registry; team members cannot read it", async () => {
    await expect(
      createConsumerAlias({ ctx: viewerCtx, input: { alias: "a", consumer: "b", kind: "chat", required: false } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(getCoverage({ ctx: viewerCtx })).resolves.toMatchObject({ rows: [] });
    await expect(getCoverage({ ctx: ctxOf(member) })).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      checkModelCandidate({ ctx: ctxOf(member), input: { alias: "x", mode: "chat", baseModel: "gpt-4o" } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      verifyEmbeddingDimension({ ctx: viewerCtx, modelId: DEMO.models.embedding, deps: { timeoutMs: 5000 } }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the registry", () => {
  it("the form schema puts a missing embedding dimension on the dimension field", () => {
    const parsed = consumerAliasSchema.safeParse({ alias: "rag-embed", consumer: "rag", kind: "embedding", required: true });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join("."))).toEqual(["dimension"]);
    expect(
      consumerAliasSchema.safeParse({ alias: "c", consumer: "rag", kind: "chat", dimension: 5, required: true }).error!.issues[0].message,
    ).toBe("Only embedding aliases have a dimension");
  });

  it("creates, refuses duplicates, updates and deletes, each audited", async () => {
    const created = await createConsumerAlias({
      ctx: adminCtx,
      input: { alias: "support-bot", consumer: "helpdesk", kind: "chat", required: true, note: "  answers tickets ", teamId: "" },
    });
    expect(created.alias).toMatchObject({
      alias: "support-bot",
      consumer: "helpdesk",
      kind: "chat",
      note: "answers tickets",
      teamId: null,
      createdBy: "local:admin",
    });
    await expect(
      createConsumerAlias({ ctx: adminCtx, input: { alias: "support-bot", consumer: "helpdesk", kind: "chat", required: false } }),
    ).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { alias: ["support-bot is already registered for helpdesk. Edit that entry instead."] },
    });

    const updated = await updateConsumerAlias({
      ctx: adminCtx,
      input: { id: created.alias.id, alias: "support-bot", consumer: "helpdesk", kind: "chat", required: false, note: "" },
    });
    expect(updated.alias).toMatchObject({ required: false, note: null });
    await deleteConsumerAlias({ ctx: adminCtx, input: { id: created.alias.id } });
    expect(await listConsumerAliases({ ctx: viewerCtx })).toEqual([]);
    await expect(deleteConsumerAlias({ ctx: adminCtx, input: { id: created.alias.id } })).rejects.toMatchObject({ code: "not_found" });

    const create = (await audits("alias.create")).find((a) => a.targetId === created.alias.id);
    expect(create).toMatchObject({ actorUsername: "admin", targetId: created.alias.id, outcome: "success", clientIp: "127.0.0.1" });
    const [update] = await audits("alias.update");
    expect(update.details).toMatchObject({ before: { required: true, note: "answers tickets" }, after: { required: false, note: null } });
    expect((await audits("alias.delete"))[0].details).toMatchObject({ alias: "support-bot", consumer: "helpdesk" });
  });

  it("refuses an expectation that contradicts what LiteLLM serves unless forced, with the error on the field", async () => {
    const input = { alias: "gpt-4o-mini", consumer: "indexer", kind: "embedding" as const, dimension: 1536, required: true };
    const refused = await createConsumerAlias({ ctx: adminCtx, input }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AliasCheckError);
    expect((refused as InstanceType<typeof AliasCheckError>).fieldErrors.kind?.[0]).toContain("it is served as chat");
    expect(await listConsumerAliases({ ctx: adminCtx })).toEqual([]);

    const forced = await createConsumerAlias({ ctx: adminCtx, input: { ...input, force: true } });
    expect(rules(forced.findings)).toContain("kind_mismatch");
    const audit = (await audits("alias.create")).at(-1)!;
    expect(audit.details).toMatchObject({ forced: true, findings: expect.arrayContaining(["kind_mismatch"]) });

    const coverage = await getCoverage({ ctx: viewerCtx });
    expect(coverage.rows[0]).toMatchObject({ alias: "gpt-4o-mini", status: "mismatch", problems: ["Served as chat, expected embedding."] });
  });
});

const THREE = `consumer: rag-pipeline
aliases:
  - alias: text-embedding-3-small
    kind: embedding
    dimension: 1536
    required: true
  - alias: team-chat-default
    kind: chat
    required: true
  - alias: rag-embed-large
    kind: embedding
    dimension: 3072
    required: false
`;

describe("import, coverage and export", () => {
  it("previews 3 added without writing, applies them, and coverage lists the 2 missing ones first", async () => {
    const preview = await previewImport({ ctx: adminCtx, input: { text: THREE, format: "auto", mode: "merge" } });
    expect(preview.errors).toEqual([]);
    expect(preview.added.map((r) => r.alias)).toEqual(["text-embedding-3-small", "team-chat-default", "rag-embed-large"]);
    expect([preview.changed.length, preview.unchanged.length, preview.removed.length, preview.blockingCount]).toEqual([0, 0, 0, 0]);
    expect(await H.db.prisma.consumerAlias.count()).toBe(0);

    const applied = await applyImport({ ctx: adminCtx, input: { text: THREE } });
    expect(applied).toMatchObject({ added: 3, changed: 0, removed: 0 });
    expect((await audits("alias.import")).at(-1)!.details).toMatchObject({ mode: "merge", added: 3, forced: false });

    const { rows, summary, healthSource } = await getCoverage({ ctx: viewerCtx });
    expect(rows.map((r) => [r.alias, r.status])).toEqual([
      ["team-chat-default", "missing"],
      ["rag-embed-large", "missing"],
      ["text-embedding-3-small", "ok"],
    ]);
    expect(rows[0].registerHref).toBe("/models/new?alias=team-chat-default&mode=chat");
    expect(rows[1].registerHref).toBe("/models/new?alias=rag-embed-large&mode=embedding&dimension=3072");
    expect(rows[2]).toMatchObject({ registerHref: null, served: true, kindOk: true, dimensionOk: true, healthy: "unknown" });
    expect(summary).toEqual({ total: 3, ok: 1, missing: 2, mismatch: 0, unhealthy: 0 });
    expect(healthSource).toBe("none");

    const again = await previewImport({ ctx: adminCtx, input: { text: THREE } });
    expect([again.added.length, again.unchanged.length]).toEqual([0, 3]);

    const yaml = await exportRegistry({ ctx: viewerCtx, input: { format: "yaml" } });
    expect(yaml.filename).toBe("gatehouse-consumer-aliases.yaml");
    expect(
      parseRegistry(yaml.body)
        .records.map((r) => `${r.alias}:${r.kind}:${r.dimension ?? "-"}`)
        .sort(),
    ).toEqual(["rag-embed-large:embedding:3072", "team-chat-default:chat:-", "text-embedding-3-small:embedding:1536"]);
    const json = await exportRegistry({ ctx: viewerCtx, input: { format: "json" } });
    expect(JSON.parse(json.body).consumer).toBe("rag-pipeline");
  });

  it("merge changes one, replace removes what the file omits", async () => {
    await applyImport({ ctx: adminCtx, input: { text: THREE } });
    const changed = THREE.replace("dimension: 3072", "dimension: 1024");
    const merge = await previewImport({ ctx: adminCtx, input: { text: changed, mode: "merge" } });
    expect(merge.changed.map((c) => [c.before.dimension, c.after.dimension])).toEqual([[3072, 1024]]);
    expect(merge.removed).toEqual([]);

    const one = "consumer: rag-pipeline\naliases:\n  - alias: team-chat-default\n    kind: chat\n    required: true\n";
    expect((await previewImport({ ctx: adminCtx, input: { text: one, mode: "merge" } })).removed).toEqual([]);
    const replace = await previewImport({ ctx: adminCtx, input: { text: one, mode: "replace" } });
    expect(replace.removed.map((r) => r.alias).sort()).toEqual(["rag-embed-large", "text-embedding-3-small"]);
    await applyImport({ ctx: adminCtx, input: { text: one, mode: "replace" } });
    expect((await listConsumerAliases({ ctx: adminCtx })).map((r) => r.alias)).toEqual(["team-chat-default"]);
  });

  it("reports file errors by path and refuses conflicting entries unless forced", async () => {
    const bad = "aliases:\n  - alias: x\n    consumer: c\n    kind: embeding\n";
    const preview = await previewImport({ ctx: adminCtx, input: { text: bad } });
    expect(preview.errors).toEqual([{ path: "aliases[0].kind", message: expect.stringContaining('"embeding" is not a kind') }]);
    await expect(applyImport({ ctx: adminCtx, input: { text: bad } })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { text: [expect.stringMatching(/^aliases\[0\]\.kind: /)] },
    });

    const conflicting = "- alias: gpt-4o-mini\n  consumer: indexer\n  kind: embedding\n  dimension: 1536\n";
    expect((await previewImport({ ctx: adminCtx, input: { text: conflicting } })).blockingCount).toBe(1);
    await expect(applyImport({ ctx: adminCtx, input: { text: conflicting } })).rejects.toBeInstanceOf(AliasCheckError);
    expect(await H.db.prisma.consumerAlias.count()).toBe(0);
    await applyImport({ ctx: adminCtx, input: { text: conflicting, force: true } });
    expect(await H.db.prisma.consumerAlias.count()).toBe(1);
  });
});

describe("dimension verification through LiteLLM", () => {
  const deps = () => ({ timeoutMs: 10_000 });

  it("verifies the demo embedding with a temporary key that is deleted and never stored", async () => {
    const seen: string[] = [];
    // Watch the data-plane calls the client makes as the temporary key.
    const spy: typeof fetch = (url, init) => {
      const auth = new Headers(init?.headers).get("authorization");
      if (auth && String(url).includes("/v1/embeddings")) seen.push(auth.replace(/^Bearer /, ""));
      return fetch(url, init);
    };
    const client = createLiteLLMClient({ baseUrl: H.litellmUrl, masterKey: MASTER_KEY, timeoutMs: 10_000, retries: 0, fetch: spy });
    const result = await verifyEmbeddingDimension({ ctx: adminCtx, modelId: DEMO.models.embedding, deps: { ...deps(), client } });
    expect(result).toMatchObject({ status: "verified", actual: 1536, expected: 1536, answeredBy: DEMO.models.embedding });

    const generate = H.requests()
      .filter((r) => r.path === "/key/generate")
      .at(-1)!;
    expect(generate.body).toMatchObject({
      models: ["text-embedding-3-small"],
      max_budget: 0.01,
      duration: "10m",
      metadata: { purpose: "dimension-verification" },
    });
    expect(H.requests().filter((r) => r.path === "/key/delete").length).toBeGreaterThan(0);
    const key = seen[0];
    expect(key).toMatch(/^sk-/);
    const reuse = await fetch(`${H.litellmUrl}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "text-embedding-3-small", input: "x" }),
    });
    expect(reuse.status).toBe(401);

    const stored = JSON.stringify([await H.db.prisma.auditEvent.findMany(), await H.db.prisma.modelVerification.findMany()]);
    expect(stored).not.toContain(key);
    const badges = await getModelVerifications({ ctx: viewerCtx, modelIds: [DEMO.models.embedding] });
    expect(badges.get(DEMO.models.embedding)).toMatchObject({ status: "verified", actual: 1536 });
    expect((await audits("model.verify_dimension")).at(-1)).toMatchObject({ outcome: "success", targetId: DEMO.models.embedding });
  });

  it("a deployment declaring 3072 that returns 1536 is a mismatch, and coverage shows it", async () => {
    await createConsumerAlias({
      ctx: adminCtx,
      input: { alias: "big-embed", consumer: "search", kind: "embedding", dimension: 3072, required: true },
    });
    const id = await addDeployment("big-embed", { ...azureEmbedding("text-embedding-3-small"), output_vector_size: 3072 });
    expect((await getCoverage({ ctx: viewerCtx })).rows[0]).toMatchObject({ alias: "big-embed", status: "ok" });

    const result = await verifyEmbeddingDimension({ ctx: adminCtx, modelId: id, deps: deps() });
    expect(result).toMatchObject({ status: "mismatch", expected: 3072, actual: 1536 });
    expect(result.message).toBe("big-embed returned 1536-dimensional vectors, but the deployment declares 3072 and search expects 3072.");

    const row = (await getCoverage({ ctx: viewerCtx })).rows[0];
    expect(row).toMatchObject({ alias: "big-embed", status: "mismatch", dimensionOk: false });
    expect(row.problems).toContain("Verified vector length 1536, expected 3072.");
    expect(row.verifications).toMatchObject([{ modelId: id, status: "mismatch", actual: 1536 }]);
    await H.client.models.delete(id);
  });

  it("sends the deployment's dimensions and measures on the deployment itself inside a group", async () => {
    const first = await addDeployment("short-embed", {
      model: "openai/text-embedding-3-large",
      api_base: `${H.upstreamUrl}/v1`,
      api_key: "sk-upstream-good",
      dimensions: 256,
    });
    const second = await addDeployment("short-embed", {
      model: "openai/text-embedding-3-large",
      api_base: `${H.upstreamUrl}/v1`,
      api_key: "sk-upstream-good",
      dimensions: 256,
    });
    const result = await verifyEmbeddingDimension({ ctx: adminCtx, modelId: second, deps: deps() });
    expect(result).toMatchObject({ status: "verified", actual: 256, answeredBy: second });
    expect(result.message).toContain("Measured on this deployment (one of 2 in the group).");
    const call = H.requests()
      .filter((r) => r.path === "/v1/embeddings")
      .at(-1)!;
    expect(call.body).toMatchObject({ model: "short-embed", dimensions: 256 });
    await H.client.models.delete(first);
    await H.client.models.delete(second);
  });

  it("a failing call is recorded as failed, the key is still deleted, and chat models are refused", async () => {
    const deletesBefore = H.requests().filter((r) => r.path === "/key/delete").length;
    await H.faults([{ route: "/v1/embeddings", status: 500, times: 1 }]);
    const result = await verifyEmbeddingDimension({ ctx: adminCtx, modelId: DEMO.models.embedding, deps: deps() });
    expect(result.status).toBe("failed");
    expect(result.message).toMatch(/^LiteLLM answered the test call with HTTP 500/);
    expect(H.requests().filter((r) => r.path === "/key/delete").length).toBe(deletesBefore + 1);
    expect((await audits("model.verify_dimension")).at(-1)).toMatchObject({ outcome: "failure" });

    await expect(verifyEmbeddingDimension({ ctx: adminCtx, modelId: DEMO.models.gpt4oMini, deps: deps() })).rejects.toMatchObject({
      code: "validation",
      message: "gpt-4o-mini is registered as chat; only embedding models have a vector length to verify.",
    });
    await expect(verifyEmbeddingDimension({ ctx: adminCtx, modelId: "no-such-id", deps: deps() })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
