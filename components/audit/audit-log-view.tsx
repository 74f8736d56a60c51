import Link from "next/link";

import { Timestamp } from "@/components/time/timestamp";
import { DownloadIcon, ScrollTextIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EmptyState } from "@/components/states/empty-state";
import { PageHeader } from "@/components/states/page-header";
import type { AuditFilter, AuditListRow } from "@/lib/audit/queries";
import { outcomeLabel } from "@/lib/audit/outcomes";

import { AuditChainIsland } from "./audit-chain-island";

import { FieldLabel as Label } from "./field-label";

function query(filter: AuditFilter, overrides: Partial<AuditFilter> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...overrides })) {
    if (value !== undefined && value !== "" && !(key === "page" && value === 1)) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

const outcomeVariant = { success: "success", failure: "destructive", denied: "warning", refused: "warning", reconciled: "secondary", pending: "outline" } as const;

/** A key LiteLLM created after the console stopped waiting: nobody saw its secret. */
function isUnrecoverableKey(row: AuditListRow): boolean {
  return row.outcome === "reconciled" && row.outcomeDetail === "created" && row.targetType === "virtual_key" && Boolean(row.targetId);
}

/** In a request's view the intent is listed next to its completion: it says "intent", not "pending". */
function outcomeText(row: AuditListRow, completed: Set<string>): string {
  if (row.phase === "intent" && completed.has(row.id)) return "intent";
  return outcomeLabel(row.outcome, row.outcomeDetail);
}

function RowNote({ row, completed }: { row: AuditListRow; completed: Set<string> }) {
  if (row.phase === "intent" && completed.has(row.id)) {
    return <p className="mt-1 max-w-72 text-xs whitespace-normal text-muted-foreground">Recorded before LiteLLM was called.</p>;
  }
  if (isUnrecoverableKey(row)) {
    return (
      <p className="mt-1 max-w-72 text-xs whitespace-normal text-warning">
        Flagged: LiteLLM created this key after Gatehouse stopped waiting. The secret was never shown and cannot be recovered.{" "}
        <Link className="font-medium underline" href={`/keys/${row.targetId}`}>
          Delete or regenerate it
        </Link>
      </p>
    );
  }
  if (row.outcome === "pending") {
    return (
      <p className="mt-1 max-w-72 text-xs whitespace-normal text-muted-foreground">
        Recorded before LiteLLM was called; its answer has not been recorded yet. Gatehouse is asking LiteLLM what happened.
      </p>
    );
  }
  return null;
}

export function AuditLogView({ filter, result }: { filter: AuditFilter; result: { total: number; rows: AuditListRow[]; page: number; pageCount: number } }) {
  const completed = new Set(result.rows.flatMap((row) => (row.intentId ? [row.intentId] : [])));
  const filtered = Boolean(filter.actor || filter.action || filter.target || filter.team || filter.outcome || filter.from || filter.to || filter.request);
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Audit log"
        description="Every sign-in and change made through Gatehouse, recorded before LiteLLM is called. Append-only and hash-chained; secrets are never recorded."
        actions={
          <Button asChild variant="outline">
            <a href={`/api/audit/export${query(filter, { page: 1 })}`} download>
              <DownloadIcon aria-hidden /> Export CSV
            </a>
          </Button>
        }
      />
      <AuditChainIsland>
        <div>
          <Button type="button" variant="outline" disabled>
            Verify integrity
          </Button>
        </div>
      </AuditChainIsland>
      {filter.request ? (
        <p className="text-sm text-muted-foreground">
          Showing every row of request <code className="font-mono text-xs">{filter.request}</code>: its intent and, once known, its outcome.
        </p>
      ) : null}
      <form method="get" className="grid gap-3 rounded-lg border p-4 sm:grid-cols-3 lg:grid-cols-8" aria-label="Filter the audit log">
        <div className="grid gap-1.5">
          <Label htmlFor="audit-actor">Actor</Label>
          <Input id="audit-actor" name="actor" defaultValue={filter.actor} placeholder="username" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-action">Action</Label>
          <Input id="audit-action" name="action" defaultValue={filter.action} placeholder="e.g. key.issue" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-target">Target</Label>
          <Input id="audit-target" name="target" defaultValue={filter.target} placeholder="id or type" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-team">Team</Label>
          <Input id="audit-team" name="team" defaultValue={filter.team} placeholder="team id" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-outcome">Outcome</Label>
          <select
            id="audit-outcome"
            name="outcome"
            defaultValue={filter.outcome ?? ""}
            className="h-9 rounded-md border border-input bg-transparent px-2 text-sm dark:bg-input/30"
          >
            <option value="">Any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="refused">refused</option>
            <option value="reconciled">reconciled</option>
            <option value="pending">pending</option>
          </select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-from">From</Label>
          <Input id="audit-from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-to">To</Label>
          <Input id="audit-to" name="to" type="date" defaultValue={filter.to} />
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit">Apply</Button>
          {filtered ? (
            <Button asChild variant="ghost">
              <Link href="/audit">Clear</Link>
            </Button>
          ) : null}
        </div>
      </form>
      {result.rows.length === 0 ? (
        <EmptyState
          icon={<ScrollTextIcon aria-hidden />}
          title={filtered ? "No events match these filters" : "No events yet"}
          description={filtered ? "Widen the time range or clear a filter." : "Sign-ins and changes will appear here."}
        />
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Time</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
                <TableHead>Team</TableHead>
                <TableHead>Outcome</TableHead>
                <TableHead>Client</TableHead>
                <TableHead>Details</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.rows.map((row) => (
                <TableRow key={row.id} data-testid="audit-row">
                  <TableCell className="whitespace-nowrap font-mono text-xs">
                    <Timestamp iso={row.createdAt} />
                  </TableCell>
                  <TableCell>
                    {row.actorUsername} <span className="text-xs text-muted-foreground">({row.actorProvider})</span>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{row.action}</TableCell>
                  <TableCell className="max-w-48 truncate text-xs" title={row.targetId ?? undefined}>
                    {row.targetType}
                    {row.targetId ? `: ${row.targetId}` : ""}
                    {row.requestId ? (
                      <Link className="block text-muted-foreground underline" href={`/audit?request=${row.requestId}`}>
                        #{row.seq}
                        <span className="sr-only"> (all rows of this request)</span>
                      </Link>
                    ) : (
                      <span className="block text-muted-foreground">#{row.seq}</span>
                    )}
                  </TableCell>
                  <TableCell className="text-xs">{row.teamId ?? "—"}</TableCell>
                  <TableCell>
                    <Badge variant={row.phase === "intent" && completed.has(row.id) ? "outline" : (outcomeVariant[row.outcome as keyof typeof outcomeVariant] ?? "secondary")}>{outcomeText(row, completed)}</Badge>
                    <RowNote row={row} completed={completed} />
                  </TableCell>
                  <TableCell className="text-xs">{row.clientIp ?? "—"}</TableCell>
                  <TableCell className="max-w-72 truncate font-mono text-xs" title={JSON.stringify(row.details)}>
                    {JSON.stringify(row.details)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <nav aria-label="Audit log pages" className="flex items-center justify-between text-sm">
            <span className="text-muted-foreground">
              {result.total} events · page {result.page} of {result.pageCount}
            </span>
            <span className="flex gap-2">
              {result.page > 1 ? (
                <Button asChild variant="outline" size="sm">
                  <Link href={`/audit${query(filter, { page: result.page - 1 })}`}>Previous</Link>
                </Button>
              ) : null}
              {result.page < result.pageCount ? (
                <Button asChild variant="outline" size="sm">
                  <Link href={`/audit${query(filter, { page: result.page + 1 })}`}>Next</Link>
                </Button>
              ) : null}
            </span>
          </nav>
        </>
      )}
    </div>
  );
}
