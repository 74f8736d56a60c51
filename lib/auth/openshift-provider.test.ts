import { Auth, type AuthConfig } from "@auth/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MiniBrowser } from "@/sandbox/openshift/mini-browser";
import {
  OAUTH_CLIENT_ID,
  OAUTH_CLIENT_SECRET,
  SA_CLIENT_ID,
  SA_CLIENT_SECRET,
  startOpenShiftSandbox,
  type OpenShiftSandbox,
} from "@/sandbox/openshift/server";
import {
  clearOpenShiftDiscoveryCache,
  discoverOpenShift,
  mapOpenShiftUser,
  openshiftProvider,
  type OpenShiftOAuthMetadata,
} from "./openshift-provider";

const APP = "http://localhost:3000";
const metadata: OpenShiftOAuthMetadata = {
  issuer: "https://oauth-openshift.apps.example",
  authorization_endpoint: "https://oauth-openshift.apps.example/oauth/authorize",
  token_endpoint: "https://oauth-openshift.apps.example/oauth/token",
};

describe("openshiftProvider shape", () => {
  const p = openshiftProvider({ apiUrl: "https://api.example:6443/", clientId: SA_CLIENT_ID, clientSecret: "s", metadata });

  it("is a plain OAuth provider (no OIDC) with client_secret_post, PKCE + state and only user:info", () => {
    expect(p).toMatchObject({
      id: "openshift",
      name: "OpenShift",
      type: "oauth",
      issuer: metadata.issuer,
      clientId: SA_CLIENT_ID,
      token: metadata.token_endpoint,
      checks: ["pkce", "state"],
      client: { token_endpoint_auth_method: "client_secret_post" },
      authorization: { url: metadata.authorization_endpoint, params: { scope: "user:info" } },
    });
  });

  it("reads the user from the API server's users/~ (not the OAuth route)", () => {
    expect(p.userinfo).toMatchObject({ url: "https://api.example:6443/apis/user.openshift.io/v1/users/~" });
    expect(typeof (p.userinfo as { request?: unknown }).request).toBe("function");
  });

  it("profile maps the User object and drops system: groups", async () => {
    const user = await p.profile!(
      {
        kind: "User",
        metadata: { name: "alice", uid: "u-1" },
        fullName: "Alice A.",
        identities: ["htpasswd:alice"],
        groups: ["gatehouse-admins", "system:authenticated", "system:authenticated:oauth"],
      },
      {},
    );
    expect(user).toEqual({ id: "openshift:alice", name: "Alice A.", email: null, username: "alice", groups: ["gatehouse-admins"] });
  });

  it("falls back to the username when there is no fullName, and tolerates null groups", () => {
    expect(mapOpenShiftUser({ metadata: { name: "bob" }, groups: null })).toEqual({
      id: "openshift:bob",
      name: "bob",
      email: null,
      username: "bob",
      groups: [],
    });
  });

  it("account() keeps no OpenShift tokens for a database adapter", () => {
    expect(p.account!({ access_token: "sha256~secret", token_type: "bearer", expires_at: 1 })).toEqual({});
  });
});

describe("discoverOpenShift", () => {
  beforeEach(() => clearOpenShiftDiscoveryCache());

  it("names the URL when the API server is unreachable, and does not cache the failure", async () => {
    let calls = 0;
    const failing = (async () => {
      calls++;
      throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") });
    }) as typeof fetch;
    await expect(discoverOpenShift("http://127.0.0.1:1", failing)).rejects.toThrow(
      "OpenShift OAuth discovery failed: cannot reach http://127.0.0.1:1/.well-known/oauth-authorization-server (connect ECONNREFUSED 127.0.0.1:1)",
    );
    await expect(discoverOpenShift("http://127.0.0.1:1", failing)).rejects.toThrow();
    expect(calls).toBe(2);
  });

  it("reports an HTTP error status and a document missing endpoints", async () => {
    const notFound = (async () => new Response("nope", { status: 404 })) as typeof fetch;
    await expect(discoverOpenShift("https://api.example:6443", notFound)).rejects.toThrow(
      /api\.example:6443\/\.well-known\/oauth-authorization-server answered HTTP 404/,
    );
    const partial = (async () => Response.json({ issuer: "https://x" })) as typeof fetch;
    await expect(discoverOpenShift("https://api2.example:6443", partial)).rejects.toThrow(
      /missing or has invalid authorization_endpoint, token_endpoint/,
    );
  });

  it("caches a successful discovery per API URL", async () => {
    let calls = 0;
    const ok = (async () => {
      calls++;
      return Response.json(metadata);
    }) as typeof fetch;
    expect(await discoverOpenShift("https://api.example:6443/", ok)).toEqual(metadata);
    expect(await discoverOpenShift("https://api.example:6443", ok)).toEqual(metadata);
    expect(calls).toBe(1);
  });
});

describe("sign-in through Auth.js against the fake OpenShift", () => {
  let ocp: OpenShiftSandbox;
  let ocp500: OpenShiftSandbox;
  beforeAll(async () => {
    [ocp, ocp500] = await Promise.all([startOpenShiftSandbox({ port: 0 }), startOpenShiftSandbox({ port: 0, userinfoStatus: 500 })]);
  });
  afterAll(async () => {
    await Promise.all([ocp?.close(), ocp500?.close()]);
  });

  interface Run {
    final: { res: Response; url: string };
    browser: MiniBrowser;
    jwtArgs: { user?: Record<string, unknown>; account?: Record<string, unknown> | null } | null;
    logs: string[];
  }

  async function signIn(
    server: OpenShiftSandbox,
    opts: { clientId?: string; clientSecret?: string; basic?: boolean; username?: string },
  ): Promise<Run> {
    clearOpenShiftDiscoveryCache();
    const md = await discoverOpenShift(server.url);
    const provider = openshiftProvider({
      apiUrl: server.url,
      clientId: opts.clientId ?? SA_CLIENT_ID,
      clientSecret: opts.clientSecret ?? SA_CLIENT_SECRET,
      metadata: md,
    });
    if (opts.basic) provider.client = { token_endpoint_auth_method: "client_secret_basic" };
    const logs: string[] = [];
    let jwtArgs: Run["jwtArgs"] = null;
    const config: AuthConfig = {
      providers: [provider],
      secret: "test-secret-test-secret-test-secret-0123",
      trustHost: true,
      basePath: "/api/auth",
      session: { strategy: "jwt" },
      logger: {
        error: (e) => {
          const err = (e.cause as { err?: { message?: string; error?: string } } | undefined)?.err;
          logs.push(`${e.name}: ${e.message} ${err?.message ?? ""} ${err?.error ?? ""}`);
        },
        warn: (w) => logs.push(String(w)),
        // Auth.js calls a custom debug logger even without `debug: true`; capture it to prove no token leaks there either.
        debug: (m, d) => logs.push(`${m} ${JSON.stringify(d)}`),
      },
      callbacks: {
        jwt({ token, user, account }) {
          if (user) jwtArgs = { user: { ...user }, account: account ? { ...account } : null };
          return token;
        },
      },
    };
    const browser = new MiniBrowser(APP, (req) =>
      new URL(req.url).pathname.startsWith("/api/auth") ? Auth(req, config) : Promise.resolve(new Response("app")),
    );
    const { csrfToken } = await (await browser.request(`${APP}/api/auth/csrf`)).json();
    const loginPage = await browser.go(`${APP}/api/auth/signin/openshift`, {
      method: "POST",
      body: new URLSearchParams({ csrfToken, callbackUrl: `${APP}/` }),
    });
    expect(loginPage.url.startsWith(`${server.url}/oauth/authorize?`)).toBe(true);
    const authorize = new URL(loginPage.url);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: "code",
      client_id: opts.clientId ?? SA_CLIENT_ID,
      redirect_uri: `${APP}/api/auth/callback/openshift`,
      scope: "user:info",
      code_challenge_method: "S256",
    });
    expect(authorize.searchParams.get("state")).toBeTruthy();
    const final = await browser.submitForm(loginPage.url, await loginPage.res.text(), {
      username: opts.username ?? "multi-team",
      password: "sandbox",
    });
    return { final, browser, jwtArgs, logs };
  }

  it("SA client + client_secret_post signs in; groups lose system:, and no OpenShift token reaches callbacks", async () => {
    const run = await signIn(ocp, { username: "multi-team" });
    expect(run.final.url).toBe(`${APP}/`);
    expect(run.browser.cookies(APP).has("authjs.session-token")).toBe(true);
    expect(run.jwtArgs?.user).toMatchObject({ name: "Multi Team", username: "multi-team", groups: ["team-alpha", "team-beta"] });
    // Auth.js replaces user.id with a random UUID; the stable id is account.providerAccountId.
    expect(run.jwtArgs?.account).toMatchObject({ provider: "openshift", type: "oauth", providerAccountId: "openshift:multi-team" });
    expect(run.jwtArgs?.account).not.toHaveProperty("access_token");
    expect(run.logs.join("\n")).not.toContain("sha256~");
    const session = await (await run.browser.request(`${APP}/api/auth/session`)).json();
    expect(session.user.name).toBe("Multi Team");
  });

  it("the same SA client with Auth.js's default client_secret_basic fails (auth.md §3.3-2 regression guard)", async () => {
    const run = await signIn(ocp, { basic: true, username: "ocp-admin" });
    expect(run.final.url).toBe(`${APP}/api/auth/error?error=Configuration`);
    expect(run.browser.cookies(APP).has("authjs.session-token")).toBe(false);
    expect(run.jwtArgs).toBeNull();
    expect(run.logs.join("\n")).toContain("unauthorized_client");
  });

  it("a plain OAuthClient works with client_secret_post too", async () => {
    const run = await signIn(ocp, { clientId: OAUTH_CLIENT_ID, clientSecret: OAUTH_CLIENT_SECRET, username: "ocp-admin" });
    expect(run.final.url).toBe(`${APP}/`);
    expect(run.jwtArgs?.user).toMatchObject({ username: "ocp-admin", groups: ["gatehouse-admins"] });
  });

  it("users/~ failing with 500 ends on the error page with no session and no token in logs", async () => {
    const run = await signIn(ocp500, { username: "ocp-admin" });
    expect(run.final.url).toBe(`${APP}/api/auth/error?error=Configuration`);
    expect(run.browser.cookies(APP).has("authjs.session-token")).toBe(false);
    const logs = run.logs.join("\n");
    expect(logs).toContain("OpenShift user lookup failed: HTTP 500 InternalError");
    expect(logs).not.toContain("sha256~");
    expect(await run.final.res.text()).not.toContain("sha256~");
  });
});
