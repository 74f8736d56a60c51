import { PencilIcon, PlusIcon, SearchIcon, Trash2Icon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EmptyState } from "@/components/states/empty-state";
import type { ConsumerAliasRecord } from "@/lib/aliases/service";
import type { AliasDialogProps } from "./alias-dialogs";
import { Island } from "./aliases-islands";
import { InertButton } from "./inert-button";
import { KIND_LABELS } from "./kinds";

/** What the search box matches against: alias, consumer, kind, team and note (one per line, so no match spans two). */
export function searchText(r: ConsumerAliasRecord): string {
  return [r.alias, r.consumer, r.kind, r.teamId ?? "", r.note ?? ""].join("\n").toLowerCase();
}

function DialogButton({
  className,
  label,
  content,
  ...dialog
}: AliasDialogProps & { className: string; label?: string; content: React.ReactNode }) {
  return (
    <Island
      name="DialogButton"
      props={{ ...dialog, className, label, content }}
      fallback={
        <InertButton className={className} label={label}>
          {content}
        </InertButton>
      }
    />
  );
}

/** Server-rendered registry; the search filter and the add/edit/delete dialogs are client islands. */
export function RegistryView({
  records,
  servedKeys,
  canEdit,
}: {
  records: ConsumerAliasRecord[];
  /** `${alias}\0${consumer}` of entries LiteLLM currently serves (from coverage). */
  servedKeys: string[];
  canEdit: boolean;
}) {
  const served = new Set(servedKeys);
  const icon = buttonVariants({ variant: "ghost", size: "icon" });
  const toolbar = (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="grid gap-1.5">
        {/* A plain label: components/ui/label is a client component (Radix, tailwind-merge). */}
        <label htmlFor="alias-search" className="flex items-center gap-2 text-sm leading-none font-medium select-none">
          Search aliases
        </label>
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground" aria-hidden />
          <Input id="alias-search" type="search" placeholder="alias, consumer, team or note" className="w-72 pl-8" />
        </div>
      </div>
      {canEdit ? (
        <DialogButton
          dialog="add"
          className={buttonVariants()}
          content={
            <>
              <PlusIcon aria-hidden /> Add alias
            </>
          }
        />
      ) : null}
    </div>
  );

  if (records.length === 0) {
    return (
      <div className="grid gap-4">
        {toolbar}
        <EmptyState
          title="No consumer aliases registered"
          description={
            canEdit
              ? "Add the aliases your applications call, or import them from a pipeline's config."
              : "An admin has not registered any yet."
          }
        />
      </div>
    );
  }

  const head = (
    <TableHeader>
      <TableRow>
        <TableHead>Alias</TableHead>
        <TableHead>Consumer</TableHead>
        <TableHead>Kind</TableHead>
        <TableHead>Dimension</TableHead>
        <TableHead>Team</TableHead>
        <TableHead>Required</TableHead>
        <TableHead>Note</TableHead>
        {canEdit ? (
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        ) : null}
      </TableRow>
    </TableHeader>
  );
  // The same row nodes in the first-paint table and in the filterable one (RSC sends a repeated node once).
  const rows = records.map((r) => ({
    id: r.id,
    text: searchText(r),
    row: (
      <TableRow key={r.id} data-testid="registry-row">
        <TableCell className="font-mono">{r.alias}</TableCell>
        <TableCell>{r.consumer}</TableCell>
        <TableCell>{KIND_LABELS[r.kind]}</TableCell>
        <TableCell>{r.dimension ?? "—"}</TableCell>
        <TableCell>{r.teamId ?? "—"}</TableCell>
        <TableCell>{r.required ? <Badge variant="outline">Required</Badge> : "No"}</TableCell>
        <TableCell className="max-w-xs truncate" title={r.note ?? undefined}>
          {r.note ?? ""}
        </TableCell>
        {canEdit ? (
          <TableCell className="text-right whitespace-nowrap">
            <DialogButton
              dialog="edit"
              record={r}
              className={icon}
              label={`Edit ${r.alias} for ${r.consumer}`}
              content={<PencilIcon aria-hidden />}
            />
            <DialogButton
              dialog="delete"
              record={r}
              servedRequired={r.required && served.has(`${r.alias}\u0000${r.consumer}`)}
              className={icon}
              label={`Delete ${r.alias} for ${r.consumer}`}
              content={<Trash2Icon aria-hidden />}
            />
          </TableCell>
        ) : null}
      </TableRow>
    ),
  }));
  return (
    <div className="grid gap-4">
      {toolbar}
      <Island
        name="RegistryTable"
        props={{ head, rows }}
        fallback={
          <Table>
            {head}
            <TableBody>{rows.map((r) => r.row)}</TableBody>
          </Table>
        }
      />
    </div>
  );
}
