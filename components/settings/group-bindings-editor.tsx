"use client";

import { useEffect, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import { toast } from "@/components/ui/toast";
import { applyActionError } from "@/components/teams/action-errors";
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
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { StoredBinding } from "@/lib/auth/bindings";
import { createBindingAction, deleteBindingAction, exportBindingsAction, importBindingsAction } from "@/lib/bindings/actions";
import { createBindingSchema, describeGrant, type CreateBinding, type CreateBindingInput } from "@/lib/bindings/schemas";

import type { TeamOption } from "./group-bindings";

// Loaded after first paint (the add form) or when a trigger is pressed (the dialogs): Radix, react-hook-form and zod
// stay out of the settings page's first load.

export function AddBindingForm({ teams }: { teams: TeamOption[] }) {
  const router = useRouter();
  const form = useForm<CreateBindingInput, unknown, CreateBinding>({
    resolver: zodResolver(createBindingSchema),
    defaultValues: { group: "", kind: "team", teamId: "", teamRole: "member" },
  });
  const kind = useWatch({ control: form.control, name: "kind" });
  const mutation = useMutation({
    mutationFn: (values: CreateBinding) => createBindingAction(values),
    onSuccess: (result) => {
      if (!result.ok) {
        toast.error(applyActionError(result.error, form.setError, ["group", "kind", "teamId", "teamRole"] as const));
        return;
      }
      toast.success(`Group ${result.data.group} now grants ${describeGrant(result.data)}`);
      form.reset({ group: "", kind: form.getValues("kind"), teamId: "", teamRole: "member" });
      router.refresh();
    },
    onError: () => toast.error("Could not reach the console. Try again."),
  });
  return (
    <Form {...form}>
      <form
        onSubmit={form.handleSubmit((values) => mutation.mutate(values))}
        className="grid gap-3 rounded-md border p-4 sm:grid-cols-2 lg:grid-cols-[1fr_12rem_1fr_10rem_auto] lg:items-start"
        aria-label="Add a group binding"
        noValidate
      >
        <FormField
          control={form.control}
          name="group"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Group</FormLabel>
              <FormControl>
                <Input {...field} autoComplete="off" placeholder="e.g. team-alpha" className="font-mono" />
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
              <FormLabel>Grants</FormLabel>
              <Select value={field.value} onValueChange={field.onChange}>
                <FormControl>
                  <SelectTrigger className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                </FormControl>
                <SelectContent>
                  <SelectItem value="admin">Console admin</SelectItem>
                  <SelectItem value="viewer">Viewer (read-only)</SelectItem>
                  <SelectItem value="team">Team membership</SelectItem>
                </SelectContent>
              </Select>
              <FormMessage />
            </FormItem>
          )}
        />
        {kind === "team" ? (
          <>
            <FormField
              control={form.control}
              name="teamId"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Team</FormLabel>
                  <Select value={field.value || undefined} onValueChange={field.onChange}>
                    <FormControl>
                      <SelectTrigger className="w-full">
                        <SelectValue placeholder={teams.length ? "Choose a team" : "No teams in LiteLLM"} />
                      </SelectTrigger>
                    </FormControl>
                    <SelectContent>
                      {teams.map((t) => (
                        <SelectItem key={t.teamId} value={t.teamId}>
                          {t.alias === t.teamId ? t.teamId : `${t.alias} (${t.teamId})`}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="teamRole"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Team role</FormLabel>
                  <Select value={field.value} onValueChange={field.onChange}>
                    <FormControl>
                      <SelectTrigger className="w-full">
                        <SelectValue />
                      </SelectTrigger>
                    </FormControl>
                    <SelectContent>
                      <SelectItem value="member">Member</SelectItem>
                      <SelectItem value="admin">Team admin</SelectItem>
                    </SelectContent>
                  </Select>
                  <FormMessage />
                </FormItem>
              )}
            />
          </>
        ) : (
          <p className="text-sm text-muted-foreground lg:col-span-2 lg:pt-7">
            {kind === "admin" ? "Full control of the console." : "Read-only access to everything; never sees secrets."}
          </p>
        )}
        <div className="lg:pt-[1.375rem]">
          <Button type="submit" disabled={mutation.isPending}>
            <PlusIcon aria-hidden /> Add binding
          </Button>
        </div>
      </form>
    </Form>
  );
}

function DeleteBindingDialog({ binding, trigger }: { binding: StoredBinding; trigger: ReactNode }) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: () => deleteBindingAction({ id: binding.id! }),
    onSuccess: (result) => {
      if (!result.ok) return void toast.error(result.error.message);
      toast.success(`Binding for ${binding.group} deleted`);
      router.refresh();
    },
    onError: () => toast.error("Could not reach the console. Try again."),
  });
  return (
    <AlertDialog defaultOpen>
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete this binding?</AlertDialogTitle>
          <AlertDialogDescription>
            Members of {binding.group} lose “{describeGrant(binding)}” the next time they sign in. Current sessions keep it until they end.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={() => mutation.mutate()}>Delete binding</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function ImportDialog({ trigger }: { trigger: ReactNode }) {
  const router = useRouter();
  const [open, setOpen] = useState(true);
  const [yaml, setYaml] = useState("");
  const [mode, setMode] = useState<"merge" | "replace">("merge");
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => importBindingsAction({ yaml, mode }),
    onSuccess: (result) => {
      if (!result.ok) {
        setError(result.error.fieldErrors?.yaml?.[0] ?? result.error.message);
        return;
      }
      toast.success(`Imported: ${result.data.added} added, ${result.data.removed} removed, ${result.data.unchanged} unchanged`);
      setOpen(false);
      setYaml("");
      router.refresh();
    },
    onError: () => setError("Could not reach the console. Try again."),
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(null);
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Import group bindings</DialogTitle>
          <DialogDescription>The seed-file format: adminGroups, viewerGroups and teamBindings.</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            if (!yaml.trim()) return setError("Paste the bindings YAML");
            mutation.mutate();
          }}
        >
          <div className="grid gap-2">
            <Label htmlFor="bindings-yaml">Bindings YAML</Label>
            <Textarea
              id="bindings-yaml"
              value={yaml}
              onChange={(e) => setYaml(e.target.value)}
              rows={10}
              className="font-mono text-xs"
              aria-invalid={Boolean(error)}
              aria-describedby="bindings-yaml-error"
              placeholder={
                "adminGroups: [gatehouse-admins]\nviewerGroups: []\nteamBindings:\n  - { group: team-alpha, teamId: team-alpha, role: member }"
              }
            />
            <p id="bindings-yaml-error" aria-live="polite" className={error ? "text-sm text-destructive" : "sr-only"}>
              {error}
            </p>
          </div>
          <RadioGroup value={mode} onValueChange={(v) => setMode(v as "merge" | "replace")} aria-label="Import mode" className="grid gap-2">
            <div className="flex items-center gap-2">
              <RadioGroupItem value="merge" id="import-merge" />
              <Label htmlFor="import-merge" className="font-normal">
                Merge: add what is missing, keep the rest
              </Label>
            </div>
            <div className="flex items-center gap-2">
              <RadioGroupItem value="replace" id="import-replace" />
              <Label htmlFor="import-replace" className="font-normal">
                Replace: console bindings become exactly this file
              </Label>
            </div>
          </RadioGroup>
          <DialogFooter>
            <Button type="submit" disabled={mutation.isPending}>
              {mutation.isPending ? "Importing…" : "Import"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ExportDialog({ trigger }: { trigger: ReactNode }) {
  const [yaml, setYaml] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => exportBindingsAction({}),
    onSuccess: (result) => {
      if (!result.ok) return void toast.error(result.error.message);
      setYaml(result.data.yaml);
    },
    onError: () => toast.error("Could not reach the console. Try again."),
  });
  const { mutate } = mutation;
  // Mounted open by the trigger's first press: fetch the export right away.
  useEffect(() => mutate(), [mutate]);
  return (
    <Dialog defaultOpen onOpenChange={(next) => (next ? mutate() : setYaml(null))}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Group bindings as YAML</DialogTitle>
          <DialogDescription>Every effective binding, for GROUP_BINDINGS_FILE or a ConfigMap.</DialogDescription>
        </DialogHeader>
        <div className="grid gap-2">
          <Label htmlFor="bindings-export">YAML</Label>
          <Textarea id="bindings-export" readOnly value={yaml ?? "Loading…"} rows={12} className="font-mono text-xs" />
        </div>
      </DialogContent>
    </Dialog>
  );
}

export type BindingDialogProps = { dialog: "export" } | { dialog: "import" } | { dialog: "delete"; binding: StoredBinding };

/** Loaded on first use of a BindingDialogButton; mounts open with its own Radix trigger. */
export function BindingDialog({
  triggerClassName,
  triggerLabel,
  children,
  ...props
}: BindingDialogProps & { triggerClassName: string; triggerLabel?: string; children: ReactNode }) {
  const trigger = (
    <button type="button" className={triggerClassName} aria-label={triggerLabel} data-slot="button">
      {children}
    </button>
  );
  if (props.dialog === "delete") return <DeleteBindingDialog binding={props.binding} trigger={trigger} />;
  if (props.dialog === "import") return <ImportDialog trigger={trigger} />;
  return <ExportDialog trigger={trigger} />;
}
