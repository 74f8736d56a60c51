-- CreateTable
CREATE TABLE "model_connection_checks" (
    "deployment_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "error_kind" TEXT,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checked_by" TEXT NOT NULL,

    CONSTRAINT "model_connection_checks_pkey" PRIMARY KEY ("deployment_id")
);
