import "server-only";
/**
 * Auth.js provider for OpenShift's built-in OAuth server (design/auth.md §1, §3.3).
 * It is plain OAuth 2 (no id_token, no OIDC discovery); the user and groups come from the API
 * server's `users/~`. The OpenShift access token is used once for that call and then dropped.
 */
import type { OAuthConfig } from "next-auth/providers";
import type { User } from "next-auth";
import { z } from "zod";
import { redact } from "@/lib/redact";
import { normaliseGroups } from "./group-mapping";

export const OPENSHIFT_SCOPE = "user:info";
export const USERS_TILDE_PATH = "/apis/user.openshift.io/v1/users/~";

const discoverySchema = z.object({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
});
export type OpenShiftOAuthMetadata = z.infer<typeof discoverySchema>;

/** The `users/~` User object (only the fields the console reads). */
export const openShiftUserSchema = z.object({
  kind: z.string().optional(),
  apiVersion: z.string().optional(),
  metadata: z.object({ name: z.string().min(1), uid: z.string().optional() }),
  fullName: z.string().nullish(),
  identities: z.array(z.string()).nullish(),
  groups: z.array(z.string()).nullish(),
});
export type OpenShiftUser = z.infer<typeof openShiftUserSchema>;

/** What `profile()` returns; `id` becomes `account.providerAccountId` (Auth.js replaces `user.id` with a UUID). */
export interface IdpUser extends User {
  id: string;
  name: string;
  email: string | null;
  username: string;
  groups: string[];
}

const discoveryCache = new Map<string, Promise<OpenShiftOAuthMetadata>>();

function trimUrl(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, "");
}

/** Reads `<api>/.well-known/oauth-authorization-server`; cached per API URL, failures are not cached. */
export function discoverOpenShift(apiUrl: string, fetchImpl: typeof fetch = fetch): Promise<OpenShiftOAuthMetadata> {
  const base = trimUrl(apiUrl);
  const cached = discoveryCache.get(base);
  if (cached) return cached;
  const pending = fetchDiscovery(base, fetchImpl);
  discoveryCache.set(base, pending);
  pending.catch(() => discoveryCache.delete(base));
  return pending;
}

export function clearOpenShiftDiscoveryCache(): void {
  discoveryCache.clear();
}

async function fetchDiscovery(base: string, fetchImpl: typeof fetch): Promise<OpenShiftOAuthMetadata> {
  const url = `${base}/.well-known/oauth-authorization-server`;
  const where = redact(url);
  let res: Response;
  try {
    res = await fetchImpl(url, {
      headers: { accept: "application/json" },
      redirect: "error",
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new Error(
      `OpenShift OAuth discovery failed: cannot reach ${where} (${redact(cause)}). Check OPENSHIFT_API_URL and the CA bundle.`,
    );
  }
  if (!res.ok) {
    throw new Error(
      `OpenShift OAuth discovery failed: ${where} answered HTTP ${res.status}. Is OPENSHIFT_API_URL the API server (https://api.<cluster>:6443)?`,
    );
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new Error(`OpenShift OAuth discovery failed: ${where} did not return JSON.`);
  }
  const parsed = discoverySchema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
    throw new Error(`OpenShift OAuth discovery failed: ${where} is missing or has invalid ${fields}.`);
  }
  return parsed.data;
}

/** Maps the `users/~` object to the console's user; `system:` virtual groups are dropped. */
export function mapOpenShiftUser(p: OpenShiftUser): IdpUser {
  const username = p.metadata.name;
  return {
    id: `openshift:${username}`,
    name: p.fullName || username,
    email: null,
    username,
    groups: normaliseGroups(p.groups ?? []),
  };
}

export interface OpenShiftProviderOptions {
  /** The API server URL, e.g. https://api.cluster.example:6443 (users/~ lives here, not on the OAuth route). */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  metadata: OpenShiftOAuthMetadata;
  /** For tests; defaults to global fetch. */
  fetchImpl?: typeof fetch;
}

export function openshiftProvider(opts: OpenShiftProviderOptions): OAuthConfig<OpenShiftUser> {
  const usersTildeUrl = `${trimUrl(opts.apiUrl)}${USERS_TILDE_PATH}`;
  const fetchImpl = opts.fetchImpl ?? fetch;
  return {
    id: "openshift",
    name: "OpenShift",
    type: "oauth",
    issuer: opts.metadata.issuer,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    authorization: {
      url: opts.metadata.authorization_endpoint,
      params: { scope: OPENSHIFT_SCOPE },
    },
    token: opts.metadata.token_endpoint,
    userinfo: {
      url: usersTildeUrl,
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const accessToken = tokens.access_token;
        // Drop the token before Auth.js copies `tokens` into `account` (jwt/signIn callbacks, adapters).
        delete tokens.access_token;
        if (!accessToken) throw new Error("OpenShift token response had no access_token");
        const res = await fetchImpl(usersTildeUrl, {
          headers: {
            authorization: `Bearer ${accessToken}`,
            accept: "application/json",
          },
          redirect: "error",
          signal: AbortSignal.timeout(10_000),
        });
        if (!res.ok) {
          const reason = await res
            .json()
            .then((b: { reason?: unknown }) => (typeof b?.reason === "string" ? ` ${b.reason}` : ""))
            .catch(() => "");
          throw new Error(`OpenShift user lookup failed: HTTP ${res.status}${redact(reason)}`);
        }
        const parsed = openShiftUserSchema.safeParse(await res.json().catch(() => null));
        if (!parsed.success) throw new Error("OpenShift user lookup returned an unexpected body (no metadata.name)");
        return parsed.data;
      },
    },
    // OpenShift supports S256; there is no id_token, so no nonce.
    checks: ["pkce", "state"],
    // Mandatory for ServiceAccount clients: osin does not URL-decode Basic credentials (auth.md §3.3-2).
    client: { token_endpoint_auth_method: "client_secret_post" },
    profile(p: OpenShiftUser) {
      return mapOpenShiftUser(openShiftUserSchema.parse(p));
    },
    // With a database adapter, store no OpenShift tokens at all.
    account() {
      return {};
    },
  };
}
