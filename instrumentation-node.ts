import { EnvError, getEnv, reconcileGraceMs } from "@/lib/env";
import { getDb } from "@/lib/db";

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

// Audit intents left pending by a crash or a LiteLLM timeout are completed from LiteLLM's state: now and periodically.
{
  const env = getEnv();
  const [{ startReconciler }, { getLiteLLM }] = await Promise.all([import("@/lib/audit/reconciler"), import("@/lib/litellm")]);
  startReconciler({ db: await getDb(), litellm: getLiteLLM(), graceMs: reconcileGraceMs(env), intervalMs: env.AUDIT_RECONCILE_INTERVAL_MS });
}
