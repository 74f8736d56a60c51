-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_provider" TEXT NOT NULL,
    "actor_username" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "team_id" TEXT,
    "outcome" TEXT NOT NULL,
    "client_ip" TEXT,
    "user_agent" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consumer_aliases" (
    "id" UUID NOT NULL,
    "alias" TEXT NOT NULL,
    "consumer" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dimension" INTEGER,
    "team_id" TEXT,
    "required" BOOLEAN NOT NULL DEFAULT true,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "consumer_aliases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_bindings" (
    "id" UUID NOT NULL,
    "group" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "team_id" TEXT NOT NULL DEFAULT '',
    "team_role" TEXT,
    "source" TEXT NOT NULL DEFAULT 'console',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "group_bindings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_policies" (
    "team_id" TEXT NOT NULL,
    "max_key_budget_usd" DOUBLE PRECISION NOT NULL,
    "max_key_duration_days" INTEGER NOT NULL,
    "allowed_models" TEXT[],
    "max_active_keys_per_member" INTEGER NOT NULL,
    "members_can_issue" BOOLEAN NOT NULL,
    "default_budget_period" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "team_policies_pkey" PRIMARY KEY ("team_id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "rate_limit_events" (
    "id" BIGSERIAL NOT NULL,
    "bucket" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rate_limit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_verifications" (
    "model_id" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "expected" INTEGER,
    "actual" INTEGER,
    "status" TEXT NOT NULL,
    "message" TEXT,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checked_by" TEXT NOT NULL,

    CONSTRAINT "model_verifications_pkey" PRIMARY KEY ("model_id")
);

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");

-- CreateIndex
CREATE INDEX "audit_events_actor_username_created_at_idx" ON "audit_events"("actor_username", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_action_created_at_idx" ON "audit_events"("action", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_team_id_created_at_idx" ON "audit_events"("team_id", "created_at");

-- CreateIndex
CREATE INDEX "consumer_aliases_alias_idx" ON "consumer_aliases"("alias");

-- CreateIndex
CREATE UNIQUE INDEX "consumer_aliases_alias_consumer_key" ON "consumer_aliases"("alias", "consumer");

-- CreateIndex
CREATE UNIQUE INDEX "group_bindings_group_kind_team_id_key" ON "group_bindings"("group", "kind", "team_id");

-- CreateIndex
CREATE INDEX "rate_limit_events_bucket_created_at_idx" ON "rate_limit_events"("bucket", "created_at");

