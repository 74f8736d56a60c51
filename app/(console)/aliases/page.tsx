import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AliasesView } from "@/components/aliases/aliases-view";
import { ALIAS_TABS, type AliasTab } from "@/components/aliases/kinds";
import type { CoverageResult } from "@/components/aliases/coverage-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { getCoverage, listConsumerAliases } from "@/lib/aliases/service";
import { currentUser } from "@/lib/auth";
import { forbiddenMessage } from "@/lib/auth/route-access";
import { canReadPlatform, isAdmin } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { toActionError } from "@/lib/safe-action";
import { getRequestMeta } from "@/lib/request-meta";

export const metadata: Metadata = { title: "Consumer aliases" };

export default async function AliasesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!canReadPlatform(user)) return <ForbiddenState message={forbiddenMessage("/aliases")} />;
  const ctx = { user, request: await getRequestMeta() };
  const requested = (await searchParams).tab;
  const tab: AliasTab = (ALIAS_TABS as readonly string[]).includes(requested ?? "") ? (requested as AliasTab) : "coverage";
  const [records, coverage] = await Promise.all([
    listConsumerAliases({ ctx }),
    getCoverage({ ctx }).then(
      (report): CoverageResult => ({ ok: true, report }),
      (error: unknown): CoverageResult => {
        // LiteLLM being down must not hide the registry: show the error inside the coverage tab.
        const shown = toActionError(error, "alias.coverage");
        return { ok: false, message: isDomainError(error) ? error.message : shown.message, errorId: shown.errorId };
      },
    ),
  ]);
  return <AliasesView tab={tab} coverage={coverage} records={records} canEdit={isAdmin(user)} />;
}
