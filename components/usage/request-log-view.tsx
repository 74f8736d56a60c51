import Link from "next/link";

import { Timestamp } from "@/components/time/timestamp";

import { EmptyState } from "@/components/states/empty-state";
import { NativeSelect } from "@/components/models/native-select";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "./field";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RequestLogPage, RequestLogRow } from "@/lib/usage/logs";
import type { FieldErrors, RequestLogQuery } from "@/lib/usage/schemas";
import { int, usd } from "./format";
import { RevealBodiesLazy } from "./reveal-bodies-lazy";

function href(query: RequestLogQuery, patch: Partial<Record<keyof RequestLogQuery, string | number | undefined>>) {
  const p = new URLSearchParams();
  const merged = { ...query, ...patch } as Record<string, unknown>;
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  return `/usage/logs?${p.toString()}`;
}


export function RequestLogFilters({ raw, query, errors, teamChoices }: { raw: Record<string, string>; query: RequestLogQuery; errors: FieldErrors; teamChoices: string[] | null }) {
  const v = (k: string, d = "") => raw[k] ?? d;
  const inv = (k: string) => (errors[k] ? { "aria-invalid": true } : {});
  return (
    <form method="get" action="/usage/logs" aria-label="Request log filters" className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2 lg:grid-cols-4">
      {query.tz ? <input type="hidden" name="tz" value={query.tz} /> : null}
      <Field id="log-range" label="Range" error={errors.range}>
        <NativeSelect id="log-range" name="range" defaultValue={v("range", query.range)} {...inv("range")}>
          <option value="24h">Last 24 hours</option>
          <option value="7d">Last 7 days</option>
          <option value="30d">Last 30 days</option>
          <option value="90d">Last 90 days</option>
          <option value="custom">Custom dates</option>
        </NativeSelect>
      </Field>
      <Field id="log-from" label="From (custom)" error={errors.from}>
        <Input id="log-from" name="from" type="date" defaultValue={v("from")} {...inv("from")} />
      </Field>
      <Field id="log-to" label="To (custom)" error={errors.to}>
        <Input id="log-to" name="to" type="date" defaultValue={v("to")} {...inv("to")} />
      </Field>
      <Field id="log-status" label="Status" error={errors.status}>
        <NativeSelect id="log-status" name="status" defaultValue={v("status")} {...inv("status")}>
          <option value="">Any</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
        </NativeSelect>
      </Field>
      {teamChoices ? (
        <Field id="log-team" label="Team" error={errors.team}>
          <NativeSelect id="log-team" name="team" defaultValue={v("team", teamChoices[0])}>
            {teamChoices.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </NativeSelect>
        </Field>
      ) : (
        <Field id="log-team" label="Team (id)" error={errors.team}>
          <Input id="log-team" name="team" defaultValue={v("team")} maxLength={256} {...inv("team")} />
        </Field>
      )}
      <Field id="log-key" label="Key (token hash)" error={errors.key}>
        <Input id="log-key" name="key" defaultValue={v("key")} maxLength={64} {...inv("key")} />
      </Field>
      <Field id="log-model" label="Model" error={errors.model}>
        <Input id="log-model" name="model" defaultValue={v("model")} maxLength={256} {...inv("model")} />
      </Field>
      <Field id="log-minSpend" label="Min spend (USD)" error={errors.minSpend}>
        <Input id="log-minSpend" name="minSpend" inputMode="decimal" defaultValue={v("minSpend")} {...inv("minSpend")} />
      </Field>
      <Field id="log-maxSpend" label="Max spend (USD)" error={errors.maxSpend}>
        <Input id="log-maxSpend" name="maxSpend" inputMode="decimal" defaultValue={v("maxSpend")} {...inv("maxSpend")} />
      </Field>
      <Field id="log-pageSize" label="Rows per page" error={errors.pageSize}>
        <NativeSelect id="log-pageSize" name="pageSize" defaultValue={v("pageSize", String(query.pageSize))} {...inv("pageSize")}>
          <option value="25">25</option>
          <option value="50">50</option>
          <option value="100">100</option>
        </NativeSelect>
      </Field>
      {errors.page ? <p className="text-xs text-destructive">Page: {errors.page.join(" ")}</p> : null}
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
        <Button type="submit">Apply</Button>
        <Button variant="ghost" asChild>
          <a href={query.tz ? `/usage/logs?tz=${encodeURIComponent(query.tz)}` : "/usage/logs"}>Reset</a>
        </Button>
      </div>
    </form>
  );
}

function StatusBadge({ status }: { status: RequestLogRow["status"] }) {
  return <Badge variant={status === "failure" ? "destructive" : status === "success" ? "secondary" : "outline"}>{status}</Badge>;
}

export function RequestLogTable({ page, query }: { page: RequestLogPage; query: RequestLogQuery }) {
  if (!page.rows.length) return <EmptyState title="No requests" description="No requests match these filters in this range. Calls through the gateway appear here within seconds." />;
  return (
    <div className="grid gap-3">
      <Table>
        <TableCaption>
          {int(page.total)} requests, newest first — page {page.page} of {Math.max(1, page.totalPages)}
        </TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Time</TableHead>
            <TableHead scope="col">Status</TableHead>
            <TableHead scope="col">Model</TableHead>
            <TableHead scope="col">Key</TableHead>
            <TableHead scope="col">Team</TableHead>
            <TableHead scope="col" className="text-right">
              Tokens
            </TableHead>
            <TableHead scope="col" className="text-right">
              Spend
            </TableHead>
            <TableHead scope="col">Request</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {page.rows.map((r) => (
            <TableRow key={r.requestId}>
              <TableCell className="whitespace-nowrap text-xs">{r.startTime ? <Timestamp iso={r.startTime} /> : "—"}</TableCell>
              <TableCell>
                <StatusBadge status={r.status} />
              </TableCell>
              <TableCell>{r.modelGroup ?? r.model ?? "—"}</TableCell>
              <TableCell>{r.keyHash ? <Link href={`/keys/${r.keyHash}`}>{r.keyAlias ?? `${r.keyHash.slice(0, 8)}…`}</Link> : "—"}</TableCell>
              <TableCell>{r.teamId ? <Link href={`/teams/${encodeURIComponent(r.teamId)}`}>{r.teamId}</Link> : "—"}</TableCell>
              <TableCell className="text-right tabular-nums">{int(r.promptTokens + r.completionTokens)}</TableCell>
              <TableCell className="text-right tabular-nums">{usd(r.spend)}</TableCell>
              <TableCell>
                <Link href={href(query, { request: r.requestId, page: undefined })} aria-label={`Details of request ${r.requestId}`}>
                  Details
                </Link>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <nav aria-label="Request log pages" className="flex items-center gap-2">
        {page.page > 1 ? (
          <Button variant="outline" size="sm" asChild>
            <Link href={href(query, { page: page.page - 1 })}>Previous page</Link>
          </Button>
        ) : null}
        {page.page < page.totalPages ? (
          <Button variant="outline" size="sm" asChild>
            <Link href={href(query, { page: page.page + 1 })}>Next page</Link>
          </Button>
        ) : null}
      </nav>
    </div>
  );
}

export function RequestDetail({ row, canReveal }: { row: RequestLogRow; canReveal: boolean }) {
  const item = (label: string, value: React.ReactNode) => (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm break-all">{value ?? "—"}</dd>
    </div>
  );
  return (
    <section aria-labelledby="request-detail-title" className="grid gap-4 rounded-lg border p-4">
      <h2 id="request-detail-title" className="text-lg font-semibold">
        Request {row.requestId}
      </h2>
      <dl className="grid gap-3 sm:grid-cols-3">
        {item("Status", <StatusBadge status={row.status} />)}
        {item("Started", row.startTime ? <Timestamp iso={row.startTime} /> : null)}
        {item("Duration", row.durationMs != null ? `${row.durationMs} ms` : null)}
        {item("Model group", row.modelGroup)}
        {item("Upstream model", row.model)}
        {item("Deployment", row.deploymentId ? <Link href={`/models/${encodeURIComponent(row.deploymentId)}`}>{row.deploymentId}</Link> : null)}
        {item("Provider", row.provider)}
        {item("Call type", row.callType)}
        {item("Key", row.keyAlias ?? row.keyHash)}
        {item("Team", row.teamId)}
        {item("User", row.userId)}
        {item("Tokens", `${int(row.promptTokens)} prompt · ${int(row.completionTokens)} completion`)}
        {item("Spend", usd(row.spend))}
        {item("Tags", row.tags.length ? row.tags.join(", ") : null)}
        {item("Error", row.error)}
      </dl>
      {row.hasBodies ? (
        canReveal ? (
          <RevealBodiesLazy requestId={row.requestId} startTime={row.startTime ?? new Date().toISOString()} />
        ) : (
          <p className="text-sm text-muted-foreground">LiteLLM stored this request&apos;s prompt and response; only console admins can reveal them.</p>
        )
      ) : (
        <p className="text-sm text-muted-foreground">LiteLLM did not store the prompt or response of this request (store_prompts_in_spend_logs is off).</p>
      )}
    </section>
  );
}
