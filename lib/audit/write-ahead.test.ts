import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { migrateDatabase, openDatabase, type Database, type DatabaseTarget } from "@/lib/db";
import { ConflictError, ForbiddenError, UnavailableError, ValidationError } from "@/lib/errors";
import { LiteLLMError } from "@/lib/litellm";
import { createTestPostgres } from "@/tests/postgres";

import { appendCompletionOnce, checkChain, GENESIS_HASH, selectAuditRows, verifyAuditChain } from "./chain";
import { auditedStream, openRouteAudit } from "./route";
import { onOutcomeUnknown, OutcomeUnknownError, recordAudit, runAudited, summarizeInput, type AuditedWrite } from "./service";

/** Write-ahead audit and the hash chain, on PGlite always and on PostgreSQL when it answers. */
const postgres = await createTestPostgres("gatehouse_audit_wa", "write-ahead.test");
const targets: Array<[string, DatabaseTarget, boolean]> = [
  ["pglite", { kind: "pglite", dir: "memory://" }, true],
  ["postgres", { kind: "postgres", url: postgres.url }, postgres.available],
];
afterAll(() => postgres.drop());

const actor = { provider: "local", username: "admin" };

describe.each(targets)("write-ahead audit on %s", (_name, target, enabled) => {
  let db: Database;
  beforeAll(async () => {
    if (!enabled) return;
    db = await openDatabase(target);
    await migrateDatabase(db);
  });
  afterAll(async () => db?.close());

  const rowsOf = async (requestId: string) => selectAuditRows(db, "i.request_id = $1", [requestId], 100);
  const lastIntent = async () => (await selectAuditRows(db, "i.phase = 'intent'", [], 10_000)).at(-1)!;

  it.skipIf(!enabled)("writes the intent before the handler runs and the completion after", async () => {
    let seenDuringHandler: string[] = [];
    const result = await runAudited({ action: "key.block", actor, input: { token: "t".repeat(64) }, db }, async () => {
      const intent = await lastIntent();
      seenDuringHandler = (await rowsOf(intent.requestId!)).map((r) => `${r.phase}:${r.outcome}`);
      return 42;
    });
    expect(result).toBe(42);
    expect(seenDuringHandler).toEqual(["intent:pending"]);
    const intent = await lastIntent();
    const rows = await rowsOf(intent.requestId!);
    expect(rows.map((r) => `${r.phase}:${r.outcome}`)).toEqual(["intent:pending", "completion:success"]);
    expect(rows[0]).toMatchObject({ action: "key.block", targetType: "virtual_key", targetId: "t".repeat(64), actorUsername: "admin" });
    expect(rows[1]!.intentId).toBe(rows[0]!.id);
  });

  it.skipIf(!enabled)("records refusals by kind: conflict, policy, validation", async () => {
    for (const [error, detail] of [
      [new ConflictError("taken"), "conflict"],
      [new ForbiddenError("no"), "policy"],
      [new ValidationError("bad"), "validation"],
    ] as const) {
      await expect(runAudited({ action: "key.issue", actor, input: { alias: `a-${detail}` }, db }, async () => Promise.reject(error))).rejects.toBe(error);
      const rows = await rowsOf((await lastIntent()).requestId!);
      expect(rows.at(-1)).toMatchObject({ phase: "completion", outcome: "refused", outcomeDetail: detail });
    }
  });

  it.skipIf(!enabled)("a service's own record inside the scope becomes the completion (a conflict recorded as failure is a refusal)", async () => {
    await expect(
      runAudited({ action: "key.issue", actor, input: { alias: "dup" }, db }, async () => {
        await recordAudit({ actor, action: "key.issue", targetType: "virtual_key", outcome: "failure", details: { alias: "dup", reason: "exists" } });
        throw new ConflictError("A key with alias dup already exists.");
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    const rows = await rowsOf((await lastIntent()).requestId!);
    expect(rows.map((r) => `${r.phase}:${r.outcome}:${r.outcomeDetail}`)).toEqual(["intent:pending:null", "completion:refused:conflict"]);
    expect(rows[1]!.details).toMatchObject({ alias: "dup", reason: "exists" });
  });

  it.skipIf(!enabled)("a write whose answer never came stays pending, and the operator is told where to look", async () => {
    const heard = vi.fn();
    const stop = onOutcomeUnknown(heard);
    const timeout = new LiteLLMError({ type: "timeout", message: "LiteLLM did not answer within 15 s (POST /key/generate).", method: "POST", path: "/key/generate" });
    const error = await runAudited({ action: "key.issue", actor, input: { alias: "slow" }, db }, async () => Promise.reject(timeout)).catch((e) => e);
    stop();
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    const intent = await lastIntent();
    expect(error.message).toContain(`/audit?request=${intent.requestId}`);
    expect((await rowsOf(intent.requestId!)).map((r) => r.outcome)).toEqual(["pending"]);
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it.skipIf(!enabled)("a timed-out read is a plain failure (nothing was written)", async () => {
    const timeout = new LiteLLMError({ type: "timeout", message: "slow read", method: "GET", path: "/key/list" });
    await expect(runAudited({ action: "key.issue", actor, input: { alias: "r" }, db }, async () => Promise.reject(timeout))).rejects.toBe(timeout);
    expect((await rowsOf((await lastIntent()).requestId!)).map((r) => r.outcome)).toEqual(["pending", "failure"]);
  });

  it.skipIf(!enabled)("an intent is completed once: a second completion (late request or reconciler) is not written", async () => {
    await runAudited({ action: "key.delete", actor, input: { token: "d".repeat(64) }, db }, async () => "ok");
    const intent = await lastIntent();
    const [completion] = (await rowsOf(intent.requestId!)).slice(1);
    const again = await appendCompletionOnce(db, { ...completion!, outcome: "reconciled", outcomeDetail: "succeeded" });
    expect(again).toBeNull();
    expect((await rowsOf(intent.requestId!)).map((r) => r.outcome)).toEqual(["pending", "success"]);
  });

  it.skipIf(!enabled)("the record of the intent's own action completes it; other records follow; a late record is an event", async () => {
    let late: Promise<void> = Promise.resolve();
    await runAudited({ action: "signin", actor, input: { username: "dana" }, db }, async () => {
      await recordAudit({ actor, action: "user.sync", targetType: "litellm_user", outcome: "failure", details: { step: "user.info" } });
      await recordAudit({ actor, action: "signin", targetType: "session", outcome: "success", details: { role: "user" } });
      // A background task of the write that ends after it (a slow LiteLLM user sync).
      late = new Promise<void>((resolve) => setTimeout(resolve, 50)).then(() =>
        recordAudit({ actor, action: "user.sync", targetType: "litellm_user", targetId: "late", outcome: "failure", details: {} }),
      );
    });
    const intent = await lastIntent();
    expect(intent.targetType).toBe("session");
    expect((await rowsOf(intent.requestId!)).map((r) => `${r.phase}:${r.action}:${r.outcome}`)).toEqual([
      "intent:signin:pending",
      "completion:signin:success",
      "completion:user.sync:failure",
    ]);
    await late;
    const [event] = await selectAuditRows(db, "i.target_id = 'late'", [], 10);
    expect(event).toMatchObject({ phase: "event", action: "user.sync", intentId: null });
  });

  it.skipIf(!enabled)("a streamed route write: the intent before the work, the completion after the last line", async () => {
    const write = (await openRouteAudit({ action: "config.apply", user: actor, request: { ip: null, userAgent: null }, input: { source: "s" }, db })) as AuditedWrite;
    expect(write).not.toBeInstanceOf(Response);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const response = await auditedStream(write, {
      produce: async (_p, send) => {
        send({ type: "progress" });
        await gate;
        await recordAudit({ actor, action: "config.apply", targetType: "config", targetId: "s", outcome: "success", details: { applied: 1 } });
        send({ type: "done" });
      },
      onPrepareError: () => new Response(null, { status: 500 }),
      onError: () => ({ type: "error" }),
    });
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe('{"type":"progress"}\n');
    expect((await rowsOf(write.requestId)).map((r) => r.outcome)).toEqual(["pending"]);
    release();
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += chunk.value;
    expect(rest).toBe('{"type":"done"}\n');
    await vi.waitFor(async () => expect((await rowsOf(write.requestId)).map((r) => r.outcome)).toEqual(["pending", "success"]));
  });

  it.skipIf(!enabled)("a streamed route write refused while preparing answers JSON and completes the intent as refused", async () => {
    const write = (await openRouteAudit({ action: "playground.chat", user: actor, request: { ip: null, userAgent: null }, input: { model: "m" }, db })) as AuditedWrite;
    const produce = vi.fn(async () => {});
    const response = await auditedStream(write, {
      prepare: async () => {
        throw new ForbiddenError("Viewers can read the console but not call models.");
      },
      produce,
      onPrepareError: (error) => Response.json({ error: { message: (error as Error).message } }, { status: 403 }),
      onError: () => ({ type: "error" }),
    });
    expect(response.status).toBe(403);
    expect(produce).not.toHaveBeenCalled();
    expect((await rowsOf(write.requestId)).map((r) => `${r.outcome}:${r.outcomeDetail}`)).toEqual(["pending:null", "refused:policy"]);
  });

  it.skipIf(!enabled)("the chain verifies, and names the first changed row", async () => {
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(true);
    expect(report.verified).toBeGreaterThan(5);
    const rows = await selectAuditRows(db, "true", [], 1000);
    const victim = rows[3]!;
    // What only a database superuser could do: switch the guard off and edit a row.
    await db.raw.exec(`ALTER TABLE audit_events DISABLE TRIGGER USER`);
    try {
      await db.raw.query(`UPDATE audit_events SET actor_username = 'someone-else' WHERE id = $1::uuid`, [victim.id]);
    } finally {
      await db.raw.exec(`ALTER TABLE audit_events ENABLE TRIGGER USER`);
    }
    const broken = await verifyAuditChain(db);
    expect(broken.ok).toBe(false);
    expect(broken.firstBreak).toMatchObject({ seq: victim.seq, id: victim.id });
    expect(broken.firstBreak!.reason).toMatch(/changed after it was written/);
  });
});

describe("fail closed", () => {
  it("refuses the change when the intent cannot be written, without running it", async () => {
    const down = {
      kind: "postgres",
      transaction: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      },
    } as unknown as Database;
    const handler = vi.fn(async () => "changed");
    await expect(runAudited({ action: "key.block", actor, input: { token: "x" }, db: down }, handler)).rejects.toBeInstanceOf(UnavailableError);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("fail closed in route handlers", () => {
  it("answers 503 with the audit's message when the intent cannot be written", async () => {
    const down = {
      kind: "postgres",
      transaction: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      },
    } as unknown as Database;
    const answer = await openRouteAudit({ action: "playground.chat", user: actor, request: { ip: null, userAgent: null }, input: {}, db: down });
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(503);
    expect(await (answer as Response).json()).toMatchObject({ ok: false, error: { code: "unavailable", message: expect.stringMatching(/nothing was changed/) } });
  });
});

describe("checkChain", () => {
  it("counts rows before the chain as legacy and refuses an unhashed row after it", () => {
    const base = { phase: "event" as const, actorProvider: "local", actorUsername: "a", action: "x", targetType: "t", targetId: null, teamId: null, outcome: "success", outcomeDetail: null, intentId: null, requestId: null, clientIp: null, userAgent: null, details: {} };
    const legacy = { ...base, id: "l", seq: "1", createdAt: new Date(0), prevHash: null, hash: null };
    const result = checkChain([legacy, { ...legacy, id: "l2", seq: "2" }]);
    expect(result).toMatchObject({ legacy: 2, verified: 0, firstBreak: null });
    expect(GENESIS_HASH).toHaveLength(64);
  });

  it("summaries are redacted and bounded, and never hold a prompt", () => {
    const summary = summarizeInput({ alias: "a", api_key: "sk-secret-123456789", nested: { deep: { deeper: { x: 1 } } }, note: "y".repeat(500), prompt: "my secret question" }) as Record<string, unknown>;
    expect(JSON.stringify(summary)).not.toContain("sk-secret");
    expect(JSON.stringify(summary)).not.toContain("secret question");
    expect(summary.prompt).toBe("[18 characters, not recorded]");
    expect((summary.note as string).length).toBeLessThan(210);
    expect(summary.nested).toEqual({ deep: "{…}" });
  });
});
