import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { createTestPostgres } from "@/tests/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { migrateDatabase, openDatabase, type Database, type DatabaseTarget } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import type { GeneratedKey, LiteLLMClient, LiteLLMKeyRecord } from "@/lib/litellm";

import { issueKey } from "./service";
import { ADMIN, testDeps } from "./testing";

/**
 * Per-alias serialisation of issueKey, against a proxy as racy as real LiteLLM (its alias check and insert are two
 * separate awaits, §3.6). Runs on PGlite (in-process lock) and on PostgreSQL (advisory lock, two "replicas" with
 * separate pools) when it answers on 127.0.0.1:5432 — CI requires it.
 */
 
const postgres = await createTestPostgres("gatehouse_keys_test", "alias-lock.test");
const pgUp = postgres.available;

/** An in-memory /key/list + /key/generate that checks the alias, yields, then inserts — like LiteLLM. */
function racyProxy() {
  const rows: LiteLLMKeyRecord[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const keys = {
    list: async ({ key_alias }: { key_alias?: string }) => {
      await sleep(1);
      const data = rows.filter((r) => r.key_alias === key_alias);
      return { data, totalCount: data.length, page: 1, pageSize: 100, totalPages: 1 };
    },
    generate: async (body: { key_alias?: string | null }): Promise<GeneratedKey> => {
      const taken = rows.some((r) => r.key_alias === body.key_alias);
      await sleep(2 + Math.random() * 5); // the window between LiteLLM's check and its insert
      if (taken) throw Object.assign(new Error("unreachable in this double"), {});
      const key = `sk-${randomBytes(16).toString("base64url")}`;
      const token = createHash("sha256").update(key).digest("hex");
      const record = { token, key_alias: body.key_alias ?? null };
      rows.push(record);
      return { key, token, keyName: `sk-...${key.slice(-4)}`, keyAlias: record.key_alias, expires: null, record };
    },
  };
  return { client: { keys } as unknown as LiteLLMClient, rows };
}

async function issueMany(n: number, alias: string, lockers: Array<Database | null>, proxy: LiteLLMClient) {
  const results = await Promise.allSettled(
    Array.from({ length: n }, (_, i) => {
      const deps = testDeps({ litellm: proxy, db: lockers[i % lockers.length] ?? null, publicUrl: "http://gw" });
      deps.audit = async () => {};
      return issueKey({ ctx: { user: ADMIN }, input: { ownerKind: "team", teamId: "t1", alias, expiryMode: "7d" }, deps });
    }),
  );
  return {
    won: results.filter((r) => r.status === "fulfilled").length,
    conflicts: results.filter((r) => r.status === "rejected" && r.reason instanceof ConflictError).length,
  };
}

it("control: without the lock, the racy proxy lets duplicates through (so the tests below can fail)", async () => {
  const proxy = racyProxy();
  const { won } = await issueMany(50, "dup", [null], proxy.client);
  expect(won).toBeGreaterThan(1);
  expect(proxy.rows.length).toBe(won);
});

const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-keys-lock-"));
const targets: Array<[string, DatabaseTarget, boolean]> = [
  ["PGlite (in-process lock)", { kind: "pglite", dir: pgliteDir }, true],
  [
    "PostgreSQL (advisory lock across two replicas)",
    { kind: "postgres", url: postgres.url },
    pgUp,
  ],
];

afterAll(async () => {
  fs.rmSync(pgliteDir, { recursive: true, force: true });
  await postgres.drop();
});

describe.each(targets)("%s", (name, target, enabled) => {
  const replicas: Database[] = [];

  beforeAll(async () => {
    if (!enabled) return;
    const first = await openDatabase(target);
    await migrateDatabase(first);
    replicas.push(first);
    // PostgreSQL: a second pool stands in for a second console replica. PGlite is single-process by design.
    if (target.kind === "postgres") replicas.push(await openDatabase(target));
  });

  afterAll(async () => {
    for (const db of replicas) await db.close();
  });

  it.skipIf(!enabled)("50 parallel issues of one alias → exactly one key and 49 conflicts", async () => {
    const proxy = racyProxy();
    const { won, conflicts } = await issueMany(50, `lock-${name.length}`, replicas, proxy.client);
    expect(won).toBe(1);
    expect(conflicts).toBe(49);
    expect(proxy.rows).toHaveLength(1);
  });

  it.skipIf(!enabled)("different aliases are all issued", async () => {
    const proxy = racyProxy();
    const results = await Promise.all(
      ["a", "b", "c", "d"].map((alias, i) => {
        const deps = testDeps({ litellm: proxy.client, db: replicas[i % replicas.length]!, publicUrl: "http://gw" });
        deps.audit = async () => {};
        return issueKey({ ctx: { user: ADMIN }, input: { ownerKind: "team", teamId: "t1", alias, expiryMode: "7d" }, deps });
      }),
    );
    expect(results.map((r) => r.alias)).toEqual(["a", "b", "c", "d"]);
  });
});
