import { getDb } from "@/lib/db";
import { getLiteLLMStatus } from "@/lib/platform/litellm-status";

export const dynamic = "force-dynamic";

/** Readiness: the database answers and LiteLLM is reachable with a master key. A JSON reason when not. */
export async function GET() {
  const checks: { database: { ok: boolean; reason?: string }; litellm: { ok: boolean; version?: string; reason?: string } } = {
    database: { ok: false },
    litellm: { ok: false },
  };
  try {
    const db = await getDb();
    await db.raw.query("SELECT 1");
    checks.database = { ok: true };
  } catch (error) {
    checks.database = { ok: false, reason: `Database unavailable: ${(error as Error).message}` };
  }
  const status = await getLiteLLMStatus();
  checks.litellm = status.ok ? { ok: true, version: status.version } : { ok: false, reason: status.message };
  const ready = checks.database.ok && checks.litellm.ok;
  return Response.json({ status: ready ? "ready" : "not_ready", checks }, { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
