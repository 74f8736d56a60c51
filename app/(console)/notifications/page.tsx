import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { NotificationsView } from "@/components/notifications/notifications-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { canSeeNotifications, getNotificationSetup } from "@/lib/notify/service";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!canSeeNotifications(user)) return <ForbiddenState message="Notifications are managed by admins and team admins." />;
  const setup = await getNotificationSetup({ user });
  return <NotificationsView setup={setup} canRunTick={user.role === "admin"} />;
}
