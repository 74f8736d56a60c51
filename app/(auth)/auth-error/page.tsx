import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sign-in failed" };

/** Auth.js error codes mapped to what an operator can act on; never a stack trace or token text. */
const MESSAGES: Record<string, { title: string; body: string }> = {
  AccessDenied: { title: "Access denied", body: "The identity provider or Gatehouse refused the sign-in. If you declined consent, try again and approve it." },
  Configuration: {
    title: "Sign-in could not be completed",
    body: "The sign-in response could not be verified (for example an expired or tampered state, or a redirect URI mismatch). Start again from the sign-in page; if it keeps failing, your platform team should check the OAuth client configuration.",
  },
  OAuthSignin: { title: "Identity provider unreachable", body: "Gatehouse could not start the sign-in with the identity provider. It may be down or misconfigured." },
  OAuthCallbackError: { title: "Sign-in was not completed", body: "The identity provider returned an error. Start again from the sign-in page." },
  CallbackRouteError: { title: "Sign-in was not completed", body: "Gatehouse could not exchange the sign-in code or read your identity. Start again; if it keeps failing, contact your platform team." },
  AuditUnavailable: {
    title: "Sign-in refused: the audit log is unavailable",
    body: "Gatehouse records every sign-in before it lets anyone in, and its database cannot be written right now, so you were not signed in. Try again in a minute; if it keeps failing, your platform team should check the console's database.",
  },
  Verification: { title: "Link expired", body: "The sign-in link has expired or was already used." },
};

export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const message = MESSAGES[error ?? ""] ?? {
    title: "Sign-in failed",
    body: "Something went wrong while signing you in. Start again from the sign-in page.",
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl">{message.title}</h1>
        </CardTitle>
        <CardDescription>{message.body}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2">
        {error ? <p className="text-xs text-muted-foreground">Error code: {error.replace(/[^A-Za-z]/g, "").slice(0, 40)}</p> : null}
        <Button asChild>
          <Link href="/login">Back to sign in</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
