import { EnvError, getEnv, reconcileGraceMs, databaseTarget } from "@/lib/env";
import { getDb, migrateAsOwner, openDatabase } from "@/lib/db";

try {
  getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`gatehouse: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

// The deploy's migration job (an init container with the owner role's DATABASE_URL): migrate, grant, exit.
if (getEnv().GATEHOUSE_MIGRATE_ONLY) {
  try {
    const db = await openDatabase(databaseTarget(getEnv()));
    const applied = await migrateAsOwner(db, getEnv().GATEHOUSE_APP_ROLE);
    await db.close();
    console.log(`gatehouse: migrations applied (${applied.length} new)${getEnv().GATEHOUSE_APP_ROLE ? `; grants for ${getEnv().GATEHOUSE_APP_ROLE} in place` : ""}`);
    process.exit(0);
  } catch (error) {
    console.error(`gatehouse: migration failed: ${(error as Error).message}`);
    process.exit(1);
  }
}

try {
  await getDb();
} catch (error) {
  console.error(`gatehouse: database unavailable: ${(error as Error).message}`);
  process.exit(1);
}

// Audit intents left pending by a crash or a LiteLLM timeout are completed from LiteLLM's state: now and periodically.
{
  const env = getEnv();
  const [{ startReconciler }, { getLiteLLM }] = await Promise.all([import("@/lib/audit/reconciler"), import("@/lib/litellm")]);
  startReconciler({ db: await getDb(), litellm: getLiteLLM(), graceMs: reconcileGraceMs(env), intervalMs: env.AUDIT_RECONCILE_INTERVAL_MS });
}
