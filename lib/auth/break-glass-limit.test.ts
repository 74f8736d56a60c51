import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { CLIENT_CHAIN_HEADER } from "@/lib/net/client-address";
import { auditRows, startHarness, type Harness } from "@/lib/teams/testing";

import { SIGNIN_MAX_FAILURES, SIGNIN_USER_FREE_FAILURES } from "./break-glass";

/**
 * Issue 12 #4, through the break-glass provider's authorize(): the limiter keys on the trusted hop, so rotating
 * X-Forwarded-For does not reset it, and failures from many addresses slow newcomers down without locking the owner out.
 */
vi.mock("next-auth", () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {
    code = "credentials";
  }
  return { default: () => ({ handlers: {}, auth: async () => null, signIn: async () => {}, signOut: async () => {} }), AuthError, CredentialsSignin };
});
vi.mock("next-auth/providers/credentials", () => ({ default: (options: object) => ({ type: "credentials", ...options }) }));

const { buildAuthConfig } = await import("./index");

const PASSWORD = "correct horse battery";
type Authorize = (raw: Record<string, string>, request: Request) => Promise<unknown>;

/** A request as the Node server stamps it: the X-Forwarded-For it received, then its socket peer. */
function request(peer: string, forwardedFor?: string): Request {
  const headers = new Headers();
  if (forwardedFor) headers.set("x-forwarded-for", forwardedFor);
  headers.set(CLIENT_CHAIN_HEADER, [forwardedFor, peer].filter(Boolean).join(", "));
  return new Request("http://localhost/api/auth/callback/local", { method: "POST", headers });
}

async function attempt(authorize: Authorize, username: string, password: string, req: Request): Promise<string> {
  try {
    return (await authorize({ username, password }, req)) ? "ok" : "wrong";
  } catch (error) {
    return (error as { code?: string }).code ?? "error";
  }
}

describe("break-glass limiter", () => {
  let h: Harness;
  let authorize: Authorize;
  beforeAll(async () => {
    h = await startHarness({ CONSOLE_ADMIN_PASSWORD_HASH: bcrypt.hashSync(PASSWORD, 4), TRUSTED_PROXY_COUNT: "0" });
    const config = await buildAuthConfig();
    const local = config.providers.find((p) => (p as { id?: string }).id === "local") as unknown as { authorize: Authorize };
    authorize = local.authorize;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a rotated X-Forwarded-For does not reset the per-address limit (no trusted proxy: the socket address counts)", async () => {
    const results: string[] = [];
    for (let i = 0; i < SIGNIN_MAX_FAILURES + 1; i++) {
      results.push(await attempt(authorize, "intruder", "guess", request("198.51.100.9", `203.0.113.${i + 1}`)));
    }
    expect(results).toEqual([...Array<string>(SIGNIN_MAX_FAILURES).fill("wrong"), "rate_limited"]);
    const denied = (await auditRows(h.db, "signin")).filter((r) => r.outcome === "refused");
    expect(denied.at(-1)).toMatchObject({ clientIp: "198.51.100.9", details: { reason: "rate_limited" } });
  });

  it("failures from many addresses slow new addresses down but never lock the owner out of an address they used before", async () => {
    // The owner signed in from their workstation before the attack.
    expect(await attempt(authorize, "admin", PASSWORD, request("192.0.2.10"))).toBe("ok");
    // A spray from many real addresses: each gets one try until the user-wide delay starts.
    const spray: string[] = [];
    for (let i = 0; i < SIGNIN_USER_FREE_FAILURES + 2; i++) spray.push(await attempt(authorize, "admin", `guess-${i}`, request(`100.64.0.${i + 1}`)));
    expect(spray.slice(0, SIGNIN_USER_FREE_FAILURES)).toEqual(Array<string>(SIGNIN_USER_FREE_FAILURES).fill("wrong"));
    expect(spray.at(-1)).toBe("slowed_down");
    // Even the right password from a brand-new address has to wait (the attacker learns nothing faster) …
    expect(await attempt(authorize, "admin", PASSWORD, request("100.64.9.9"))).toBe("slowed_down");
    // … but the owner, from the address they used before, signs in at once.
    expect(await attempt(authorize, "admin", PASSWORD, request("192.0.2.10"))).toBe("ok");
  });

  it("the database down → even the right password is refused (audit_unavailable), and no session is granted", async () => {
    const global = globalThis as unknown as { gatehouseDb?: Promise<unknown> };
    const up = global.gatehouseDb;
    const before = (await auditRows(h.db, "signin")).length;
    const down = Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    down.catch(() => {});
    global.gatehouseDb = down;
    try {
      expect(await attempt(authorize, "admin", PASSWORD, request("192.0.2.10"))).toBe("audit_unavailable");
    } finally {
      global.gatehouseDb = up;
    }
    expect((await auditRows(h.db, "signin")).length).toBe(before);
    // Back up: the same attempt signs in, written ahead (intent, then its completion).
    expect(await attempt(authorize, "admin", PASSWORD, request("192.0.2.10"))).toBe("ok");
    expect((await auditRows(h.db, "signin")).slice(-2).map((r) => `${r.phase}:${r.outcome}`)).toEqual(["intent:pending", "completion:success"]);
  });
});
