import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiteLLMDeployment } from "@/lib/litellm";
import { checkCandidate, deploymentDimension, deploymentMode } from "./checks";

const h = vi.hoisted(() => ({
  consumerCalls: 0,
  listCalls: 0,
  consumers: [] as Record<string, unknown>[],
  stamp: 1,
  deployments: [] as unknown[],
  failNext: false,
}));
vi.mock("@/lib/db", () => ({
  prisma: async () => ({
    consumerAlias: {
      findMany: async () => {
        h.consumerCalls++;
        return h.consumers;
      },
      aggregate: async () => ({ _count: { _all: h.consumers.length }, _max: { updatedAt: new Date(h.stamp) } }),
    },
  }),
}));
vi.mock("@/lib/litellm", () => ({
  getLiteLLM: () => ({
    version: async () => ({ features: { supportsV2ModelPagination: true, supportsV2ModelSort: true } }),
    models: {
      listPage: async ({ page, size }: { page: number; size: number }) => {
        h.listCalls++;
        await new Promise((r) => setTimeout(r, 5));
        if (h.failNext) {
          h.failNext = false;
          throw new Error("LiteLLM is down");
        }
        const data = h.deployments.slice((page - 1) * size, page * size);
        return { data, totalCount: h.deployments.length, page, pageSize: size, totalPages: Math.max(1, Math.ceil(h.deployments.length / size)) };
      },
    },
  }),
}));

const { CHECK_INDEX_TTL_MS, costMapDimensionWith, indexFrom, invalidateCheckIndex, loadCheckIndex, resetCheckIndexForTests, toDeployment } =
  await import("./context");
const { getDeploymentIndex, resetDeploymentIndexForTests } = await import("@/lib/deployments/index-store");

function row(name: string, params: Record<string, unknown>, info: Record<string, unknown>): LiteLLMDeployment {
  return { model_name: name, litellm_params: params, model_info: { id: `id-${name}`, ...info } } as LiteLLMDeployment;
}

describe("mapping /model/info rows for the checks", () => {
  it("uses the team's public name, the declared size over the cost map's, and litellm_params.dimensions", () => {
    const d = toDeployment(
      row(
        "rag-embed_team-search_1234",
        { model: "azure/my-embed", output_vector_size: 1536, dimensions: 256 },
        { team_id: "team-search", team_public_model_name: "rag-embed", mode: "embedding", output_vector_size: 3072, db_model: true },
      ),
    );
    expect(d).toEqual({
      id: "id-rag-embed_team-search_1234",
      alias: "rag-embed",
      baseModel: "azure/my-embed",
      dbModel: true,
      mode: "embedding",
      outputVectorSize: 1536,
      dimensions: 256,
      teamId: "team-search",
    });
    expect(toDeployment(row("odd", { model: "x" }, { mode: "responses" })).mode).toBeUndefined();
  });

  it("looks through a custom Azure deployment name to its base_model in the cost map", () => {
    const dim = costMapDimensionWith(new Map([["azure/prod-embed-eastus", "azure/text-embedding-3-large"]]));
    expect(dim("azure/prod-embed-eastus")).toEqual({ size: 3072, supportsShortening: true, mode: "embedding" });
    expect(dim("text-embedding-ada-002")).toMatchObject({ size: 1536, supportsShortening: false, mode: "embedding" });
    expect(dim("gpt-4o")).toMatchObject({ mode: "chat" });
    expect(dim("azure/unknown-deployment")).toEqual({ supportsShortening: false });

    const index = indexFrom(
      [{ alias: "docs-embed", consumer: "rag", kind: "embedding", dimension: 1536, required: true }],
      [row("docs-embed", { model: "azure/prod-embed-eastus" }, { base_model: "azure/text-embedding-3-large" })],
    );
    const dep = index.deploymentsById.get("id-docs-embed")!;
    expect(deploymentMode(index, dep)).toBe("embedding");
    expect(deploymentDimension(index, dep)).toBe(3072);
  });

  it("feeds the checks: a second deployment with another size is blocked", () => {
    const index = indexFrom(
      [],
      [row("docs-embed", { model: "openai/text-embedding-3-small" }, { mode: "embedding", output_vector_size: 1536 })],
    );
    const findings = checkCandidate(
      { alias: "docs-embed", mode: "embedding", baseModel: "openai/text-embedding-3-large", outputVectorSize: 3072 },
      index,
    );
    expect(findings.map((f) => f.rule)).toEqual(["group_dimension_mismatch"]);
  });
});

describe("loadCheckIndex", () => {
  beforeEach(() => {
    h.consumerCalls = h.listCalls = 0;
    h.consumers = [{ alias: "a", consumer: "c", kind: "chat", dimension: null, teamId: null, required: true, note: null }];
    h.deployments = [row("a", { model: "gpt-4o" }, { mode: "chat", updated_at: "2026-01-01T00:00:00Z" })];
  });
  afterEach(() => {
    vi.useRealTimers();
    resetDeploymentIndexForTests();
    resetCheckIndexForTests();
  });

  it("builds once for concurrent and repeated callers: one consumer read, one paged deployment read", async () => {
    const [x, y] = await Promise.all([loadCheckIndex(), loadCheckIndex()]);
    expect(x).toBe(y);
    expect(await loadCheckIndex()).toBe(x);
    expect([h.consumerCalls, h.listCalls]).toEqual([1, 1]);
    expect(x.consumersByAlias.get("a")?.[0]).toMatchObject({ consumer: "c", required: true });
  });

  it("applies this replica's writes in place, at once: no rebuild, no LiteLLM read on the check's path", async () => {
    const x = await loadCheckIndex();
    const calls = h.listCalls;
    getDeploymentIndex().refreshAfterWrite({ upsert: [row("b", { model: "gpt-4o-mini" }, { mode: "chat" })] });
    const y = await loadCheckIndex();
    expect(y).toBe(x);
    expect(y.deploymentsByAlias.get("b")?.map((d) => d.id)).toEqual(["id-b"]);
    getDeploymentIndex().refreshAfterWrite({ removeIds: ["id-a"] });
    expect((await loadCheckIndex()).deploymentsByAlias.has("a")).toBe(false);
    expect(x.near.has("a")).toBe(true); // still a consumer's alias

    invalidateCheckIndex({ added: [{ alias: "new-alias", consumer: "app", kind: "chat", required: false }] });
    expect((await loadCheckIndex()).consumersByAlias.get("new-alias")?.[0]?.consumer).toBe("app");
    invalidateCheckIndex({ removed: [{ alias: "a", consumer: "c" }] });
    const z = await loadCheckIndex();
    expect(z).toBe(x);
    expect(z.consumersByAlias.has("a")).toBe(false);
    expect(z.near.has("a")).toBe(false);
    expect(h.consumerCalls).toBe(1);
    expect(h.listCalls - calls).toBeLessThanOrEqual(2); // only the background refreshes the writes asked for
  });

  it("rebuilds in the background when another replica changed consumer aliases, answering from the current index meanwhile", async () => {
    const x = await loadCheckIndex();
    h.consumers = [...h.consumers, { alias: "elsewhere", consumer: "other", kind: "chat", dimension: null, teamId: null, required: false, note: null }];
    h.stamp = 2;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + CHECK_INDEX_TTL_MS + 1);
    expect(await loadCheckIndex()).toBe(x);
    vi.useRealTimers();
    await vi.waitFor(async () => expect((await loadCheckIndex()).consumersByAlias.has("elsewhere")).toBe(true));
    expect(h.consumerCalls).toBe(2);
  });

  it("does not cache a failure: the next check tries again", async () => {
    h.failNext = true;
    await expect(loadCheckIndex()).rejects.toThrow("LiteLLM is down");
    await expect(loadCheckIndex()).resolves.toBeDefined();
    expect(h.listCalls).toBe(2);
  });
});
