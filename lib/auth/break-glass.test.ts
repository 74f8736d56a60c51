import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import {
  SIGNIN_MAX_DELAY_SECONDS,
  SIGNIN_MAX_FAILURES,
  SIGNIN_USER_FREE_FAILURES,
  signInBucket,
  signInThrottle,
  userDelaySeconds,
  verifyBreakGlass,
  type SignInFacts,
} from "./break-glass";

const hash = bcrypt.hashSync("correct horse", 4);

describe("verifyBreakGlass", () => {
  it("accepts admin with the right password", async () => {
    expect(
      await verifyBreakGlass(
        { username: "admin", password: "correct horse" },
        { passwordHash: hash, allowMasterKey: false },
      ),
    ).toBe(true);
  });
  it("rejects a wrong password", async () => {
    expect(
      await verifyBreakGlass(
        { username: "admin", password: "nope" },
        { passwordHash: hash, allowMasterKey: false },
      ),
    ).toBe(false);
  });
  it("rejects another username even with the right password", async () => {
    expect(
      await verifyBreakGlass(
        { username: "root", password: "correct horse" },
        { passwordHash: hash, allowMasterKey: false },
      ),
    ).toBe(false);
  });
  it("accepts the master key only when master-key login is enabled", async () => {
    const config = { passwordHash: hash, masterKey: "sk-master-123" };
    expect(
      await verifyBreakGlass(
        { username: "admin", password: "sk-master-123" },
        { ...config, allowMasterKey: false },
      ),
    ).toBe(false);
    expect(
      await verifyBreakGlass(
        { username: "admin", password: "sk-master-123" },
        { ...config, allowMasterKey: true },
      ),
    ).toBe(true);
  });
  it("is off when nothing is configured", async () => {
    expect(
      await verifyBreakGlass(
        { username: "admin", password: "" },
        { allowMasterKey: false },
      ),
    ).toBe(false);
  });
  it("buckets failures per IP and username", () => {
    expect(signInBucket("10.0.0.1", "Admin")).toBe("signin:10.0.0.1:admin");
    expect(signInBucket(null, "admin")).toBe("signin:unknown:admin");
  });
});

describe("signInThrottle (issue 12 #4)", () => {
  const now = new Date("2026-01-01T12:00:00Z");
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  const facts = (over: Partial<SignInFacts> = {}): SignInFacts => ({
    addressFailures: 0,
    addressOldestFailure: null,
    userFailures: 0,
    userLatestFailure: null,
    knownAddress: false,
    now,
    ...over,
  });

  it(`refuses an address after ${SIGNIN_MAX_FAILURES} failures until the window frees up`, () => {
    expect(signInThrottle(facts({ addressFailures: SIGNIN_MAX_FAILURES - 1 }))).toEqual({ allowed: true });
    expect(signInThrottle(facts({ addressFailures: SIGNIN_MAX_FAILURES, addressOldestFailure: ago(60) }))).toEqual({
      allowed: false,
      reason: "address_limit",
      retryAfterSeconds: 14 * 60,
    });
  });

  it("slows attempts from unknown addresses exponentially once the user has many failures, capped at a minute", () => {
    expect(userDelaySeconds(SIGNIN_USER_FREE_FAILURES - 1)).toBe(0);
    expect(userDelaySeconds(SIGNIN_USER_FREE_FAILURES)).toBe(1);
    expect(userDelaySeconds(SIGNIN_USER_FREE_FAILURES + 3)).toBe(8);
    expect(userDelaySeconds(1000)).toBe(SIGNIN_MAX_DELAY_SECONDS);
    expect(signInThrottle(facts({ userFailures: SIGNIN_USER_FREE_FAILURES + 3, userLatestFailure: ago(2) }))).toEqual({
      allowed: false,
      reason: "slow_down",
      retryAfterSeconds: 6,
    });
    expect(signInThrottle(facts({ userFailures: SIGNIN_USER_FREE_FAILURES + 3, userLatestFailure: ago(9) }))).toEqual({ allowed: true });
  });

  it("never locks the owner out: after a thousand failures elsewhere, a new address waits at most a minute, a known one not at all", () => {
    expect(signInThrottle(facts({ userFailures: 1000, userLatestFailure: ago(SIGNIN_MAX_DELAY_SECONDS) }))).toEqual({ allowed: true });
    expect(signInThrottle(facts({ userFailures: 1000, userLatestFailure: ago(0), knownAddress: true }))).toEqual({ allowed: true });
  });
});
