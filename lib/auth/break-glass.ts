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
