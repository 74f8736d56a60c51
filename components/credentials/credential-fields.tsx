"use client";

import type { Control, FieldValues, Path } from "react-hook-form";

import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import type { CredentialProviderOption } from "@/lib/credentials/service";

import { NativeSelect } from "@/components/models/native-select";

type Field = CredentialProviderOption["fields"][number];

/**
 * A provider's credential fields as write-only inputs: never pre-filled, secrets as password boxes, nothing read
 * back from LiteLLM. `configured` marks fields that already hold a value (rotate: empty keeps it).
 */
export function CredentialFields<T extends FieldValues>({
  control,
  fields,
  configured = [],
  rotating = false,
}: {
  control: Control<T>;
  fields: Field[];
  configured?: string[];
  rotating?: boolean;
}) {
  return (
    <div className="grid gap-4" data-testid="credential-fields">
      {fields.map((f) => (
        <FormField
          key={f.key}
          control={control}
          name={`values.${f.key}` as Path<T>}
          render={({ field }) => (
            <FormItem>
              <FormLabel>
                {f.label}
                {f.required && !rotating ? <span className="text-muted-foreground"> (required)</span> : null}
              </FormLabel>
              <FormControl>
                {f.options && f.options.length > 0 ? (
                  <NativeSelect {...field} value={String(field.value ?? "")}>
                    <option value="">{rotating ? "Keep the current value" : "Choose…"}</option>
                    {f.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </NativeSelect>
                ) : (
                  <Input
                    {...field}
                    value={String(field.value ?? "")}
                    type={f.secret ? "password" : "text"}
                    autoComplete={f.secret ? "new-password" : "off"}
                    spellCheck={false}
                    placeholder={rotating && configured.includes(f.key) ? "•••• configured — type to replace" : (f.placeholder ?? undefined)}
                    className="font-mono"
                  />
                )}
              </FormControl>
              {f.tooltip ? <FormDescription>{f.tooltip}</FormDescription> : null}
              <FormMessage />
            </FormItem>
          )}
        />
      ))}
    </div>
  );
}

/** The form-level "enter at least one value" error (react-hook-form types a record field's errors per key). */
export function valuesError(errors: unknown): string | undefined {
  const message = (errors as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : undefined;
}
