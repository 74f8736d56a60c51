"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2Icon } from "lucide-react";
import { toast } from "@/components/ui/toast";

import { FindingsList } from "@/components/aliases/findings-list";
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
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { deleteModelAction, previewModelRemovalAction } from "@/lib/models/actions";
import { modelKeys } from "@/lib/models/queries";

/**
 * Delete with a typed confirmation. The alias checks run first: when a consumer requires this alias and nothing else
 * would serve it, deleting needs "force" and a reason, which goes into the audit log.
 */
export function ModelDeleteDialog({ id, alias, defaultOpen = false }: { id: string; alias: string; /** Mount open (see ModelDeleteTrigger). */ defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const [typed, setTyped] = useState("");
  const [force, setForce] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  const queryClient = useQueryClient();
  const ids = { typed: useId(), force: useId(), reason: useId() };

  const preview = useQuery({
    queryKey: modelKeys.removal(id),
    queryFn: async () => {
      const result = await previewModelRemovalAction({ id });
      if (!result.ok) throw new Error(result.error.message);
      return result.data;
    },
    enabled: open,
    staleTime: 0,
  });

  const remove = useMutation({
    mutationFn: async () => {
      const result = await deleteModelAction({ id, confirmAlias: typed, force: force || undefined, forceReason: force ? reason : undefined });
      if (!result.ok) throw new Error(result.error.fieldErrors?.forceReason?.[0] ?? result.error.fieldErrors?.confirmAlias?.[0] ?? result.error.message);
      return result.data;
    },
    onSuccess: (data) => {
      toast.success(`Deleted a deployment of ${data.alias}`);
      void queryClient.invalidateQueries({ queryKey: modelKeys.all });
      setOpen(false);
      router.push("/models");
      router.refresh();
    },
    onError: (e) => {
      setError(e.message);
      toast.error(e.message);
      void preview.refetch();
    },
  });

  const blocked = preview.data?.blocked ?? false;
  const ready = typed.trim() === alias && (!blocked || (force && reason.trim().length >= 3)) && !preview.isLoading;

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setTyped("");
          setForce(false);
          setReason("");
          setError(null);
        }
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="destructive">
          <Trash2Icon aria-hidden /> Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent className="max-h-[90vh] overflow-y-auto">
        <AlertDialogHeader>
          <AlertDialogTitle>Delete this deployment of {alias}?</AlertDialogTitle>
          <AlertDialogDescription>
            LiteLLM stops routing to it at once. Other deployments under {alias} keep serving. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <div className="grid gap-4">
          {preview.isLoading ? <p className="text-sm text-muted-foreground">Checking consumer aliases…</p> : null}
          {preview.isError ? <p className="text-sm text-destructive">Could not run the alias checks: {preview.error.message}</p> : null}
          {preview.data ? <FindingsList findings={preview.data.findings} title="What this would break" /> : null}
          {blocked ? (
            <div className="grid gap-3 rounded-md border border-destructive/40 p-3">
              <div className="flex items-center gap-2">
                <Checkbox id={ids.force} checked={force} onCheckedChange={(v) => setForce(v === true)} />
                <Label htmlFor={ids.force} className="font-normal">
                  Force: delete anyway
                </Label>
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor={ids.reason}>Reason (recorded in the audit log)</Label>
                <Textarea id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} disabled={!force} />
              </div>
            </div>
          ) : null}
          <div className="grid gap-1.5">
            <Label htmlFor={ids.typed}>
              Type <span className="font-mono font-semibold">{alias}</span> to confirm
            </Label>
            <Input id={ids.typed} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" className="font-mono" />
          </div>
          {error ? (
            <p className="text-sm text-destructive" aria-live="polite">
              {error}
            </p>
          ) : null}
        </div>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" disabled={!ready || remove.isPending} onClick={() => remove.mutate()}>
            {remove.isPending ? "Deleting…" : "Delete deployment"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
