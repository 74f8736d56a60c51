"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PencilIcon, PlusIcon, SearchIcon, Trash2Icon } from "lucide-react";
import { toast } from "@/components/ui/toast";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EmptyState } from "@/components/states/empty-state";
import { deleteConsumerAliasAction } from "@/lib/aliases/actions";
import { aliasKeys } from "@/lib/aliases/queries";
import type { ConsumerAliasRecord } from "@/lib/aliases/service";
import { AliasFormDialog } from "./alias-form-dialog";
import { KIND_LABELS } from "./kinds";

function matches(r: ConsumerAliasRecord, needle: string): boolean {
  return [r.alias, r.consumer, r.kind, r.teamId ?? "", r.note ?? ""].some((v) => v.toLowerCase().includes(needle));
}

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
  const router = useRouter();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<{ open: boolean; record: ConsumerAliasRecord | null }>({ open: false, record: null });
  const [deleting, setDeleting] = useState<ConsumerAliasRecord | null>(null);
  const served = useMemo(() => new Set(servedKeys), [servedKeys]);
  const needle = query.trim().toLowerCase();
  const shown = needle ? records.filter((r) => matches(r, needle)) : records;

  const remove = useMutation({
    mutationFn: (id: string) => deleteConsumerAliasAction({ id }),
    onSuccess: (result) => {
      if (!result.ok) {
        toast.error(result.error.message);
        return;
      }
      toast.success(`Deleted ${result.data.alias} for ${result.data.consumer}`);
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: aliasKeys.all });
      router.refresh();
    },
    onError: () => toast.error("Could not reach the console. Check your connection and try again."),
  });

  const deletingServedRequired = deleting ? deleting.required && served.has(`${deleting.alias}\u0000${deleting.consumer}`) : false;

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor="alias-search">Search aliases</Label>
          <div className="relative">
            <SearchIcon className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground" aria-hidden />
            <Input
              id="alias-search"
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="alias, consumer, team or note"
              className="w-72 pl-8"
            />
          </div>
        </div>
        {canEdit ? (
          <Button onClick={() => setEditing({ open: true, record: null })}>
            <PlusIcon aria-hidden /> Add alias
          </Button>
        ) : null}
      </div>

      {records.length === 0 ? (
        <EmptyState
          title="No consumer aliases registered"
          description={
            canEdit
              ? "Add the aliases your applications call, or import them from a pipeline's config."
              : "An admin has not registered any yet."
          }
        />
      ) : shown.length === 0 ? (
        <p className="text-sm text-muted-foreground">No alias matches &quot;{query}&quot;.</p>
      ) : (
        <Table>
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
          <TableBody>
            {shown.map((r) => (
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
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Edit ${r.alias} for ${r.consumer}`}
                      onClick={() => setEditing({ open: true, record: r })}
                    >
                      <PencilIcon aria-hidden />
                    </Button>
                    <Button variant="ghost" size="icon" aria-label={`Delete ${r.alias} for ${r.consumer}`} onClick={() => setDeleting(r)}>
                      <Trash2Icon aria-hidden />
                    </Button>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      {canEdit ? (
        <AliasFormDialog open={editing.open} record={editing.record} onOpenChange={(open) => setEditing((s) => ({ ...s, open }))} />
      ) : null}

      <AlertDialog open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete {deleting?.alias}?</AlertDialogTitle>
            <AlertDialogDescription>
              {deletingServedRequired
                ? `${deleting?.consumer} requires ${deleting?.alias} and LiteLLM serves it. Without this entry Gatehouse no longer blocks deleting or renaming its last deployment, and the coverage view stops watching it.`
                : `Gatehouse stops checking ${deleting?.alias} for ${deleting?.consumer}. LiteLLM is not changed.`}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              disabled={remove.isPending}
              onClick={(e) => {
                e.preventDefault();
                if (deleting) remove.mutate(deleting.id);
              }}
            >
              Delete
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
