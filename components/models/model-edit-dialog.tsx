"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch, type Path } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PencilIcon } from "lucide-react";
import { toast } from "@/components/ui/toast";

import { FindingsList } from "@/components/aliases/findings-list";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { Finding } from "@/lib/aliases/checks";
import { MODES } from "@/lib/catalog/modes";
import { updateModelAction } from "@/lib/models/actions";
import { modelEditSchema, modelKeys, type ModelEdit, type ModelEditInput } from "@/lib/models/queries";
import type { ModelEditDefaults } from "@/lib/models/service";

import { NativeSelect } from "./native-select";

type NumberField = "rpm" | "tpm" | "timeout" | "maxRetries" | "inputCostPerToken" | "outputCostPerToken" | "outputVectorSize";
type TextField = "credentialName" | "apiBase";

const NUMBER_FIELDS: { name: NumberField; label: string; hint?: string; step?: string }[] = [
  { name: "rpm", label: "Requests per minute (rpm)" },
  { name: "tpm", label: "Tokens per minute (tpm)" },
  { name: "timeout", label: "Timeout (seconds)", step: "any" },
  { name: "maxRetries", label: "Max retries" },
  { name: "inputCostPerToken", label: "Input cost per token (USD)", step: "any" },
  { name: "outputCostPerToken", label: "Output cost per token (USD)", step: "any" },
];
const FORM_FIELDS = ["alias", "mode", "rpm", "tpm", "timeout", "maxRetries", "inputCostPerToken", "outputCostPerToken", "credentialName", "apiBase", "outputVectorSize", "forceReason"] as const;

function toFormValues(d: ModelEditDefaults): ModelEditInput {
  const n = (v: number | null) => (v === null ? "" : String(v));
  return {
    id: d.id,
    alias: d.alias,
    mode: d.mode,
    rpm: n(d.rpm),
    tpm: n(d.tpm),
    timeout: n(d.timeout),
    maxRetries: n(d.maxRetries),
    inputCostPerToken: n(d.inputCostPerToken),
    outputCostPerToken: n(d.outputCostPerToken),
    credentialName: d.credentialName ?? "",
    apiBase: d.apiBase ?? "",
    outputVectorSize: n(d.outputVectorSize),
    confirmedGroupJoin: false,
    force: false,
    forceReason: "",
  };
}

function findingsOf(details: unknown): Finding[] {
  const f = (details as { findings?: unknown } | undefined)?.findings;
  return Array.isArray(f) ? (f as Finding[]) : [];
}

/** Edit a DB-stored deployment. An emptied box removes that setting; the server sends only what changed. */
export function ModelEditDialog({
  defaults,
  costMapDimension,
  isTeamModel,
  defaultOpen = false,
}: {
  defaults: ModelEditDefaults;
  costMapDimension: number | null;
  isTeamModel: boolean;
  /** Mount open: loaded on the first press of the lighter trigger it replaces (ModelEditTrigger). */
  defaultOpen?: boolean;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [needs, setNeeds] = useState<"none" | "confirm" | "force">("none");
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm<ModelEditInput, unknown, ModelEdit>({ resolver: zodResolver(modelEditSchema), defaultValues: toFormValues(defaults) });
  const mode = useWatch({ control: form.control, name: "mode" });

  const mutation = useMutation({
    mutationFn: (values: ModelEdit) => updateModelAction(values),
    onSuccess: (result) => {
      if (!result.ok) {
        const found = findingsOf(result.error.details);
        setFindings(found);
        if (result.error.code === "needs_confirmation") setNeeds("confirm");
        else if (found.some((f) => f.severity === "block" && f.rule === "required_alias_unserved")) setNeeds("force");
        for (const [key, messages] of Object.entries(result.error.fieldErrors ?? {})) {
          if ((FORM_FIELDS as readonly string[]).includes(key)) form.setError(key as Path<ModelEditInput>, { message: messages[0] });
        }
        toast.error(result.error.message);
        return;
      }
      void queryClient.invalidateQueries({ queryKey: modelKeys.all });
      setOpen(false);
      setFindings([]);
      setNeeds("none");
      if (result.data.replacedFrom) {
        toast.success("Saved. LiteLLM cannot remove settings in place, so the deployment was re-created under a new id.");
        router.push(`/models/${encodeURIComponent(result.data.id)}`);
      } else {
        toast.success("Deployment updated");
        router.refresh();
      }
    },
    onError: () => toast.error("Could not reach the console. Try again."),
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          form.reset(toFormValues(defaults));
          setFindings([]);
          setNeeds("none");
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">
          <PencilIcon aria-hidden /> Edit
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit deployment</DialogTitle>
          <DialogDescription>
            Empty a box to remove that setting. Where LiteLLM cannot remove a setting in place, Gatehouse re-creates the deployment under the
            same alias (it gets a new id). Secrets are not shown or changed here.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit((values) => mutation.mutate(values))} className="grid gap-4" noValidate>
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="alias"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Alias</FormLabel>
                    <FormControl>
                      <Input {...field} value={String(field.value ?? "")} autoComplete="off" className="font-mono" disabled={isTeamModel} />
                    </FormControl>
                    <FormDescription>{isTeamModel ? "Team models are renamed in LiteLLM's team settings." : "The public name clients call."}</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <FormField
                control={form.control}
                name="mode"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Mode</FormLabel>
                    <FormControl>
                      <NativeSelect {...field} value={String(field.value ?? "chat")}>
                        {MODES.map((m) => (
                          <option key={m} value={m}>
                            {m}
                          </option>
                        ))}
                      </NativeSelect>
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
              {NUMBER_FIELDS.map((f) => (
                <FormField
                  key={f.name}
                  control={form.control}
                  name={f.name}
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>{f.label}</FormLabel>
                      <FormControl>
                        <Input {...field} value={String(field.value ?? "")} inputMode="decimal" autoComplete="off" />
                      </FormControl>
                      <FormMessage />
                    </FormItem>
                  )}
                />
              ))}
              {(["credentialName", "apiBase"] as TextField[]).map((name) => (
                <FormField
                  key={name}
                  control={form.control}
                  name={name}
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>{name === "credentialName" ? "Named credential" : "API base"}</FormLabel>
                      <FormControl>
                        <Input {...field} value={String(field.value ?? "")} autoComplete="off" className="font-mono" />
                      </FormControl>
                      <FormDescription>
                        {name === "credentialName" ? "litellm_credential_name: a credential from the Credentials page." : "The provider endpoint (checked against the allow-lists)."}
                      </FormDescription>
                      <FormMessage />
                    </FormItem>
                  )}
                />
              ))}
              {mode === "embedding" ? (
                <FormField
                  control={form.control}
                  name="outputVectorSize"
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>Embedding dimension</FormLabel>
                      <FormControl>
                        <Input {...field} value={String(field.value ?? "")} inputMode="numeric" autoComplete="off" />
                      </FormControl>
                      <FormDescription>{costMapDimension ? `LiteLLM's cost map says ${costMapDimension}.` : "output_vector_size"}</FormDescription>
                      <FormMessage />
                    </FormItem>
                  )}
                />
              ) : null}
            </div>
            <FindingsList findings={findings} title="Alias checks" />
            {needs === "confirm" ? (
              <FormField
                control={form.control}
                name="confirmedGroupJoin"
                render={({ field }) => (
                  <FormItem className="flex items-center gap-2">
                    <FormControl>
                      <Checkbox checked={Boolean(field.value)} onCheckedChange={(v) => field.onChange(v === true)} />
                    </FormControl>
                    <FormLabel className="font-normal">Yes, add this deployment to the existing group</FormLabel>
                  </FormItem>
                )}
              />
            ) : null}
            {needs === "force" ? (
              <div className="grid gap-3 rounded-md border border-destructive/40 p-3">
                <FormField
                  control={form.control}
                  name="force"
                  render={({ field }) => (
                    <FormItem className="flex items-center gap-2">
                      <FormControl>
                        <Checkbox checked={Boolean(field.value)} onCheckedChange={(v) => field.onChange(v === true)} />
                      </FormControl>
                      <FormLabel className="font-normal">Force the rename anyway</FormLabel>
                    </FormItem>
                  )}
                />
                <FormField
                  control={form.control}
                  name="forceReason"
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>Reason (recorded in the audit log)</FormLabel>
                      <FormControl>
                        <Textarea {...field} value={String(field.value ?? "")} rows={2} />
                      </FormControl>
                      <FormMessage />
                    </FormItem>
                  )}
                />
              </div>
            ) : null}
            <DialogFooter>
              <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={mutation.isPending}>
                {mutation.isPending ? "Saving…" : "Save changes"}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
