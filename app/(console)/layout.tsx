import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { ConsoleFrame } from "@/components/shell/console-frame";
import { currentUser } from "@/lib/auth";
import { routeAccess } from "@/lib/auth/route-access";
import { PATH_HEADER } from "@/lib/http-guards";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  // Before anything streams (pages sit under loading.tsx), so a page the user may not open answers HTTP 403.
  const path = (await headers()).get(PATH_HEADER);
  if (path && !routeAccess(path, user).allowed) forbidden();
  return <ConsoleFrame user={user}>{children}</ConsoleFrame>;
}
