import Link from "next/link";
import { BoxesIcon, ChevronLeftIcon, ChevronRightIcon, PlusIcon } from "lucide-react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { IndexFreshness } from "@/components/deployments/index-freshness";
import { EmptyState } from "@/components/states/empty-state";
import { PageHeader } from "@/components/states/page-header";
import { MODES } from "@/lib/catalog/modes";
import { MODEL_PAGE_SIZES, modelListHref, type ModelGroup, type ModelListParams } from "@/lib/models/list";
import type { ModelListPage } from "@/lib/models/service";

import { FieldLabel as Label } from "./field-label";
import { HealthBadge, ManagedByBadge, ModeBadge, ProviderBadge, SourceBadge } from "./model-badges";
import { ModelsLoadError } from "./models-load-error";
import { NativeSelect } from "./native-select";

const COLUMNS = 8;
/** The export form the rows' checkboxes belong to (a plain GET form: the selection works without JavaScript). */
const EXPORT_FORM_ID = "models-export";

function isFiltered(p: ModelListParams): boolean {
  return Boolean(p.q || p.provider || p.mode || p.team || p.health || p.source);
}

function ModelFilters({ params, providers }: { params: ModelListParams; providers: string[] }) {
  const providerOptions = params.provider && !providers.includes(params.provider) ? [params.provider, ...providers] : providers;
  return (
    <form method="get" action="/models" className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-8" aria-label="Filter models">
      <div className="grid gap-1.5 sm:col-span-2">
        <Label htmlFor="models-q">Search</Label>
        <Input id="models-q" name="q" type="search" defaultValue={params.q} placeholder="alias or model name" />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="models-provider">Provider</Label>
        <NativeSelect id="models-provider" name="provider" defaultValue={params.provider ?? ""}>
          <option value="">Any provider</option>
          {providerOptions.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="models-mode">Mode</Label>
        <NativeSelect id="models-mode" name="mode" defaultValue={params.mode ?? ""}>
          <option value="">Any mode</option>
          {MODES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="models-team">Team</Label>
        <Input id="models-team" name="team" defaultValue={params.team} placeholder="team id" />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="models-health">Health</Label>
        <NativeSelect id="models-health" name="health" defaultValue={params.health ?? ""}>
          <option value="">Any health</option>
          <option value="healthy">Connected or verified</option>
          <option value="failing">Failing or blocked</option>
          <option value="unchecked">Not checked</option>
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="models-source">Defined in</Label>
        <NativeSelect id="models-source" name="source" defaultValue={params.source ?? ""}>
          <option value="">DB or config</option>
          <option value="db">Database (editable)</option>
          <option value="config">config.yaml (read-only)</option>
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="models-sort">Sort</Label>
        <NativeSelect id="models-sort" name="sort" defaultValue={params.sort}>
          <option value="alias">Alias</option>
          <option value="created">Created</option>
          <option value="updated">Updated</option>
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="models-order">Order</Label>
        <NativeSelect id="models-order" name="order" defaultValue={params.order}>
          <option value="asc">Ascending</option>
          <option value="desc">Descending</option>
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="models-size">Per page</Label>
        <NativeSelect id="models-size" name="size" defaultValue={String(params.size)}>
          {MODEL_PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-1">
        <Button type="submit">Apply</Button>
        {isFiltered(params) ? (
          <Button asChild variant="ghost">
            <Link href="/models">Clear</Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function GroupRows({ group }: { group: ModelGroup }) {
  const notes = [
    group.continuesFromPrevious ? "continued from the previous page" : null,
    group.continuesOnNext ? "continues on the next page" : null,
  ].filter(Boolean);
  return (
    <TableBody data-testid="model-group" data-alias={group.alias} className="border-t-2">
      <TableRow className="bg-muted/50 hover:bg-muted/50">
        <TableHead scope="rowgroup" colSpan={COLUMNS} className="py-2 text-foreground">
          <span className="font-mono text-sm font-semibold">{group.alias}</span>
          <span className="ml-2 text-xs font-normal text-muted-foreground">
            {group.deployments.length} deployment{group.deployments.length === 1 ? "" : "s"} on this page
            {notes.length ? ` · ${notes.join(", ")}` : ""}
          </span>
        </TableHead>
      </TableRow>
      {group.deployments.map((d) => (
        <TableRow key={d.id} data-testid="model-row" data-model-id={d.id}>
          <TableCell className="w-8 pr-0">
            <input
              type="checkbox"
              name="ids"
              value={d.id}
              form={EXPORT_FORM_ID}
              className="size-4 align-middle"
              aria-label={`Select ${group.alias} (${d.id}) for export`}
            />
          </TableCell>
          <TableCell>
            <Link href={`/models/${encodeURIComponent(d.id)}`} className="font-mono text-sm underline-offset-4 hover:underline">
              {d.upstreamModel || d.modelName}
            </Link>
            <div className="font-mono text-xs text-muted-foreground" title={d.id}>
              {d.id.length > 13 ? `${d.id.slice(0, 8)}…${d.id.slice(-4)}` : d.id}
            </div>
          </TableCell>
          <TableCell>
            <ProviderBadge provider={d.provider} />
          </TableCell>
          <TableCell>
            <ModeBadge mode={d.mode} />
          </TableCell>
          <TableCell>
            <div className="flex flex-wrap gap-1">
              <SourceBadge source={d.source} />
              {d.managedBy ? <ManagedByBadge source={d.managedBy} /> : null}
            </div>
          </TableCell>
          <TableCell>
            <HealthBadge health={d.health} />
          </TableCell>
          <TableCell className="text-sm">
            {d.credentialName ? (
              <Link href="/credentials" className="font-mono underline-offset-4 hover:underline">
                {d.credentialName}
              </Link>
            ) : (
              <span className="text-muted-foreground">inline</span>
            )}
          </TableCell>
          <TableCell className="text-sm whitespace-nowrap text-muted-foreground">
            {d.rpm ?? "–"} rpm · {d.tpm ?? "–"} tpm
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  );
}

function Pagination({ page }: { page: ModelListPage }) {
  const { params, totalPages } = page;
  const first = (page.page - 1) * page.pageSize + 1;
  const last = first + page.rowCount - 1;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground" data-testid="models-range">
        {page.rowCount > 0 ? `Deployments ${first}–${last} of ${page.totalCount}` : `${page.totalCount} deployments`} · page {page.page} of{" "}
        {totalPages}
        {" · "}
        <IndexFreshness freshness={page.freshness} />
      </p>
      <div className="flex gap-2">
        {page.page > 1 ? (
          <Button asChild variant="outline" size="sm">
            <Link href={modelListHref(params, { page: Math.min(page.page - 1, totalPages) })} rel="prev">
              <ChevronLeftIcon aria-hidden /> Previous
            </Link>
          </Button>
        ) : null}
        {page.page < totalPages ? (
          <Button asChild variant="outline" size="sm">
            <Link href={modelListHref(params, { page: page.page + 1 })} rel="next">
              Next <ChevronRightIcon aria-hidden />
            </Link>
          </Button>
        ) : null}
      </div>
    </nav>
  );
}

export function ModelsHeader({ canEdit }: { canEdit: boolean }) {
  return (
    <PageHeader
      title="Models"
      description="Every LiteLLM deployment, grouped by the public alias clients call. Deployments sharing an alias are load-balanced."
      actions={
        canEdit ? (
          <Button asChild>
            <Link href="/models/new">
              <PlusIcon aria-hidden /> Add model
            </Link>
          </Button>
        ) : null
      }
    />
  );
}

export function ModelsListView({
  page,
  error,
  params,
  providers,
  canEdit,
}: {
  page: ModelListPage | null;
  /** Set when LiteLLM could not be read. */
  error?: string;
  params: ModelListParams;
  providers: string[];
  canEdit: boolean;
}) {
  return (
    <div className="grid gap-6">
      <ModelsHeader canEdit={canEdit} />
      <ModelFilters params={params} providers={providers} />
      {error || !page ? (
        <ModelsLoadError title="Could not load models from LiteLLM" message={error ?? "LiteLLM did not answer."} />
      ) : page.rowCount === 0 ? (
        page.totalCount > 0 ? (
          <EmptyState
            icon={<BoxesIcon aria-hidden />}
            title="This page is past the end of the list"
            action={
              <Button asChild variant="outline">
                <Link href={modelListHref(params, { page: page.totalPages })}>Go to the last page</Link>
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon={<BoxesIcon aria-hidden />}
            title={isFiltered(params) ? "No deployments match these filters" : "No models yet"}
            description={isFiltered(params) ? "Clear a filter or search for another alias." : "Add a model to make it available through LiteLLM."}
            action={
              isFiltered(params) ? (
                <Button asChild variant="outline">
                  <Link href="/models">Clear filters</Link>
                </Button>
              ) : canEdit ? (
                <Button asChild>
                  <Link href="/models/new">Add your first model</Link>
                </Button>
              ) : null
            }
          />
        )
      ) : (
        <>
          <Table aria-label="Deployments grouped by alias">
            <TableHeader>
              <TableRow>
                <TableHead className="w-8 pr-0">
                  <span className="sr-only">Select for export</span>
                </TableHead>
                <TableHead>Deployment</TableHead>
                <TableHead>Provider</TableHead>
                <TableHead>Mode</TableHead>
                <TableHead>Defined in</TableHead>
                <TableHead>Health</TableHead>
                <TableHead>Credential</TableHead>
                <TableHead>Limits</TableHead>
              </TableRow>
            </TableHeader>
            {page.groups.map((g, i) => (
              <GroupRows key={`${g.alias}-${i}`} group={g} />
            ))}
          </Table>
          {params.sort !== "alias" ? (
            <p className="text-xs text-muted-foreground">Sorted by date: deployments of one alias may appear on several pages.</p>
          ) : null}
          <Pagination page={page} />
          <ExportLinks params={params} page={page} />
        </>
      )}
    </div>
  );
}

const FILTER_KEYS = ["q", "provider", "mode", "team", "health", "source"] as const;

/** /config's export with the models list's current filters (every page of them, read from the same index). */
export function exportFilterHref(params: Partial<ModelListParams>): string {
  const search = new URLSearchParams({ tab: "export" });
  for (const key of FILTER_KEYS) {
    const value = params[key];
    if (value) search.set(key, String(value));
  }
  return `/config?${search.toString()}`;
}

/**
 * Export as config-as-code files: the selected deployments (the rows' checkboxes), every deployment matching the
 * current filters (all pages), or this page. Plain GET forms and links to /config's export: no client code.
 */
function ExportLinks({ params, page }: { params: ModelListParams; page: ModelListPage }) {
  const ids = page.groups.flatMap((g) => g.deployments.map((r) => r.id));
  const filtered = isFiltered(params);
  return (
    <form id={EXPORT_FORM_ID} action="/config" method="get" aria-label="Export deployments" className="flex flex-wrap items-center gap-3 text-sm">
      <input type="hidden" name="tab" value="export" />
      <input type="hidden" name="selection" value="1" />
      <Button type="submit" variant="outline" size="sm">
        Export selected
      </Button>
      <Link className="underline underline-offset-2" href={exportFilterHref(params)}>
        {filtered ? `Export all ${page.totalCount} matching these filters` : `Export all ${page.totalCount} deployments`}
      </Link>
      <Link className="underline underline-offset-2" href={`/config?tab=export&ids=${encodeURIComponent(ids.join(","))}`}>
        Export this page ({ids.length} deployment{ids.length === 1 ? "" : "s"})
      </Link>
      <Link className="underline underline-offset-2" href="/config?tab=drift">
        Drift
      </Link>
    </form>
  );
}
