-- The key index's filtered pages ("expiring within N days", "at X % of budget") are ordered by expiry or budget
-- ratio, then token: with the token in the index a page reads its 25 rows in order instead of sorting every match.
DROP INDEX "key_index_expires_at_idx";
CREATE INDEX "key_index_expires_at_token_idx" ON "key_index"("expires_at", "token");

DROP INDEX "key_index_budget_ratio_idx";
CREATE INDEX "key_index_budget_ratio_token_idx" ON "key_index"("budget_ratio" DESC, "token");
