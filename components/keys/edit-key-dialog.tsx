"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/components/ui/toast";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { updateKeyAction } from "@/lib/keys/actions";
import { budgetPeriodFromDuration } from "@/lib/keys/expiry";
import { keyKeys } from "@/lib/keys/queries";
import { updateKeySchema, type UpdateKeyInput, type UpdateKeyValues } from "@/lib/keys/schemas";
import type { KeyView } from "@/lib/keys/view";

const selectClass =
  "h-9 w-full rounded-md border border-input bg-background px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30";

function localToIso(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** Edits limits, budget, models and expiry; the service re-reads the key and fails loudly if LiteLLM did not keep them. */
export function EditKeyDialog({ keyView }: { keyView: KeyView }) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const period = budgetPeriodFromDuration(keyView.budgetDuration);
  const defaults: UpdateKeyInput = {
    token: keyView.token,
    models: keyView.models.join(", "),
    maxBudgetUsd: keyView.maxBudget === null ? "" : String(keyView.maxBudget),
    budgetPeriod: period === "custom" ? "none" : period,
    expiryMode: "keep",
    expiresAt: "",
    rpmLimit: keyView.rpmLimit === null ? "" : String(keyView.rpmLimit),
    tpmLimit: keyView.tpmLimit === null ? "" : String(keyView.tpmLimit),
    maxParallelRequests: keyView.maxParallelRequests === null ? "" : String(keyView.maxParallelRequests),
  };
  const form = useForm<UpdateKeyInput, unknown, UpdateKeyValues>({ resolver: zodResolver(updateKeySchema), defaultValues: defaults });
  const expiryMode = useWatch({ control: form.control, name: "expiryMode" });

  const mutation = useMutation({
    mutationKey: keyKeys.detail(keyView.token),
    mutationFn: (values: UpdateKeyValues) =>
      updateKeyAction({ ...values, expiresAt: values.expiryMode === "date" ? localToIso(values.expiresAt) : "" }),
  });

  async function onSubmit(values: UpdateKeyValues) {
    const result = await mutation.mutateAsync(values);
    if (result.ok) {
      toast.success("Key updated");
      setOpen(false);
      router.refresh();
      return;
    }
    for (const [field, messages] of Object.entries(result.error.fieldErrors ?? {})) {
      if (field in form.getValues()) form.setError(field as keyof UpdateKeyInput, { message: messages[0] });
    }
    toast.error(result.error.message);
    router.refresh();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset(defaults);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">Edit</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Edit {keyView.alias ?? "key"}</DialogTitle>
          <DialogDescription>Changes apply to the key at once; its secret stays the same.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4" noValidate aria-label="Edit key">
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="maxBudgetUsd"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Max budget (USD)</FormLabel>
                    <FormControl>
                      <Input type="number" min={0} step="any" placeholder="No budget" {...field} value={String(field.value ?? "")} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <FormField
                control={form.control}
                name="budgetPeriod"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Budget period</FormLabel>
                    <FormControl>
                      <select className={selectClass} {...field}>
                        <option value="none">None (lifetime)</option>
                        <option value="daily">Daily</option>
                        <option value="weekly">Weekly</option>
                        <option value="monthly">Monthly</option>
                      </select>
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
            <FormField
              control={form.control}
              name="models"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Models</FormLabel>
                  <FormControl>
                    <Input
                      placeholder="comma-separated; empty = every model the owner may use"
                      {...field}
                      value={Array.isArray(field.value) ? field.value.join(", ") : (field.value ?? "")}
                    />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="expiryMode"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Expiry</FormLabel>
                    <FormControl>
                      <select className={selectClass} {...field}>
                        <option value="keep">Keep the current expiry</option>
                        <option value="7d">7 days from now</option>
                        <option value="30d">30 days from now</option>
                        <option value="90d">90 days from now</option>
                        <option value="date">On a date…</option>
                      </select>
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
              {expiryMode === "date" ? (
                <FormField
                  control={form.control}
                  name="expiresAt"
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>Expires at (your local time)</FormLabel>
                      <FormControl>
                        <Input type="datetime-local" {...field} value={field.value ?? ""} />
                      </FormControl>
                      <FormMessage />
                    </FormItem>
                  )}
                />
              ) : null}
            </div>
            <div className="grid gap-4 sm:grid-cols-3">
              {(
                [
                  ["rpmLimit", "Requests per minute"],
                  ["tpmLimit", "Tokens per minute"],
                  ["maxParallelRequests", "Max parallel requests"],
                ] as const
              ).map(([name, label]) => (
                <FormField
                  key={name}
                  control={form.control}
                  name={name}
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>{label}</FormLabel>
                      <FormControl>
                        <Input type="number" min={1} step={1} placeholder="No limit" {...field} value={String(field.value ?? "")} />
                      </FormControl>
                      <FormMessage />
                    </FormItem>
                  )}
                />
              ))}
            </div>
            <p className="text-sm text-muted-foreground">
              Gatehouse reads the key back after saving and tells you if LiteLLM did not keep a change.
            </p>
            <DialogFooter>
              <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting ? "Saving…" : "Save changes"}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
