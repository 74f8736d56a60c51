"use client";

import { useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { updateTeamPolicyAction } from "@/lib/teams/actions";
import {
  ALL_TEAM_MODELS_CHOICE,
  KEY_BUDGET_PERIOD_LABELS,
  keyBudgetPeriodSchema,
  teamPolicySchema,
  type TeamPolicyInput,
  type TeamPolicyValues,
} from "@/lib/teams/schemas";
import { applyActionError } from "./action-errors";
import { ModelChecklist } from "./model-checklist";

const FIELDS = [
  "maxKeyBudgetUsd",
  "maxKeyDurationDays",
  "allowedModels",
  "maxActiveKeysPerMember",
  "membersCanIssue",
  "defaultBudgetPeriod",
] as const;

/** Serializable policy values for the form (no Dates). */
export interface PolicyDefaults {
  maxKeyBudgetUsd: number;
  maxKeyDurationDays: number;
  allowedModels: string[];
  maxActiveKeysPerMember: number;
  membersCanIssue: boolean;
  defaultBudgetPeriod: string | null;
}

function NumberField({
  name,
  label,
  description,
  step,
}: {
  name: "maxKeyBudgetUsd" | "maxKeyDurationDays" | "maxActiveKeysPerMember";
  label: string;
  description?: string;
  step: string;
}) {
  return (
    <FormField
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <Input
              type="number"
              inputMode={step === "1" ? "numeric" : "decimal"}
              step={step}
              name={field.name}
              ref={field.ref}
              onBlur={field.onBlur}
              value={Number.isNaN(field.value) || field.value === undefined ? "" : field.value}
              onChange={(e) => field.onChange(e.target.value === "" ? Number.NaN : e.target.valueAsNumber)}
            />
          </FormControl>
          {description ? <FormDescription>{description}</FormDescription> : null}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

/** Mounted by TeamDialogButton when pressed, so it opens at once; the trigger keeps the server-rendered look. */
export function TeamPolicyDialog({
  teamId,
  teamAlias,
  teamModels,
  modelTotal,
  current,
  triggerClassName,
  children,
}: {
  teamId: string;
  teamAlias: string;
  teamModels: string[];
  modelTotal: number;
  current: PolicyDefaults | null;
  triggerClassName: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(true);
  const router = useRouter();
  const defaults: TeamPolicyInput = {
    teamId,
    maxKeyBudgetUsd: current?.maxKeyBudgetUsd ?? 10,
    maxKeyDurationDays: current?.maxKeyDurationDays ?? 30,
    // A stored empty list is "all of the team's models" (an explicit choice); a new policy starts with a list to tick.
    allowedModels: current && current.allowedModels.length === 0 ? [ALL_TEAM_MODELS_CHOICE] : (current?.allowedModels ?? []),
    maxActiveKeysPerMember: current?.maxActiveKeysPerMember ?? 3,
    membersCanIssue: current?.membersCanIssue ?? true,
    defaultBudgetPeriod: (current?.defaultBudgetPeriod as TeamPolicyInput["defaultBudgetPeriod"]) ?? "none",
  };
  const form = useForm<TeamPolicyInput, unknown, TeamPolicyValues>({ resolver: zodResolver(teamPolicySchema), defaultValues: defaults });
  const [allowedModels, membersCanIssue] = useWatch({ control: form.control, name: ["allowedModels", "membersCanIssue"] });
  const allTeamModels = Array.isArray(allowedModels) && allowedModels.includes(ALL_TEAM_MODELS_CHOICE);
  // The ticked list survives switching to "all of the team's models" and back.
  const [lastTicked, setLastTicked] = useState<string[]>(current?.allowedModels ?? []);
  const mutation = useMutation({
    mutationFn: (values: TeamPolicyValues) => updateTeamPolicyAction(values),
    onSuccess: (result) => {
      if (!result.ok) {
        toast.error(applyActionError(result.error, form.setError, FIELDS));
        return;
      }
      toast.success(`Policy for ${teamAlias} saved`);
      setOpen(false);
      router.refresh();
    },
    onError: () => toast.error("Could not reach the console. Try again."),
  });
  // Models the policy already allows stay visible even if the team lost them, so they can be unticked.
  const options = [...new Set([...teamModels, ...(current?.allowedModels ?? [])])].sort();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset(defaults);
      }}
    >
      <DialogTrigger asChild>
        <button type="button" className={triggerClassName} data-slot="button">
          {children}
        </button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Key policy for {teamAlias}</DialogTitle>
          <DialogDescription>
            Caps for keys issued in this team. Requests above a cap are rejected, never silently lowered.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit((values) => mutation.mutate(values))} className="grid gap-4" noValidate>
            <div className="grid gap-4 sm:grid-cols-2">
              <NumberField name="maxKeyBudgetUsd" label="Max budget per key (USD)" step="0.01" />
              <NumberField
                name="maxKeyDurationDays"
                label="Max key lifetime (days)"
                step="1"
                description="Every self-service key must expire."
              />
              <NumberField name="maxActiveKeysPerMember" label="Max active keys per member" step="1" />
              <FormField
                control={form.control}
                name="defaultBudgetPeriod"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Default budget period</FormLabel>
                    <Select value={field.value} onValueChange={field.onChange}>
                      <FormControl>
                        <SelectTrigger className="w-full">
                          <SelectValue />
                        </SelectTrigger>
                      </FormControl>
                      <SelectContent>
                        {keyBudgetPeriodSchema.options.map((p) => (
                          <SelectItem key={p} value={p}>
                            {KEY_BUDGET_PERIOD_LABELS[p]}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
            <FormField
              control={form.control}
              name="allowedModels"
              render={({ field, fieldState }) => (
                <FormItem>
                  <div className="grid gap-2">
                    <p className="text-sm font-medium" id="policy-models-label">
                      Models a self-service key may use
                    </p>
                    <RadioGroup
                      aria-labelledby="policy-models-label"
                      value={allTeamModels ? "team" : "listed"}
                      onValueChange={(choice) => {
                        if (choice === "team") {
                          if (!allTeamModels) setLastTicked(Array.isArray(field.value) ? field.value : []);
                          field.onChange([ALL_TEAM_MODELS_CHOICE]);
                        } else field.onChange(lastTicked);
                      }}
                      className="grid gap-2"
                    >
                      <div className="flex items-center gap-2">
                        <RadioGroupItem value="team" id="policy-models-team" />
                        <Label htmlFor="policy-models-team" className="font-normal">
                          All of the team&apos;s models
                        </Label>
                      </div>
                      <div className="flex items-center gap-2">
                        <RadioGroupItem value="listed" id="policy-models-listed" />
                        <Label htmlFor="policy-models-listed" className="font-normal">
                          Only the models ticked below
                        </Label>
                      </div>
                    </RadioGroup>
                  </div>
                  {allTeamModels ? (
                    <FormDescription>
                      Keys may use whatever models the team has in LiteLLM, now and after the team&apos;s models change.
                    </FormDescription>
                  ) : (
                    <>
                      <ModelChecklist
                        legend="Allowed models"
                        options={options}
                        total={modelTotal}
                        value={Array.isArray(field.value) ? field.value : []}
                        onChange={field.onChange}
                        idPrefix="policy-model"
                        invalid={Boolean(fieldState.error)}
                      />
                      <FormDescription>A subset of the team&apos;s models.</FormDescription>
                    </>
                  )}
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="membersCanIssue"
              render={({ field }) => (
                <FormItem className="flex flex-row items-center justify-between gap-4 rounded-md border p-3">
                  <div className="grid gap-1">
                    <FormLabel>Members may issue their own keys</FormLabel>
                    <FormDescription data-testid="members-can-issue-state">
                      {membersCanIssue
                        ? "On: members issue their own keys for this team, within these caps."
                        : "Off: only team admins and console admins issue keys for this team."}
                    </FormDescription>
                  </div>
                  <FormControl>
                    <Switch checked={field.value} onCheckedChange={field.onChange} />
                  </FormControl>
                </FormItem>
              )}
            />
            <DialogFooter>
              <Button type="submit" disabled={mutation.isPending}>
                {mutation.isPending ? "Saving…" : "Save policy"}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
