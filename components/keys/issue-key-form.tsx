"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/components/ui/toast";

import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { Label } from "@/components/ui/label";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { outcomeUnknownOf } from "@/lib/audit/outcomes";
import { issueKeyAction } from "@/lib/keys/actions";
import { EXPIRY_PRESET_DAYS, issueKeySchema, type IssueKeyInput, type IssueKeyValues, type OwnerKind } from "@/lib/keys/schemas";
import { keyKeys } from "@/lib/keys/queries";
import type { IssueFormOptions, IssuedKey, IssueTeamOption } from "@/lib/keys/service";
import { formatInstant } from "@/lib/time/format";
import { useOperatorTimeZone } from "@/components/time/time-zone";

import { callableModel, ModelPicker } from "./model-picker";
import { ShowOnceDialog } from "./show-once-dialog";

const OWNER_LABELS: Record<OwnerKind, { label: string; hint: string }> = {
  team: { label: "Team", hint: "Spend counts against the team." },
  service_account: { label: "Team service account", hint: "Belongs to the team, not a person; survives people leaving." },
  user: { label: "User", hint: "A personal key outside any team." },
};

const BUDGET_PERIODS = [
  { value: "none", label: "None (lifetime budget)" },
  { value: "daily", label: "Daily" },
  { value: "weekly", label: "Weekly" },
  { value: "monthly", label: "Monthly" },
] as const;

const noopSubscribe = () => () => {};
const minuteNow = () => Math.floor(Date.now() / 60_000) * 60_000;

function policySummary({ policy, name: teamName, budgetCap }: IssueTeamOption): string {
  if (!policy) return `${teamName} has no self-service policy yet; ask a platform admin.`;
  const parts = [
    budgetCap?.source === "team"
      ? `max ${budgetCap.usd} USD per key (the team's own budget in LiteLLM; the policy allows ${policy.maxKeyBudgetUsd})`
      : `max ${policy.maxKeyBudgetUsd} USD per key`,
    `expiry within ${policy.maxKeyDurationDays} days`,
    policy.allowedModels.length ? `models: ${policy.allowedModels.join(", ")}` : "all of the team's models",
    `${policy.maxActiveKeysPerMember} active key${policy.maxActiveKeysPerMember === 1 ? "" : "s"} per member`,
  ];
  if (!policy.membersCanIssue) parts.push("members cannot issue (team admins only)");
  return `Caps for ${teamName}: ${parts.join("; ")}.`;
}

/** A datetime-local value is local wall time; the server needs an instant. */
function localToIso(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

export function IssueKeyForm({ options }: { options: IssueFormOptions }) {
  const router = useRouter();
  const [issued, setIssued] = React.useState<IssuedKey | null>(null);
  /** Set when LiteLLM's answer was lost: the audit log link where the outcome will appear. */
  const [outcomeCheck, setOutcomeCheck] = React.useState<string | null>(null);
  const firstTeam = options.teams[0];
  const form = useForm<IssueKeyInput, unknown, IssueKeyValues>({
    resolver: zodResolver(issueKeySchema),
    defaultValues: {
      ownerKind: options.ownerKinds[0],
      teamId: firstTeam?.teamId ?? "",
      userId: "",
      alias: "",
      models: [],
      maxBudgetUsd: "",
      budgetPeriod: (firstTeam?.policy?.defaultBudgetPeriod as IssueKeyInput["budgetPeriod"]) ?? "none",
      expiryMode: "30d",
      expiresAt: "",
      rpmLimit: "",
      tpmLimit: "",
      maxParallelRequests: "",
      metadataText: "",
      tags: "",
    },
  });
  const [ownerKind, teamId, expiryMode, expiresAt, models] = useWatch({
    control: form.control,
    name: ["ownerKind", "teamId", "expiryMode", "expiresAt", "models"],
  });
  const team = options.teams.find((t) => t.teamId === teamId) ?? null;
  // Self-service: the team's own models (narrowed by its policy); admins pick from the gateway's.
  const pickerOptions = React.useMemo(
    () => (ownerKind !== "user" && team?.models ? team.models : options.models.filter((m) => !m.teamId || m.teamId === teamId)),
    [ownerKind, team, options.models, teamId],
  );
  const now = React.useSyncExternalStore(noopSubscribe, minuteNow, () => null);
  const zone = useOperatorTimeZone();
  const formatLocal = (iso: string) => formatInstant(iso, zone);

  const mutation = useMutation({
    mutationKey: keyKeys.issue(),
    mutationFn: (values: IssueKeyValues) =>
      issueKeyAction({ ...values, expiresAt: values.expiryMode === "date" ? localToIso(values.expiresAt) : "" }),
  });

  async function onSubmit(values: IssueKeyValues) {
    setOutcomeCheck(null);
    const result = await mutation.mutateAsync(values);
    if (result.ok) {
      setIssued(result.data);
      toast.success(`Key ${result.data.alias ?? ""} issued`);
      return;
    }
    const { error } = result;
    for (const [field, messages] of Object.entries(error.fieldErrors ?? {})) {
      if (field in form.getValues()) form.setError(field as keyof IssueKeyInput, { message: messages[0] });
    }
    if (error.code === "conflict") form.setError("alias", { message: error.message });
    const unknown = outcomeUnknownOf(error.details);
    if (unknown) setOutcomeCheck(unknown.auditUrl);
    toast.error(error.message);
  }

  function closeDialog() {
    const token = issued?.token;
    setIssued(null);
    mutation.reset();
    // The key's page is addressed by its token hash; the raw key never goes near a URL.
    if (token) router.push(`/keys/${token}`);
  }

  const expiryPreview =
    now === null
      ? null
      : expiryMode === "never"
        ? "The key never expires."
        : expiryMode === "date"
          ? expiresAt && !Number.isNaN(Date.parse(expiresAt))
            ? `Expires ${formatLocal(new Date(Date.parse(expiresAt)).toISOString())}.`
            : null
          : `Expires about ${formatLocal(new Date(now + EXPIRY_PRESET_DAYS[expiryMode as keyof typeof EXPIRY_PRESET_DAYS] * 86_400_000).toISOString())}; the exact time is set when you issue.`;

  return (
    <>
      <Form {...form}>
        <form onSubmit={form.handleSubmit(onSubmit)} className="grid max-w-3xl gap-6" noValidate aria-label="Issue a virtual key">
          <FormField
            control={form.control}
            name="ownerKind"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Owner</FormLabel>
                <FormControl>
                  <RadioGroup value={field.value} onValueChange={field.onChange} className="grid gap-2 sm:grid-cols-3" aria-label="Owner">
                    {options.ownerKinds.map((kind) => (
                      <div key={kind} className="flex items-start gap-2 rounded-md border p-3">
                        <RadioGroupItem value={kind} id={`owner-${kind}`} />
                        <Label htmlFor={`owner-${kind}`} className="grid gap-1 font-normal">
                          <span className="font-medium">{OWNER_LABELS[kind].label}</span>
                          <span className="text-xs text-muted-foreground">{OWNER_LABELS[kind].hint}</span>
                        </Label>
                      </div>
                    ))}
                  </RadioGroup>
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />

          {ownerKind === "user" ? (
            <FormField
              control={form.control}
              name="userId"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>User</FormLabel>
                  <FormControl>
                    <Input placeholder="e.g. openshift:alice" autoComplete="off" {...field} />
                  </FormControl>
                  <FormDescription>The LiteLLM user id; Gatehouse users are “provider:username”.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
          ) : (
            <FormField
              control={form.control}
              name="teamId"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Team</FormLabel>
                  <Select value={field.value} onValueChange={field.onChange}>
                    <FormControl>
                      <SelectTrigger className="w-full sm:w-80">
                        <SelectValue placeholder="Pick a team" />
                      </SelectTrigger>
                    </FormControl>
                    <SelectContent>
                      {options.teams.map((t) => (
                        <SelectItem key={t.teamId} value={t.teamId}>
                          {t.name}
                          {t.name !== t.teamId ? <span className="text-xs text-muted-foreground"> ({t.teamId})</span> : null}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <FormDescription>
                    {options.isAdmin
                      ? "As a console admin you are not bound by team self-service caps."
                      : team
                        ? policySummary(team)
                        : "Pick one of your teams."}
                  </FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
          )}

          <FormField
            control={form.control}
            name="alias"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Alias</FormLabel>
                <FormControl>
                  <Input placeholder="e.g. rag-pipeline-prod" autoComplete="off" {...field} />
                </FormControl>
                <FormDescription>Unique across the gateway. It names the key everywhere after today.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />

          <FormField
            control={form.control}
            name="models"
            render={({ field, fieldState }) => (
              <FormItem>
                <Label id="issue-models-label" className={fieldState.error ? "text-destructive" : undefined}>
                  Models
                </Label>
                <ModelPicker
                  id="issue-models"
                  options={pickerOptions}
                  value={Array.isArray(field.value) ? field.value : []}
                  onChange={field.onChange}
                  allowTeamModels={ownerKind !== "user"}
                />
                {team?.models ? (
                  <p className="text-sm text-muted-foreground" role="note">
                    {team.policy?.allowedModels.length ? `The models ${team.name}'s key policy allows.` : `${team.name}'s models in LiteLLM.`}
                  </p>
                ) : options.modelTotal > options.models.filter((m) => m.kind === "model").length ? (
                  <p className="text-sm text-muted-foreground" role="note">
                    Listing the first {options.models.filter((m) => m.kind === "model").length.toLocaleString("en-US")} of{" "}
                    {options.modelTotal.toLocaleString("en-US")} model names (alphabetical), then every access group.
                  </p>
                ) : null}
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
                  <FormLabel>Max budget (USD)</FormLabel>
                  <FormControl>
                    <Input
                      type="number"
                      inputMode="decimal"
                      min={0}
                      step="any"
                      placeholder="No budget"
                      {...field}
                      value={String(field.value ?? "")}
                    />
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
                  <Select value={field.value} onValueChange={field.onChange}>
                    <FormControl>
                      <SelectTrigger className="w-full">
                        <SelectValue />
                      </SelectTrigger>
                    </FormControl>
                    <SelectContent>
                      {BUDGET_PERIODS.map((p) => (
                        <SelectItem key={p.value} value={p.value}>
                          {p.label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <FormDescription>The spend resets at the start of each period.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
          </div>

          <FormField
            control={form.control}
            name="expiryMode"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Expiry</FormLabel>
                <FormControl>
                  <RadioGroup value={field.value} onValueChange={field.onChange} className="flex flex-wrap gap-4" aria-label="Expiry">
                    {(
                      [
                        ["7d", "7 days"],
                        ["30d", "30 days"],
                        ["90d", "90 days"],
                        ["date", "On a date"],
                        ...(options.canNeverExpire ? [["never", "Never"]] : []),
                      ] as Array<[string, string]>
                    ).map(([value, label]) => (
                      <div key={value} className="flex items-center gap-2">
                        <RadioGroupItem value={value} id={`expiry-${value}`} />
                        <Label htmlFor={`expiry-${value}`} className="font-normal">
                          {label}
                        </Label>
                      </div>
                    ))}
                  </RadioGroup>
                </FormControl>
                <FormDescription data-testid="expiry-preview">{expiryPreview}</FormDescription>
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
                    <Input type="datetime-local" className="w-full sm:w-72" {...field} value={field.value ?? ""} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
          ) : null}

          <fieldset className="grid gap-4 sm:grid-cols-3">
            <legend className="mb-2 text-sm font-medium">Rate limits (empty = none)</legend>
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
                      <Input type="number" inputMode="numeric" min={1} step={1} {...field} value={String(field.value ?? "")} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
            ))}
          </fieldset>

          <FormField
            control={form.control}
            name="metadataText"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Metadata (JSON)</FormLabel>
                <FormControl>
                  <Textarea rows={3} className="font-mono text-sm" placeholder='{"app": "rag-pipeline"}' {...field} />
                </FormControl>
                <FormDescription>Gatehouse adds who issued the key (created_by, created_via).</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="tags"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Tags</FormLabel>
                <FormControl>
                  <Input
                    placeholder="comma-separated, e.g. prod, rag"
                    {...field}
                    value={Array.isArray(field.value) ? field.value.join(", ") : (field.value ?? "")}
                  />
                </FormControl>
                <FormDescription>Key tags need a LiteLLM Enterprise licence.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />

          {outcomeCheck ? (
            <Alert variant="warning">
              <AlertTitle>The outcome is being checked</AlertTitle>
              <AlertDescription>
                <p>
                  LiteLLM did not answer in time, so Gatehouse cannot tell yet whether the key was created. It is asking LiteLLM and will record
                  the answer in the audit log. If the key was created, its secret was never shown and cannot be recovered: delete or regenerate it
                  from there. Do not issue it again until then.
                </p>
                <a className="font-medium underline" href={outcomeCheck}>
                  Open this request in the audit log
                </a>
              </AlertDescription>
            </Alert>
          ) : null}

          <div className="flex gap-2">
            <Button type="submit" disabled={form.formState.isSubmitting}>
              {form.formState.isSubmitting ? "Issuing…" : "Issue key"}
            </Button>
            <Button type="button" variant="ghost" onClick={() => router.push("/keys")}>
              Cancel
            </Button>
          </div>
        </form>
      </Form>
      <ShowOnceDialog
        issued={issued}
        snippetModel={callableModel(Array.isArray(models) ? models : [], options.models)}
        onClose={closeDialog}
      />
    </>
  );
}
