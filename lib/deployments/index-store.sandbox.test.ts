// Two replicas against one LiteLLM: a write through the console's own code paths (wizard save, edit, delete) is in the
// writing replica's filtered list and alias checks at once, and in the other replica within its refresh interval.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { admin, ctxOf, MASTER_KEY, startHarness, type Harness } from "@/lib/aliases/test-harness";
import { createLiteLLMClient } from "@/lib/litellm";
import { checkApiBase, type SsrfPolicy } from "@/lib/net/ssrf";

const h = vi.hoisted(() => ({ harness: undefined as undefined | Harness }));
vi.mock("@/lib/db", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/db")>();
  return { ...actual, prisma: async () => h.harness!.db.prisma, getDb: async () => h.harness!.db };
});
vi.mock("@/lib/litellm", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/litellm")>();
  return { ...actual, getLiteLLM: () => h.harness!.client };
});

const { createDeploymentIndex, getDeploymentIndex, resetDeploymentIndexForTests } = await import("./index-store");
const { listModelsPage, updateModel, deleteModel, getModelDetail } = await import("@/lib/models/service");
const { saveWizardModel, defaultSaveDeps } = await import("@/lib/models/wizard-service");
const { checkModelCandidate } = await import("@/lib/aliases/service");
const { parseModelListParams } = await import("@/lib/models/list");
const { modelEditSchema } = await import("@/lib/models/queries");
type DeploymentIndex = import("./index-store").DeploymentIndex;

/** The other replica's refresh interval: its staleness bound in this test (10 s in production). */
const REFRESH_MS = 400;

let H: Harness;
let replicaA: DeploymentIndex;
let replicaB: DeploymentIndex;
const ctx = ctxOf(admin);

beforeAll(async () => {
  const { openDatabase, migrateDatabase } = await import("@/lib/db");
  H = h.harness = await startHarness(openDatabase, migrateDatabase);
  resetDeploymentIndexForTests();
  replicaA = getDeploymentIndex();
  // The second replica: its own process-wide index in production, its own LiteLLM client here.
  const clientB = createLiteLLMClient({ baseUrl: H.litellmUrl, masterKey: MASTER_KEY, retries: 0 });
  replicaB = createDeploymentIndex({ litellm: () => clientB, refreshMs: REFRESH_MS });
  await Promise.all([replicaA.snapshot(), replicaB.snapshot()]);
});
afterAll(async () => {
  replicaB?.stop();
  resetDeploymentIndexForTests();
  await H?.close();
});

const list = (index: DeploymentIndex, q: Record<string, string>) =>
  listModelsPage(parseModelListParams(q), { index, loadVerifications: async () => [] }).then((p) => p.groups.flatMap((g) => g.deployments));

/** The alias check the wizard runs while the operator types (replica A's process-wide index). */
const joinsGroup = async (alias: string) =>
  (await checkModelCandidate({ ctx, input: { alias, mode: "chat", baseModel: "openai/gpt-4o-mini" } })).some((f) => f.rule === "alias_already_served");

/** Within the stated staleness: a few refresh intervals (an incremental read, then a full one for deletions). */
const withinStaleness = { timeout: REFRESH_MS * 10, interval: 50 };

describe("a write on one replica", () => {
  let id = "";

  it("add (wizard save): in the writer's filtered list and alias checks at once, in the other replica within its refresh", async () => {
    replicaB.stop(); // hold the other replica's refresh so the test sees it catch up afterwards
    const policy: SsrfPolicy = { allowedHosts: [new URL(H.upstreamUrl).host], allowedCidrs: [], blockedOrigins: [] };
    const saved = await saveWizardModel({
      ctx,
      input: {
        draft: {
          providerFlowId: "openai",
          alias: "replica-visible",
          upstreamModel: "gpt-4o-mini",
          mode: "chat",
          params: { api_base: `${H.upstreamUrl}/v1`, api_key: "sk-upstream-good" },
        },
      },
      deps: { ...defaultSaveDeps(), checkApiBase: (raw) => checkApiBase(raw, policy, async () => []), providerFields: async () => undefined },
    });
    id = saved.modelId;
    // At once, on the writer: no refresh awaited.
    expect((await list(replicaA, { q: "replica-visible", mode: "chat" })).map((r) => r.id)).toEqual([id]);
    expect(await joinsGroup("replica-visible")).toBe(true);
    expect(replicaB.peek()!.get(id)).toBeUndefined();
    replicaB.start();
    await vi.waitFor(async () => expect((await list(replicaB, { q: "replica-visible", mode: "chat" })).map((r) => r.id)).toEqual([id]), withinStaleness);
  });

  it("edit: the new value at once on the writer, within the refresh on the other", async () => {
    const detail = await getModelDetail({ ctx, id });
    await updateModel({ ctx, input: modelEditSchema.parse({ ...detail.defaults, rpm: 321 }) });
    expect((await list(replicaA, { q: "replica-visible" }))[0]).toMatchObject({ id, rpm: 321 });
    await vi.waitFor(async () => expect((await list(replicaB, { q: "replica-visible" }))[0]).toMatchObject({ id, rpm: 321 }), withinStaleness);
  });

  it("delete: gone at once from the writer's list and alias checks, gone from the other within the refresh", async () => {
    await deleteModel({ ctx, input: { id, confirmAlias: "replica-visible" } });
    expect(await list(replicaA, { q: "replica-visible" })).toEqual([]);
    expect(await joinsGroup("replica-visible")).toBe(false);
    await vi.waitFor(async () => expect(await list(replicaB, { q: "replica-visible" })).toEqual([]), withinStaleness);
  });

  it("pages say how old the index is", async () => {
    const page = await listModelsPage(parseModelListParams({}), { index: replicaB, loadVerifications: async () => [] });
    expect(page.freshness.stale).toBe(false);
    expect(page.freshness.age).toMatch(/^\d+ s ago$/);
  });
});

describe("refreshes", () => {
  it("an incremental refresh costs one call whatever the size; a deletion elsewhere makes it read everything once", async () => {
    const { startLiteLLMSandbox } = await import("@/sandbox/litellm/server");
    const sb = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, stateFile: null, reset: true, seed: "none", seedModels: 1_000 });
    const calls: string[] = [];
    const client = createLiteLLMClient({
      baseUrl: sb.url,
      masterKey: MASTER_KEY,
      retries: 0,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input));
        calls.push(`${url.pathname}?${url.searchParams.get("sortBy")}`);
        return fetch(input, init);
      }) as typeof fetch,
    });
    const index = createDeploymentIndex({ litellm: () => client, refreshMs: 60_000 });
    try {
      await index.snapshot();
      expect(calls.filter((c) => c.startsWith("/v2/model/info")).length).toBe(5); // 1,000 in pages of 200
      calls.length = 0;
      await index.refresh();
      expect(calls).toEqual(["/v2/model/info?updated_at"]);

      const other = createLiteLLMClient({ baseUrl: sb.url, masterKey: MASTER_KEY, retries: 0 });
      await other.models.create({ model_name: "added-elsewhere", litellm_params: { model: "openai/gpt-4o-mini" }, model_info: { id: "elsewhere-1" } });
      calls.length = 0;
      await index.refresh();
      expect(calls).toEqual(["/v2/model/info?updated_at"]);
      expect(index.peek()!.get("elsewhere-1")?.alias).toBe("added-elsewhere");

      await other.models.delete("seed-model-000500");
      calls.length = 0;
      await index.refresh();
      expect(calls[0]).toBe("/v2/model/info?updated_at");
      expect(calls.filter((c) => c === "/v2/model/info?created_at").length).toBe(5); // 1,000 again: one added, one deleted
      expect(index.peek()!.get("seed-model-000500")).toBeUndefined();
      expect(index.peek()!.size).toBe(1_000);
    } finally {
      index.stop();
      await sb.close();
    }
  });
});
