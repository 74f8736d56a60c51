import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import { createTestPostgres } from "@/tests/postgres";

import { KEY_INDEX_STATE, queryKeyIndex, readKeyIndexState, type KeyIndexRow } from "./key-index";

/**
 * queryKeyIndex's one statement (page, exact count and the index state together) on both database kinds: filters,
 * scope, alias search with literal wildcards, order and paging.
 */
const NOW = new Date("2026-12-05T12:00:00Z");
const DAY = 86_400_000;
const hex = (i: number) => i.toString(16).padStart(64, "0");

function row(i: number, patch: Partial<KeyIndexRow>): KeyIndexRow & { seenAt: Date } {
  return {
    token: hex(i),
    alias: `key-${i}`,
    teamId: null,
    userId: null,
    expiresAt: null,
    maxBudget: null,
    spend: 0,
    budgetRatio: null,
    blocked: false,
    changedAt: NOW,
    seenAt: NOW,
    ...patch,
  };
}

const ROWS = [
  row(1, { expiresAt: new Date(NOW.getTime() + 3 * DAY), teamId: "alpha", userId: "u1", alias: "svc_100%" }),
  row(2, { expiresAt: new Date(NOW.getTime() + 1 * DAY), teamId: "beta", userId: "u2", alias: "svcX100Y" }),
  row(3, { expiresAt: new Date(NOW.getTime() + 7 * DAY), teamId: "alpha", userId: "u2", alias: "Other" }),
  row(4, { expiresAt: new Date(NOW.getTime() + 7 * DAY + 1), teamId: "alpha" }), // just past 7 days
  row(5, { expiresAt: new Date(NOW.getTime() - 1) }), // expired
  row(6, { expiresAt: new Date(NOW.getTime() + 3 * DAY) }), // same expiry as 1: token breaks the tie
  row(7, { maxBudget: 10, spend: 8, budgetRatio: 0.8, teamId: "alpha" }),
  row(8, { maxBudget: 10, spend: 12, budgetRatio: 1.2, teamId: "beta" }),
  row(9, { maxBudget: 10, spend: 7.9, budgetRatio: 0.79 }),
  row(10, { maxBudget: 0, spend: 1, budgetRatio: 1e9, alias: null }),
  row(11, { blocked: true, alias: "Blocked-svc", userId: "Ops-Lead", expiresAt: new Date(NOW.getTime() - DAY), createdAt: new Date(NOW.getTime() - 2 * DAY) }),
  row(12, { alias: "svc-new", keyName: "sk-...wxyz", models: ["gpt-4o-mini"], createdAt: new Date(NOW.getTime() - DAY) }),
];

const postgres = await createTestPostgres("gatehouse_key_index_query", "key index query");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-key-index-query-"));

const kinds = [
  { name: "PGlite", open: () => openDatabase({ kind: "pglite", dir }), available: true },
  { name: "PostgreSQL", open: () => openDatabase({ kind: "postgres", url: postgres.url }), available: postgres.available },
];

afterAll(async () => {
  await postgres.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(kinds)("queryKeyIndex on $name", ({ open, available }) => {
  let db: Database;
  beforeAll(async () => {
    if (!available) return;
    db = await open();
    await migrateDatabase(db);
    await db.prisma.keyIndexEntry.createMany({ data: ROWS });
    await db.prisma.syncState.create({ data: { name: KEY_INDEX_STATE, data: { lastSyncAt: NOW.toISOString(), indexedTotal: ROWS.length, complete: true } } });
  });
  afterAll(async () => {
    await db?.close();
  });
  const q = (patch: Partial<Parameters<typeof queryKeyIndex>[1]>) => queryKeyIndex(db.prisma, { filter: "expiring", days: 7, page: 1, size: 10, now: NOW, ...patch });

  it.skipIf(!available)("expiring within N days: (now, now + N days], soonest first, ties by token, every field back", async () => {
    const r = await q({});
    expect(r.total).toBe(4);
    expect(r.rows.map((k) => k.token)).toEqual([hex(2), hex(1), hex(6), hex(3)]);
    expect(r.rows[1]).toEqual({ ...ROWS[0], seenAt: undefined, changedAt: NOW, keyName: null, models: [], createdAt: null } as never);
    expect((await q({ days: 1 })).rows.map((k) => k.token)).toEqual([hex(2)]);
  });

  it.skipIf(!available)("over budget: spend ÷ budget at least the ratio, highest first", async () => {
    const r = await q({ filter: "over-budget", minRatio: 0.8 });
    expect(r.rows.map((k) => k.token)).toEqual([hex(10), hex(8), hex(7)]);
    expect(r.total).toBe(3);
    expect(r.rows[1]).toMatchObject({ spend: 12, maxBudget: 10, budgetRatio: 1.2, alias: "key-8", teamId: "beta" });
    expect((await q({ filter: "over-budget", minRatio: 1 })).total).toBe(2);
  });

  it.skipIf(!available)("scopes by teams and owner; an empty team list matches nothing", async () => {
    expect((await q({ teamIds: ["alpha"] })).rows.map((k) => k.token)).toEqual([hex(1), hex(3)]);
    expect((await q({ teamIds: ["alpha", "beta"], userId: "u2" })).rows.map((k) => k.token)).toEqual([hex(2), hex(3)]);
    expect(await q({ teamIds: [] })).toEqual({ rows: [], total: 0, capped: false });
  });

  it.skipIf(!available)("alias search is a case-insensitive substring that takes % and _ literally", async () => {
    expect((await q({ alias: "SVC" })).total).toBe(2);
    expect((await q({ alias: "_100%" })).rows.map((k) => k.alias)).toEqual(["svc_100%"]);
    expect((await q({ alias: "x100" })).rows.map((k) => k.alias)).toEqual(["svcX100Y"]);
    expect((await q({ alias: "'; DROP TABLE key_index; --" })).total).toBe(0);
  });

  it.skipIf(!available)("pages keep the exact total, past the end too", async () => {
    const p2 = await q({ page: 2, size: 3 });
    expect(p2).toMatchObject({ total: 4 });
    expect(p2.rows.map((k) => k.token)).toEqual([hex(3)]);
    expect(await q({ page: 5, size: 3 })).toEqual({ rows: [], total: 4, capped: false });
  });

  it.skipIf(!available)("status filters: blocked first, then expired; active is neither", async () => {
    expect((await q({ filter: "blocked" })).rows.map((k) => k.token)).toEqual([hex(11)]);
    // Row 11 is blocked and past its expiry: it counts as blocked only, like the key page says.
    expect((await q({ filter: "expired" })).rows.map((k) => k.token)).toEqual([hex(5)]);
    const active = await q({ filter: "active", size: 100 });
    expect(active.total).toBe(ROWS.length - 2);
    expect(active.rows.map((k) => k.token)).not.toContain(hex(11));
    expect((await q({ filter: "all", size: 100 })).total).toBe(ROWS.length);
  });

  it.skipIf(!available)("a search of 1–2 characters is a prefix; owner search is a case-insensitive prefix", async () => {
    // "sv" is the start of three aliases; "bl" only of "Blocked-svc" (a substring search would also find none else).
    expect((await q({ filter: "all", alias: "sv", sort: { field: "key_alias", order: "asc" } })).rows.map((k) => k.alias)).toEqual(["svc-new", "svc_100%", "svcX100Y"]);
    expect((await q({ filter: "all", alias: "BL" })).rows.map((k) => k.alias)).toEqual(["Blocked-svc"]);
    expect((await q({ filter: "all", alias: "vc" })).total).toBe(0);
    // From 3 characters on, a substring anywhere.
    expect((await q({ filter: "all", alias: "svc" })).total).toBe(4);
    expect((await q({ filter: "all", ownerPrefix: "ops" })).rows.map((k) => k.token)).toEqual([hex(11)]);
    expect((await q({ filter: "all", ownerPrefix: "u" })).total).toBe(3);
  });

  it.skipIf(!available)("the count stops at the cap and says so; sorting by creation puts the newest first", async () => {
    const capped = await q({ filter: "all", countCap: 5, size: 3 });
    expect(capped).toMatchObject({ total: 5, capped: true });
    expect(capped.rows).toHaveLength(3);
    expect(await q({ filter: "all", countCap: 100, size: 3 })).toMatchObject({ total: ROWS.length, capped: false });
    const newest = await q({ filter: "all", alias: "svc", sort: { field: "created_at", order: "desc" } });
    // Rows without a creation time (indexed before the column existed) sort first, as NULLs do descending.
    expect(newest.rows.filter((k) => k.createdAt).map((k) => k.token)).toEqual([hex(12), hex(11)]);
    expect(newest.rows.find((k) => k.token === hex(12))).toMatchObject({ keyName: "sk-...wxyz", models: ["gpt-4o-mini"] });
  });

  it.skipIf(!available)("a state read issued alongside is answered by the same statement", async () => {
    const before = await db.prisma.syncState.findUnique({ where: { name: KEY_INDEX_STATE } });
    const [page, state] = await Promise.all([q({}), readKeyIndexState(db.prisma)]);
    expect(page.total).toBe(4);
    expect(state).toMatchObject({ lastSyncAt: NOW.toISOString(), indexedTotal: ROWS.length, complete: true, partialReason: null });
    expect(before).not.toBeNull();
    // On its own, the state read still reads the database.
    await db.prisma.syncState.update({ where: { name: KEY_INDEX_STATE }, data: { data: { lastSyncAt: "2026-12-05T12:01:00.000Z" } } });
    expect((await readKeyIndexState(db.prisma)).lastSyncAt).toBe("2026-12-05T12:01:00.000Z");
  });
});
