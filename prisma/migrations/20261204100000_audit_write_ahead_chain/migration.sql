-- Write-ahead audit and a tamper-evident chain (issue 15).
-- Rows keep being append-only: an operation is an "intent" row written before LiteLLM is called and a
-- "completion" row pointing at it; sign-ins and other one-off facts are "event" rows.
-- ADD COLUMN rewrites the table without firing row triggers, so existing rows get their seq here.
ALTER TABLE "audit_events" ADD COLUMN "seq" SERIAL NOT NULL;
ALTER TABLE "audit_events" ADD COLUMN "phase" TEXT NOT NULL DEFAULT 'event';
ALTER TABLE "audit_events" ADD COLUMN "intent_id" UUID;
ALTER TABLE "audit_events" ADD COLUMN "request_id" TEXT;
ALTER TABLE "audit_events" ADD COLUMN "outcome_detail" TEXT;
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" TEXT;
ALTER TABLE "audit_events" ADD COLUMN "hash" TEXT;

CREATE UNIQUE INDEX "audit_events_seq_key" ON "audit_events"("seq");
CREATE INDEX "audit_events_intent_id_idx" ON "audit_events"("intent_id");
CREATE INDEX "audit_events_request_id_idx" ON "audit_events"("request_id");
CREATE INDEX "audit_events_phase_created_at_idx" ON "audit_events"("phase", "created_at");

ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_intent_id_fkey" FOREIGN KEY ("intent_id") REFERENCES "audit_events"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- The row trigger refused UPDATE and DELETE; TRUNCATE bypasses row triggers, so refuse it per statement too.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
