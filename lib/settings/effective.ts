import "server-only";
import { loadBindings, type StoredBinding } from "@/lib/auth/bindings";
import { configuredProviders } from "@/lib/auth/providers";
import { databaseTarget, getEnv } from "@/lib/env";
import { getLiteLLMStatus } from "@/lib/platform/litellm-status";

export interface EffectiveSettings {
  litellm: { url: string; publicUrl: string; status: Awaited<ReturnType<typeof getLiteLLMStatus>>; timeoutMs: number; testConnectTimeoutMs: number };
  database: { kind: "pglite" | "postgres"; location: string };
  signIn: { providers: { id: string; name: string }[]; sessionHours: number; breakGlassSessionHours: number; masterKeyLogin: boolean; groupsClaim: string | null };
  allowLists: { hosts: string[]; cidrs: string[] };
  bindings: StoredBinding[];
  bindingsFile: string | null;
}

/** Where a PostgreSQL URL points, without user or password. */
export function describePostgres(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "PostgreSQL (unparseable URL)";
  }
}

/** The configuration the console runs with. Never a secret: keys, passwords and hashes stay out. */
export async function getEffectiveSettings(): Promise<EffectiveSettings> {
  const env = getEnv();
  const target = databaseTarget(env);
  const [status, bindings] = await Promise.all([getLiteLLMStatus(), loadBindings()]);
  return {
    litellm: {
      url: env.LITELLM_URL,
      publicUrl: env.LITELLM_PUBLIC_URL ?? env.LITELLM_URL,
      status,
      timeoutMs: env.LITELLM_TIMEOUT_MS,
      testConnectTimeoutMs: env.LITELLM_TEST_CONNECT_TIMEOUT_MS,
    },
    database: target.kind === "postgres" ? { kind: "postgres", location: describePostgres(target.url) } : { kind: "pglite", location: target.dir },
    signIn: {
      providers: configuredProviders().map((p) => ({ id: p.id, name: p.name })),
      sessionHours: env.SESSION_MAX_AGE_HOURS,
      breakGlassSessionHours: 1,
      masterKeyLogin: env.CONSOLE_ALLOW_MASTER_KEY_LOGIN,
      groupsClaim: env.OIDC_ISSUER ? env.OIDC_GROUPS_CLAIM : null,
    },
    allowLists: { hosts: env.ALLOWED_API_BASE_HOSTS, cidrs: env.ALLOWED_API_BASE_CIDRS },
    bindings,
    bindingsFile: env.GROUP_BINDINGS_FILE ?? null,
  };
}
