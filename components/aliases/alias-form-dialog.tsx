"use client";

import { useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { createConsumerAliasAction, updateConsumerAliasAction } from "@/lib/aliases/actions";
import { MODES, blocking, type Finding } from "@/lib/aliases/checks";
import { aliasKeys } from "@/lib/aliases/queries";
import { consumerAliasSchema } from "@/lib/aliases/schemas";
import type { ConsumerAliasRecord, SavedAlias } from "@/lib/aliases/service";
import type { ActionResult } from "@/lib/safe-action";
import { FindingsList } from "./findings-list";
import { KIND_LABELS } from "./kinds";

type FormValues = z.input<typeof consumerAliasSchema>;
const FIELDS = ["alias", "consumer", "kind", "dimension", "teamId", "required", "note"] as const;

function defaultsFrom(record?: ConsumerAliasRecord | null): FormValues {
  return {
    alias: record?.alias ?? "",
    consumer: record?.consumer ?? "",
    kind: record?.kind ?? "chat",
    dimension: record?.dimension ?? undefined,
    teamId: record?.teamId ?? "",
    required: record?.required ?? true,
    note: record?.note ?? "",
  };
}

/** Add or edit one consumer alias; mounted open by AliasDialogButton's first press, with its own Radix trigger. */
export function AliasFormDialog({
  record,
  trigger,
}: {
  /** null: a new alias */
  record: ConsumerAliasRecord | null;
  trigger: ReactNode;
}) {
  const [open, setOpen] = useState(true);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{record ? `Edit ${record.alias}` : "Add consumer alias"}</DialogTitle>
          <DialogDescription>What an application or pipeline calls, and what it expects to get back.</DialogDescription>
        </DialogHeader>
        {/* Mounted only while open, so every opening starts from the record's values. */}
        <AliasForm key={record?.id ?? "new"} record={record} onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

function AliasForm({ record, onDone }: { record: ConsumerAliasRecord | null; onDone: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [blocked, setBlocked] = useState<Finding[]>([]);
  const form = useForm<FormValues>({
    resolver: zodResolver(consumerAliasSchema) as Resolver<FormValues>,
    defaultValues: defaultsFrom(record),
  });
  const kind = useWatch({ control: form.control, name: "kind" });

  const save = useMutation({
    mutationFn: async (values: FormValues): Promise<ActionResult<SavedAlias>> =>
      record ? updateConsumerAliasAction({ ...values, id: record.id }) : createConsumerAliasAction(values),
    onSuccess: (result) => {
      if (!result.ok) {
        const { error } = result;
        for (const [field, messages] of Object.entries(error.fieldErrors ?? {})) {
          if ((FIELDS as readonly string[]).includes(field)) form.setError(field as (typeof FIELDS)[number], { message: messages[0] });
        }
        const findings = (error.details as { findings?: Finding[] } | undefined)?.findings ?? [];
        setBlocked(blocking(findings).length > 0 ? findings : []);
        toast.error(error.message);
        return;
      }
      const warnings = result.data.findings;
      toast.success(`${record ? "Updated" : "Registered"} ${result.data.alias.alias} for ${result.data.alias.consumer}`, {
        description: warnings.length ? warnings.map((f) => f.message).join(" ") : undefined,
      });
      void queryClient.invalidateQueries({ queryKey: aliasKeys.all });
      router.refresh();
      onDone();
    },
    onError: () => toast.error("Could not reach the console. Check your connection and try again."),
  });

  const submit = (force: boolean) => form.handleSubmit((values) => save.mutate({ ...values, force }));

  return (
    <Form {...form}>
      <form onSubmit={submit(false)} className="grid gap-4" noValidate>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            control={form.control}
            name="alias"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Alias</FormLabel>
                <FormControl>
                  <Input {...field} autoComplete="off" placeholder="text-embedding-3-small" className="font-mono" />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="consumer"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Consumer</FormLabel>
                <FormControl>
                  <Input {...field} autoComplete="off" placeholder="rag-pipeline" />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="kind"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Kind</FormLabel>
                <Select
                  value={field.value}
                  onValueChange={(value) => {
                    field.onChange(value);
                    if (value !== "embedding") form.setValue("dimension", undefined, { shouldValidate: form.formState.isSubmitted });
                  }}
                >
                  <FormControl>
                    <SelectTrigger className="w-full">
                      <SelectValue />
                    </SelectTrigger>
                  </FormControl>
                  <SelectContent>
                    {MODES.map((m) => (
                      <SelectItem key={m} value={m}>
                        {KIND_LABELS[m]}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
                <FormMessage />
              </FormItem>
            )}
          />
          {kind === "embedding" ? (
            <FormField
              control={form.control}
              name="dimension"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Dimension</FormLabel>
                  <FormControl>
                    <Input
                      type="number"
                      inputMode="numeric"
                      min={1}
                      placeholder="1536"
                      name={field.name}
                      ref={field.ref}
                      onBlur={field.onBlur}
                      value={field.value ?? ""}
                      onChange={(e) => field.onChange(e.target.value === "" ? undefined : Number(e.target.value))}
                    />
                  </FormControl>
                  <FormDescription>The vector size the consumer&apos;s store was built with.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
          ) : null}
          <FormField
            control={form.control}
            name="teamId"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Owning team (optional)</FormLabel>
                <FormControl>
                  <Input {...field} value={field.value ?? ""} autoComplete="off" placeholder="team-search" />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
        </div>
        <FormField
          control={form.control}
          name="required"
          render={({ field }) => (
            <FormItem className="flex flex-row items-start gap-3">
              <FormControl>
                <Checkbox checked={field.value} onCheckedChange={(v) => field.onChange(v === true)} />
              </FormControl>
              <div className="grid gap-1">
                <FormLabel>Required</FormLabel>
                <FormDescription>The consumer breaks without it: deleting or renaming its last deployment is blocked.</FormDescription>
                <FormMessage />
              </div>
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="note"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Note (optional)</FormLabel>
              <FormControl>
                <Textarea {...field} value={field.value ?? ""} rows={2} />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        {blocked.length > 0 ? <FindingsList findings={blocked} title="This conflicts with what LiteLLM serves" /> : null}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onDone}>
            Cancel
          </Button>
          {blocked.length > 0 ? (
            <Button type="button" variant="destructive" disabled={save.isPending} onClick={submit(true)}>
              Save anyway
            </Button>
          ) : null}
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : record ? "Save changes" : "Add alias"}
          </Button>
        </DialogFooter>
      </form>
    </Form>
  );
}
