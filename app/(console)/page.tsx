import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";

import { OverviewView } from "@/components/overview/overview-view";
import { LoadingState } from "@/components/states/loading-state";
import { PageHeader } from "@/components/states/page-header";
import { currentUser } from "@/lib/auth";
import type { SessionUser } from "@/lib/auth/types";
import { getOverview } from "@/lib/overview/service";

export const metadata: Metadata = { title: "Overview" };

async function OverviewContent({ user }: { user: SessionUser }) {
  return <OverviewView overview={await getOverview(user)} />;
}

/** The console's home: what needs attention today, scoped by role; the cards stream in once LiteLLM has answered. */
export default async function HomePage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  return (
    <Suspense
      fallback={
        <div className="grid gap-6">
          <PageHeader title="Overview" description="What needs attention today." />
          <LoadingState label="Loading what needs attention" rows={6} />
        </div>
      }
    >
      <OverviewContent user={user} />
    </Suspense>
  );
}
