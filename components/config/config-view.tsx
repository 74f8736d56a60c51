import Link from "next/link";

import { PageHeader } from "@/components/states/page-header";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DriftView } from "@/lib/config/service";
import { cn } from "@/lib/utils";

import { ExportForm } from "./export-form";
import { PlanApplySlot } from "./plan-apply-slot";

export const CONFIG_TABS = ["plan", "export", "drift"] as const;
export type ConfigTab = (typeof CONFIG_TABS)[number];
const TAB_LABELS: Record<ConfigTab, string> = { plan: "Plan & apply", export: "Export", drift: "Drift" };

/** The models list's filters an export can carry (the list's search and its selects). */
export const EXPORT_FILTER_KEYS = ["q", "provider", "mode", "team", "health", "source"] as const;

export interface ExportPreset {
  q?: string;
  provider?: string;
  mode?: string;
  team?: string;
  health?: string;
  source?: string;
  /** Comma-separated deployment ids (the models list's selection or page). */
  ids?: string;
  /** "Export selected" with nothing ticked. */
  emptySelection?: boolean;
}

/** /config: export, upload → plan → apply, and drift. Tabs are links so each view renders on the server. */
export function ConfigView({
  tab,
  canApply,
  drift,
  driftError,
  preset,
}: {
  tab: ConfigTab;
  canApply: boolean;
  drift: DriftView | null;
  driftError: string | null;
  preset: ExportPreset;
}) {
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Config as code"
        description="Export the proxy as LiteLLM config.yaml, operator resources or a Gatehouse bundle; check any file against the live proxy with the wizard's rules before a single change is made."
      />
      <nav aria-label="Config as code views" className="flex gap-1 border-b">
        {CONFIG_TABS.map((t) => (
          <Link
            key={t}
            href={`/config?tab=${t}`}
            aria-current={t === tab ? "page" : undefined}
            className={cn("-mb-px border-b-2 px-3 py-2 text-sm", t === tab ? "border-primary font-medium" : "border-transparent text-muted-foreground hover:text-foreground")}
          >
            {TAB_LABELS[t]}
          </Link>
        ))}
      </nav>
      {tab === "plan" ? (
        <PlanApplySlot
          canApply={canApply}
          pending={
            <p role="status" className="text-sm text-muted-foreground">
              Loading the planner…
            </p>
          }
          failed={
            <p role="alert" className="text-sm text-destructive">
              The planner could not be loaded. Reload the page.
            </p>
          }
        />
      ) : null}
      {tab === "export" ? <ExportForm preset={preset} /> : null}
      {tab === "drift" ? <DriftPanel drift={drift} error={driftError} /> : null}
    </div>
  );
}

function DriftPanel({ drift, error }: { drift: DriftView | null; error: string | null }) {
  if (error || !drift) {
    return (
      <div role="alert" className="rounded-lg border border-destructive/40 bg-destructive/10 p-4 text-sm text-destructive">
        {error ?? "The live deployments could not be read."}
      </div>
    );
  }
  const configured = drift.configured;
  const differing = configured?.plan?.items.filter((i) => i.action !== "unchanged") ?? [];
  return (
    <div className="grid gap-6">
      <section aria-labelledby="origin-heading" className="grid gap-3">
        <h2 id="origin-heading" className="text-lg font-semibold">
          Where the live deployments come from
        </h2>
        <p className="text-sm">
          {drift.fromConfig} from LiteLLM&apos;s own config.yaml (read-only through its API), {drift.fromDb} from its database. {drift.asOf !== null
            ? `From the deployment index, as of ${drift.asOf}.`
            : `Read with ${drift.calls} LiteLLM call${drift.calls === 1 ? "" : "s"}.`}
        </p>
        {drift.rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">LiteLLM has no deployments.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Alias</TableHead>
                <TableHead>Model</TableHead>
                <TableHead>Origin</TableHead>
                <TableHead>Managed by</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {drift.rows.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <Link href={`/models/${encodeURIComponent(r.id)}`} className="underline-offset-2 hover:underline">
                      {r.alias}
                    </Link>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{r.model}</TableCell>
                  <TableCell>
                    <Badge variant={r.origin === "config.yaml" ? "secondary" : "outline"}>{r.origin === "config.yaml" ? "config.yaml · read-only" : "database"}</Badge>
                  </TableCell>
                  <TableCell className="text-sm">{r.managedBy ?? <span className="text-muted-foreground">console</span>}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {drift.total > drift.rows.length ? (
          <p className="text-sm text-muted-foreground">
            Showing the first {drift.rows.length.toLocaleString("en-US")} of {drift.total.toLocaleString("en-US")} deployments (partial list; the counts above are complete). The{" "}
            <Link href="/models?source=config" className="underline underline-offset-2">
              models list
            </Link>{" "}
            pages through and filters them all.
          </p>
        ) : null}
      </section>
      <section aria-labelledby="source-heading" className="grid gap-3">
        <h2 id="source-heading" className="text-lg font-semibold">
          Against a source file
        </h2>
        {!configured ? (
          <p className="text-sm text-muted-foreground">
            Set <code>GATEHOUSE_CONFIG_FILE</code> to compare the proxy with a file on every visit, or upload one under{" "}
            <Link href="/config?tab=plan" className="underline">
              Plan &amp; apply
            </Link>
            : its plan lists which live deployments differ and how.
          </p>
        ) : configured.error ? (
          <p role="alert" className="text-sm text-destructive">
            {configured.error}
          </p>
        ) : configured.plan && configured.plan.issues.length > 0 ? (
          <p role="alert" className="text-sm text-destructive">
            {configured.file} has {configured.plan.issues.length} problem(s): {configured.plan.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}
          </p>
        ) : (
          <>
            <p className="text-sm">
              {configured.file}: {differing.length === 0 ? "the live proxy matches it." : `${differing.length} difference(s).`}{" "}
              {configured.plan?.notInFile ? `${configured.plan.notInFile} deployment(s) it once managed are no longer listed.` : ""}
            </p>
            {differing.length > 0 ? (
              <ul className="grid gap-2" aria-label="Differences from the source file">
                {differing.map((i) => (
                  <li key={i.key} className="rounded-md border p-3 text-sm">
                    <Badge variant={i.action === "blocked" ? "destructive" : "warning"}>{i.action === "add" ? "missing on the proxy" : i.action === "change" ? "differs" : i.action}</Badge>{" "}
                    <span className="font-medium">{i.name}</span>
                    <ul className="mt-1 font-mono text-xs">
                      {i.changes.map((c) => (
                        <li key={c.field}>
                          {c.field}: {JSON.stringify(c.before ?? null)} (live) → {JSON.stringify(c.after ?? null)} (file)
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
