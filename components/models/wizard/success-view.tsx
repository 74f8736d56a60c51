"use client";

import * as React from "react";
import Link from "next/link";
import { CheckCircle2Icon } from "lucide-react";
import { toast } from "@/components/ui/toast";

import { VerificationBadge } from "@/components/aliases/verification-badge";
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
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { rollbackWizardModelAction } from "@/lib/models/wizard-actions";
import type { SavedWizardModel } from "@/lib/models/wizard-service";

import { FindingsList } from "./findings-list";

/** After saving: what was created, the group it joined, and for embeddings the measured dimension (with a roll back). */
export function SuccessView({ saved, onAddAnother }: { saved: SavedWizardModel; onAddAnother: () => void }) {
  const [rolledBack, setRolledBack] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const v = saved.verification;

  async function rollback() {
    setBusy(true);
    const res = await rollbackWizardModelAction({ modelId: saved.modelId });
    setBusy(false);
    if (res.ok) {
      setRolledBack(true);
      toast.success(`Deleted deployment ${saved.modelId.slice(0, 8)} of ${saved.alias}`);
    } else {
      toast.error(res.error.message);
    }
  }

  return (
    <div className="grid gap-4" data-testid="wizard-success">
      <Alert>
        <CheckCircle2Icon aria-hidden className="text-success" />
        <AlertTitle>{rolledBack ? `Rolled back: ${saved.alias} deployment deleted` : `Saved ${saved.alias}`}</AlertTitle>
        <AlertDescription>
          <p>
            <code>{saved.litellmModel}</code> as {saved.mode}; deployment id <code data-testid="saved-model-id">{saved.modelId}</code>.
          </p>
          {saved.groupSize > 1 && !rolledBack ? (
            <p>
              {saved.alias} now has {saved.groupSize} deployments; LiteLLM load-balances requests across them.
            </p>
          ) : null}
        </AlertDescription>
      </Alert>
      {v && !rolledBack ? (
        <div className="grid gap-2 rounded-md border p-3" data-testid="dimension-verification">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">Embedding dimension</span>
            <VerificationBadge status={v.status} expected={v.expected} actual={v.actual} message={v.message} />
          </div>
          <p className="text-sm text-muted-foreground">{v.message}</p>
          {v.status !== "verified" ? (
            <AlertDialog>
              <AlertDialogTrigger asChild>
                <Button type="button" variant="destructive" className="justify-self-start" disabled={busy}>
                  Roll back (delete this deployment)
                </Button>
              </AlertDialogTrigger>
              <AlertDialogContent>
                <AlertDialogHeader>
                  <AlertDialogTitle>Delete this deployment of {saved.alias}?</AlertDialogTitle>
                  <AlertDialogDescription>
                    LiteLLM stops serving it immediately. Other deployments of {saved.alias}, if any, are not touched.
                  </AlertDialogDescription>
                </AlertDialogHeader>
                <AlertDialogFooter>
                  <AlertDialogCancel>Keep it</AlertDialogCancel>
                  <AlertDialogAction onClick={rollback}>Delete deployment</AlertDialogAction>
                </AlertDialogFooter>
              </AlertDialogContent>
            </AlertDialog>
          ) : null}
        </div>
      ) : null}
      <FindingsList findings={saved.warnings} testId="saved-warnings" />
      <div className="flex flex-wrap gap-2">
        <Button asChild>
          <Link href="/models">Go to models</Link>
        </Button>
        <Button type="button" variant="outline" onClick={onAddAnother}>
          Add another model
        </Button>
      </div>
    </div>
  );
}
