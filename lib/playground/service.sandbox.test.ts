import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { SessionUser } from "@/lib/auth/types";
import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { createLiteLLMClient, getLiteLLM, resetLiteLLMForTests } from "@/lib/litellm";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { apiClient, type Api } from "@/sandbox/litellm/testing";
import { startUpstream } from "@/sandbox/upstream/server";

import { selectAuditRows } from "@/lib/audit/chain";
import { PLAYGROUND_RECONCILE_AFTER_MS, reconcilePending } from "@/lib/audit/reconciler";
import { beginAudited, OutcomeUnknownError } from "@/lib/audit/service";

import { chatRequestSchema } from "./schemas";
import { playgroundKeyAlias } from "./temp-key";
import {
  findPlaygroundModels,
  listPlaygroundModels,
  prepareChat,
  resolvePlaygroundModel,
  runEmbedding,
  searchPlaygroundModels,
  streamChat,
  type ChatEvent,
} from "./service";

/**
 * The playground's rules against the LiteLLM sandbox and an in-memory console database: who may try what, which modes,
 * and that every temporary key is gone afterwards — also when the stream breaks mid-way.
 */
const MASTER = "sk-sandbox-master-playground-01";
const admin: SessionUser = { id: "local:admin", provider: "local", username: "admin", name: "Admin", role: "admin", teams: [] };
const member: SessionUser = { id: "openshift:pat", provider: "openshift", username: "pat", name: "Pat", role: "user", teams: [{ teamId: "team-search", role: "member" }] };
const viewer: SessionUser = { ...admin, id: "local:viewer", role: "viewer" };

let upstream: Awaited<ReturnType<typeof startUpstream>>;
let sandbox: Awaited<ReturnType<typeof startLiteLLMSandbox>>;
let db: Database;
let litellm: Api;

beforeAll(async () => {
  upstream = await startUpstream({ port: 0 });
  sandbox = await startLiteLLMSandbox({ port: 0, masterKey: MASTER, stateFile: null, reset: true, seed: "demo", upstreamUrl: upstream.url });
  litellm = apiClient(sandbox.url, MASTER);
  const env: Record<string, string> = {
    LITELLM_URL: sandbox.url,
    LITELLM_MASTER_KEY: MASTER,
    AUTH_SECRET: "playground-test-secret-playground-0001",
    AUTH_URL: "http://localhost:3000",
    GROUP_BINDINGS_FILE: "",
    CONSOLE_ADMIN_PASSWORD_HASH: "",
    CONSOLE_ALLOW_MASTER_KEY_LOGIN: "",
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  resetEnvForTests();
  resetLiteLLMForTests();
  db = await openDatabase({ kind: "pglite", dir: "memory://" });
  await migrateDatabase(db);
  (globalThis as unknown as { gatehouseDb?: Promise<Database> }).gatehouseDb = Promise.resolve(db);
});

afterAll(async () => {
  (globalThis as unknown as { gatehouseDb?: Promise<Database> }).gatehouseDb = undefined;
  await db?.close();
  await sandbox?.close();
  await upstream?.close();
  resetLiteLLMForTests();
  vi.unstubAllEnvs();
  resetEnvForTests();
});

async function temporaryKeys(): Promise<number> {
  const res = await litellm("GET", "/key/list?size=100&return_full_object=true");
  return (res.json.keys as { key_alias?: string }[]).filter((k) => k.key_alias?.startsWith("gatehouse-playground-")).length;
}

async function collect(events: AsyncGenerator<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("who may try what", () => {
  it("a member sees only their team's models; the team named on each", async () => {
    const options = await listPlaygroundModels({ user: member });
    expect(options.map((o) => o.name).sort()).toEqual(["gpt-4o-mini", "text-embedding-3-small"]);
    expect(options.every((o) => o.teams.some((t) => t.teamId === "team-search"))).toBe(true);
  });

  it("the picker gets at most `limit` names (the one asked for first), finds the others by search, and a member only theirs", async () => {
    const all = (await listPlaygroundModels({ user: admin })).map((o) => o.name);
    expect(all.length).toBeGreaterThan(2);
    const first = await findPlaygroundModels({ user: admin, limit: 2 });
    expect(first).toMatchObject({ more: true });
    expect(first.options.map((o) => o.name)).toEqual(all.slice(0, 2));
    const last = all.at(-1)!;
    const asked = await findPlaygroundModels({ user: admin, limit: 2, include: last });
    expect(asked.options.map((o) => o.name)).toEqual([last, all[0]]);
    // Case-insensitive, anywhere in the name.
    const found = await findPlaygroundModels({ user: admin, q: last.slice(1).toUpperCase(), limit: 2 });
    expect(found.options.map((o) => o.name)).toContain(last);
    expect(found.options.every((o) => o.name.toLowerCase().includes(last.slice(1).toLowerCase()))).toBe(true);
    expect((await findPlaygroundModels({ user: admin, q: "no-such-model-anywhere" })).options).toEqual([]);
    // A member searches their teams' models only; a viewer has no picker.
    expect((await searchPlaygroundModels({ ctx: { user: member }, q: "llama" })).options).toEqual([]);
    expect((await searchPlaygroundModels({ ctx: { user: member }, q: "" })).options.map((o) => o.name).sort()).toEqual(["gpt-4o-mini", "text-embedding-3-small"]);
    await expect(searchPlaygroundModels({ ctx: { user: viewer }, q: "gpt" })).rejects.toThrow(/Viewers/);
  });

  it("a member is refused a model outside their teams, with the reason", async () => {
    await expect(resolvePlaygroundModel({ ctx: { user: member }, model: "llama3" })).rejects.toThrow(/None of your teams \(team-search\) may use llama3/);
    await expect(resolvePlaygroundModel({ ctx: { user: member }, model: "gpt-4o-mini", teamId: "team-platform" })).rejects.toThrow(/not a member of team team-platform/);
  });

  it("viewers make no calls", async () => {
    await expect(resolvePlaygroundModel({ ctx: { user: viewer }, model: "gpt-4o-mini" })).rejects.toThrow(/Viewers/);
  });

  it("a model that does not exist, and the wrong mode, are named", async () => {
    await expect(resolvePlaygroundModel({ ctx: { user: admin }, model: "ghost" })).rejects.toThrow(/no model named ghost/);
    await expect(resolvePlaygroundModel({ ctx: { user: admin }, model: "gpt-4o-mini", expectMode: "embedding" })).rejects.toThrow(/is a chat model/);
  });

  it("the schema states its limits and refuses an empty prompt", () => {
    expect(chatRequestSchema.safeParse({ model: "m", prompt: "   " }).success).toBe(false);
    expect(chatRequestSchema.safeParse({ model: "m", prompt: "x".repeat(32_001) }).success).toBe(false);
    expect(chatRequestSchema.safeParse({ model: "m", prompt: "hi", maxTokens: 4_097 }).success).toBe(false);
    expect(chatRequestSchema.safeParse({ model: "m\u202e", prompt: "hi" }).success).toBe(false);
  });
});

describe("calls through a temporary key", () => {
  it("embeddings: the vector's length against the registry; the member's key belongs to their team; the key is deleted", async () => {
    await db.prisma.consumerAlias.create({ data: { alias: "text-embedding-3-small", consumer: "rag", kind: "embedding", dimension: 1536, createdBy: "test" } });
    const before = (await litellm("GET", "/team/info?team_id=team-search")).json.team_info.spend;
    const result = await runEmbedding({ ctx: { user: member }, input: { model: "text-embedding-3-small", input: "hello world" } });
    expect(result.length).toBe(1536);
    expect(result.verdict).toBe("matches");
    expect(result.consumers).toEqual([{ consumer: "rag", dimension: 1536, matches: true }]);
    expect(result.team?.teamId).toBe("team-search");
    const after = (await litellm("GET", "/team/info?team_id=team-search")).json.team_info.spend;
    expect(after).toBeGreaterThanOrEqual(before);
    expect(await temporaryKeys()).toBe(0);
    const audit = await db.prisma.auditEvent.findMany({ where: { action: "playground.call" } });
    expect(audit.at(-1)?.details).toMatchObject({ model: "text-embedding-3-small", mode: "embedding", length: 1536 });
    expect(JSON.stringify(audit)).not.toContain("hello world");
  });

  it("chat streams deltas, then usage and the deployment; the prompt is not audited", async () => {
    const input = chatRequestSchema.parse({ model: "gpt-4o-mini", prompt: "a secret prompt 42" });
    const prepared = await prepareChat({ ctx: { user: admin }, input });
    const events = await collect(streamChat({ ctx: { user: admin }, input, resolved: prepared.resolved, deps: prepared.deps }));
    expect(events[0]).toMatchObject({ type: "start", answeredBy: "9b0c7a3e-1f6d-4c1a-9e51-000000000001" });
    expect(events.filter((e) => e.type === "delta").length).toBeGreaterThan(1);
    const done = events.at(-1);
    expect(done).toMatchObject({ type: "done" });
    if (done?.type === "done") {
      expect(done.promptTokens).toBeGreaterThan(0);
      expect(done.ttftMs).not.toBeNull();
    }
    expect(await temporaryKeys()).toBe(0);
    const rows = await db.prisma.auditEvent.findMany({ where: { action: "playground.call" } });
    expect(JSON.stringify(rows)).not.toContain("a secret prompt 42");
  });

  it("a stream that breaks mid-way keeps what arrived, ends with an error, and still deletes the key", async () => {
    upstream.setFaults({ streamDropAfter: 2 });
    try {
      const input = chatRequestSchema.parse({ model: "gpt-4o-mini", prompt: "tell me more" });
      const prepared = await prepareChat({ ctx: { user: admin }, input });
      const events = await collect(streamChat({ ctx: { user: admin }, input, resolved: prepared.resolved, deps: prepared.deps }));
      expect(events.filter((e) => e.type === "delta").length).toBeGreaterThan(0);
      expect(events.at(-1)).toMatchObject({ type: "error", partial: true });
    } finally {
      upstream.setFaults({});
    }
    expect(await temporaryKeys()).toBe(0);
  });

  it("uses the console's client, never a user's key or the master key on the data plane", async () => {
    const before = sandbox.requests.length;
    const input = chatRequestSchema.parse({ model: "gpt-4o-mini", prompt: "who am i" });
    const prepared = await prepareChat({ ctx: { user: admin }, input });
    await collect(streamChat({ ctx: { user: admin }, input, resolved: prepared.resolved, deps: { ...prepared.deps, litellm: getLiteLLM() } }));
    const dataPlane = sandbox.requests.slice(before).filter((r) => r.path === "/v1/chat/completions");
    expect(dataPlane.map((r) => r.caller)).toEqual(["virtual-key"]);
  });
});

describe("write-ahead audit and reconciliation (issue 15)", () => {
  const actor = { provider: admin.provider, username: admin.username };
  const aliasesGenerated = (from: number) =>
    sandbox.requests
      .slice(from)
      .filter((r) => r.path === "/key/generate")
      .map((r) => (r.body as { key_alias?: string }).key_alias);

  it("a call's temporary key is named after its audit intent, and the completion follows the call", async () => {
    const from = sandbox.requests.length;
    const write = await beginAudited({ action: "playground.embedding", actor, input: { model: "text-embedding-3-small", input: "hello" }, db });
    await write.run(() => runEmbedding({ ctx: { user: admin }, input: { model: "text-embedding-3-small", input: "hello" } }));
    expect(aliasesGenerated(from)).toEqual([playgroundKeyAlias(write.requestId)]);
    const rows = await selectAuditRows(db, "i.request_id = $1", [write.requestId], 10);
    expect(rows.map((r) => `${r.phase}:${r.outcome}`)).toEqual(["intent:pending", "completion:success"]);
    expect(JSON.stringify(rows)).not.toContain("hello");
    expect(await temporaryKeys()).toBe(0);
  });

  it("a crash between /key/generate and the key's deletion: the reconciler deletes the key and completes the intent", async () => {
    // What a replica killed mid-call leaves: the intent, and a temporary key named after it — no completion.
    const write = await beginAudited({ action: "playground.chat", actor, input: { model: "gpt-4o-mini", prompt: "a secret question" }, db });
    const generated = await litellm("POST", "/key/generate", { key_alias: playgroundKeyAlias(write.requestId), models: ["gpt-4o-mini"], duration: "10m" });
    expect(generated.status).toBe(200);
    expect(await temporaryKeys()).toBe(1);
    const deps = { db, litellm: getLiteLLM(), graceMs: 0 };
    // While the key's 10 minutes run a call may still be streaming through it: the reconciler leaves it alone.
    expect(await reconcilePending(deps)).toMatchObject({ ran: true, completed: 0 });
    expect(await temporaryKeys()).toBe(1);
    const later = () => new Date(Date.now() + PLAYGROUND_RECONCILE_AFTER_MS + 1_000);
    expect(await reconcilePending({ ...deps, now: later })).toMatchObject({ completed: 1 });
    expect(await temporaryKeys()).toBe(0);
    const rows = await selectAuditRows(db, "i.request_id = $1", [write.requestId], 10);
    expect(rows.map((r) => `${r.phase}:${r.outcome}:${r.outcomeDetail}`)).toEqual(["intent:pending:null", "completion:reconciled:created"]);
    expect(rows[1]!.details).toMatchObject({ temporaryKeysDeleted: 1, alias: playgroundKeyAlias(write.requestId) });
    // Nothing left: a second sweep finds no pending intent of this call.
    expect(await reconcilePending({ ...deps, now: later })).toMatchObject({ completed: 0 });
  });

  it("/key/generate answering after the timeout: the call stays pending (no failure recorded) and the late key is reconciled away", async () => {
    await litellm("POST", "/__sandbox/faults", [{ route: "/key/generate", latencyMs: 1_500, times: 1 }]);
    const impatient = createLiteLLMClient({ baseUrl: sandbox.url, masterKey: MASTER, timeoutMs: 300, retries: 0 });
    const input = chatRequestSchema.parse({ model: "gpt-4o-mini", prompt: "hello" });
    const resolved = await resolvePlaygroundModel({ ctx: { user: admin }, model: "gpt-4o-mini" });
    const write = await beginAudited({ action: "playground.chat", actor, input, db });
    const events: ChatEvent[] = [];
    const error = await write
      .run(async () => {
        for await (const e of streamChat({ ctx: { user: admin }, input, resolved, deps: { litellm: impatient, now: Date.now } })) events.push(e);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(events).toEqual([]);
    expect((await selectAuditRows(db, "i.request_id = $1", [write.requestId], 10)).map((r) => r.outcome)).toEqual(["pending"]);
    await vi.waitFor(async () => expect(await temporaryKeys()).toBe(1), { timeout: 10_000 });
    const later = () => new Date(Date.now() + PLAYGROUND_RECONCILE_AFTER_MS + 1_000);
    await reconcilePending({ db, litellm: getLiteLLM(), graceMs: 0, now: later });
    expect(await temporaryKeys()).toBe(0);
    expect((await selectAuditRows(db, "i.request_id = $1", [write.requestId], 10)).map((r) => `${r.outcome}:${r.outcomeDetail}`)).toEqual([
      "pending:null",
      "reconciled:created",
    ]);
  });

  it("a pending playground intent with no key left is completed as `reconciled: unknown`", async () => {
    const write = await beginAudited({ action: "playground.chat", actor, input: { model: "gpt-4o-mini", prompt: "x" }, db });
    const later = () => new Date(Date.now() + PLAYGROUND_RECONCILE_AFTER_MS + 1_000);
    await reconcilePending({ db, litellm: getLiteLLM(), graceMs: 0, now: later });
    const rows = await selectAuditRows(db, "i.request_id = $1", [write.requestId], 10);
    expect(rows.at(-1)).toMatchObject({ outcome: "reconciled", outcomeDetail: "unknown" });
  });
});
