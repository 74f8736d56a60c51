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
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { blockKeyAction, deleteKeyAction, extendKeyAction, unblockKeyAction } from "@/lib/keys/actions";
import { keyKeys } from "@/lib/keys/queries";
import type { ActionResult } from "@/lib/safe-action";

export type BulkAction = "block" | "unblock" | "extend" | "delete";

export interface BulkTarget {
  token: string;
  alias: string | null;
}

interface BulkResult {
  token: string;
  alias: string | null;
  ok: boolean;
  message: string;
}

const DONE: Record<BulkAction, string> = { block: "Blocked", unblock: "Unblocked", extend: "Extended", delete: "Deleted" };
const CONCURRENCY = 4;

async function runOne(action: BulkAction, token: string, days: number): Promise<ActionResult<unknown>> {
  switch (action) {
    case "block":
      return blockKeyAction({ token });
    case "unblock":
      return unblockKeyAction({ token });
    case "extend":
      return extendKeyAction({ token, days });
    case "delete":
      return deleteKeyAction({ token });
  }
}

/** Runs one per-key action over a selection, a few at a time, with a progress bar and a result per key. */
export function BulkActions({ selected, onFinished }: { selected: BulkTarget[]; onFinished: () => void }) {
  const router = useRouter();
  const [days, setDays] = React.useState("30");
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const [progress, setProgress] = React.useState<{ action: BulkAction; done: number; total: number } | null>(null);
  const [results, setResults] = React.useState<BulkResult[]>([]);

  const mutation = useMutation({
    mutationKey: keyKeys.bulk("run"),
    mutationFn: async ({ action, targets }: { action: BulkAction; targets: BulkTarget[] }) => {
      const out: BulkResult[] = new Array(targets.length);
      let next = 0;
      let done = 0;
      setResults([]);
      setProgress({ action, done: 0, total: targets.length });
      const worker = async () => {
        while (next < targets.length) {
          const index = next++;
          const target = targets[index]!;
          let result: BulkResult;
          try {
            const res = await runOne(action, target.token, Number(days));
            result = res.ok ? { ...target, ok: true, message: DONE[action] } : { ...target, ok: false, message: res.error.message };
          } catch (error) {
            result = { ...target, ok: false, message: error instanceof Error ? error.message : "The request failed." };
          }
          out[index] = result;
          done += 1;
          setProgress({ action, done, total: targets.length });
          setResults(out.filter(Boolean));
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, targets.length) }, worker));
      return out;
    },
    onSuccess: (out, { action }) => {
      const failed = out.filter((r) => !r.ok).length;
      if (failed === 0) toast.success(`${DONE[action]} ${out.length} key${out.length === 1 ? "" : "s"}`);
      else toast.error(`${failed} of ${out.length} keys could not be ${DONE[action].toLowerCase()}; see the results.`);
      onFinished();
      router.refresh();
    },
  });

  const start = (action: BulkAction) => mutation.mutate({ action, targets: selected });
  const busy = mutation.isPending;
  const daysValid = /^\d+$/.test(days) && Number(days) >= 1 && Number(days) <= 365;

  return (
    <section aria-label="Bulk actions" className="grid gap-3 rounded-lg border p-3">
      <div className="flex flex-wrap items-end gap-2">
        <span className="mr-2 text-sm font-medium" data-testid="bulk-selected">
          {selected.length} selected
        </span>
        <Button type="button" size="sm" variant="outline" disabled={busy || selected.length === 0} onClick={() => start("block")}>
          Block selected
        </Button>
        <Button type="button" size="sm" variant="outline" disabled={busy || selected.length === 0} onClick={() => start("unblock")}>
          Unblock selected
        </Button>
        <div className="flex items-end gap-1">
          <div className="grid gap-1">
            <Label htmlFor="bulk-extend-days" className="text-xs">
              Days
            </Label>
            <Input
              id="bulk-extend-days"
              className="h-8 w-20"
              inputMode="numeric"
              value={days}
              onChange={(e) => setDays(e.target.value)}
              aria-invalid={!daysValid}
            />
          </div>
          <Button
            type="button"
            size="sm"
            variant="outline"
            disabled={busy || selected.length === 0 || !daysValid}
            onClick={() => start("extend")}
          >
            Extend expiry
          </Button>
        </div>
        <Button
          type="button"
          size="sm"
          variant="destructive"
          disabled={busy || selected.length === 0}
          onClick={() => setConfirmDelete(true)}
        >
          Delete selected
        </Button>
      </div>
      {progress ? (
        <div className="grid gap-1">
          <span className="text-sm" id="bulk-progress-label" aria-live="polite">
            {DONE[progress.action]} {progress.done} of {progress.total}
            {progress.done === progress.total ? " — finished" : "…"}
          </span>
          <Progress value={(progress.done / Math.max(1, progress.total)) * 100} aria-labelledby="bulk-progress-label" />
        </div>
      ) : null}
      {results.length > 0 ? (
        <Table aria-label="Bulk action results">
          <TableHeader>
            <TableRow>
              <TableHead>Key</TableHead>
              <TableHead>Result</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {results.map((r) => (
              <TableRow key={r.token} data-testid="bulk-result">
                <TableCell className="font-mono text-xs">{r.alias ?? `${r.token.slice(0, 12)}…`}</TableCell>
                <TableCell>
                  <Badge variant={r.ok ? "success" : "destructive"}>{r.ok ? "Done" : "Failed"}</Badge>{" "}
                  <span className="text-sm">{r.message}</span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <AlertDialog open={confirmDelete} onOpenChange={setConfirmDelete}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              Delete {selected.length} key{selected.length === 1 ? "" : "s"}?
            </AlertDialogTitle>
            <AlertDialogDescription>
              Clients using {selected.length === 1 ? "this key" : "these keys"} stop working at once. This cannot be undone:{" "}
              {selected
                .map((s) => s.alias ?? s.token.slice(0, 12))
                .slice(0, 5)
                .join(", ")}
              {selected.length > 5 ? ` and ${selected.length - 5} more` : ""}.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction variant="destructive" onClick={() => start("delete")}>
              Delete keys
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </section>
  );
}
