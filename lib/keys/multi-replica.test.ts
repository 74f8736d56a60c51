import { createTestPostgres } from "@/tests/postgres";
import { startReplica } from "@/tests/replica";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";

/**
 * Issue 8: two console processes on one PostgreSQL; 20 concurrent issues of one alias across both → exactly one key.
 * The sandbox reproduces LiteLLM's racy alias check (§3.6), so only the console's advisory lock can make this pass.
 */
 
const postgres = await createTestPostgres("gatehouse_replicas", "multi-replica.test");
const pgUp = postgres.available;
const MASTER_KEY = "sk-replica-test-master";

type Outcome = { won: number; conflicts: number; errors: string[] };

function startIssuingReplica(litellmUrl: string, alias: string, count: number) {
  return startReplica<Outcome>("tests/replica-worker.ts", [alias, String(count)], {
    LITELLM_URL: litellmUrl,
    LITELLM_MASTER_KEY: MASTER_KEY,
    DATABASE_URL: postgres.url,
    AUTH_SECRET: "r".repeat(40),
    AUTH_URL: "http://localhost:3999",
  });
}

describe.skipIf(!pgUp)("two console replicas on one PostgreSQL", () => {
  let sandbox: Awaited<ReturnType<typeof startLiteLLMSandbox>>;

  beforeAll(async () => {
    sandbox = await startLiteLLMSandbox({ port: 0, masterKey: MASTER_KEY, stateFile: null, reset: true, seed: "demo", aliasRaceWindowMs: 40 });
  });

  afterAll(async () => {
    await sandbox?.close();
    await postgres.drop();
  });

  async function keysWithAlias(alias: string): Promise<number> {
    const res = await fetch(`${sandbox.url}/key/list?key_alias=${encodeURIComponent(alias)}&size=100`, { headers: { Authorization: `Bearer ${MASTER_KEY}` } });
    return ((await res.json()) as { total_count: number }).total_count;
  }

  it("control: the sandbox lets concurrent same-alias requests through, like LiteLLM", async () => {
    await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        fetch(`${sandbox.url}/key/generate`, {
          method: "POST",
          headers: { Authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
          body: JSON.stringify({ key_alias: "control-race" }),
        }),
      ),
    );
    expect(await keysWithAlias("control-race")).toBeGreaterThan(1);
  });

  it("20 concurrent issues of one alias across two processes → exactly one key", async () => {
    const replicas = [startIssuingReplica(sandbox.url, "replica-race", 10), startIssuingReplica(sandbox.url, "replica-race", 10)];
    await Promise.all(replicas.map((r) => r.ready));
    // Both replicas have migrated the same database (under the migration lock) before they start issuing.
    await new Promise((r) => setTimeout(r, 2000));
    for (const r of replicas) r.child.stdin.write("go\n");
    const outcomes = await Promise.all(replicas.map((r) => r.done));
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
    expect(outcomes.reduce((n, o) => n + o.won, 0)).toBe(1);
    expect(outcomes.reduce((n, o) => n + o.conflicts, 0)).toBe(19);
    expect(await keysWithAlias("replica-race")).toBe(1);
  }, 120_000);
});
