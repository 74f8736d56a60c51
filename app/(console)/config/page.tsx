import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { CONFIG_TABS, ConfigView, type ConfigTab } from "@/components/config/config-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { canReadPlatform, isAdmin } from "@/lib/auth/permissions";
import { loadDriftView, type DriftView } from "@/lib/config/service";
import { isDomainError } from "@/lib/errors";
import { getRequestMeta } from "@/lib/request-meta";
import { toActionError } from "@/lib/safe-action";

export const metadata: Metadata = { title: "Config as code" };

export default async function ConfigPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!canReadPlatform(user)) return <ForbiddenState message="Config as code is for console admins and viewers." />;
  const params = await searchParams;
  const tab: ConfigTab = (CONFIG_TABS as readonly string[]).includes(params.tab ?? "") ? (params.tab as ConfigTab) : "plan";
  let drift: DriftView | null = null;
  let driftError: string | null = null;
  if (tab === "drift") {
    try {
      drift = await loadDriftView({ ctx: { user, request: await getRequestMeta() } });
    } catch (error) {
      const shown = toActionError(error, "config.drift");
      driftError = isDomainError(error) ? error.message : `LiteLLM could not be read: ${shown.message}`;
    }
  }
  const q = params.q?.slice(0, 200);
  const ids = params.ids?.slice(0, 100_000);
  return <ConfigView tab={tab} canApply={isAdmin(user)} drift={drift} driftError={driftError} preset={{ ...(q ? { q } : {}), ...(ids ? { ids } : {}) }} />;
}
