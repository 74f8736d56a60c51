import { Auth, type AuthConfig } from "@auth/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MiniBrowser } from "@/sandbox/openshift/mini-browser";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, startOidcSandbox, type OidcSandbox } from "@/sandbox/oidc/server";
import { defaultOidcScope, mapOidcClaims, oidcProvider } from "./oidc-provider";

const APP = "http://localhost:3000";

type JwtArgs = { user: Record<string, unknown>; account: Record<string, unknown> | null };

describe("oidcProvider shape", () => {
  const p = oidcProvider({
    issuer: "https://kc.example/realms/x",
    clientId: "c",
    clientSecret: "s",
    groupsClaim: "groups",
    displayName: "Keycloak",
  });

  it("is an OIDC provider with id oidc, the display name, PKCE + state + nonce", () => {
    expect(p).toMatchObject({
      id: "oidc",
      name: "Keycloak",
      type: "oidc",
      issuer: "https://kc.example/realms/x",
      clientId: "c",
      checks: ["pkce", "state", "nonce"],
    });
    expect(p.authorization).toEqual({ params: { scope: "openid profile email groups" } });
  });

  it("asks for the groups scope only when the claim is called groups; an explicit scope wins", () => {
    expect(defaultOidcScope("roles")).toBe("openid profile email");
    expect(
      oidcProvider({
        issuer: "https://i",
        clientId: "c",
        clientSecret: "s",
        groupsClaim: "roles",
        displayName: "Entra",
        scope: "openid profile",
      }).authorization,
    ).toEqual({ params: { scope: "openid profile" } });
  });

  it("profile maps claims: oidc:<sub>, preferred_username, Keycloak paths stripped, non-strings dropped", async () => {
    const user = await p.profile!(
      {
        sub: "abc-123",
        preferred_username: "erin",
        name: "Erin E.",
        email: "erin@example.test",
        groups: ["/team-beta", 5, "system:x", "team-beta"],
      },
      {},
    );
    expect(user).toEqual({ id: "oidc:abc-123", name: "Erin E.", email: "erin@example.test", username: "erin", groups: ["team-beta"] });
  });

  it("falls back to sub for username and name; uses the configured claim (e.g. Entra roles)", () => {
    expect(mapOidcClaims({ sub: "s1", roles: ["gatehouse-admins"], groups: ["ignored"] }, "roles")).toEqual({
      id: "oidc:s1",
      name: "s1",
      email: null,
      username: "s1",
      groups: ["gatehouse-admins"],
    });
    expect(mapOidcClaims({ sub: "s2", groups: "single-group" }, "groups").groups).toEqual(["single-group"]);
    expect(mapOidcClaims({ sub: "s3" }, "groups").groups).toEqual([]);
  });
});

describe("sign-in through Auth.js against the OIDC sandbox", () => {
  let idp: OidcSandbox;
  beforeAll(async () => {
    idp = await startOidcSandbox({ port: 0 });
  });
  afterAll(async () => {
    await idp?.close();
  });

  async function signIn(username: string, password = "anything") {
    const captured: { jwtArgs: JwtArgs | null } = { jwtArgs: null };
    const config: AuthConfig = {
      providers: [
        oidcProvider({
          issuer: idp.url,
          clientId: OIDC_CLIENT_ID,
          clientSecret: OIDC_CLIENT_SECRET,
          groupsClaim: "groups",
          displayName: "Sandbox SSO",
        }),
      ],
      secret: "test-secret-test-secret-test-secret-0123",
      trustHost: true,
      basePath: "/api/auth",
      logger: { error: () => {}, warn: () => {} },
      callbacks: {
        jwt({ token, user, account }) {
          if (user) captured.jwtArgs = { user: { ...user }, account: account ? { ...account } : null };
          return token;
        },
      },
    };
    const browser = new MiniBrowser(APP, (req) =>
      new URL(req.url).pathname.startsWith("/api/auth") ? Auth(req, config) : Promise.resolve(new Response("app")),
    );
    const { csrfToken } = await (await browser.request(`${APP}/api/auth/csrf`)).json();
    const loginPage = await browser.go(`${APP}/api/auth/signin/oidc`, {
      method: "POST",
      body: new URLSearchParams({ csrfToken, callbackUrl: `${APP}/` }),
    });
    expect(loginPage.url).toMatch(new RegExp(`^${idp.url}/interaction/`));
    const html = await loginPage.res.text();
    expect(html).toContain('<label for="inputUsername">Username</label>');
    const final = await browser.submitForm(loginPage.url, html, { username, password });
    return {
      final,
      browser,
      jwtArgs: captured.jwtArgs,
      authorizeUrl: browser.history.find((h) => h.url.startsWith(`${idp.url}/auth?`))?.url,
    };
  }

  it("oidc-admin signs in with groups from the id_token", async () => {
    const run = await signIn("oidc-admin");
    expect(run.final.url).toBe(`${APP}/`);
    expect(run.browser.cookies(APP).has("authjs.session-token")).toBe(true);
    expect(run.jwtArgs?.user).toMatchObject({
      name: "OIDC Admin",
      email: "oidc-admin@example.test",
      username: "oidc-admin",
      groups: ["gatehouse-admins"],
    });
    expect(run.jwtArgs?.account).toMatchObject({ provider: "oidc", providerAccountId: "oidc:oidc-admin" });
    const authorize = new URL(run.authorizeUrl!);
    expect(authorize.searchParams.get("scope")).toBe("openid profile email groups");
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("nonce")).toBeTruthy();
  });

  it("oidc-member's Keycloak-style /team-beta arrives as team-beta", async () => {
    const run = await signIn("oidc-member");
    expect(run.jwtArgs?.user).toMatchObject({ username: "oidc-member", groups: ["team-beta"] });
  });

  it("an unknown username is refused on the IdP's login page", async () => {
    const run = await signIn("nobody");
    expect(run.final.url).toMatch(new RegExp(`^${idp.url}/interaction/.+/login$`));
    expect(await run.final.res.text()).toContain("Invalid username or password.");
    expect(run.jwtArgs).toBeNull();
  });
});
