"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { AUDIT_UNAVAILABLE_SIGNIN_PAGE, auth, signIn, signOut } from "@/lib/auth";
import { recordAudit } from "@/lib/audit/service";
import { getRequestMeta } from "@/lib/request-meta";
import { getEnv } from "@/lib/env";
import { breakGlassCredentialsSchema } from "./break-glass";
import { discoverOpenShift } from "./openshift-provider";
import { configuredProviders } from "./providers";

export interface SignInState {
  error?: string;
  fieldErrors?: { username?: string[]; password?: string[] };
  username?: string;
}

function safeCallback(raw: FormDataEntryValue | null): string {
  const value = typeof raw === "string" ? raw : "";
  // Only same-origin paths: never an open redirect.
  return value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export async function signInWithPasswordAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const raw = { username: formData.get("username"), password: formData.get("password") };
  const parsed = breakGlassCredentialsSchema.safeParse(raw);
  const username = typeof raw.username === "string" ? raw.username : "";
  if (!parsed.success) {
    const fieldErrors: SignInState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as "username" | "password";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return { fieldErrors, username };
  }
  try {
    await signIn("local", { username: parsed.data.username, password: parsed.data.password, redirectTo: safeCallback(formData.get("callbackUrl")) });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      // The sign-in could not be recorded, so it was refused: the error page says why.
      if (code === "audit_unavailable") redirect(AUDIT_UNAVAILABLE_SIGNIN_PAGE);
      if (code === "rate_limited") {
        return { error: "Too many failed sign-in attempts for this account from your address. Wait 15 minutes and try again.", username };
      }
      if (code === "slowed_down") {
        return {
          error:
            "This account has had many failed sign-ins from other addresses, so attempts from a new address are slowed down. Wait a minute and try again.",
          username,
        };
      }
      if (error.type === "CredentialsSignin") return { error: "Wrong username or password.", username };
      return { error: "Sign-in failed. Try again, or contact your platform team.", username };
    }
    throw error; // NEXT_REDIRECT must propagate.
  }
}

export async function signInWithProviderAction(formData: FormData): Promise<void> {
  const provider = String(formData.get("provider") ?? "");
  if (!configuredProviders().some((p) => p.id === provider && p.kind === "oauth")) redirect("/login");
  const env = getEnv();
  if (provider === "openshift" && env.OPENSHIFT_API_URL) {
    // A failed discovery leaves the provider out of the config, and Auth.js would bounce back to /login silently.
    const reachable = await discoverOpenShift(env.OPENSHIFT_API_URL).then(
      () => true,
      () => false,
    );
    if (!reachable) {
      await recordAudit({
        actor: { provider, username: "unknown" },
        action: "signin",
        targetType: "session",
        outcome: "failure",
        request: await getRequestMeta(),
        details: { reason: "idp_unreachable" },
      });
      redirect("/auth-error?error=OAuthSignin");
    }
  }
  try {
    await signIn(provider, { redirectTo: safeCallback(formData.get("callbackUrl")) });
  } catch (error) {
    // E.g. the IdP's discovery failed, so the provider is missing: a clear page, never a stack trace.
    if (error instanceof AuthError) redirect("/auth-error?error=OAuthSignin");
    throw error; // NEXT_REDIRECT must propagate.
  }
}

export async function signOutAction(): Promise<void> {
  const session = await auth();
  if (session?.user?.id) {
    await recordAudit({
      actor: { provider: session.user.provider, username: session.user.username },
      action: "signout",
      targetType: "session",
      outcome: "success",
      request: await getRequestMeta(),
    });
  }
  await signOut({ redirectTo: "/login" });
}
