-- The keys list's search and every status filter are answered from the key index (issue 13), so it needs:
--  * what a list row shows that the index lacked (the masked key name, the models, the creation time);
--  * prefix search on the alias and the owner: lower(...) COLLATE "C" b-tree indexes (a LIKE 'abc%' range scan, the
--    same on PGlite and PostgreSQL whatever the database's collation), which also give the alias sort its order;
--  * substring search on the alias: a pg_trgm GIN index (PGlite loads the extension itself, lib/db); pg_trgm is a
--    trusted extension, so the migration owner creates it without superuser rights;
--  * the default sort (created_at) and the blocked filter in index order.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE "key_index" ADD COLUMN "key_name" TEXT,
  ADD COLUMN "models" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "created_at" TIMESTAMPTZ(3);

CREATE INDEX "key_index_created_at_token_idx" ON "key_index"("created_at", "token");
CREATE INDEX "key_index_alias_prefix_idx" ON "key_index"((lower("alias") COLLATE "C"), "token");
CREATE INDEX "key_index_user_prefix_idx" ON "key_index"((lower("user_id") COLLATE "C"));
CREATE INDEX "key_index_alias_trgm_idx" ON "key_index" USING gin ("alias" gin_trgm_ops);
CREATE INDEX "key_index_blocked_idx" ON "key_index"("created_at", "token") WHERE "blocked";

-- Fill the new columns soon: the next scheduler tick starts a reconcile pass over every key.
UPDATE "sync_state" SET "data" = ("data"::jsonb - 'lastReconcileAt')::jsonb WHERE "name" = 'key-index';
