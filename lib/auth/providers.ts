import "server-only";
import { getEnv } from "@/lib/env";
import type { AuthProviderId } from "./types";

export interface ProviderDescriptor {
  id: AuthProviderId;
  name: string;
  kind: "oauth" | "credentials";
}

/** What the login page offers: only the providers configured in the environment. */
export function configuredProviders(): ProviderDescriptor[] {
  const env = getEnv();
  const list: ProviderDescriptor[] = [];
  if (env.OPENSHIFT_API_URL)
    list.push({ id: "openshift", name: "OpenShift", kind: "oauth" });
  if (env.OIDC_ISSUER)
    list.push({ id: "oidc", name: env.OIDC_DISPLAY_NAME, kind: "oauth" });
  if (breakGlassEnabled())
    list.push({ id: "local", name: "Break-glass admin", kind: "credentials" });
  return list;
}

export function breakGlassEnabled(): boolean {
  const env = getEnv();
  return (
    Boolean(env.CONSOLE_ADMIN_PASSWORD_HASH) ||
    env.CONSOLE_ALLOW_MASTER_KEY_LOGIN
  );
}
