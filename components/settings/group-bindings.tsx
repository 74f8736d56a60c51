import { DownloadIcon, Trash2Icon, UploadIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { LoadingState } from "@/components/states/loading-state";
import type { StoredBinding } from "@/lib/auth/bindings";
import { describeGrant } from "@/lib/bindings/schemas";
import { AddBindingSlot, BindingDialogButton } from "./settings-islands";

export interface TeamOption {
  teamId: string;
  alias: string;
}

/** Server-rendered bindings table; the dialogs and the add form are client islands loaded after first paint. */
export function GroupBindingsEditor({ bindings, teams, canEdit }: { bindings: StoredBinding[]; teams: TeamOption[]; canEdit: boolean }) {
  const outline = buttonVariants({ variant: "outline" });
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap gap-2">
        <BindingDialogButton dialog="export" className={outline}>
          <DownloadIcon aria-hidden /> Export YAML
        </BindingDialogButton>
        {canEdit ? (
          <BindingDialogButton dialog="import" className={outline}>
            <UploadIcon aria-hidden /> Import YAML
          </BindingDialogButton>
        ) : null}
      </div>
      {bindings.length === 0 ? (
        <p className="text-sm text-muted-foreground">No group bindings yet: only the break-glass admin can sign in.</p>
      ) : (
        <Table aria-label="Group bindings">
          <TableHeader>
            <TableRow>
              <TableHead>Group</TableHead>
              <TableHead>Grants</TableHead>
              <TableHead>Source</TableHead>
              {canEdit ? (
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {bindings.map((b) => (
              <TableRow key={`${b.source}-${b.id ?? ""}-${b.group}-${b.kind}-${b.teamId ?? ""}`} data-testid="binding-row">
                <TableCell className="font-mono">{b.group}</TableCell>
                <TableCell>{describeGrant(b)}</TableCell>
                <TableCell>
                  {b.source === "file" ? <Badge variant="outline">Seed file</Badge> : <Badge variant="secondary">Console</Badge>}
                </TableCell>
                {canEdit ? (
                  <TableCell className="text-right">
                    {b.source === "console" && b.id ? (
                      <BindingDialogButton
                        dialog="delete"
                        binding={b}
                        className={buttonVariants({ variant: "ghost", size: "icon-sm" })}
                        label={`Delete binding ${b.group} → ${describeGrant(b)}`}
                      >
                        <Trash2Icon aria-hidden />
                      </BindingDialogButton>
                    ) : null}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {canEdit ? (
        <AddBindingSlot teams={teams}>
          <LoadingState label="Loading the add-binding form" rows={1} className="rounded-md border p-4" />
        </AddBindingSlot>
      ) : null}
    </div>
  );
}
