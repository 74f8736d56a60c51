import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { OverviewView } from "@/components/overview/overview-view";
import { currentUser } from "@/lib/auth";
import { getOverview } from "@/lib/overview/service";

export const metadata: Metadata = { title: "Overview" };

/** The console's home: what needs attention today, scoped by role. */
export default async function HomePage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  return <OverviewView overview={await getOverview(user)} />;
}
