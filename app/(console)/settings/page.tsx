import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SettingsView } from "@/components/settings/settings-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { forbiddenMessage } from "@/lib/auth/route-access";
import { canReadPlatform } from "@/lib/auth/permissions";
import { listBindableTeams } from "@/lib/bindings/service";
import { getEffectiveSettings } from "@/lib/settings/effective";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!canReadPlatform(user)) return <ForbiddenState message={forbiddenMessage("/settings")} />;
  const canEdit = user.role === "admin";
  const [settings, teams] = await Promise.all([getEffectiveSettings(), canEdit ? listBindableTeams(user) : Promise.resolve([])]);
  return <SettingsView settings={settings} canEdit={canEdit} teams={teams} />;
}
