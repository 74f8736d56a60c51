/**
 * Test and bench support for the key services: builds complete service dependencies (no Next, no environment)
 * over a LiteLLM client and a console database.
 */
import { recordAudit, type AuditInput } from "@/lib/audit/service";
import type { SessionUser } from "@/lib/auth/types";
import type { Database } from "@/lib/db";
import { createLiteLLMClient, type LiteLLMClient } from "@/lib/litellm";

import { prismaPolicyLoaders, type KeyServiceDeps } from "./service";

export interface TestDeps extends KeyServiceDeps {
  audits: AuditInput[];
}

export function clientFor(url: string, masterKey: string, fetchImpl?: typeof fetch): LiteLLMClient {
  return createLiteLLMClient({ baseUrl: url, masterKey, timeoutMs: 20_000, fetch: fetchImpl, retries: 0 });
}

export function testDeps({ litellm, db, publicUrl }: { litellm: LiteLLMClient; db: Database | null; publicUrl: string }): TestDeps {
  const audits: AuditInput[] = [];
  return {
    litellm,
    withLock: db ? (key, fn) => db.withLock(key, fn) : (_key, fn) => fn(),
    ...(db ? prismaPolicyLoaders(async () => db.prisma) : { loadPolicy: async () => null, loadPolicies: async () => [] }),
    // The real audit path (chained rows; inside runAudited, the completion of the intent), so tests read real rows.
    audit: async (input) => {
      audits.push(input);
      if (db) await recordAudit(input, { db });
    },
    publicUrl,
    now: () => new Date(),
    keyIndexDb: async () => {
      if (!db) throw new Error("the key index needs a database in this test");
      return db.prisma;
    },
    audits,
  };
}

export const ADMIN: SessionUser = { id: "local:admin", provider: "local", username: "admin", name: "Admin", role: "admin", teams: [] };

export function member(username: string, teamId: string, role: "admin" | "member" = "member"): SessionUser {
  return { id: `openshift:${username}`, provider: "openshift", username, name: username, role: "user", teams: [{ teamId, role }] };
}
