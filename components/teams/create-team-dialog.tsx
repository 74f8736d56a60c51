"use client";

import { useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { createTeamAction } from "@/lib/teams/actions";
import {
  BUDGET_PERIOD_LABELS,
  budgetPeriodSchema,
  createTeamSchema,
  type CreateTeamInput,
  type CreateTeamValues,
} from "@/lib/teams/schemas";
import { applyActionError } from "./action-errors";
import { ModelChecklist } from "./model-checklist";

const FIELDS = ["teamAlias", "teamId", "models", "maxBudgetUsd", "budgetDuration"] as const;

/** Mounted by TeamDialogButton when pressed, so it opens at once; the trigger keeps the server-rendered look. */
export function CreateTeamDialog({
  proxyModels,
  modelTotal,
  triggerClassName,
  children,
}: {
  proxyModels: string[];
  modelTotal: number;
  triggerClassName: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(true);
  const router = useRouter();
  const form = useForm<CreateTeamInput, unknown, CreateTeamValues>({
    resolver: zodResolver(createTeamSchema),
    defaultValues: { teamAlias: "", teamId: "", models: [], maxBudgetUsd: null, budgetDuration: "none" },
  });
  const mutation = useMutation({
    mutationFn: (values: CreateTeamValues) => createTeamAction(values),
    onSuccess: (result) => {
      if (!result.ok) {
        toast.error(applyActionError(result.error, form.setError, FIELDS));
        return;
      }
      toast.success(`Team ${result.data.alias} created`);
      setOpen(false);
      form.reset();
      router.push(`/teams/${encodeURIComponent(result.data.teamId)}`);
    },
    onError: () => toast.error("Could not reach the console. Try again."),
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <button type="button" className={triggerClassName} data-slot="button">
          {children}
        </button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>New team</DialogTitle>
          <DialogDescription>
            Creates the team in LiteLLM. Bind an identity-provider group to it in Settings so people can join.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit((values) => mutation.mutate(values))} className="grid gap-4" noValidate>
            <FormField
              control={form.control}
              name="teamAlias"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Team name</FormLabel>
                  <FormControl>
                    <Input {...field} autoComplete="off" />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="teamId"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Team id (optional)</FormLabel>
                  <FormControl>
                    <Input {...field} value={field.value ?? ""} autoComplete="off" placeholder="e.g. team-alpha" className="font-mono" />
                  </FormControl>
                  <FormDescription>A stable id to use in group bindings; LiteLLM generates one when empty.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="models"
              render={({ field, fieldState }) => (
                <FormItem>
                  <ModelChecklist
                    legend="Models"
                    options={proxyModels}
                    total={modelTotal}
                    value={field.value ?? []}
                    onChange={field.onChange}
                    idPrefix="team-model"
                    invalid={Boolean(fieldState.error)}
                  />
                  <FormDescription>None selected: the team may use every model on the proxy.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="maxBudgetUsd"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Team budget (USD, optional)</FormLabel>
                    <FormControl>
                      <Input
                        type="number"
                        inputMode="decimal"
                        min={0}
                        step="0.01"
                        name={field.name}
                        ref={field.ref}
                        onBlur={field.onBlur}
                        value={field.value ?? ""}
                        onChange={(e) => field.onChange(e.target.value === "" ? null : e.target.valueAsNumber)}
                      />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <FormField
                control={form.control}
                name="budgetDuration"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Budget resets</FormLabel>
                    <Select value={field.value} onValueChange={field.onChange}>
                      <FormControl>
                        <SelectTrigger className="w-full">
                          <SelectValue />
                        </SelectTrigger>
                      </FormControl>
                      <SelectContent>
                        {budgetPeriodSchema.options.map((p) => (
                          <SelectItem key={p} value={p}>
                            {BUDGET_PERIOD_LABELS[p]}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
            <DialogFooter>
              <Button type="submit" disabled={mutation.isPending}>
                {mutation.isPending ? "Creating…" : "Create team"}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
