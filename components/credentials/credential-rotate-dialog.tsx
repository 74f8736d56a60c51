"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useForm, type Path } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RotateCwIcon } from "lucide-react";
import { toast } from "@/components/ui/toast";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Textarea } from "@/components/ui/textarea";
import { rotateCredentialAction } from "@/lib/credentials/actions";
import { credentialKeys } from "@/lib/credentials/queries";
import { credentialRotateSchema, type CredentialRotate, type CredentialRotateInput } from "@/lib/credentials/schemas";
import type { CredentialProviderOption, CredentialRow } from "@/lib/credentials/service";

import { CredentialFields, valuesError } from "./credential-fields";

/** The provider's fields, plus any stored field the provider list does not know (so every value can be replaced). */
function fieldsFor(credential: CredentialRow, providers: CredentialProviderOption[]): CredentialProviderOption["fields"] {
  const known = providers.find((p) => p.litellmProvider === credential.provider)?.fields ?? [];
  const extra = credential.configuredFields
    .filter((k) => !known.some((f) => f.key === k))
    .map((k) => ({ key: k, label: k, placeholder: null, tooltip: null, required: false, secret: true, options: null }));
  return [...known, ...extra];
}

export function CredentialRotateDialog({ credential, providers }: { credential: CredentialRow; providers: CredentialProviderOption[] }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const queryClient = useQueryClient();
  const empty: CredentialRotateInput = { name: credential.name, description: credential.description ?? "", values: {} };
  const form = useForm<CredentialRotateInput, unknown, CredentialRotate>({ resolver: zodResolver(credentialRotateSchema), defaultValues: empty });

  const mutation = useMutation({
    mutationFn: (values: CredentialRotate) => rotateCredentialAction(values),
    onSuccess: (result) => {
      if (!result.ok) {
        for (const [key, messages] of Object.entries(result.error.fieldErrors ?? {})) form.setError(key as Path<CredentialRotateInput>, { message: messages[0] });
        toast.error(result.error.message);
        return;
      }
      toast.success(`Credential ${result.data.name} rotated`);
      void queryClient.invalidateQueries({ queryKey: credentialKeys.all });
      form.reset(empty);
      setOpen(false);
      router.refresh();
    },
    onError: () => toast.error("Could not reach the console. Try again."),
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset(empty);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Rotate ${credential.name}`}>
          <RotateCwIcon aria-hidden /> Rotate
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Rotate {credential.name}</DialogTitle>
          <DialogDescription>
            Enter new values for the fields to replace; empty fields keep their current value. Deployments using this credential pick up the new
            values without being edited.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit((values) => mutation.mutate(values))} className="grid gap-4" noValidate autoComplete="off">
            <CredentialFields control={form.control} fields={fieldsFor(credential, providers)} configured={credential.configuredFields} rotating />
            <FormField
              control={form.control}
              name="description"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Description</FormLabel>
                  <FormControl>
                    <Textarea {...field} value={field.value ?? ""} rows={2} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            {valuesError(form.formState.errors.values) ? (
              <p className="text-sm text-destructive" aria-live="polite">
                {valuesError(form.formState.errors.values)}
              </p>
            ) : null}
            <DialogFooter>
              <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={mutation.isPending}>
                {mutation.isPending ? "Saving…" : "Save new values"}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
