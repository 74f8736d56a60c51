// Test-only: a real LiteLLM sandbox + upstream stand-in on ephemeral ports and an in-memory PGlite database.
import type { SessionUser } from "@/lib/auth/types";
import type { Database } from "@/lib/db";
import { createLiteLLMClient, type LiteLLMClient } from "@/lib/litellm";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { startUpstream } from "@/sandbox/upstream/server";

export const MASTER_KEY = "sk-alias-tests-master-0001";

export interface Harness {
  db: Database;
  client: LiteLLMClient;
  litellmUrl: string;
  upstreamUrl: string;
  requests: () => { method: string; path: string; body: unknown; status: number }[];
  /** Sandbox control: fault rules for the next calls. */
  faults: (rules: unknown[]) => Promise<void>;
  close: () => Promise<void>;
}

export async function startHarness(
  openDatabase: typeof import("@/lib/db").openDatabase,
  migrateDatabase: typeof import("@/lib/db").migrateDatabase,
): Promise<Harness> {
  const upstream = await startUpstream({ port: 0 });
  const sandbox = await startLiteLLMSandbox({
    port: 0,
    masterKey: MASTER_KEY,
    stateFile: null,
    reset: true,
    seed: "demo",
    upstreamUrl: upstream.url,
  });
  const db = await openDatabase({ kind: "pglite", dir: "memory://" });
  await migrateDatabase(db);
  const client = createLiteLLMClient({ baseUrl: sandbox.url, masterKey: MASTER_KEY, timeoutMs: 10_000, retries: 0 });
  return {
    db,
    client,
    litellmUrl: sandbox.url,
    upstreamUrl: upstream.url,
    requests: () => sandbox.requests,
    async faults(rules) {
      const res = await fetch(`${sandbox.url}/__sandbox/faults`, {
        method: "POST",
        headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(rules),
      });
      if (!res.ok) throw new Error(`faults: HTTP ${res.status}`);
    },
    async close() {
      await db.close();
      await sandbox.close();
      await upstream.close();
    },
  };
}

export const admin: SessionUser = { id: "local:admin", provider: "local", username: "admin", name: "Admin", role: "admin", teams: [] };
export const viewer: SessionUser = { id: "oidc:vera", provider: "oidc", username: "vera", name: "Vera", role: "viewer", teams: [] };
export const member: SessionUser = {
  id: "oidc:mo",
  provider: "oidc",
  username: "mo",
  name: "Mo",
  role: "user",
  teams: [{ teamId: "team-search", role: "member" }],
};
export const ctxOf = (user: SessionUser) => ({ user, request: { ip: "127.0.0.1", userAgent: "vitest" } });
