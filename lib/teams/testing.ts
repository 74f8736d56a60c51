/**
 * Test harness (vitest only) for services that use the console DB and LiteLLM: an in-memory PGlite with the real
 * migrations, and the LiteLLM sandbox on an ephemeral port, wired in through the environment.
 */
import { vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import { resetLiteLLMForTests } from "@/lib/litellm";
import type { ActionContext } from "@/lib/safe-action";
import type { SessionUser } from "@/lib/auth/types";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";

export const TEST_MASTER_KEY = "sk-sandbox-master-teams-test";

export interface Harness {
  db: Database;
  litellmUrl: string;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const sandbox = await startLiteLLMSandbox({ port: 0, masterKey: TEST_MASTER_KEY, seed: "demo" });
  const config: Record<string, string> = {
    LITELLM_URL: sandbox.url,
    LITELLM_MASTER_KEY: TEST_MASTER_KEY,
    AUTH_SECRET: "teams-test-secret-teams-test-secret-0",
    AUTH_URL: "http://localhost:3000",
    GROUP_BINDINGS_FILE: "",
    CONSOLE_ADMIN_PASSWORD_HASH: "",
    CONSOLE_ALLOW_MASTER_KEY_LOGIN: "",
    ...env,
  };
  for (const [name, value] of Object.entries(config)) vi.stubEnv(name, value);
  resetEnvForTests();
  resetLiteLLMForTests();
  const db = await openDatabase({ kind: "pglite", dir: "memory://" });
  await migrateDatabase(db);
  (globalThis as unknown as { gatehouseDb?: Promise<Database> }).gatehouseDb = Promise.resolve(db);
  return {
    db,
    litellmUrl: sandbox.url,
    async close() {
      (globalThis as unknown as { gatehouseDb?: Promise<Database> }).gatehouseDb = undefined;
      await db.close();
      await sandbox.close();
      resetLiteLLMForTests();
      vi.unstubAllEnvs();
      resetEnvForTests();
    },
  };
}

export function ctxFor(user: Partial<SessionUser> = {}): ActionContext {
  return {
    user: { id: "openshift:ocp-admin", provider: "openshift", username: "ocp-admin", name: "OCP Admin", role: "admin", teams: [], ...user },
    request: { ip: "127.0.0.1", userAgent: "vitest" },
  };
}

export async function auditRows(db: Database, action?: string) {
  return db.prisma.auditEvent.findMany({ where: action ? { action } : {}, orderBy: { createdAt: "asc" } });
}
