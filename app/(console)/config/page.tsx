import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { CONFIG_TABS, ConfigView, EXPORT_FILTER_KEYS, type ConfigTab, type ExportPreset } from "@/components/config/config-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { canReadPlatform, isAdmin } from "@/lib/auth/permissions";
import { loadDriftView, type DriftView } from "@/lib/config/service";
import { isDomainError } from "@/lib/errors";
import { getRequestMeta } from "@/lib/request-meta";
import { toActionError } from "@/lib/safe-action";

export const metadata: Metadata = { title: "Config as code" };

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export default async function ConfigPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!canReadPlatform(user)) return <ForbiddenState message="Config as code is for console admins and viewers." />;
  const raw = await searchParams;
  const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, first(v)]));
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
  // From the models list: its selection (repeated `ids` from the rows' checkboxes, or one comma list) or its filters.
  const ids = [raw.ids ?? []].flat().flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean).slice(0, 20_000);
  const preset: ExportPreset = { ...(ids.length > 0 ? { ids: ids.join(",") } : {}), ...(params.selection && ids.length === 0 ? { emptySelection: true } : {}) };
  for (const key of EXPORT_FILTER_KEYS) {
    const value = params[key]?.trim().slice(0, 200);
    if (value) preset[key] = value;
  }
  return <ConfigView tab={tab} canApply={isAdmin(user)} drift={drift} driftError={driftError} preset={preset} />;
}
