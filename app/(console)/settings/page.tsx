import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SettingsView } from "@/components/settings/settings-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { canReadPlatform } from "@/lib/auth/permissions";
import { getLiteLLM } from "@/lib/litellm";
import { getEffectiveSettings } from "@/lib/settings/effective";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!canReadPlatform(user)) return <ForbiddenState message="Settings are visible to console admins and viewers." />;
  const canEdit = user.role === "admin";
  const [settings, teams] = await Promise.all([
    getEffectiveSettings(),
    // The team picker of the bindings editor; an unreachable LiteLLM just leaves it empty.
    canEdit
      ? getLiteLLM()
          .teams.list()
          .then((list) => list.map((t) => ({ teamId: t.team_id, alias: t.team_alias || t.team_id })).sort((a, b) => a.alias.localeCompare(b.alias)))
          .catch(() => [])
      : Promise.resolve([]),
  ]);
  return <SettingsView settings={settings} canEdit={canEdit} teams={teams} />;
}
