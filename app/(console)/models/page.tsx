import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { ModelsListView } from "@/components/models/models-list-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { forbiddenMessage } from "@/lib/auth/route-access";
import { canReadPlatform, isAdmin } from "@/lib/auth/permissions";
import { providerFieldsSnapshot } from "@/lib/catalog/providers";
import { isDomainError } from "@/lib/errors";
import { parseModelListParams } from "@/lib/models/list";
import { listModelsPage, type ModelListPage } from "@/lib/models/service";

export const metadata: Metadata = { title: "Models" };

/** Provider ids for the filter (LiteLLM's own names, as the list shows them). */
function providerIds(): string[] {
  return [...new Set(providerFieldsSnapshot().map((p) => p.litellm_provider))].sort();
}

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!canReadPlatform(user)) return <ForbiddenState message={forbiddenMessage("/models")} />;
  const params = parseModelListParams(await searchParams);
  let page: ModelListPage | null = null;
  let error: string | undefined;
  try {
    page = await listModelsPage(params);
  } catch (e) {
    // LiteLLM down, 5xx or a dropped connection: the page still renders, with the reason and a retry.
    if (!isDomainError(e)) throw e;
    error = e.message;
  }
  return <ModelsListView page={page} error={error} params={params} providers={providerIds()} canEdit={isAdmin(user)} />;
}
