import net from "node:net";
import { describe, expect, it } from "vitest";
import { OIDC_CLIENT_ID, startOidcSandbox } from "./server";

describe("OIDC sandbox", () => {
  it("serves discovery with issuer http://localhost:<port>, PKCE S256 and the groups claim/scope", async () => {
    const idp = await startOidcSandbox({ port: 0 });
    try {
      expect(idp.url).toBe(`http://localhost:${idp.port}`);
      const res = await fetch(`${idp.url}/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      const doc = await res.json();
      expect(doc.issuer).toBe(idp.url);
      expect(doc.authorization_endpoint).toBe(`${idp.url}/auth`);
      expect(doc.code_challenge_methods_supported).toContain("S256");
      expect(doc.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email", "groups"]));
      expect(doc.claims_supported).toContain("groups");
      const jwks = await (await fetch(doc.jwks_uri)).json();
      expect(jwks.keys.length).toBeGreaterThan(0);
    } finally {
      await idp.close();
    }
  });

  it("refuses an authorization request without PKCE", async () => {
    const idp = await startOidcSandbox({ port: 0 });
    try {
      const u = new URL(`${idp.url}/auth`);
      u.search = new URLSearchParams({
        client_id: OIDC_CLIENT_ID,
        response_type: "code",
        scope: "openid",
        redirect_uri: "http://localhost:3000/api/auth/callback/oidc",
        state: "s",
      }).toString();
      const res = await fetch(u, { redirect: "manual" });
      const loc = new URL(res.headers.get("location")!);
      expect(loc.searchParams.get("error")).toBe("invalid_request");
      expect(loc.searchParams.get("error_description")).toMatch(/PKCE/);
    } finally {
      await idp.close();
    }
  });

  it("close() really frees the port", async () => {
    const idp = await startOidcSandbox({ port: 0 });
    // Keep a connection open: close() must still finish and release the port.
    const sock = net.connect(idp.port, "127.0.0.1");
    await new Promise((r) => sock.once("connect", r));
    await idp.close();
    sock.destroy();
    const again = await startOidcSandbox({ port: idp.port });
    expect(again.port).toBe(idp.port);
    await again.close();
  });
});
