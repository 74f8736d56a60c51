"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2Icon } from "lucide-react";
import { toast } from "@/components/ui/toast";

import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { deleteCredentialAction } from "@/lib/credentials/actions";
import { credentialKeys } from "@/lib/credentials/queries";
import type { CredentialRow, CredentialUser } from "@/lib/credentials/service";

function UsedByList({ users }: { users: CredentialUser[] }) {
  return (
    <ul className="grid max-h-48 gap-1 overflow-y-auto text-sm" data-testid="credential-used-by">
      {users.map((u) => (
        <li key={u.id}>
          <Link href={`/models/${encodeURIComponent(u.id)}`} className="font-mono underline-offset-4 hover:underline">
            {u.alias}
          </Link>{" "}
          <span className="text-xs text-muted-foreground">({u.id})</span>
        </li>
      ))}
    </ul>
  );
}

/** Blocked while deployments use the credential (they would lose their keys); the server enforces it too. */
export function CredentialDeleteDialog({ credential }: { credential: CredentialRow }) {
  const [open, setOpen] = useState(false);
  const [usedBy, setUsedBy] = useState<CredentialUser[]>(credential.usedBy);
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteCredentialAction({ name: credential.name }),
    onSuccess: (result) => {
      if (!result.ok) {
        const users = (result.error.details as { usedBy?: CredentialUser[] } | undefined)?.usedBy;
        if (users) setUsedBy(users);
        toast.error(result.error.message);
        return;
      }
      toast.success(`Credential ${result.data.name} deleted`);
      void queryClient.invalidateQueries({ queryKey: credentialKeys.all });
      setOpen(false);
      router.refresh();
    },
    onError: () => toast.error("Could not reach the console. Try again."),
  });
  const blocked = usedBy.length > 0;
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setUsedBy(credential.usedBy);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Delete ${credential.name}`}>
          <Trash2Icon aria-hidden /> Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{blocked ? `${credential.name} is in use` : `Delete ${credential.name}?`}</AlertDialogTitle>
          <AlertDialogDescription>
            {blocked
              ? `It cannot be deleted while ${usedBy.length} deployment${usedBy.length === 1 ? " uses" : "s use"} it: they would lose their provider keys. Point them at another credential or delete them first.`
              : "LiteLLM removes the stored values. This cannot be undone."}
          </AlertDialogDescription>
        </AlertDialogHeader>
        {blocked ? <UsedByList users={usedBy} /> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>{blocked ? "Close" : "Cancel"}</AlertDialogCancel>
          {blocked ? null : (
            <Button variant="destructive" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {remove.isPending ? "Deleting…" : "Delete credential"}
            </Button>
          )}
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
