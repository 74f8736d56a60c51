"use client";

import type { ReactNode } from "react";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
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
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { deleteConsumerAliasAction } from "@/lib/aliases/actions";
import { aliasKeys } from "@/lib/aliases/queries";
import type { ConsumerAliasRecord } from "@/lib/aliases/service";

/** Confirms deleting a registry entry; mounted open by AliasDialogButton's first press, with its own Radix trigger. */
export function DeleteAliasDialog({
  record,
  servedRequired,
  trigger,
}: {
  record: ConsumerAliasRecord;
  /** The consumer requires the alias and LiteLLM serves it: say what deleting the entry gives up. */
  servedRequired: boolean;
  trigger: ReactNode;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(true);
  const remove = useMutation({
    mutationFn: (id: string) => deleteConsumerAliasAction({ id }),
    onSuccess: (result) => {
      if (!result.ok) {
        toast.error(result.error.message);
        return;
      }
      toast.success(`Deleted ${result.data.alias} for ${result.data.consumer}`);
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: aliasKeys.all });
      router.refresh();
    },
    onError: () => toast.error("Could not reach the console. Check your connection and try again."),
  });
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {record.alias}?</AlertDialogTitle>
          <AlertDialogDescription>
            {servedRequired
              ? `${record.consumer} requires ${record.alias} and LiteLLM serves it. Without this entry Gatehouse no longer blocks deleting or renaming its last deployment, and the coverage view stops watching it.`
              : `Gatehouse stops checking ${record.alias} for ${record.consumer}. LiteLLM is not changed.`}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            disabled={remove.isPending}
            onClick={(e) => {
              e.preventDefault();
              remove.mutate(record.id);
            }}
          >
            Delete
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
