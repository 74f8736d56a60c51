import Link from "next/link";
import { CircleAlertIcon, CircleCheckIcon, PlugZapIcon, RefreshCwIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { IndexFreshness } from "@/components/deployments/index-freshness";
import { EmptyState } from "@/components/states/empty-state";
import { cn } from "@/lib/utils";
import type { CoverageEntry, CoverageReport } from "@/lib/aliases/service";
import { Island } from "./aliases-islands";
import { InertButton } from "./inert-button";
import { KIND_LABELS } from "./kinds";
import { VerificationBadge } from "./verification-badge";

export type CoverageResult = { ok: true; report: CoverageReport } | { ok: false; message: string; errorId?: string };

const STATUS_LABEL = { missing: "Missing", mismatch: "Mismatch", unhealthy: "Unhealthy", ok: "OK" } as const;

function expects(row: Pick<CoverageEntry, "kind" | "dimension">): string {
  return row.kind === "embedding" && row.dimension != null
    ? `${KIND_LABELS[row.kind]}, ${row.dimension} dimensions`
    : KIND_LABELS[row.kind];
}

function Verification({ row }: { row: CoverageEntry }) {
  if (row.kind !== "embedding") return <span className="text-muted-foreground">—</span>;
  if (row.verifications.length === 0) return <VerificationBadge status={null} />;
  return (
    <span className="flex flex-wrap gap-1">
      {row.verifications.map((v) => (
        <VerificationBadge key={v.modelId} status={v.status} expected={v.expected} actual={v.actual} message={v.message} />
      ))}
    </span>
  );
}

function ProblemAction({ row, canEdit }: { row: CoverageEntry; canEdit: boolean }) {
  // Viewers cannot add models, so they get the reason without the wizard link.
  if (row.registerHref && canEdit) {
    return (
      <Button asChild size="sm">
        <Link href={row.registerHref}>
          Register this alias<span className="sr-only">: {row.alias}</span>
        </Link>
      </Button>
    );
  }
  if (row.deploymentIds.length > 0) {
    return (
      <Button asChild size="sm" variant="outline">
        <Link href={`/models/${encodeURIComponent(row.deploymentIds[0])}`}>
          Review deployment<span className="sr-only">: {row.alias}</span>
        </Link>
      </Button>
    );
  }
  return null;
}

function RetryButton({ className }: { className: string }) {
  const content = (
    <>
      <RefreshCwIcon aria-hidden /> Try again
    </>
  );
  return <Island name="Refresh" props={{ className, content }} fallback={<InertButton className={className}>{content}</InertButton>} />;
}

/** Server-rendered; only the retry and "Import a registry file" buttons are client islands. */
export function CoverageView({ result, canEdit }: { result: CoverageResult; canEdit: boolean }) {
  if (!result.ok) {
    // ErrorState's markup, rendered here: the client ErrorState would bring tailwind-merge into the first load.
    return (
      <div
        data-slot="error-state"
        role="status"
        className="flex flex-col items-center justify-center gap-3 rounded-lg border border-destructive/40 bg-destructive/5 px-6 py-12 text-center"
      >
        <CircleAlertIcon className="size-8 text-destructive" aria-hidden />
        <div className="grid max-w-lg gap-1">
          <h2 className="text-base font-semibold">Coverage could not be computed</h2>
          <p className="text-sm text-muted-foreground">{result.message}</p>
          {result.errorId ? (
            <p className="text-xs text-muted-foreground">
              Error ID: <code className="rounded bg-muted px-1 py-0.5 font-mono text-foreground select-all">{result.errorId}</code>
            </p>
          ) : null}
        </div>
        <RetryButton className={cn(buttonVariants({ variant: "outline", size: "sm" }), "mt-2")} />
      </div>
    );
  }
  const { rows, summary, healthSource } = result.report;
  if (rows.length === 0) {
    return (
      <EmptyState
        icon={<PlugZapIcon />}
        title="No consumer aliases yet"
        description="Register what your applications and pipelines call, or import their config, to see whether LiteLLM serves it."
        action={
          canEdit ? (
            <Island
              name="GoToTab"
              props={{ tab: "transfer", className: buttonVariants({ variant: "outline" }), content: "Import a registry file" }}
              fallback={<InertButton className={buttonVariants({ variant: "outline" })}>Import a registry file</InertButton>}
            />
          ) : undefined
        }
      />
    );
  }
  const problems = rows.filter((r) => r.status !== "ok");
  const healthy = rows.filter((r) => r.status === "ok");
  return (
    <div className="grid gap-6">
      <p className="text-sm text-muted-foreground" data-testid="coverage-summary">
        {summary.total} expected {summary.total === 1 ? "alias" : "aliases"}: {summary.missing} missing, {summary.mismatch} mismatched,{" "}
        {summary.unhealthy} unhealthy, {summary.ok} OK.{" "}
        {healthSource === "none"
          ? "Health is shown as unknown: LiteLLM's model group info does not report it, and Gatehouse does not run /health here (it calls every provider)."
          : "Health comes from LiteLLM's model group info."}{" "}
        <IndexFreshness freshness={result.report.freshness} />.
      </p>

      {problems.length > 0 ? (
        <section aria-labelledby="coverage-problems" className="grid gap-2 rounded-lg border border-destructive/40 bg-destructive/5 p-4">
          <h2 id="coverage-problems" className="text-base font-semibold text-destructive">
            Needs attention ({problems.length})
          </h2>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Alias</TableHead>
                <TableHead>Consumer</TableHead>
                <TableHead>Expects</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Why</TableHead>
                <TableHead>Dimension check</TableHead>
                <TableHead>
                  <span className="sr-only">Action</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {problems.map((row) => (
                <TableRow key={`${row.alias}\u0000${row.consumer}`} data-testid="coverage-row" data-status={row.status}>
                  <TableCell className="font-mono">{row.alias}</TableCell>
                  <TableCell>
                    {row.consumer}
                    {row.required ? (
                      <Badge variant="outline" className="ml-2">
                        required
                      </Badge>
                    ) : null}
                  </TableCell>
                  <TableCell>{expects(row)}</TableCell>
                  <TableCell>
                    <Badge variant={row.status === "unhealthy" ? "warning" : "destructive"}>{STATUS_LABEL[row.status]}</Badge>
                  </TableCell>
                  <TableCell className="max-w-sm text-sm whitespace-normal">
                    {row.problems.map((p) => (
                      <p key={p}>{p}</p>
                    ))}
                  </TableCell>
                  <TableCell>
                    <Verification row={row} />
                  </TableCell>
                  <TableCell className="text-right">
                    <ProblemAction row={row} canEdit={canEdit} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ) : (
        <p className="flex items-center gap-2 text-sm" data-testid="coverage-all-ok">
          <CircleCheckIcon className="size-4 text-success" aria-hidden /> Every expected alias is served with the right kind and dimension.
        </p>
      )}

      {healthy.length > 0 ? (
        <section aria-labelledby="coverage-ok" className="grid gap-2">
          <h2 id="coverage-ok" className="text-base font-semibold">
            Served ({healthy.length})
          </h2>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Alias</TableHead>
                <TableHead>Consumer</TableHead>
                <TableHead>Expects</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Deployments</TableHead>
                <TableHead>Health</TableHead>
                <TableHead>Dimension check</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {healthy.map((row) => (
                <TableRow key={`${row.alias}\u0000${row.consumer}`} data-testid="coverage-row" data-status={row.status}>
                  <TableCell className="font-mono">{row.alias}</TableCell>
                  <TableCell>{row.consumer}</TableCell>
                  <TableCell>{expects(row)}</TableCell>
                  <TableCell>
                    <Badge variant="success">{STATUS_LABEL.ok}</Badge>
                  </TableCell>
                  <TableCell>{row.deploymentIds.length}</TableCell>
                  <TableCell>{row.healthy === "healthy" ? "Healthy" : "Unknown"}</TableCell>
                  <TableCell>
                    <Verification row={row} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ) : null}
    </div>
  );
}
