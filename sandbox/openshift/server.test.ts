import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  OAUTH_CLIENT_ID,
  OAUTH_CLIENT_SECRET,
  SA_CLIENT_ID,
  SA_CLIENT_SECRET,
  startOpenShiftSandbox,
  type OpenShiftSandbox,
} from "./server";

const REDIRECT = "http://localhost:3000/api/auth/callback/openshift";

let ocp: OpenShiftSandbox;
beforeAll(async () => {
  ocp = await startOpenShiftSandbox({ port: 0 });
});
afterAll(async () => {
  await ocp?.close();
});

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizeUrl(base: string, p: Record<string, string>): string {
  const u = new URL("/oauth/authorize", base);
  for (const [k, v] of Object.entries({
    response_type: "code",
    client_id: SA_CLIENT_ID,
    redirect_uri: REDIRECT,
    scope: "user:info",
    state: "st4te",
    ...p,
  }))
    u.searchParams.set(k, v);
  return u.toString();
}

/** Pulls the hidden fields out of the login form the way a browser would submit them. */
function hiddenFields(html: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      m[1],
      m[2]
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&"),
    );
  }
  return form;
}

async function login(base: string, params: Record<string, string>, username = "alpha-member", password = "sandbox"): Promise<Response> {
  const page = await fetch(authorizeUrl(base, params));
  expect(page.status).toBe(200);
  const form = hiddenFields(await page.text());
  form.set("username", username);
  form.set("password", password);
  return fetch(new URL("/oauth/authorize/login", base), { method: "POST", body: form, redirect: "manual" });
}

async function getCode(base: string, params: Record<string, string>, username?: string): Promise<string> {
  const res = await login(base, params, username);
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.get("location")!);
  expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
  expect(loc.searchParams.get("state")).toBe(params.state ?? "st4te");
  return loc.searchParams.get("code")!;
}

function tokenRequest(base: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(new URL("/oauth/token", base), { method: "POST", body: new URLSearchParams(form), headers });
}

/** Auth.js's client_secret_basic: form-url-encodes id and secret before base64 (RFC 6749 §2.3.1). */
function authjsBasic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${btoa(`${enc(id)}:${enc(secret)}`)}`;
}

describe("fake OpenShift OAuth server", () => {
  it("serves OAuth server metadata with the issuer = its base URL and S256 PKCE", async () => {
    const res = await fetch(`${ocp.url}/.well-known/oauth-authorization-server`);
    expect(res.status).toBe(200);
    const md = await res.json();
    expect(md.issuer).toBe(ocp.url);
    expect(md.authorization_endpoint).toBe(`${ocp.url}/oauth/authorize`);
    expect(md.token_endpoint).toBe(`${ocp.url}/oauth/token`);
    expect(md.code_challenge_methods_supported).toEqual(["plain", "S256"]);
    expect(md.scopes_supported).toContain("user:info");
    expect(ocp.url).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it("renders an accessible login form with labelled #inputUsername / #inputPassword", async () => {
    const html = await (await fetch(authorizeUrl(ocp.url, {}))).text();
    expect(html).toContain('<label for="inputUsername">Username</label>');
    expect(html).toContain('id="inputUsername"');
    expect(html).toContain('<label for="inputPassword">Password</label>');
    expect(html).toContain('type="password" id="inputPassword"');
    expect(html).toMatch(/<button type="submit">Log in<\/button>/);
  });

  it("runs the full code flow: S256 PKCE + client_secret_post with the SA client → token → users/~", async () => {
    const { verifier, challenge } = pkce();
    const code = await getCode(ocp.url, { code_challenge: challenge, code_challenge_method: "S256" });
    const tokenRes = await tokenRequest(ocp.url, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: SA_CLIENT_ID,
      client_secret: SA_CLIENT_SECRET,
    });
    expect(tokenRes.status).toBe(200);
    const tokens = await tokenRes.json();
    expect(tokens).toEqual({
      access_token: expect.stringMatching(/^sha256~[A-Za-z0-9_-]{40,}$/),
      token_type: "Bearer",
      expires_in: 86400,
      scope: "user:info",
    });
    expect(tokens).not.toHaveProperty("id_token");
    expect(tokens).not.toHaveProperty("refresh_token");

    const userRes = await fetch(`${ocp.url}/apis/user.openshift.io/v1/users/~`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userRes.status).toBe(200);
    const user = await userRes.json();
    expect(user).toMatchObject({
      kind: "User",
      apiVersion: "user.openshift.io/v1",
      metadata: { name: "alpha-member", uid: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      fullName: "Alpha Member",
      identities: ["htpasswd:alpha-member"],
    });
    // The raw API response includes the virtual system: groups; the provider must filter them.
    expect(user.groups).toEqual(["team-alpha", "system:authenticated", "system:authenticated:oauth"]);
  });

  it("rejects Auth.js's default client_secret_basic for an SA client id (osin does not URL-decode)", async () => {
    const { verifier, challenge } = pkce();
    const code = await getCode(ocp.url, { code_challenge: challenge, code_challenge_method: "S256" });
    const res = await tokenRequest(
      ocp.url,
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier },
      { authorization: authjsBasic(SA_CLIENT_ID, SA_CLIENT_SECRET) },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe("unauthorized_client");
  });

  it("accepts HTTP Basic for a plain OAuthClient name (nothing to URL-encode)", async () => {
    const { verifier, challenge } = pkce();
    const code = await getCode(ocp.url, { client_id: OAUTH_CLIENT_ID, code_challenge: challenge, code_challenge_method: "S256" });
    const res = await tokenRequest(
      ocp.url,
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier },
      { authorization: authjsBasic(OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET) },
    );
    expect(res.status).toBe(200);
    expect((await res.json()).access_token).toMatch(/^sha256~/);
  });

  it("accepts raw (unencoded) Basic credentials for the SA client, split on the first colon", async () => {
    const code = await getCode(ocp.url, {});
    const res = await tokenRequest(
      ocp.url,
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT },
      { authorization: `Basic ${btoa(`${SA_CLIENT_ID}:${SA_CLIENT_SECRET}`)}` },
    );
    // "system:serviceaccount:…" splits at its first colon, so even the unencoded form fails, as on a real cluster.
    expect((await res.json()).error).toBe("unauthorized_client");
  });

  it("codes are single-use", async () => {
    const { verifier, challenge } = pkce();
    const code = await getCode(ocp.url, { code_challenge: challenge, code_challenge_method: "S256" });
    const form = {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: SA_CLIENT_ID,
      client_secret: SA_CLIENT_SECRET,
    };
    expect((await tokenRequest(ocp.url, form)).status).toBe(200);
    const again = await tokenRequest(ocp.url, form);
    expect(again.status).toBe(400);
    expect((await again.json()).error).toBe("invalid_grant");
  });

  it("rejects a token request whose redirect_uri differs from the authorize request (exact match)", async () => {
    const code = await getCode(ocp.url, {});
    const res = await tokenRequest(ocp.url, {
      grant_type: "authorization_code",
      code,
      redirect_uri: "http://localhost:3100/api/auth/callback/openshift",
      client_id: SA_CLIENT_ID,
      client_secret: SA_CLIENT_SECRET,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_request", error_description: "Redirect uri is different" });
  });

  it("rejects a PKCE verifier that does not match the S256 challenge, and a missing one", async () => {
    const { challenge } = pkce();
    const code = await getCode(ocp.url, { code_challenge: challenge, code_challenge_method: "S256" });
    const bad = await tokenRequest(ocp.url, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: pkce().verifier,
      client_id: SA_CLIENT_ID,
      client_secret: SA_CLIENT_SECRET,
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe("invalid_grant");

    const code2 = await getCode(ocp.url, { code_challenge: challenge, code_challenge_method: "S256" });
    const missing = await tokenRequest(ocp.url, {
      grant_type: "authorization_code",
      code: code2,
      redirect_uri: REDIRECT,
      client_id: SA_CLIENT_ID,
      client_secret: SA_CLIENT_SECRET,
    });
    expect((await missing.json()).error).toBe("invalid_request");
  });

  it("supports the plain PKCE method", async () => {
    const code = await getCode(ocp.url, {
      code_challenge: "plain-verifier-0123456789012345678901234567890",
      code_challenge_method: "plain",
    });
    const res = await tokenRequest(ocp.url, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: "plain-verifier-0123456789012345678901234567890",
      client_id: SA_CLIENT_ID,
      client_secret: SA_CLIENT_SECRET,
    });
    expect(res.status).toBe(200);
  });

  it("rejects a code redeemed by another client, and a wrong client secret", async () => {
    const code = await getCode(ocp.url, {});
    const other = await tokenRequest(ocp.url, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      client_id: OAUTH_CLIENT_ID,
      client_secret: OAUTH_CLIENT_SECRET,
    });
    expect((await other.json()).error).toBe("invalid_grant");
    const wrong = await tokenRequest(ocp.url, {
      grant_type: "authorization_code",
      code: "x",
      redirect_uri: REDIRECT,
      client_id: SA_CLIENT_ID,
      client_secret: "nope",
    });
    expect((await wrong.json()).error).toBe("unauthorized_client");
  });

  it("users/~ answers 401 with a Kubernetes Status body for a bad or missing token", async () => {
    for (const headers of [{ authorization: "Bearer sha256~not-a-real-token-aaaaaaaaaaaaaaaaaaaa" }, {}] as Record<string, string>[]) {
      const res = await fetch(`${ocp.url}/apis/user.openshift.io/v1/users/~`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "Unauthorized",
        reason: "Unauthorized",
        code: 401,
      });
    }
  });

  it("re-renders the login form with an error on a wrong password, issuing no code", async () => {
    const res = await login(ocp.url, {}, "ocp-admin", "wrong");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("Invalid login or password. Please try again.");
    expect(res.headers.get("location")).toBeNull();
  });

  describe("authorize request validation", () => {
    it("unknown client_id → 400 unauthorized_client, no redirect", async () => {
      const res = await fetch(authorizeUrl(ocp.url, { client_id: "nope" }), { redirect: "manual" });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe("unauthorized_client");
    });

    it("redirect_uri must equal or be prefixed by a registered URI, else 400 (never redirected)", async () => {
      const evil = await fetch(authorizeUrl(ocp.url, { redirect_uri: "http://evil.example/api/auth/callback/openshift" }), {
        redirect: "manual",
      });
      expect(evil.status).toBe(400);
      expect(evil.headers.get("location")).toBeNull();
      const prefixed = await fetch(authorizeUrl(ocp.url, { redirect_uri: `${REDIRECT}/extra` }), { redirect: "manual" });
      expect(prefixed.status).toBe(200);
    });

    it("only response_type=code", async () => {
      const res = await fetch(authorizeUrl(ocp.url, { response_type: "token" }), { redirect: "manual" });
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get("location")!).searchParams.get("error")).toBe("unsupported_response_type");
    });

    it("SA clients may only ask for user:info, user:check-access and role:*:<own ns>", async () => {
      const errorFor = async (scope: string, client_id = SA_CLIENT_ID) => {
        const res = await fetch(authorizeUrl(ocp.url, { scope, client_id }), { redirect: "manual" });
        return res.status === 302 ? new URL(res.headers.get("location")!).searchParams.get("error") : null;
      };
      expect(await errorFor("user:full")).toBe("invalid_scope");
      expect(await errorFor("role:view:other-ns")).toBe("invalid_scope");
      expect(await errorFor("user:info user:check-access role:view:gatehouse")).toBeNull();
      expect(await errorFor("user:full", OAUTH_CLIENT_ID)).toBeNull();
      expect(await errorFor("bogus", OAUTH_CLIENT_ID)).toBe("invalid_scope");
    });

    it("the invalid_scope redirect carries the state back", async () => {
      const res = await fetch(authorizeUrl(ocp.url, { scope: "user:full", state: "abc" }), { redirect: "manual" });
      expect(new URL(res.headers.get("location")!).searchParams.get("state")).toBe("abc");
    });
  });

  it("the admin route changes a user's groups, and the next users/~ shows it", async () => {
    const res = await fetch(`${ocp.url}/__sandbox/users/multi-team/groups`, {
      method: "POST",
      body: JSON.stringify({ groups: ["team-beta"] }),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(200);
    const code = await getCode(ocp.url, {}, "multi-team");
    const { access_token } = await (
      await tokenRequest(ocp.url, {
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT,
        client_id: SA_CLIENT_ID,
        client_secret: SA_CLIENT_SECRET,
      })
    ).json();
    const user = await (
      await fetch(`${ocp.url}/apis/user.openshift.io/v1/users/~`, { headers: { authorization: `Bearer ${access_token}` } })
    ).json();
    expect(user.groups).toEqual(["team-beta", "system:authenticated", "system:authenticated:oauth"]);

    expect((await fetch(`${ocp.url}/__sandbox/users/ghost/groups`, { method: "POST", body: '{"groups":[]}' })).status).toBe(404);
    expect((await fetch(`${ocp.url}/__sandbox/users/multi-team/groups`, { method: "POST", body: '{"groups":"x"}' })).status).toBe(400);
  });
});

describe("fake OpenShift switches", () => {
  it("deny → 302 back with error=access_denied", async () => {
    const s = await startOpenShiftSandbox({ port: 0, deny: "access_denied" });
    try {
      const res = await fetch(authorizeUrl(s.url, {}), { redirect: "manual" });
      expect(res.status).toBe(302);
      const loc = new URL(res.headers.get("location")!);
      expect(loc.searchParams.get("error")).toBe("access_denied");
      expect(loc.searchParams.get("state")).toBe("st4te");
    } finally {
      await s.close();
    }
  });

  it("userinfoStatus forces the users/~ status; tokenTtlSeconds sets expires_in", async () => {
    const s = await startOpenShiftSandbox({ port: 0, userinfoStatus: 500, tokenTtlSeconds: 60 });
    try {
      const code = await getCode(s.url, {});
      const tokens = await (
        await tokenRequest(s.url, {
          grant_type: "authorization_code",
          code,
          redirect_uri: REDIRECT,
          client_id: SA_CLIENT_ID,
          client_secret: SA_CLIENT_SECRET,
        })
      ).json();
      expect(tokens.expires_in).toBe(60);
      const res = await fetch(`${s.url}/apis/user.openshift.io/v1/users/~`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(res.status).toBe(500);
      expect((await res.json()).kind).toBe("Status");
    } finally {
      await s.close();
    }
  });

  it("expired tokens get 401", async () => {
    const s = await startOpenShiftSandbox({ port: 0, tokenTtlSeconds: 1 });
    try {
      const code = await getCode(s.url, {});
      const { access_token } = await (
        await tokenRequest(s.url, {
          grant_type: "authorization_code",
          code,
          redirect_uri: REDIRECT,
          client_id: SA_CLIENT_ID,
          client_secret: SA_CLIENT_SECRET,
        })
      ).json();
      await new Promise((r) => setTimeout(r, 1100));
      expect(
        (await fetch(`${s.url}/apis/user.openshift.io/v1/users/~`, { headers: { authorization: `Bearer ${access_token}` } })).status,
      ).toBe(401);
    } finally {
      await s.close();
    }
  });

  it("consent shows an Authorize Access page once; Deny sends access_denied back", async () => {
    const s = await startOpenShiftSandbox({ port: 0, consent: true });
    try {
      const first = await login(s.url, {}, "ocp-admin");
      expect(first.status).toBe(200);
      const html = await first.text();
      expect(html).toContain("Authorize Access");
      const then = /name="then" value="([^"]+)"/.exec(html)![1];
      const approve = await fetch(`${s.url}/oauth/authorize/approve`, {
        method: "POST",
        body: new URLSearchParams({ then, approve: "1" }),
        redirect: "manual",
      });
      expect(approve.status).toBe(302);
      expect(new URL(approve.headers.get("location")!).searchParams.get("code")).toBeTruthy();
      // Remembered for this user, client and scope.
      expect((await login(s.url, {}, "ocp-admin")).status).toBe(302);

      const other = await (await login(s.url, {}, "ocp-viewer")).text();
      const then2 = /name="then" value="([^"]+)"/.exec(other)![1];
      const deny = await fetch(`${s.url}/oauth/authorize/approve`, {
        method: "POST",
        body: new URLSearchParams({ then: then2, deny: "1" }),
        redirect: "manual",
      });
      expect(new URL(deny.headers.get("location")!).searchParams.get("error")).toBe("access_denied");
    } finally {
      await s.close();
    }
  });

  it("idpChooser shows a provider list whose links lead to the login form", async () => {
    const s = await startOpenShiftSandbox({ port: 0, idpChooser: true });
    try {
      const html = await (await fetch(authorizeUrl(s.url, {}))).text();
      expect(html).not.toContain("inputUsername");
      const href = /<a href="([^"]+)">htpasswd<\/a>/.exec(html)![1].replace(/&amp;/g, "&");
      const form = await (await fetch(new URL(href, s.url))).text();
      expect(form).toContain('id="inputUsername"');
    } finally {
      await s.close();
    }
  });

  it("close() frees the port", async () => {
    const s = await startOpenShiftSandbox({ port: 0 });
    const port = s.port;
    await s.close();
    const again = await startOpenShiftSandbox({ port });
    expect(again.port).toBe(port);
    await again.close();
  });
});
