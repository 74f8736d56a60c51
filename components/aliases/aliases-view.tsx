"use client";

import { useState } from "react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { PageHeader } from "@/components/states/page-header";
import type { ConsumerAliasRecord } from "@/lib/aliases/service";
import { CoverageView, type CoverageResult } from "./coverage-view";
import { ImportExport } from "./import-export";
import { ALIAS_TABS, type AliasTab } from "./kinds";
import { RegistryView } from "./registry-view";

export function AliasesView({
  tab: initialTab,
  coverage,
  records,
  canEdit,
}: {
  tab: AliasTab;
  coverage: CoverageResult;
  records: ConsumerAliasRecord[];
  canEdit: boolean;
}) {
  const [tab, setTab] = useState<AliasTab>(initialTab);
  const select = (value: string) => {
    const next = (ALIAS_TABS as readonly string[]).includes(value) ? (value as AliasTab) : "coverage";
    setTab(next);
    // Keep the tab in the URL without a server round trip.
    const url = new URL(window.location.href);
    if (next === "coverage") url.searchParams.delete("tab");
    else url.searchParams.set("tab", next);
    window.history.replaceState(window.history.state, "", url);
  };
  const servedKeys = coverage.ok ? coverage.report.rows.filter((r) => r.served).map((r) => `${r.alias}\u0000${r.consumer}`) : [];
  const problems = coverage.ok ? coverage.report.rows.filter((r) => r.status !== "ok").length : 0;

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Consumer aliases"
        description="What applications and pipelines call, and whether LiteLLM serves it with the right kind and dimension."
      />
      {/* Panels stay mounted so a pasted file, its preview and the search survive switching tabs. */}
      <Tabs value={tab} onValueChange={select}>
        <TabsList>
          <TabsTrigger value="coverage">
            Coverage
            {problems > 0 ? <span className="rounded bg-destructive px-1.5 text-xs text-destructive-foreground">{problems}</span> : null}
          </TabsTrigger>
          <TabsTrigger value="registry">Registry ({records.length})</TabsTrigger>
          <TabsTrigger value="transfer">{canEdit ? "Import / Export" : "Export"}</TabsTrigger>
        </TabsList>
        <TabsContent value="coverage" forceMount className="pt-4 data-[state=inactive]:hidden">
          <CoverageView result={coverage} canEdit={canEdit} onGoToImport={() => select("transfer")} />
        </TabsContent>
        <TabsContent value="registry" forceMount className="pt-4 data-[state=inactive]:hidden">
          <RegistryView records={records} servedKeys={servedKeys} canEdit={canEdit} />
        </TabsContent>
        <TabsContent value="transfer" forceMount className="pt-4 data-[state=inactive]:hidden">
          <ImportExport canEdit={canEdit} onApplied={() => select("coverage")} />
        </TabsContent>
      </Tabs>
    </div>
  );
}
