"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";

/** A labelled checkbox per model name; keyboard usable (Tab + Space). */
export function ModelChecklist({
  legend,
  options,
  total,
  value,
  onChange,
  idPrefix,
  invalid,
  describedBy,
}: {
  legend: string;
  options: string[];
  /** Every model name there is; more than options.length means the list shows only the first ones. */
  total?: number;
  value: string[];
  onChange: (next: string[]) => void;
  idPrefix: string;
  invalid?: boolean;
  describedBy?: string;
}) {
  return (
    <fieldset className="grid gap-2" aria-describedby={describedBy} aria-invalid={invalid || undefined}>
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      {options.length === 0 ? <p className="text-sm text-muted-foreground">LiteLLM serves no models yet.</p> : null}
      {total !== undefined && total > options.length ? (
        <p className="text-sm text-muted-foreground" role="note">
          Showing the first {options.length.toLocaleString("en-US")} of {total.toLocaleString("en-US")} model names (alphabetical).
        </p>
      ) : null}
      <div className="grid max-h-48 gap-2 overflow-y-auto rounded-md border p-3 sm:grid-cols-2 empty:hidden">
        {options.map((model) => {
          const id = `${idPrefix}-${model.replace(/[^A-Za-z0-9_-]/g, "_")}`;
          const checked = value.includes(model);
          return (
            <div key={model} className="flex items-center gap-2">
              <Checkbox
                id={id}
                checked={checked}
                aria-invalid={invalid || undefined}
                onCheckedChange={(next) => onChange(next === true ? [...value, model] : value.filter((m) => m !== model))}
              />
              <Label htmlFor={id} className="font-mono text-sm font-normal">
                {model}
              </Label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
