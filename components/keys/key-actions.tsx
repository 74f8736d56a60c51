"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
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
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { blockKeyAction, deleteKeyAction, regenerateKeyAction, unblockKeyAction } from "@/lib/keys/actions";
import { keyKeys } from "@/lib/keys/queries";
import { GRACE_PERIODS } from "@/lib/keys/schemas";
import type { IssuedKey } from "@/lib/keys/service";
import type { KeyView } from "@/lib/keys/view";

import { EditKeyDialog } from "./edit-key-dialog";
import { ShowOnceDialog } from "./show-once-dialog";

const selectClass =
  "h-9 w-full rounded-md border border-input bg-background px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30";

/** Edit, block/unblock, regenerate (secret shown once) and delete for one key; loaded after the page hydrates. */
export default function KeyActions({ keyView: key, title, snippetModel }: { keyView: KeyView; title: string; snippetModel: string }) {
  const router = useRouter();
  const [regenerated, setRegenerated] = React.useState<IssuedKey | null>(null);
  const [regenOpen, setRegenOpen] = React.useState(false);
  const [grace, setGrace] = React.useState<(typeof GRACE_PERIODS)[number]>("none");
  const [regenError, setRegenError] = React.useState<string | null>(null);

  const block = useMutation({
    mutationKey: keyKeys.detail(key.token),
    mutationFn: () => (key.status === "blocked" ? unblockKeyAction({ token: key.token }) : blockKeyAction({ token: key.token })),
    onSuccess: (result) => {
      if (result.ok) toast.success(result.data.status === "blocked" ? "Key blocked: calls with it now fail." : "Key unblocked.");
      else toast.error(result.error.message);
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationKey: keyKeys.detail(key.token),
    mutationFn: () => deleteKeyAction({ token: key.token }),
    onSuccess: (result) => {
      if (result.ok) {
        toast.success(`Key ${result.data.alias ?? ""} deleted`);
        router.push("/keys");
        router.refresh();
      } else toast.error(result.error.message);
    },
  });
  const regenerate = useMutation({
    mutationKey: keyKeys.detail(key.token),
    mutationFn: () => regenerateKeyAction({ token: key.token, gracePeriod: grace }),
    onSuccess: (result) => {
      if (result.ok) {
        setRegenOpen(false);
        setRegenError(null);
        setRegenerated(result.data);
      } else setRegenError(result.error.message);
    },
  });

  return (
    <>
      <div className="flex flex-wrap gap-2">
        <EditKeyDialog keyView={key} />
        <Button variant="outline" onClick={() => block.mutate()} disabled={block.isPending}>
          {key.status === "blocked" ? "Unblock" : "Block"}
        </Button>
        <Dialog
          open={regenOpen}
          onOpenChange={(open) => {
            setRegenOpen(open);
            if (!open) setRegenError(null);
          }}
        >
          <DialogTrigger asChild>
            <Button variant="outline">Regenerate</Button>
          </DialogTrigger>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Regenerate {title}?</DialogTitle>
              <DialogDescription>
                The key gets a new secret, shown once. Clients must switch to it; the old secret stops working after the grace period.
              </DialogDescription>
            </DialogHeader>
            <div className="grid gap-1.5">
              <Label htmlFor="regen-grace">Grace period for the old secret</Label>
              <select id="regen-grace" className={selectClass} value={grace} onChange={(e) => setGrace(e.target.value as typeof grace)}>
                <option value="none">None: stop it now</option>
                <option value="1h">1 hour</option>
                <option value="24h">24 hours</option>
                <option value="72h">72 hours</option>
              </select>
              <p className="text-xs text-muted-foreground">
                Grace periods need LiteLLM 1.96 or later; older proxies retire the old secret at once.
              </p>
            </div>
            {regenError ? (
              <Alert variant="destructive">
                <AlertDescription data-testid="regenerate-error">{regenError}</AlertDescription>
              </Alert>
            ) : null}
            <DialogFooter>
              <Button variant="ghost" onClick={() => setRegenOpen(false)}>
                Cancel
              </Button>
              <Button onClick={() => regenerate.mutate()} disabled={regenerate.isPending}>
                {regenerate.isPending ? "Regenerating…" : "Regenerate key"}
              </Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
        <AlertDialog>
          <AlertDialogTrigger asChild>
            <Button variant="destructive">Delete</Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle>Delete {title}?</AlertDialogTitle>
              <AlertDialogDescription>Clients using this key stop working at once. This cannot be undone.</AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>Cancel</AlertDialogCancel>
              <AlertDialogAction variant="destructive" onClick={() => remove.mutate()}>
                Delete key
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      </div>
      <ShowOnceDialog
        issued={regenerated}
        title="The regenerated key"
        snippetModel={snippetModel}
        onClose={() => {
          const token = regenerated?.token;
          setRegenerated(null);
          regenerate.reset();
          if (token) router.replace(`/keys/${token}`);
        }}
      />
    </>
  );
}
