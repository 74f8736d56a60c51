import "server-only";
/**
 * Auth.js provider for a generic OIDC identity provider (Keycloak, Dex, Entra ID, …), design/auth.md §4.1.
 * Groups come from a configurable id_token claim; Keycloak full paths ("/team-alpha") are stripped.
 */
import type { OIDCConfig } from "next-auth/providers";
import { normaliseGroups } from "./group-mapping";
import type { IdpUser } from "./openshift-provider";

export interface OidcClaims {
  sub: string;
  name?: string;
  preferred_username?: string;
  email?: string;
  [claim: string]: unknown;
}

export interface OidcProviderOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claim holding the user's groups, e.g. "groups" (Keycloak, Dex) or "roles" (Entra app roles). */
  groupsClaim: string;
  /** Button label, e.g. "Keycloak". */
  displayName: string;
  /**
   * Requested scopes. Default: "openid profile email", plus "groups" when groupsClaim is "groups"
   * (Dex, Okta and the sandbox only release the claim for that scope).
   */
  scope?: string;
}

export function defaultOidcScope(groupsClaim: string): string {
  return groupsClaim === "groups" ? "openid profile email groups" : "openid profile email";
}

/** Maps id_token claims to the console's user. */
export function mapOidcClaims(claims: OidcClaims, groupsClaim: string): IdpUser {
  const sub = String(claims.sub);
  const username = typeof claims.preferred_username === "string" && claims.preferred_username ? claims.preferred_username : sub;
  const raw = claims[groupsClaim];
  return {
    id: `oidc:${sub}`,
    name: typeof claims.name === "string" && claims.name ? claims.name : username,
    email: typeof claims.email === "string" && claims.email ? claims.email : null,
    username,
    // A single string (some IdPs emit one group unwrapped) is treated as a one-element list.
    groups: normaliseGroups(typeof raw === "string" ? [raw] : raw),
  };
}

export function oidcProvider(opts: OidcProviderOptions): OIDCConfig<OidcClaims> {
  return {
    id: "oidc",
    name: opts.displayName,
    type: "oidc",
    issuer: opts.issuer,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    authorization: {
      params: { scope: opts.scope ?? defaultOidcScope(opts.groupsClaim) },
    },
    checks: ["pkce", "state", "nonce"],
    profile(claims: OidcClaims) {
      return mapOidcClaims(claims, opts.groupsClaim);
    },
    // With a database adapter, store no IdP tokens at all.
    account() {
      return {};
    },
  };
}
