-- CreateTable
CREATE TABLE "key_index" (
    "token" TEXT NOT NULL,
    "alias" TEXT,
    "team_id" TEXT,
    "user_id" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "max_budget" DOUBLE PRECISION,
    "spend" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "budget_ratio" DOUBLE PRECISION,
    "blocked" BOOLEAN NOT NULL DEFAULT false,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "key_index_pkey" PRIMARY KEY ("token")
);

-- CreateTable
CREATE TABLE "sync_state" (
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sync_state_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "scheduler_ticks" (
    "slot" BIGINT NOT NULL,
    "replica" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "summary" JSONB,

    CONSTRAINT "scheduler_ticks_pkey" PRIMARY KEY ("slot")
);

-- CreateTable
CREATE TABLE "notification_channels" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "team_id" TEXT,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secret" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_rules" (
    "id" UUID NOT NULL,
    "team_id" TEXT,
    "event" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "channel_ids" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "notification_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" UUID NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "rule_id" TEXT,
    "channel_id" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "subject_label" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "team_id" TEXT,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "key_index_expires_at_idx" ON "key_index"("expires_at");

-- CreateIndex
CREATE INDEX "key_index_budget_ratio_idx" ON "key_index"("budget_ratio");

-- CreateIndex
CREATE INDEX "key_index_team_id_idx" ON "key_index"("team_id");

-- CreateIndex
CREATE INDEX "key_index_user_id_idx" ON "key_index"("user_id");

-- CreateIndex
CREATE INDEX "key_index_changed_at_idx" ON "key_index"("changed_at");

-- CreateIndex
CREATE INDEX "notification_channels_team_id_idx" ON "notification_channels"("team_id");

-- CreateIndex
CREATE INDEX "notification_rules_team_id_idx" ON "notification_rules"("team_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_deliveries_dedupe_key_key" ON "notification_deliveries"("dedupe_key");

-- CreateIndex
CREATE INDEX "notification_deliveries_status_next_attempt_at_idx" ON "notification_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notification_deliveries_created_at_idx" ON "notification_deliveries"("created_at");

-- CreateIndex
CREATE INDEX "notification_deliveries_team_id_created_at_idx" ON "notification_deliveries"("team_id", "created_at");

