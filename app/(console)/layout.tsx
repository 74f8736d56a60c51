import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { currentUser } from "@/lib/auth";
import { signOutAction } from "@/lib/auth/actions";
import { getLiteLLMStatus } from "@/lib/platform/litellm-status";
import { navFor } from "@/lib/platform/navigation";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
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
