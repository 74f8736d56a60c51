import { describe, expect, it } from "vitest";

import { contentSecurityPolicy, isServerActionRequest, newNonce, refuseServerAction, SERVER_ACTION_BODY_LIMIT_BYTES } from "./http-guards";

const action = (extra: Record<string, string> = {}) => new Headers({ host: "gatehouse.example.com", "next-action": "abc123", ...extra });

describe("refuseServerAction", () => {
  it("lets a same-origin action through", () => {
    expect(refuseServerAction("POST", "/models/new", action({ origin: "https://gatehouse.example.com", "content-length": "120" }))).toBeNull();
  });

  it.each([
    ["another origin", { origin: "https://evil.example" }],
    ["an opaque origin", { origin: "null" }],
    ["a cross-site fetch", { "sec-fetch-site": "cross-site" }],
    ["a look-alike host", { origin: "https://gatehouse.example.com.evil.example" }],
  ])("refuses %s with 403", (_what, headers) => {
    expect(refuseServerAction("POST", "/keys", action(headers))).toMatchObject({ status: 403 });
  });

  it("refuses a declared body over the limit with 413", () => {
    const headers = action({ origin: "https://gatehouse.example.com", "content-length": String(SERVER_ACTION_BODY_LIMIT_BYTES + 1) });
    expect(refuseServerAction("POST", "/aliases", headers)).toMatchObject({ status: 413 });
  });

  it("compares with the forwarded host behind the router", () => {
    const headers = action({ host: "gatehouse.ns.svc:8080", "x-forwarded-host": "gatehouse.apps.example.com", origin: "https://gatehouse.apps.example.com" });
    expect(refuseServerAction("POST", "/keys", headers)).toBeNull();
  });

  it("leaves GETs, Auth.js callbacks (identity providers may POST them) and other route handlers alone", () => {
    expect(isServerActionRequest("GET", "/keys", action({ origin: "https://evil.example" }))).toBe(false);
    const formPost = new Headers({ host: "gatehouse.example.com", origin: "https://idp.example.com", "content-type": "application/x-www-form-urlencoded" });
    expect(refuseServerAction("POST", "/api/auth/callback/oidc", formPost)).toBeNull();
    expect(refuseServerAction("POST", "/login", formPost)).toMatchObject({ status: 403 });
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce, and everything else from the console's own origin", () => {
    const nonce = newNonce();
    const csp = contentSecurityPolicy(nonce);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it("uses a fresh nonce per response", () => {
    expect(newNonce()).not.toBe(newNonce());
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
