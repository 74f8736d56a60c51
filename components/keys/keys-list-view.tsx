import Link from "next/link";
import { KeyRoundIcon, PlusIcon } from "lucide-react";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EmptyState } from "@/components/states/empty-state";
import { PageHeader } from "@/components/states/page-header";
import { KEY_PAGE_SIZES, keyListQuery, type KeyListParams } from "@/lib/keys/schemas";
import type { KeyListPage } from "@/lib/keys/service";
import { canManageKey } from "@/lib/keys/policy";
import type { SessionUser } from "@/lib/auth/types";

import { KeyStatusBadges, ownerText, SpendBar } from "./key-badges";
import { KeysIsland } from "@/app/(console)/keys/error";
import { Timestamp } from "@/components/time/timestamp";

const selectClass =
  "h-9 rounded-md border border-input bg-background px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30";

// Plain <label> and <input type="checkbox"> with the classes of components/ui/label and checkbox: the list is
// server-rendered, and their Radix versions would be client code on the page's first load.
const labelClass = "flex items-center gap-2 text-sm leading-none font-medium select-none";
const checkboxClass =
  "size-4 shrink-0 cursor-pointer accent-primary rounded-[4px] outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:cursor-not-allowed disabled:opacity-50";

const STATUS_OPTIONS: Array<[KeyListParams["status"], string]> = [
  ["all", "All"],
  ["active", "Active"],
  ["blocked", "Blocked"],
  ["expired", "Expired"],
  ["expiring", "Expiring within 7 days"],
  ["over-budget", "Over 80% of budget"],
];

const SORT_OPTIONS: Array<[KeyListParams["sort"], string]> = [
  ["created_at", "Created"],
  ["updated_at", "Updated"],
  ["spend", "Spend"],
  ["max_budget", "Max budget"],
  ["key_alias", "Alias"],
];

/** Server-rendered; selection and bulk actions are wired by `KeysIsland` after hydration (see keys-list-enhanced). */
export function KeysListView({ page, params, user }: { page: KeyListPage; params: KeyListParams; user: SessionUser }) {
  const manageable = page.rows.filter((r) => canManageKey(user, r));
  const filtered = Boolean(params.q) || params.status !== "all";
  const linkTo = (over: Partial<KeyListParams>) => `/keys${keyListQuery({ ...params, ...over })}`;
  const stamp = page.rows.map((r) => `${r.token}:${r.expires ?? ""}`).join(",");

  return (
    <div className="grid gap-6">
      <PageHeader
        title={user.role === "user" ? "My keys" : "Virtual keys"}
        description="Keys clients use to call the gateway. A key's secret is shown once, when it is issued; afterwards only its alias and last four characters."
        actions={
          <>
            <Button asChild variant="outline">
              <Link href="/keys/explain">Why is a key denied?</Link>
            </Button>
            {page.canIssue ? (
              <Button asChild>
                <Link href="/keys/new">
                  <PlusIcon aria-hidden /> Issue key
                </Link>
              </Button>
            ) : null}
          </>
        }
      />

      <form
        method="get"
        action="/keys"
        className="grid gap-3 rounded-lg border p-4 md:grid-cols-3 lg:grid-cols-7"
        aria-label="Search and filter keys"
      >
        <div className="grid gap-1.5 lg:col-span-2">
          <label htmlFor="keys-q" className={labelClass}>
            Search
          </label>
          <Input id="keys-q" name="q" type="search" defaultValue={params.q} placeholder="alias, owner or team" />
        </div>
        <div className="grid gap-1.5">
          <label htmlFor="keys-field" className={labelClass}>
            Search in
          </label>
          <select id="keys-field" name="field" defaultValue={params.field} className={selectClass}>
            <option value="alias">Alias</option>
            <option value="owner">Owner (user id)</option>
            <option value="team">Team id</option>
          </select>
        </div>
        <div className="grid gap-1.5">
          <label htmlFor="keys-status" className={labelClass}>
            Status
          </label>
          <select id="keys-status" name="status" defaultValue={params.status} className={selectClass}>
            {STATUS_OPTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <label htmlFor="keys-sort" className={labelClass}>
            Sort by
          </label>
          <select id="keys-sort" name="sort" defaultValue={params.sort} className={selectClass}>
            {SORT_OPTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <label htmlFor="keys-order" className={labelClass}>
            Order
          </label>
          <select id="keys-order" name="order" defaultValue={params.order} className={selectClass}>
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </div>
        <div className="grid gap-1.5">
          <label htmlFor="keys-scope" className={labelClass}>
            Keys of
          </label>
          <select id="keys-scope" name="scope" defaultValue={page.scope.value} className={selectClass}>
            {user.role === "user" ? <option value="mine">Me</option> : <option value="all">Everyone</option>}
            {page.scopeTeams.map((t) => (
              <option key={t.teamId} value={`team:${t.teamId}`}>
                Team {t.name}
                {t.role === "member" ? " (my keys)" : ""}
              </option>
            ))}
          </select>
        </div>
        <input type="hidden" name="size" value={params.size} />
        <div className="flex items-end gap-2 lg:col-span-7">
          <Button type="submit">Apply</Button>
          {filtered ? (
            <Button asChild variant="ghost">
              <Link href="/keys">Clear</Link>
            </Button>
          ) : null}
        </div>
      </form>

      {page.searchNote ? (
        <Alert>
          <AlertDescription data-testid="search-note">{page.searchNote}</AlertDescription>
        </Alert>
      ) : null}
      {page.indexNote ? (
        <Alert>
          <AlertDescription data-testid="index-note">{page.indexNote}</AlertDescription>
        </Alert>
      ) : null}
      {page.inPageFilterNote ? (
        <Alert>
          <AlertDescription data-testid="in-page-filter-note">{page.inPageFilterNote}</AlertDescription>
        </Alert>
      ) : null}

      <KeysIsland view="list" bulk={manageable.length > 0} stamp={stamp}>
        {manageable.length > 0 ? <BulkActionsPlaceholder /> : null}
      </KeysIsland>

      {page.rows.length === 0 ? (
        <EmptyState
          icon={<KeyRoundIcon aria-hidden />}
          title={filtered ? "No keys on this page match" : "No keys yet"}
          description={
            filtered
              ? page.inPageFilterNote
                ? "Try the next page, or clear the filters."
                : "Change the search or clear the filters."
              : "Issue a key for a team or a service account; its secret is shown once."
          }
          action={
            filtered && page.page < page.totalPages ? (
              <Button asChild variant="outline">
                <Link href={linkTo({ page: page.page + 1 })}>Next page</Link>
              </Button>
            ) : page.canIssue && !filtered ? (
              <Button asChild>
                <Link href="/keys/new">Issue key</Link>
              </Button>
            ) : null
          }
        />
      ) : (
        <Table aria-label="Virtual keys">
          <TableHeader>
            <TableRow>
              <TableHead className="w-8">
                <input
                  type="checkbox"
                  className={checkboxClass}
                  aria-label="Select every key on this page"
                  data-select-all-keys=""
                  disabled={manageable.length === 0}
                />
              </TableHead>
              <TableHead>Alias</TableHead>
              <TableHead>Key</TableHead>
              <TableHead>Owner</TableHead>
              <TableHead>Models</TableHead>
              <TableHead>Spend</TableHead>
              <TableHead>Expires</TableHead>
              <TableHead>Status</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.rows.map((row) => (
              <TableRow key={row.token} data-testid="key-row">
                <TableCell>
                  <input
                    type="checkbox"
                    className={checkboxClass}
                    aria-label={`Select ${row.alias ?? row.keyName ?? row.token.slice(0, 12)}`}
                    data-key-token={row.token}
                    data-key-alias={row.alias ?? undefined}
                    disabled={!canManageKey(user, row)}
                  />
                </TableCell>
                <TableCell className="font-medium">
                  <Link href={`/keys/${row.token}`} className="underline-offset-4 hover:underline">
                    {row.alias ?? <span className="text-muted-foreground">(no alias)</span>}
                  </Link>
                </TableCell>
                <TableCell className="font-mono text-xs">{row.keyName ?? "—"}</TableCell>
                <TableCell className="max-w-48 truncate text-sm" title={ownerText(row)}>
                  {ownerText(row)}
                </TableCell>
                <TableCell className="max-w-40 truncate text-xs" title={row.models.join(", ")}>
                  {row.models.length ? row.models.join(", ") : <span className="text-muted-foreground">all</span>}
                </TableCell>
                <TableCell>
                  <SpendBar keyView={row} compact />
                </TableCell>
                <TableCell className="text-sm whitespace-nowrap">
                  {row.expires ? <Timestamp iso={row.expires} style="short" /> : "Never"}
                </TableCell>
                <TableCell>
                  <KeyStatusBadges keyView={row} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      <nav aria-label="Key list pages" className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="text-muted-foreground" data-testid="keys-page-summary">
          {page.totalCount.toLocaleString("en-US")}
          {page.totalCapped ? "+" : ""} keys · page {page.page} of {page.totalPages.toLocaleString("en-US")}
          {page.totalCapped ? "+" : ""}
        </span>
        <span className="flex items-center gap-2">
          <span className="text-muted-foreground">Per page:</span>
          {KEY_PAGE_SIZES.map((size) =>
            size === params.size ? (
              <span key={size} aria-current="true" className="font-medium">
                {size}
              </span>
            ) : (
              <Link key={size} href={linkTo({ size, page: 1 })} className="underline-offset-4 hover:underline">
                {size}
              </Link>
            ),
          )}
          {page.page > 1 ? (
            <Button asChild variant="outline" size="sm">
              <Link href={linkTo({ page: page.page - 1 })}>Previous</Link>
            </Button>
          ) : null}
          {page.page < page.totalPages ? (
            <Button asChild variant="outline" size="sm">
              <Link href={linkTo({ page: page.page + 1 })}>Next</Link>
            </Button>
          ) : null}
        </span>
      </nav>
    </div>
  );
}

/** What the bulk bar looks like before its code has loaded: nothing selected, every button disabled. */
function BulkActionsPlaceholder() {
  return (
    <section aria-label="Bulk actions" className="grid gap-3 rounded-lg border p-3">
      <div className="flex flex-wrap items-end gap-2">
        <span className="mr-2 text-sm font-medium">0 selected</span>
        <Button type="button" size="sm" variant="outline" disabled>
          Block selected
        </Button>
        <Button type="button" size="sm" variant="outline" disabled>
          Unblock selected
        </Button>
        <div className="flex items-end gap-1">
          <div className="grid gap-1">
            <label htmlFor="bulk-extend-days" className={`${labelClass} text-xs`}>
              Days
            </label>
            <Input id="bulk-extend-days" className="h-8 w-20" inputMode="numeric" defaultValue="30" disabled />
          </div>
          <Button type="button" size="sm" variant="outline" disabled>
            Extend expiry
          </Button>
        </div>
        <Button type="button" size="sm" variant="destructive" disabled>
          Delete selected
        </Button>
      </div>
    </section>
  );
}
