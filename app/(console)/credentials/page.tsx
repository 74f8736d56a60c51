import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { CredentialsHeader, CredentialsLoadErrorView, CredentialsView } from "@/components/credentials/credentials-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { forbiddenMessage } from "@/lib/auth/route-access";
import { canReadPlatform, isAdmin } from "@/lib/auth/permissions";
import { listCredentials, type CredentialsPage as CredentialsData } from "@/lib/credentials/service";
import { isDomainError } from "@/lib/errors";
import { getRequestMeta } from "@/lib/request-meta";

export const metadata: Metadata = { title: "Credentials" };

export default async function CredentialsPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!canReadPlatform(user)) return <ForbiddenState message={forbiddenMessage("/credentials")} />;
  let page: CredentialsData;
  try {
    page = await listCredentials({ ctx: { user, request: await getRequestMeta() } });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return (
      <div className="grid gap-6">
        <CredentialsHeader canEdit={false} providers={[]} />
        <CredentialsLoadErrorView title="Could not load credentials from LiteLLM" message={error.message} />
      </div>
    );
  }
  return <CredentialsView page={page} canEdit={isAdmin(user)} />;
}
