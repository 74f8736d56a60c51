import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ShieldCheckIcon } from "lucide-react";
import { PasswordSignInForm } from "@/components/auth/password-sign-in-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import { currentUser } from "@/lib/auth";
import { signInWithProviderAction } from "@/lib/auth/actions";
import { configuredProviders } from "@/lib/auth/providers";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl: rawCallback, error } = await searchParams;
  // Auth.js sends some failures (e.g. the IdP's access_denied) back to the sign-in page: show the clear error page.
  if (error) redirect(`/auth-error?error=${encodeURIComponent(error.replace(/[^A-Za-z]/g, "").slice(0, 40))}`);
  const callbackUrl = rawCallback?.startsWith("/") && !rawCallback.startsWith("//") ? rawCallback : "/";
  if (await currentUser()) redirect(callbackUrl);
  const providers = configuredProviders();
  const oauth = providers.filter((p) => p.kind === "oauth");
  const local = providers.find((p) => p.id === "local");
  const env = getEnv();
  return (
    <Card>
      <CardHeader>
        <div className="mb-2 flex items-center gap-2 text-primary">
          <ShieldCheckIcon aria-hidden className="size-6" />
          <span className="text-lg font-semibold text-foreground">Gatehouse</span>
        </div>
        <CardTitle>
          <h1 className="text-xl">Sign in</h1>
        </CardTitle>
        <CardDescription>Admin console for the LiteLLM gateway.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {providers.length === 0 ? (
          <p className="text-sm text-destructive">
            No sign-in method is configured. Set OPENSHIFT_API_URL, OIDC_ISSUER or CONSOLE_ADMIN_PASSWORD_HASH (see the README).
          </p>
        ) : null}
        {oauth.map((provider) => (
          <form key={provider.id} action={signInWithProviderAction}>
            <input type="hidden" name="provider" value={provider.id} />
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <Button type="submit" variant="outline" className="w-full">
              Sign in with {provider.name}
            </Button>
          </form>
        ))}
        {oauth.length > 0 && local ? <Separator /> : null}
        {local ? (
          <section aria-labelledby="break-glass-heading" className="grid gap-3">
            <h2 id="break-glass-heading" className="text-sm font-medium text-muted-foreground">
              Break-glass admin
            </h2>
            {env.CONSOLE_ALLOW_MASTER_KEY_LOGIN ? (
              <p className="rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-xs text-foreground">
                Master-key login is enabled. Disable CONSOLE_ALLOW_MASTER_KEY_LOGIN once single sign-on works.
              </p>
            ) : null}
            <PasswordSignInForm callbackUrl={callbackUrl} />
          </section>
        ) : null}
      </CardContent>
    </Card>
  );
}
