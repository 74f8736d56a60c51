import Link from "next/link";
import { DownloadIcon, ScrollTextIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EmptyState } from "@/components/states/empty-state";
import { PageHeader } from "@/components/states/page-header";
import type { AuditFilter } from "@/lib/audit/queries";

import { FieldLabel as Label } from "./field-label";

type AuditRow = {
  id: string;
  createdAt: Date;
  actorProvider: string;
  actorUsername: string;
  action: string;
  targetType: string;
  targetId: string | null;
  teamId: string | null;
  outcome: string;
  clientIp: string | null;
  details: unknown;
};

function query(filter: AuditFilter, overrides: Partial<AuditFilter> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...overrides })) {
    if (value !== undefined && value !== "" && !(key === "page" && value === 1)) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

const outcomeVariant = { success: "success", failure: "destructive", denied: "warning" } as const;

export function AuditLogView({ filter, result }: { filter: AuditFilter; result: { total: number; rows: AuditRow[]; page: number; pageCount: number } }) {
  const filtered = Boolean(filter.actor || filter.action || filter.target || filter.team || filter.outcome || filter.from || filter.to);
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Audit log"
        description="Every sign-in and change made through Gatehouse. Append-only; secrets are never recorded."
        actions={
          <Button asChild variant="outline">
            <a href={`/api/audit/export${query(filter, { page: 1 })}`} download>
              <DownloadIcon aria-hidden /> Export CSV
            </a>
          </Button>
        }
      />
      <form method="get" className="grid gap-3 rounded-lg border p-4 sm:grid-cols-3 lg:grid-cols-7" aria-label="Filter the audit log">
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
                    <time dateTime={row.createdAt.toISOString()}>{row.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
                  </TableCell>
                  <TableCell>
                    {row.actorUsername} <span className="text-xs text-muted-foreground">({row.actorProvider})</span>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{row.action}</TableCell>
                  <TableCell className="max-w-48 truncate text-xs" title={row.targetId ?? undefined}>
                    {row.targetType}
                    {row.targetId ? `: ${row.targetId}` : ""}
                  </TableCell>
                  <TableCell className="text-xs">{row.teamId ?? "—"}</TableCell>
                  <TableCell>
                    <Badge variant={outcomeVariant[row.outcome as keyof typeof outcomeVariant] ?? "secondary"}>{row.outcome}</Badge>
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
