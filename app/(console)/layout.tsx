import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { TimeZoneProvider } from "@/components/time/time-zone";
import { currentUser } from "@/lib/auth";
import { signOutAction } from "@/lib/auth/actions";
import { routeAccess } from "@/lib/auth/route-access";
import { PATH_HEADER } from "@/lib/http-guards";
import { getLiteLLMStatus } from "@/lib/platform/litellm-status";
import { navFor } from "@/lib/platform/navigation";
import { operatorTimeZone } from "@/lib/time/zone";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  // Before anything streams (pages sit under loading.tsx), so a page the user may not open answers HTTP 403.
  const path = (await headers()).get(PATH_HEADER);
  if (path && !routeAccess(path, user).allowed) forbidden();
  const [litellm, zone] = await Promise.all([getLiteLLMStatus(), operatorTimeZone()]);
  return (
    <TimeZoneProvider zone={zone}>
      <AppShell
        user={{ name: user.name, username: user.username, provider: user.provider, role: user.role, teams: user.teams }}
        nav={navFor(user)}
        litellm={litellm}
        signOutAction={signOutAction}
      >
        {children}
      </AppShell>
    </TimeZoneProvider>
  );
}
