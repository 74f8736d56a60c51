import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import type { LiteLLMClient } from "@/lib/litellm";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";

import { describeFreshness, queryKeyIndex, readKeyIndexState, syncKeyIndex, toIndexRow } from "./key-index";
import { clientFor } from "./testing";

/** The key index against the LiteLLM sandbox and a PGlite console database. */
const MASTER = "sk-sandbox-master-key";

let sandbox: Awaited<ReturnType<typeof startLiteLLMSandbox>>;
let db: Database;
let client: LiteLLMClient;
let calls = 0;
const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-key-index-"));

async function admin(pathname: string, body: unknown) {
  const res = await fetch(`${sandbox.url}${pathname}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${MASTER}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const sync = () => syncKeyIndex({ litellm: client, prisma: db.prisma, now: () => new Date() }, { reconcilePages: 50 });

beforeAll(async () => {
  sandbox = await startLiteLLMSandbox({ port: 0, masterKey: MASTER, stateFile: null, reset: true, seed: "demo" });
  db = await openDatabase({ kind: "pglite", dir: dbDir });
  await migrateDatabase(db);
  const counting: typeof fetch = (input, init) => {
    calls++;
    return fetch(input, init);
  };
  client = clientFor(sandbox.url, MASTER, counting);
});

afterAll(async () => {
  await db?.close();
  await sandbox?.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

describe("toIndexRow", () => {
  it("keeps the token hash, alias, team, owner, expiry, budget ratio, blocked flag, masked name, models, creation — nothing else", () => {
    const row = toIndexRow({
      token: "a".repeat(64),
      key_alias: "svc",
      team_id: "t",
      user_id: "u",
      expires: "2026-12-10T10:00:00",
      max_budget: 10,
      spend: 8.5,
      blocked: true,
      updated_at: "2026-12-01T00:00:00Z",
      key_name: "sk-...abcd",
      models: ["gpt-4o-mini"],
      created_at: "2026-11-01T00:00:00Z",
      metadata: { secret: "x" },
    });
    expect(row).toEqual({
      token: "a".repeat(64),
      alias: "svc",
      teamId: "t",
      userId: "u",
      expiresAt: new Date("2026-12-10T10:00:00Z"),
      maxBudget: 10,
      spend: 8.5,
      budgetRatio: 0.85,
      blocked: true,
      changedAt: new Date("2026-12-01T00:00:00Z"),
      keyName: "sk-...abcd",
      models: ["gpt-4o-mini"],
      createdAt: new Date("2026-11-01T00:00:00Z"),
    });
    expect(toIndexRow({ key_alias: "no token" })).toBeNull();
  });
});

describe("syncKeyIndex against the sandbox", () => {
  it("builds a complete index, then follows changes and deletions within one tick", async () => {
    const first = await sync();
    expect(first.state.complete).toBe(true);
    expect(first.state.indexedTotal).toBe(first.state.liteLLMTotal);

    const soon = (await admin("/key/generate", { key_alias: "idx-soon", team_id: "team-platform", duration: "3d", max_budget: 10 })) as { token: string };
    const later = (await admin("/key/generate", { key_alias: "idx-later", team_id: "team-platform", duration: "30d" })) as { token: string };

    calls = 0;
    const second = await sync();
    expect(second.changed).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(3); // one or two newest-first pages (+ the cached version probe)
    const expiring = await queryKeyIndex(db.prisma, { filter: "expiring", days: 7, page: 1, size: 100, now: new Date() });
    expect(expiring.rows.map((r) => r.alias)).toContain("idx-soon");
    expect(expiring.rows.map((r) => r.alias)).not.toContain("idx-later");

    // Changed directly in LiteLLM: the next tick has it.
    await admin("/key/update", { key: later.token, duration: "2d" });
    await sync();
    const after = await queryKeyIndex(db.prisma, { filter: "expiring", days: 7, page: 1, size: 100, now: new Date() });
    expect(after.rows.map((r) => r.alias)).toEqual(expect.arrayContaining(["idx-soon", "idx-later"]));

    // Deleted directly in LiteLLM: gone after one tick.
    await admin("/key/delete", { keys: [soon.token] });
    const third = await sync();
    expect(third.removed).toBe(1);
    expect(third.state.partialReason).toBeNull();
    const gone = await queryKeyIndex(db.prisma, { filter: "expiring", days: 7, page: 1, size: 100, now: new Date() });
    expect(gone.rows.map((r) => r.alias)).not.toContain("idx-soon");
    expect(third.state.indexedTotal).toBe(third.state.liteLLMTotal);
  });

  it("answers the budget filter and says how fresh the index is", async () => {
    const key = (await admin("/key/generate", { key_alias: "idx-budget", max_budget: 10 })) as { token: string };
    await admin("/key/update", { key: key.token, spend: 9 });
    await sync();
    const over = await queryKeyIndex(db.prisma, { filter: "over-budget", minRatio: 0.8, page: 1, size: 100, now: new Date() });
    expect(over.rows.find((r) => r.alias === "idx-budget")?.budgetRatio).toBeCloseTo(0.9);
    const state = await readKeyIndexState(db.prisma);
    expect(describeFreshness(state, new Date(Date.parse(state.lastSyncAt!) + 30_000))).toMatch(/refreshed 30 s ago\.$/);
    expect(describeFreshness({ ...state, lastSyncAt: null }, new Date())).toContain("has not been built yet");
  });
});
