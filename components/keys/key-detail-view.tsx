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
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/states/page-header";
import { SetBreadcrumbs } from "@/components/shell/breadcrumbs";
import { blockKeyAction, deleteKeyAction, regenerateKeyAction, unblockKeyAction } from "@/lib/keys/actions";
import { describeBudgetPeriod } from "@/lib/keys/expiry";
import { keyKeys } from "@/lib/keys/queries";
import { GRACE_PERIODS } from "@/lib/keys/schemas";
import type { IssuedKey, KeyDetail } from "@/lib/keys/service";

import { EditKeyDialog } from "./edit-key-dialog";
import { KeyStatusBadges, ownerText, SpendBar } from "./key-badges";
import { Countdown, LocalDateTime } from "./local-time";
import { ShowOnceDialog } from "./show-once-dialog";

function Field({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-[12rem_1fr]">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="text-sm break-words" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

const selectClass =
  "h-9 w-full rounded-md border border-input bg-background px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30";

function limit(n: number | null, unit: string): string {
  return n === null ? "no limit" : `${n.toLocaleString("en-US")} ${unit}`;
}

export function KeyDetailView({ detail }: { detail: KeyDetail }) {
  const router = useRouter();
  const { key } = detail;
  const title = key.alias ?? key.keyName ?? "Virtual key";
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
    <div className="grid gap-6">
      <SetBreadcrumbs items={[{ label: "Virtual keys", href: "/keys" }, { label: title }]} />
      <PageHeader
        title={title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <code className="font-mono">{key.keyName ?? "sk-…"}</code>
            <KeyStatusBadges keyView={key} />
          </span>
        }
        actions={
          detail.canManage ? (
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
                    <select
                      id="regen-grace"
                      className={selectClass}
                      value={grace}
                      onChange={(e) => setGrace(e.target.value as typeof grace)}
                    >
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
          ) : null
        }
      />

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Budget and limits</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <SpendBar keyView={key} />
            <dl className="mt-4 divide-y">
              <Field label="Max budget" testId="key-max-budget">
                {key.maxBudget === null ? "No budget" : `${key.maxBudget} USD, ${describeBudgetPeriod(key.budgetDuration)}`}
              </Field>
              <Field label="Budget resets">
                {key.budgetResetAt ? (
                  <LocalDateTime iso={key.budgetResetAt} testId="key-budget-reset" />
                ) : key.budgetDuration ? (
                  "Not scheduled yet"
                ) : (
                  "Never (lifetime budget)"
                )}
              </Field>
              <Field label="Rate limits" testId="key-limits">
                {limit(key.rpmLimit, "requests/min")} · {limit(key.tpmLimit, "tokens/min")} · {limit(key.maxParallelRequests, "parallel")}
              </Field>
              <Field label="Models" testId="key-models">
                {key.models.length ? (
                  <span className="flex flex-wrap gap-1">
                    {key.models.map((m) => (
                      <Badge key={m} variant="secondary" className="font-mono">
                        {m}
                      </Badge>
                    ))}
                  </span>
                ) : (
                  "Every model its owner may use"
                )}
              </Field>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Lifetime and ownership</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="divide-y">
              <Field label="Expires">
                {key.expires ? (
                  <span className="grid gap-0.5">
                    <LocalDateTime iso={key.expires} testId="key-expires" className="font-medium" />
                    <Countdown iso={key.expires} className="text-xs text-muted-foreground" />
                  </span>
                ) : (
                  <span data-testid="key-expires-never">Never</span>
                )}
              </Field>
              <Field label="Owner" testId="key-owner">
                {ownerText(key)}
              </Field>
              <Field label="Team">
                {key.teamId ? `${key.teamName ?? key.teamId}${key.teamName && key.teamName !== key.teamId ? ` (${key.teamId})` : ""}` : "—"}
              </Field>
              <Field label="Created">
                {key.createdAt ? <LocalDateTime iso={key.createdAt} /> : "—"}
                {key.createdBy ? ` by ${key.createdBy}` : ""}
                {key.createdVia === "gatehouse" ? " through Gatehouse" : ""}
              </Field>
              <Field label="Last used">{key.lastUsedAt ? <LocalDateTime iso={key.lastUsedAt} /> : "LiteLLM has not reported a use"}</Field>
              {key.tags.length ? <Field label="Tags">{key.tags.join(", ")}</Field> : null}
              {Object.keys(key.metadata).length ? (
                <Field label="Metadata">
                  <code className="font-mono text-xs">{JSON.stringify(key.metadata)}</code>
                </Field>
              ) : null}
              <Field label="Key id (token hash)">
                <code className="font-mono text-xs break-all">{key.token}</code>
              </Field>
            </dl>
          </CardContent>
        </Card>
      </div>

      <ShowOnceDialog
        issued={regenerated}
        title="The regenerated key"
        snippetModel={key.models.find((m) => m !== "all-team-models" && !m.includes("*")) ?? "gpt-4o-mini"}
        onClose={() => {
          const token = regenerated?.token;
          setRegenerated(null);
          regenerate.reset();
          if (token) router.replace(`/keys/${token}`);
        }}
      />
    </div>
  );
}
