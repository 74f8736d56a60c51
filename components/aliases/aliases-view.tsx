import { PageHeader } from "@/components/states/page-header";
import type { ConsumerAliasRecord } from "@/lib/aliases/service";
import { Island } from "./aliases-islands";
import { CoverageView, type CoverageResult } from "./coverage-view";
import { hiddenPanels, type AliasTab } from "./kinds";
import { RegistryView } from "./registry-view";
import { TransferView } from "./transfer-view";

// The classes of components/ui/tabs (TabsList, TabsTrigger), applied by the light tab list.
const LIST_CLASS = "inline-flex h-9 w-fit items-center justify-center rounded-lg bg-muted p-[3px] text-muted-foreground";
const TAB_CLASS =
  "inline-flex h-[calc(100%-1px)] flex-1 items-center justify-center gap-1.5 rounded-md border border-transparent px-2 py-1 text-sm font-medium whitespace-nowrap text-muted-foreground transition-[color,box-shadow] hover:text-foreground focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-1 focus-visible:outline-ring disabled:pointer-events-none disabled:opacity-50 data-[state=active]:bg-background data-[state=active]:text-foreground data-[state=active]:shadow-sm dark:data-[state=active]:border-input dark:data-[state=active]:bg-input/30 [&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4";

/**
 * Server-rendered page. The tab list, the search, the dialog triggers and the import form are an interactive layer
 * loaded after hydration (see Island); until then their server look-alikes are inert and aria-disabled.
 */
export function AliasesView({
  tab,
  coverage,
  records,
  canEdit,
}: {
  tab: AliasTab;
  coverage: CoverageResult;
  records: ConsumerAliasRecord[];
  canEdit: boolean;
}) {
  const servedKeys = coverage.ok ? coverage.report.rows.filter((r) => r.served).map((r) => `${r.alias}\u0000${r.consumer}`) : [];
  const problems = coverage.ok ? coverage.report.rows.filter((r) => r.status !== "ok").length : 0;
  const tabs: { value: AliasTab; label: React.ReactNode; panel: React.ReactNode }[] = [
    {
      value: "coverage",
      label: (
        <>
          Coverage
          {problems > 0 ? <span className="rounded bg-destructive px-1.5 text-xs text-destructive-foreground">{problems}</span> : null}
        </>
      ),
      panel: <CoverageView result={coverage} canEdit={canEdit} />,
    },
    {
      value: "registry",
      label: `Registry (${records.length})`,
      panel: <RegistryView records={records} servedKeys={servedKeys} canEdit={canEdit} />,
    },
    { value: "transfer", label: canEdit ? "Import / Export" : "Export", panel: <TransferView canEdit={canEdit} /> },
  ];

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Consumer aliases"
        description="What applications and pipelines call, and whether LiteLLM serves it with the right kind and dimension."
      />
      <div className="flex flex-col gap-2">
        <Island
          name="TabList"
          props={{
            initial: tab,
            tabs: tabs.map(({ value, label }) => ({ value, label })),
            listClassName: LIST_CLASS,
            tabClassName: TAB_CLASS,
          }}
          fallback={
            <>
              <style>
                {hiddenPanels(
                  tabs.map((t) => t.value),
                  tab,
                )}
              </style>
              <div role="tablist" aria-orientation="horizontal" className={LIST_CLASS}>
                {tabs.map((t) => (
                  <button
                    key={t.value}
                    type="button"
                    role="tab"
                    id={`aliases-tab-${t.value}`}
                    aria-controls={`aliases-panel-${t.value}`}
                    aria-selected={t.value === tab}
                    aria-disabled
                    data-state={t.value === tab ? "active" : "inactive"}
                    tabIndex={t.value === tab ? 0 : -1}
                    className={TAB_CLASS}
                  >
                    {t.label}
                  </button>
                ))}
              </div>
            </>
          }
        >
          {tabs.map((t) => (
            <div
              key={t.value}
              role="tabpanel"
              id={`aliases-panel-${t.value}`}
              aria-labelledby={`aliases-tab-${t.value}`}
              tabIndex={0}
              className="flex-1 pt-4 outline-none"
            >
              {t.panel}
            </div>
          ))}
        </Island>
      </div>
    </div>
  );
}
