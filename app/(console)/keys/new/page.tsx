import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { KeysIsland } from "@/app/(console)/keys/error";
import { SelfServicePanel } from "@/components/keys/self-service-panel";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { LoadingState } from "@/components/states/loading-state";
import { PageHeader } from "@/components/states/page-header";
import { currentUser } from "@/lib/auth";
import { isDomainError } from "@/lib/errors";
import { getIssueFormOptions } from "@/lib/keys/service";

export const metadata: Metadata = { title: "Issue a virtual key" };

export default async function NewKeyPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  const options = await getIssueFormOptions({ user }).catch((error: unknown) => {
    if (isDomainError(error) && error.code === "forbidden") return error;
    throw error;
  });
  if (options instanceof Error) return <ForbiddenState message={options.message} />;
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Issue a virtual key"
        description="The key's secret is shown once, right after you issue it. Gatehouse never stores it."
      />
      <SelfServicePanel teams={options.blockedTeams} formOffered={options.teams.length > 0} />
      {options.teams.length > 0 || options.isAdmin ? (
        <KeysIsland view="issue" options={options}>
          <LoadingState label="Loading the key form" rows={6} />
        </KeysIsland>
      ) : null}
    </div>
  );
}
