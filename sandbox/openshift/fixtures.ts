/** Fixture clients and users of the fake OpenShift OAuth server (design/auth.md §5.2). */

export interface FakeClient {
  /** `system:serviceaccount:<ns>:<sa>` for a ServiceAccount client, else the OAuthClient name. */
  id: string;
  secret: string;
  redirectUris: string[];
}

export interface FakeUser {
  name: string;
  password: string;
  fullName?: string;
  groups: string[];
}

export const SANDBOX_PASSWORD = "sandbox";

export const SA_CLIENT_ID = "system:serviceaccount:gatehouse:gatehouse-console";
export const SA_CLIENT_SECRET = "sandbox-sa-token";
export const OAUTH_CLIENT_ID = "gatehouse-console";
export const OAUTH_CLIENT_SECRET = "sandbox-oauthclient-secret";

const redirectUris = ["http://localhost:3000/api/auth/callback/openshift", "http://localhost:3100/api/auth/callback/openshift"];

export function defaultClients(): FakeClient[] {
  return [
    {
      id: SA_CLIENT_ID,
      secret: SA_CLIENT_SECRET,
      redirectUris: [...redirectUris],
    },
    {
      id: OAUTH_CLIENT_ID,
      secret: OAUTH_CLIENT_SECRET,
      redirectUris: [...redirectUris],
    },
  ];
}

export function defaultUsers(): FakeUser[] {
  const u = (name: string, fullName: string, groups: string[]): FakeUser => ({
    name,
    password: SANDBOX_PASSWORD,
    fullName,
    groups,
  });
  return [
    u("ocp-admin", "OpenShift Admin", ["gatehouse-admins"]),
    u("ocp-viewer", "OpenShift Viewer", ["gatehouse-viewers"]),
    u("alpha-admin", "Alpha Admin", ["team-alpha-admins"]),
    u("alpha-member", "Alpha Member", ["team-alpha"]),
    u("multi-team", "Multi Team", ["team-alpha", "team-beta"]),
    u("no-groups", "", []),
    u("unmapped", "Unmapped User", ["other-group"]),
  ];
}
