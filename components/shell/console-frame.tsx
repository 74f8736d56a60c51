import { AppShell } from "@/components/shell/app-shell";
import { signOutAction } from "@/lib/auth/actions";
import type { SessionUser } from "@/lib/auth/types";
import { getLiteLLMStatus } from "@/lib/platform/litellm-status";
import { navFor } from "@/lib/platform/navigation";

/** The signed-in console around a page: the console layout and the forbidden page (HTTP 403) both use it. */
export async function ConsoleFrame({ user, children }: { user: SessionUser; children: React.ReactNode }) {
  const litellm = await getLiteLLMStatus();
  return (
    <AppShell
      user={{ name: user.name, username: user.username, provider: user.provider, role: user.role, teams: user.teams }}
      nav={navFor(user)}
      litellm={litellm}
      signOutAction={signOutAction}
    >
      {children}
    </AppShell>
  );
}
