"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { auth, signIn, signOut } from "@/lib/auth";
import { recordAudit } from "@/lib/audit/service";
import { getRequestMeta } from "@/lib/request-meta";
import { breakGlassCredentialsSchema } from "./break-glass";
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
      if (code === "rate_limited") {
        return { error: "Too many failed sign-in attempts for this account from your address. Wait 15 minutes and try again.", username };
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
  await signIn(provider, { redirectTo: safeCallback(formData.get("callbackUrl")) });
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
