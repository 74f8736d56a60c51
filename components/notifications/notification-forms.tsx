"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import * as React from "react";
import { useForm, useWatch, type Control, type Resolver } from "react-hook-form";
import type { z } from "zod";

import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { createChannelAction, createRuleAction } from "@/lib/notify/actions";
import { EVENT_INFO, NOTIFY_EVENTS, channelInputSchema, ruleInputSchema } from "@/lib/notify/schemas";

const selectClass =
  "h-9 w-full rounded-md border border-input bg-transparent px-3 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30";

function applyFieldErrors(setError: (name: never, e: { message: string }) => void, fieldErrors: Record<string, string[]> | undefined) {
  for (const [name, messages] of Object.entries(fieldErrors ?? {})) if (messages[0]) setError(name as never, { message: messages[0] });
}

/** Global (admins only) or one of the caller's teams: the same picker for channels and rules. */
function ScopeSelect({ control, teams, canGlobal }: { control: Control<{ teamId?: string }>; teams: string[]; canGlobal: boolean }) {
  return (
    <FormField
      control={control}
      name="teamId"
      render={({ field }) => (
        <FormItem>
          <FormLabel>Scope</FormLabel>
          <FormControl>
            <select className={selectClass} {...field}>
              {canGlobal ? <option value="">Global (admins)</option> : null}
              {teams.map((t) => (
                <option key={t} value={t}>
                  Team {t}
                </option>
              ))}
            </select>
          </FormControl>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

type ChannelFormValues = z.input<typeof channelInputSchema>;

/** A new channel. Webhook URLs, signing secrets and SMTP passwords are write-only: they are never shown again. */
export function ChannelForm({ teams, canGlobal, onDone }: { teams: string[]; canGlobal: boolean; onDone: () => void }) {
  const router = useRouter();
  const [formError, setFormError] = React.useState<string | null>(null);
  const form = useForm<ChannelFormValues>({
    resolver: zodResolver(channelInputSchema, undefined, { raw: true }) as unknown as Resolver<ChannelFormValues>,
    defaultValues: { kind: "webhook", name: "", teamId: canGlobal ? "" : (teams[0] ?? ""), url: "", signingSecret: "", smtpHost: "", smtpPort: 587, smtpSecure: false, smtpUser: "", smtpPassword: "", from: "", recipients: "" },
  });
  const kind = useWatch({ control: form.control, name: "kind" });
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    const result = await createChannelAction(values);
    if (!result.ok) {
      applyFieldErrors(form.setError as never, result.error.fieldErrors);
      setFormError(result.error.message);
      return;
    }
    router.refresh();
    onDone();
  });
  const text = (name: keyof ChannelFormValues, label: string, props: React.ComponentProps<typeof Input> = {}, description?: string) => (
    <FormField
      control={form.control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <Input {...props} {...field} value={field.value === undefined ? "" : String(field.value)} />
          </FormControl>
          {description ? <FormDescription>{description}</FormDescription> : null}
          <FormMessage />
        </FormItem>
      )}
    />
  );
  return (
    <Form {...form}>
      <form onSubmit={onSubmit} className="grid max-w-xl gap-4 rounded-md border p-4" aria-label="New channel" noValidate>
        <FormField
          control={form.control}
          name="kind"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Channel type</FormLabel>
              <FormControl>
                <select className={selectClass} {...field}>
                  <option value="webhook">Webhook (signed JSON)</option>
                  <option value="slack">Slack incoming webhook</option>
                  <option value="email">E-mail (SMTP)</option>
                </select>
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        {text("name", "Name", { maxLength: 80 })}
        <ScopeSelect control={form.control as never} teams={teams} canGlobal={canGlobal} />
        {kind === "webhook" || kind === "slack"
          ? text("url", "Webhook URL", { type: "url", autoComplete: "off", placeholder: "https://hooks.example.com/…" }, "Write-only: checked by the address guard, stored encrypted, never shown again.")
          : null}
        {kind === "webhook" ? text("signingSecret", "Signing secret", { type: "password", autoComplete: "new-password" }, "At least 16 characters; the receiver checks X-Gatehouse-Signature (HMAC-SHA256) with it.") : null}
        {kind === "email" ? (
          <>
            {text("smtpHost", "SMTP host", { placeholder: "smtp.example.com" })}
            {text("smtpPort", "SMTP port", { type: "number", inputMode: "numeric" })}
            {text("smtpUser", "SMTP user (optional)", { autoComplete: "off" })}
            {text("smtpPassword", "SMTP password (optional)", { type: "password", autoComplete: "new-password" }, "Write-only: stored encrypted, never shown again.")}
            {text("from", "From address", { type: "email", placeholder: "gatehouse@example.com" })}
            {text("recipients", "Also send to (optional)", { placeholder: "ops@example.com, oncall@example.com" }, "Key notices go to the key's owner and the team's admins; add fixed addresses here.")}
          </>
        ) : null}
        {formError ? (
          <p className="text-sm text-destructive" data-testid="channel-form-error">
            {formError}
          </p>
        ) : null}
        <div className="flex gap-2">
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? "Saving…" : "Save channel"}
          </Button>
          <Button type="button" variant="outline" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </Form>
  );
}

type RuleFormValues = z.input<typeof ruleInputSchema>;

export function RuleForm({
  teams,
  canGlobal,
  channels,
  onDone,
}: {
  teams: string[];
  canGlobal: boolean;
  channels: { id: string; name: string; teamId: string | null }[];
  onDone: () => void;
}) {
  const router = useRouter();
  const [formError, setFormError] = React.useState<string | null>(null);
  const form = useForm<RuleFormValues>({
    resolver: zodResolver(ruleInputSchema, undefined, { raw: true }) as unknown as Resolver<RuleFormValues>,
    defaultValues: { event: "key_expiring", threshold: 7, teamId: canGlobal ? "" : (teams[0] ?? ""), channelIds: [] },
  });
  const event = useWatch({ control: form.control, name: "event" });
  const teamId = useWatch({ control: form.control, name: "teamId" }) ?? "";
  const inScope = channels.filter((c) => (c.teamId ?? "") === teamId);
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    const result = await createRuleAction(values);
    if (!result.ok) {
      applyFieldErrors(form.setError as never, result.error.fieldErrors);
      setFormError(result.error.message);
      return;
    }
    router.refresh();
    onDone();
  });
  const info = EVENT_INFO[event ?? "key_expiring"];
  return (
    <Form {...form}>
      <form onSubmit={onSubmit} className="grid max-w-xl gap-4 rounded-md border p-4" aria-label="New rule" noValidate>
        <FormField
          control={form.control}
          name="event"
          render={({ field }) => (
            <FormItem>
              <FormLabel>When</FormLabel>
              <FormControl>
                <select className={selectClass} {...field}>
                  {NOTIFY_EVENTS.map((e) => (
                    <option key={e} value={e}>
                      {EVENT_INFO[e].label} … {EVENT_INFO[e].unit}
                    </option>
                  ))}
                </select>
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="threshold"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Threshold ({info.unit})</FormLabel>
              <FormControl>
                <Input type="number" inputMode="numeric" {...field} value={field.value === undefined ? "" : String(field.value)} />
              </FormControl>
              <FormDescription>Usual values: {info.defaults.join(", ")}.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <ScopeSelect control={form.control as never} teams={teams} canGlobal={canGlobal} />
        <FormField
          control={form.control}
          name="channelIds"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Channels</FormLabel>
              <div className="grid gap-1" role="group" aria-label="Channels">
                {inScope.length === 0 ? <p className="text-sm text-muted-foreground">No channel in this scope yet: add one first.</p> : null}
                {inScope.map((c) => (
                  <label key={c.id} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={(field.value ?? []).includes(c.id)}
                      onChange={(e) => field.onChange(e.target.checked ? [...(field.value ?? []), c.id] : (field.value ?? []).filter((v) => v !== c.id))}
                    />
                    {c.name}
                  </label>
                ))}
              </div>
              <FormMessage />
            </FormItem>
          )}
        />
        {formError ? <p className="text-sm text-destructive">{formError}</p> : null}
        <div className="flex gap-2">
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? "Saving…" : "Save rule"}
          </Button>
          <Button type="button" variant="outline" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </Form>
  );
}
