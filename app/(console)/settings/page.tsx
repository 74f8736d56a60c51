import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SettingsView } from "@/components/settings/settings-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { canReadPlatform } from "@/lib/auth/permissions";
import { getEffectiveSettings } from "@/lib/settings/effective";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!canReadPlatform(user)) return <ForbiddenState message="Settings are visible to console admins and viewers." />;
  const settings = await getEffectiveSettings();
  return <SettingsView settings={settings} canEdit={user.role === "admin"} />;
}
