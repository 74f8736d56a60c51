"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch, type Path } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import { toast } from "@/components/ui/toast";

import { NativeSelect } from "@/components/models/native-select";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { createCredentialAction } from "@/lib/credentials/actions";
import { credentialKeys } from "@/lib/credentials/queries";
import { credentialCreateSchema, type CredentialCreate, type CredentialCreateInput } from "@/lib/credentials/schemas";
import type { CredentialProviderOption } from "@/lib/credentials/service";

import { CredentialFields, valuesError } from "./credential-fields";

const EMPTY: CredentialCreateInput = { name: "", provider: "", description: "", values: {} };

export function CredentialCreateDialog({ providers }: { providers: CredentialProviderOption[] }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm<CredentialCreateInput, unknown, CredentialCreate>({ resolver: zodResolver(credentialCreateSchema), defaultValues: EMPTY });
  const providerKey = useWatch({ control: form.control, name: "provider" });
  const provider = useMemo(() => providers.find((p) => p.provider === providerKey), [providers, providerKey]);

  const mutation = useMutation({
    mutationFn: (values: CredentialCreate) => createCredentialAction(values),
    onSuccess: (result) => {
      if (!result.ok) {
        for (const [key, messages] of Object.entries(result.error.fieldErrors ?? {})) {
          form.setError(key as Path<CredentialCreateInput>, { message: messages[0] });
        }
        toast.error(result.error.message);
        return;
      }
      toast.success(`Credential ${result.data.name} created`);
      void queryClient.invalidateQueries({ queryKey: credentialKeys.all });
      // Drop the typed secrets from memory as soon as they are stored.
      form.reset(EMPTY);
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
        if (!next) form.reset(EMPTY);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <PlusIcon aria-hidden /> New credential
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>New credential</DialogTitle>
          <DialogDescription>
            Stored encrypted in LiteLLM; deployments use it by name. Values are write-only: nobody can read them back here.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit((values) => mutation.mutate(values))} className="grid gap-4" noValidate autoComplete="off">
            <FormField
              control={form.control}
              name="name"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Name</FormLabel>
                  <FormControl>
                    <Input {...field} autoComplete="off" className="font-mono" placeholder="e.g. azure-prod-eastus" />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="provider"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Provider</FormLabel>
                  <FormControl>
                    <NativeSelect
                      {...field}
                      onChange={(e) => {
                        field.onChange(e);
                        form.setValue("values", {});
                      }}
                    >
                      <option value="">Choose a provider…</option>
                      {providers.map((p) => (
                        <option key={p.provider} value={p.provider}>
                          {p.label}
                        </option>
                      ))}
                    </NativeSelect>
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="description"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Description (optional)</FormLabel>
                  <FormControl>
                    <Textarea {...field} value={field.value ?? ""} rows={2} />
                  </FormControl>
                  <FormDescription>Who owns it, where it is used.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            {provider ? <CredentialFields control={form.control} fields={provider.fields} /> : null}
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
                {mutation.isPending ? "Creating…" : "Create credential"}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
