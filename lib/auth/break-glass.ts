import { createHash, timingSafeEqual } from "node:crypto";
import bcrypt from "bcryptjs";
import { z } from "zod";

export const BREAK_GLASS_USERNAME = "admin";
export const BREAK_GLASS_SESSION_SECONDS = 60 * 60;
export const SIGNIN_MAX_FAILURES = 5;
export const SIGNIN_WINDOW_MS = 15 * 60 * 1000;

export const breakGlassCredentialsSchema = z.object({
  username: z.string().trim().min(1, "Enter the username").max(100),
  password: z.string().min(1, "Enter the password").max(1024),
});
export type BreakGlassCredentials = z.infer<typeof breakGlassCredentialsSchema>;

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison is constant-time whatever the lengths.
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Checks the break-glass admin's credentials; the username is fixed to "admin". */
export async function verifyBreakGlass(
  credentials: BreakGlassCredentials,
  config: {
    passwordHash?: string;
    allowMasterKey: boolean;
    masterKey?: string;
  },
): Promise<boolean> {
  const userOk = sameSecret(credentials.username, BREAK_GLASS_USERNAME);
  let passwordOk = false;
  if (config.passwordHash)
    passwordOk = await bcrypt.compare(
      credentials.password,
      config.passwordHash,
    );
  if (!passwordOk && config.allowMasterKey && config.masterKey)
    passwordOk = sameSecret(credentials.password, config.masterKey);
  return userOk && passwordOk;
}

export function signInBucket(ip: string | null, username: string): string {
  return `signin:${ip ?? "unknown"}:${username.toLowerCase()}`;
}

/** Every failure for a username, from any address. */
export function userFailureBucket(username: string): string {
  return signInBucket("*", username);
}

/** A successful sign-in from this address: it is "known" for KNOWN_ADDRESS_DAYS. */
export function knownAddressBucket(ip: string, username: string): string {
  return `signin-ok:${ip}:${username.toLowerCase()}`;
}

/** User-wide failures (from any address) before attempts from unknown addresses are slowed down. */
export const SIGNIN_USER_FREE_FAILURES = 5;
/** The longest an attempt from an unknown address waits after the user's last failure. */
export const SIGNIN_MAX_DELAY_SECONDS = 60;
export const KNOWN_ADDRESS_DAYS = 30;
export const KNOWN_ADDRESS_WINDOW_MS = KNOWN_ADDRESS_DAYS * 24 * 60 * 60 * 1000;

export interface SignInFacts {
  /** Failures from this client address for this username in SIGNIN_WINDOW_MS, and the oldest one. */
  addressFailures: number;
  addressOldestFailure: Date | null;
  /** Failures for this username from every address in SIGNIN_WINDOW_MS, and the newest one. */
  userFailures: number;
  userLatestFailure: Date | null;
  /** This address signed in as this user successfully in the last KNOWN_ADDRESS_DAYS. */
  knownAddress: boolean;
  now: Date;
}

export type SignInThrottle =
  | { allowed: true }
  | { allowed: false; reason: "address_limit" | "slow_down"; retryAfterSeconds: number };

/** The delay between attempts from unknown addresses once the user has `userFailures` failures: 1 s, 2 s, 4 s, … 60 s. */
export function userDelaySeconds(userFailures: number): number {
  if (userFailures < SIGNIN_USER_FREE_FAILURES) return 0;
  return Math.min(2 ** (userFailures - SIGNIN_USER_FREE_FAILURES), SIGNIN_MAX_DELAY_SECONDS);
}

/**
 * The break-glass limiter. Per client address (from the trusted proxy hop): SIGNIN_MAX_FAILURES per window, then
 * refused until the window frees up. Per user, across addresses: an exponential delay (never a lock-out) for
 * addresses that have not signed in as this user before, so a spray from many addresses is slowed to one attempt a
 * minute while the owner, from an address they used before, signs in at once.
 */
export function signInThrottle(facts: SignInFacts): SignInThrottle {
  if (facts.addressFailures >= SIGNIN_MAX_FAILURES) {
    const freeAt = (facts.addressOldestFailure?.getTime() ?? facts.now.getTime()) + SIGNIN_WINDOW_MS;
    return { allowed: false, reason: "address_limit", retryAfterSeconds: Math.max(1, Math.ceil((freeAt - facts.now.getTime()) / 1000)) };
  }
  if (facts.knownAddress) return { allowed: true };
  const delay = userDelaySeconds(facts.userFailures);
  if (delay > 0 && facts.userLatestFailure) {
    const waited = (facts.now.getTime() - facts.userLatestFailure.getTime()) / 1000;
    if (waited < delay) return { allowed: false, reason: "slow_down", retryAfterSeconds: Math.max(1, Math.ceil(delay - waited)) };
  }
  return { allowed: true };
}
