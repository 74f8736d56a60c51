import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SearchXIcon } from "lucide-react";

import { ModelDetailView } from "@/components/models/model-detail-view";
import { ModelAction } from "@/components/models/model-detail-actions";
import { ModelsLoadErrorView } from "@/components/models/models-load-error-view";
import { EmptyState } from "@/components/states/empty-state";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { PageHeader } from "@/components/states/page-header";
import { Button } from "@/components/ui/button";
import { currentUser } from "@/lib/auth";
import { forbiddenMessage } from "@/lib/auth/route-access";
import { canReadPlatform, isAdmin } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { isDomainError } from "@/lib/errors";
import { getModelDetail, type ModelDetail } from "@/lib/models/service";
import { getRequestMeta } from "@/lib/request-meta";

export const metadata: Metadata = { title: "Model" };

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!canReadPlatform(user)) return <ForbiddenState message={forbiddenMessage("/models")} />;
  const { id } = await params;
  const modelId = decodeURIComponent(id);
  let detail: ModelDetail;
  try {
    detail = await getModelDetail({ ctx: { user, request: await getRequestMeta() }, id: modelId });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.code === "not_found") {
      return (
        <div className="grid gap-6">
          <PageHeader title="Deployment not found" />
          <EmptyState
            icon={<SearchXIcon aria-hidden />}
            title={`No deployment ${modelId}`}
            description={error.message}
            action={
              <Button asChild variant="outline">
                <Link href="/models">Back to models</Link>
              </Button>
            }
          />
        </div>
      );
    }
    return (
      <div className="grid gap-6">
        <PageHeader title="Model" />
        {/* The retry shares the page's one lazy island (see ModelAction) instead of adding its own client code. */}
        <ModelAction kind="retry" props={{}}>
          <ModelsLoadErrorView title="Could not load this deployment from LiteLLM" message={error.message} />
        </ModelAction>
      </div>
    );
  }
  return (
    <ModelDetailView
      detail={detail}
      canEdit={isAdmin(user)}
      testTimeoutSeconds={Math.round(getEnv().LITELLM_TEST_CONNECT_TIMEOUT_MS / 1000)}
    />
  );
}
