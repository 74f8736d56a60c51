import http from "node:http";

import { EnvError, getEnv, migrationSettings, reconcileGraceMs } from "@/lib/env";
import { getDb, migrateAsOwner, openDatabase } from "@/lib/db";
import { installClientChainStamp } from "@/lib/net/client-address";

// The deploy's migration step (an init container or job with the owner role's DATABASE_URL): migrate, grant, exit.
// It needs only the database settings, so it runs before (and without) the rest of the configuration.
{
  let settings: ReturnType<typeof migrationSettings>;
  try {
    settings = migrationSettings();
  } catch (error) {
    console.error(`gatehouse: ${(error as Error).message}`);
    process.exit(1);
  }
  if (settings.migrateOnly) {
    try {
      const db = await openDatabase(settings.target);
      const applied = await migrateAsOwner(db, settings.appRole);
      await db.close();
      console.log(`gatehouse: migrations applied (${applied.length} new)${settings.appRole ? `; grants for ${settings.appRole} in place` : ""}`);
      process.exit(0);
    } catch (error) {
      console.error(`gatehouse: migration failed: ${(error as Error).message}`);
      process.exit(1);
    }
  }
}

// Before the first request: every request carries its socket peer, so the client address comes from the trusted hop.
installClientChainStamp(http.Server);

try {
  getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`gatehouse: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

try {
  await getDb();
} catch (error) {
  console.error(`gatehouse: database unavailable: ${(error as Error).message}`);
  process.exit(1);
}

// Warm this replica's deployment index at start (background, paged): the first page view then rarely waits for it.
const { getDeploymentIndex } = await import("@/lib/deployments/index-store");
getDeploymentIndex().start();
if (getEnv().SCHEDULER === "on") {
  const { startScheduler } = await import("@/lib/notify/scheduler");
  startScheduler();
}
// Audit intents left pending by a crash or a LiteLLM timeout are completed from LiteLLM's state: now and periodically.
{
  const env = getEnv();
  const [{ startReconciler }, { getLiteLLM }] = await Promise.all([import("@/lib/audit/reconciler"), import("@/lib/litellm")]);
  startReconciler({ db: await getDb(), litellm: getLiteLLM(), graceMs: reconcileGraceMs(env), intervalMs: env.AUDIT_RECONCILE_INTERVAL_MS });
}
