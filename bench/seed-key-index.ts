// Fills a console's key index with the LiteLLM stand-in's seeded keys, as a finished reconcile pass leaves it, before
// the console starts (PGlite is single-process). Used by bench/pages-scale.ts; run with --conditions=react-server.
//   tsx --conditions=react-server bench/seed-key-index.ts <pglite dir> <number of seeded keys>
import { migrateDatabase, openDatabase } from "../lib/db";
import { KEY_INDEX_STATE } from "../lib/keys/key-index";

async function main() {
  const [dir, count] = process.argv.slice(2);
  const n = Number(count);
  if (!dir || !Number.isInteger(n) || n <= 0) throw new Error("usage: seed-key-index.ts <pglite dir> <keys>");
  const db = await openDatabase({ kind: "pglite", dir });
  await migrateDatabase(db);
  // The trigram index is built once after the rows, not updated a million times.
  await db.raw.exec(`DROP INDEX IF EXISTS "key_index_alias_trgm_idx"`);
  // The same fields the stand-in's seeded keys have (sandbox/litellm/key-store.ts SeedSegment), computed in SQL.
  await db.raw.exec(`
    INSERT INTO key_index (token, alias, team_id, user_id, expires_at, max_budget, spend, budget_ratio, blocked, changed_at, seen_at, key_name, models, created_at)
    SELECT encode(sha256(convert_to('sk-sandbox-seed-' || lpad(i::text, 7, '0'), 'UTF8')), 'hex'),
           'seed-key-' || lpad(i::text, 7, '0'), NULL, 'seed-user-' || lpad((i % 1000)::text, 4, '0'), NULL,
           CASE WHEN i % 5 = 0 THEN 100 ELSE NULL END, ((i * 7919) % 10000) / 100.0,
           CASE WHEN i % 5 = 0 THEN (((i * 7919) % 10000) / 100.0) / 100 ELSE NULL END, false,
           timestamptz '2025-01-01 00:00:00+00' + i * interval '1 second', now(),
           'sk-...' || right(lpad(i::text, 7, '0'), 4), ARRAY[]::text[],
           timestamptz '2025-01-01 00:00:00+00' + i * interval '1 second'
    FROM generate_series(0::bigint, ${n - 1}::bigint) AS i`);
  await db.raw.exec(`CREATE INDEX "key_index_alias_trgm_idx" ON "key_index" USING gin ("alias" gin_trgm_ops)`);
  await db.raw.exec("VACUUM ANALYZE key_index");
  const newest = Date.UTC(2025, 0, 1) + (n - 1) * 1000;
  const state = {
    watermark: newest,
    lastSyncAt: new Date().toISOString(),
    complete: true,
    lastReconcileAt: new Date().toISOString(),
    reconcile: null,
    liteLLMTotal: n,
    indexedTotal: n,
  };
  await db.prisma.syncState.upsert({ where: { name: KEY_INDEX_STATE }, create: { name: KEY_INDEX_STATE, data: state }, update: { data: state } });
  await db.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
