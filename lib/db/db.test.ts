import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPostgres } from "@/tests/postgres";
import { migrateDatabase, openDatabase, type Database, type DatabaseTarget } from "./index";

/**
 * The data layer on both targets: embedded PGlite always; PostgreSQL on 127.0.0.1:5432 when it answers.
 * In CI (CI=true) PostgreSQL is mandatory: .ci/run makes sure it is up.
 */
const postgres = await createTestPostgres("gatehouse_test", "db.test");
const pgUp = postgres.available;

const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-pglite-"));
const targets: Array<[string, DatabaseTarget, boolean]> = [
  ["pglite", { kind: "pglite", dir: pgliteDir }, true],
  ["postgres", { kind: "postgres", url: postgres.url }, pgUp],
];

afterAll(async () => {
  fs.rmSync(pgliteDir, { recursive: true, force: true });
  await postgres.drop();
});

describe.each(targets)("data layer on %s", (_name, target, enabled) => {
  let db: Database;

  beforeAll(async () => {
    if (!enabled) return;
    db = await openDatabase(target);
    await migrateDatabase(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  it.skipIf(!enabled)("applies every migration once and is idempotent on restart", async () => {
    expect(await migrateDatabase(db)).toEqual([]);
    const rows = await db.raw.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => r.migration_name)).toEqual(fs.readdirSync("prisma/migrations").filter((n) => !n.endsWith(".toml")).sort());
  });

  it.skipIf(!enabled)("stores and reads console state", async () => {
    const alias = await db.prisma.consumerAlias.create({
      data: { alias: "text-embedding-3-large", consumer: "rag-pipeline", kind: "embedding", dimension: 3072, createdBy: "local:admin" },
    });
    expect(alias.id).toMatch(/[0-9a-f-]{36}/);
    await expect(
      db.prisma.consumerAlias.create({ data: { alias: "text-embedding-3-large", consumer: "rag-pipeline", kind: "embedding", createdBy: "x" } }),
    ).rejects.toThrow();
    await db.prisma.teamPolicy.create({
      data: { teamId: "team-alpha", maxKeyBudgetUsd: 50, maxKeyDurationDays: 30, allowedModels: ["gpt-4o-mini"], maxActiveKeysPerMember: 3, membersCanIssue: true, updatedBy: "local:admin" },
    });
    const policy = await db.prisma.teamPolicy.findUniqueOrThrow({ where: { teamId: "team-alpha" } });
    expect(policy.allowedModels).toEqual(["gpt-4o-mini"]);
  });

  it.skipIf(!enabled)("keeps the audit log append-only", async () => {
    const event = await db.prisma.auditEvent.create({
      data: { actorProvider: "local", actorUsername: "admin", action: "signin", targetType: "session", outcome: "success" },
    });
    await expect(db.prisma.auditEvent.update({ where: { id: event.id }, data: { outcome: "failure" } })).rejects.toThrow();
    await expect(db.prisma.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow();
  });

  it.skipIf(!enabled)("serialises work under withLock", async () => {
    const order: string[] = [];
    await Promise.all(
      ["a", "b", "c"].map((name) =>
        db.withLock("test-lock", async () => {
          order.push(`start-${name}`);
          await new Promise((r) => setTimeout(r, 20));
          order.push(`end-${name}`);
        }),
      ),
    );
    for (let i = 0; i < order.length; i += 2) expect(order[i]!.replace("start", "end")).toBe(order[i + 1]);
  });
});
