import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { admin, ctxOf, startHarness, viewer, MASTER_KEY, type Harness } from "@/lib/aliases/test-harness";
import { DEMO } from "@/sandbox/litellm/seed";

import { credentialCreateSchema, credentialRotateSchema } from "./schemas";

const h = vi.hoisted(() => ({ harness: undefined as undefined | Harness }));
vi.mock("@/lib/db", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/db")>();
  return { ...actual, prisma: async () => h.harness!.db.prisma, getDb: async () => h.harness!.db };
});
vi.mock("@/lib/litellm", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/litellm")>();
  return { ...actual, getLiteLLM: () => h.harness!.client };
});

const { listCredentials, createCredential, rotateCredential, deleteCredential, CredentialInUseError } = await import("./service");

let H: Harness;
beforeAll(async () => {
  const { openDatabase, migrateDatabase } = await import("@/lib/db");
  H = h.harness = await startHarness(openDatabase, migrateDatabase);
});
afterAll(async () => {
  await H?.close();
});

const adminCtx = ctxOf(admin);
const audits = (action: string) => H.db.prisma.auditEvent.findMany({ where: { action }, orderBy: { createdAt: "asc" } });

/** What LiteLLM itself stores (masked to 4 characters by the sandbox, like LiteLLM). */
async function stored(name: string) {
  const res = await fetch(`${H.litellmUrl}/credentials/by_name/${name}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  return res.ok ? ((await res.json()) as { credential_values: Record<string, string>; credential_info: Record<string, unknown> }) : null;
}

describe("credentials", () => {
  it("list names, providers and usage from one model listing, and never a value", async () => {
    const before = H.requests().length;
    const page = await listCredentials({ ctx: ctxOf(viewer) });
    const calls = H.requests().slice(before).map((r) => `${r.method} ${r.path}`);
    expect(calls.filter((c) => c.includes("/model/info"))).toHaveLength(1);
    const demo = page.credentials.find((c) => c.name === DEMO.credential)!;
    expect(demo).toMatchObject({ provider: "openai", providerLabel: "OpenAI", configuredFields: ["api_base", "api_key"] });
    expect(demo.usedBy).toEqual([{ id: DEMO.models.embedding, alias: "text-embedding-3-small" }]);
    const text = JSON.stringify(page.credentials);
    expect(text).not.toContain("sk-upstream-good");
    expect(text).not.toContain("sk-u****");
    expect(text).not.toContain("****");
    expect(page.providers.find((p) => p.provider === "OpenAI")!.fields.find((f) => f.key === "api_key")).toMatchObject({ secret: true, required: true });
  });

  it("create with per-provider fields: required fields, known fields, unique names; audited without values", async () => {
    const input = (values: Record<string, string>, name = "team-openai") => credentialCreateSchema.parse({ name, provider: "OpenAI", description: "shared key", values });
    await expect(createCredential({ ctx: adminCtx, input: input({ api_base: "https://api.openai.com/v1" }) })).rejects.toMatchObject({
      fieldErrors: { "values.api_key": [expect.any(String)] },
    });
    await expect(createCredential({ ctx: adminCtx, input: input({ api_key: "sk-x-1234567890", aws_region_name: "x" }) })).rejects.toMatchObject({
      fieldErrors: { "values.aws_region_name": [expect.any(String)] },
    });
    await createCredential({ ctx: adminCtx, input: input({ api_key: "sk-created-1234567890" }) });
    expect(await stored("team-openai")).toMatchObject({
      credential_values: { api_key: "sk-c****" },
      credential_info: { custom_llm_provider: "openai", description: "shared key" },
    });
    await expect(createCredential({ ctx: adminCtx, input: input({ api_key: "sk-again-1234567890" }) })).rejects.toMatchObject({
      fieldErrors: { name: [expect.stringContaining("already exists")] },
    });
    const audit = (await audits("credential.create")).at(-1)!;
    expect(audit).toMatchObject({ outcome: "success", targetId: "team-openai", details: { provider: "openai", fields: ["api_key"] } });
    expect(JSON.stringify(await audits("credential.create"))).not.toContain("sk-created");
    await expect(createCredential({ ctx: ctxOf(viewer), input: input({ api_key: "sk-v-1234567890" }, "viewer-cred") })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("rotate sends name, info and values together and keeps the description", async () => {
    await createCredential({ ctx: adminCtx, input: credentialCreateSchema.parse({ name: "rotate-me", provider: "OpenAI", description: "keep me", values: { api_key: "sk-old-1234567890" } }) });
    await rotateCredential({ ctx: adminCtx, input: credentialRotateSchema.parse({ name: "rotate-me", values: { api_key: "sk-new-1234567890" } }) });
    expect(await stored("rotate-me")).toMatchObject({ credential_values: { api_key: "sk-n****" }, credential_info: { description: "keep me", custom_llm_provider: "openai" } });
    const patch = H.requests().filter((r) => r.method === "PATCH" && r.path.startsWith("/credentials/")).at(-1)!;
    expect(Object.keys(patch.body as object).sort()).toEqual(["credential_info", "credential_name", "credential_values"]);
    const audit = (await audits("credential.rotate")).at(-1)!;
    expect(audit).toMatchObject({ outcome: "success", details: { fields: ["api_key"] } });
    expect(JSON.stringify(audit)).not.toContain("sk-new");
    await expect(rotateCredential({ ctx: adminCtx, input: credentialRotateSchema.parse({ name: "no-such-cred", values: { api_key: "x" } }) })).rejects.toMatchObject({ code: "not_found" });
  });

  it("delete is blocked while a deployment uses it, and works once unused", async () => {
    const err = await deleteCredential({ ctx: adminCtx, input: { name: DEMO.credential } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialInUseError);
    expect((err as InstanceType<typeof CredentialInUseError>).details.usedBy).toEqual([{ id: DEMO.models.embedding, alias: "text-embedding-3-small" }]);
    expect((err as Error).message).toContain("text-embedding-3-small");
    expect(await stored(DEMO.credential)).not.toBeNull();
    expect((await audits("credential.delete")).at(-1)).toMatchObject({ outcome: "refused", outcomeDetail: "policy", details: { reason: "in_use", used_by: 1 } });

    await createCredential({ ctx: adminCtx, input: credentialCreateSchema.parse({ name: "delete-me", provider: "OpenAI", values: { api_key: "sk-del-1234567890" } }) });
    await deleteCredential({ ctx: adminCtx, input: { name: "delete-me" } });
    expect(await stored("delete-me")).toBeNull();
    // LiteLLM would report success for an unknown name; the console says it does not exist.
    await expect(deleteCredential({ ctx: adminCtx, input: { name: "delete-me" } })).rejects.toMatchObject({ code: "not_found" });
  });
});
