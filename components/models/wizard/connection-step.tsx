"use client";

import * as React from "react";
import { useFormContext } from "react-hook-form";

import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Label } from "@/components/ui/label";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import type { FlowDescriptor, CredentialOption } from "@/lib/models/wizard-service";
import type { FlowField } from "@/lib/models/provider-flows";

import { TextField } from "./fields";
import type { WizardValues } from "./types";

const SELECT_CLASS =
  "h-9 w-full rounded-md border border-input bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive dark:bg-input/30";

const WRITE_ONLY_NOTE = "Stored write-only in LiteLLM (encrypted); Gatehouse never shows it again.";

/** Step 3: a named credential or inline values, the provider's fields, and (OpenAI-compatible) a custom auth header. */
export function ConnectionStep({ flow, credentials }: { flow: FlowDescriptor; credentials: CredentialOption[] }) {
  const form = useFormContext<WizardValues>();
  const credentialMode = form.watch("credentialMode");
  const named = credentialMode === "named";
  const matching = credentials.filter((c) => !c.provider || c.provider === flow.litellmProvider);
  const others = credentials.filter((c) => c.provider && c.provider !== flow.litellmProvider);
  const fields = flow.fields.filter((f) => !(named && f.secret));

  return (
    <div className="grid gap-6">
      <FormField
        control={form.control}
        name="credentialMode"
        render={({ field }) => (
          <FormItem>
            <span id="credential-mode-legend" className="text-sm font-medium">
              Credentials
            </span>
            <FormControl>
              <RadioGroup aria-labelledby="credential-mode-legend" value={field.value} onValueChange={field.onChange} className="grid gap-2 sm:grid-cols-2">
                <div className="flex items-center gap-3 rounded-md border p-2">
                  <RadioGroupItem value="inline" id="credential-inline" />
                  <Label htmlFor="credential-inline">Enter the credentials here</Label>
                </div>
                <div className="flex items-center gap-3 rounded-md border p-2">
                  <RadioGroupItem value="named" id="credential-named" disabled={credentials.length === 0} />
                  <Label htmlFor="credential-named">
                    Reuse a named credential{credentials.length === 0 ? " (none stored yet)" : ` (${credentials.length})`}
                  </Label>
                </div>
              </RadioGroup>
            </FormControl>
            <FormDescription>
              Values of the form os.environ/NAME are saved as they are (LiteLLM reads them from its own environment), but Test Connect
              cannot send them: it would send the literal text.
            </FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />

      {named ? (
        <FormField
          control={form.control}
          name="credentialName"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Named credential</FormLabel>
              <FormControl>
                <select {...field} className={SELECT_CLASS}>
                  <option value="">Choose a credential…</option>
                  {matching.length > 0 ? (
                    <optgroup label={`For ${flow.label}`}>
                      {matching.map((c) => (
                        <option key={c.name} value={c.name}>
                          {c.name}
                          {c.description ? ` — ${c.description}` : ""}
                        </option>
                      ))}
                    </optgroup>
                  ) : null}
                  {others.length > 0 ? (
                    <optgroup label="Other providers">
                      {others.map((c) => (
                        <option key={c.name} value={c.name}>
                          {c.name} ({c.provider})
                        </option>
                      ))}
                    </optgroup>
                  ) : null}
                </select>
              </FormControl>
              <FormDescription>LiteLLM fills in the credential&apos;s values (key, base URL, …) that this deployment does not set itself.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2">
        {fields.map((f) => (
          <ProviderField key={f.key} field={f} named={named} />
        ))}
      </div>

      {flow.supportsCustomAuthHeader ? (
        <details className="rounded-md border p-3" open={Boolean(form.getValues("customAuthHeader.name"))}>
          <summary className="cursor-pointer text-sm font-medium">Custom upstream auth header (optional)</summary>
          <p className="mt-2 text-sm text-muted-foreground">
            For servers that do not accept Authorization: Bearer. LiteLLM sends the header with every request; the key is the API key
            above, placed where {"{api_key}"} (or {"{key}"}) is.
          </p>
          <p className="mt-2 text-sm" data-testid="auth-header-storage">
            The header is not stored in the deployment&apos;s <code>extra_headers</code>, which LiteLLM&apos;s <code>/model/info</code> returns
            unmasked to anyone who may list models. On save Gatehouse creates a LiteLLM credential for it,{" "}
            <code>&lt;alias&gt;-auth-header-&lt;id&gt;</code>, which LiteLLM adds to this deployment&apos;s calls and never shows again
            (rotate or delete it on the Credentials page). In config.yaml it becomes an <code>os.environ/</code> reference.
          </p>
          <div className="mt-3 grid gap-4 sm:grid-cols-2">
            <TextField name="customAuthHeader.name" label="Header name" placeholder="X-API-Key" mono />
            <TextField name="customAuthHeader.format" label="Header value format" placeholder="{api_key} or Bearer {api_key}" mono />
          </div>
        </details>
      ) : null}
    </div>
  );
}

function ProviderField({ field, named }: { field: FlowField; named: boolean }) {
  const form = useFormContext<WizardValues>();
  const name = `params.${field.key}` as const;
  const label = `${field.label}${named && field.required ? " (optional with a named credential)" : ""}`;
  const help = [field.help, field.secret ? WRITE_ONLY_NOTE : undefined].filter(Boolean).join(" ");

  if (field.kind === "select" && field.options) {
    return (
      <FormField
        control={form.control}
        name={name}
        render={({ field: f }) => (
          <FormItem>
            <FormLabel>{label}</FormLabel>
            <FormControl>
              <select {...f} value={f.value ?? ""} className={SELECT_CLASS}>
                <option value="">{field.required ? "Choose…" : "(not set)"}</option>
                {field.options!.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </FormControl>
            {help ? <FormDescription>{help}</FormDescription> : null}
            <FormMessage />
          </FormItem>
        )}
      />
    );
  }
  if (field.kind === "upload" || field.kind === "textarea") {
    return (
      <div className="grid gap-2 sm:col-span-2">
        <TextField name={name} label={label} description={help} placeholder={field.placeholder} multiline mono />
        {field.kind === "upload" ? <UploadButton name={name} label={field.label} /> : null}
      </div>
    );
  }
  return (
    <TextField
      name={name}
      label={label}
      description={help || undefined}
      placeholder={field.placeholder}
      type={field.secret || field.kind === "password" ? "password" : field.kind === "url" ? "url" : "text"}
      mono={field.kind === "url"}
    />
  );
}

/** Reads a key file into the field (it never leaves the form until saved, and is masked everywhere after). */
function UploadButton({ name, label }: { name: `params.${string}`; label: string }) {
  const form = useFormContext<WizardValues>();
  const id = React.useId();
  return (
    <div className="flex items-center gap-2">
      <Label htmlFor={id} className="text-sm">
        Or read {label.toLowerCase()} from a file
      </Label>
      <input
        id={id}
        type="file"
        accept="application/json,.json"
        className="text-sm"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (file) form.setValue(name, await file.text(), { shouldDirty: true });
        }}
      />
    </div>
  );
}
