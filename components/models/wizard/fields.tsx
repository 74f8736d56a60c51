"use client";

import * as React from "react";
import { useFormContext, type FieldPath } from "react-hook-form";

import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils";

import type { FieldWarning } from "./server-resolver";
import type { WizardValues } from "./types";

export const WarningsContext = React.createContext<FieldWarning[]>([]);

/** Non-blocking advice from the server for one field (e.g. "usually ends in /v1"). */
export function FieldAdvice({ path }: { path: string }) {
  const warnings = React.useContext(WarningsContext).filter((w) => w.path === path);
  if (warnings.length === 0) return null;
  return (
    <p className="text-sm text-warning" data-testid={`advice-${path}`}>
      {warnings.map((w) => w.message).join(" ")}
    </p>
  );
}

type TextFieldProps = {
  name: FieldPath<WizardValues>;
  label: React.ReactNode;
  description?: React.ReactNode;
  type?: "text" | "password" | "url" | "number";
  placeholder?: string;
  multiline?: boolean;
  list?: string;
  inputMode?: React.HTMLAttributes<HTMLInputElement>["inputMode"];
  className?: string;
  autoFocus?: boolean;
  mono?: boolean;
};

/** A labelled text input bound to the wizard form, with its server error and advice. */
export function TextField({ name, label, description, type = "text", placeholder, multiline, list, inputMode, className, autoFocus, mono }: TextFieldProps) {
  const form = useFormContext<WizardValues>();
  return (
    <FormField
      control={form.control}
      name={name}
      render={({ field }) => (
        <FormItem className={className}>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            {multiline ? (
              <Textarea
                {...field}
                value={typeof field.value === "string" ? field.value : ""}
                placeholder={placeholder}
                rows={4}
                spellCheck={false}
                className={cn(mono && "font-mono text-xs")}
              />
            ) : (
              <Input
                {...field}
                value={typeof field.value === "string" ? field.value : ""}
                type={type === "number" ? "text" : type}
                inputMode={type === "number" ? (inputMode ?? "decimal") : inputMode}
                placeholder={placeholder}
                list={list}
                autoFocus={autoFocus}
                autoComplete={type === "password" ? "off" : undefined}
                spellCheck={false}
                className={cn(mono && "font-mono")}
              />
            )}
          </FormControl>
          {description ? <FormDescription>{description}</FormDescription> : null}
          <FieldAdvice path={name} />
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

/** Comma-separated list input for string arrays (tags, access groups). */
export function ListField({ name, label, description, placeholder }: { name: "tags" | "accessGroups"; label: string; description?: string; placeholder?: string }) {
  const form = useFormContext<WizardValues>();
  return (
    <FormField
      control={form.control}
      name={name}
      render={({ field }) => <ListInput field={field} label={label} description={description} placeholder={placeholder} />}
    />
  );
}

function ListInput({
  field,
  label,
  description,
  placeholder,
}: {
  field: { value: string[]; onChange: (v: string[]) => void; onBlur: () => void; name: string };
  label: string;
  description?: string;
  placeholder?: string;
}) {
  const [text, setText] = React.useState(() => (field.value ?? []).join(", "));
  return (
    <FormItem>
      <FormLabel>{label}</FormLabel>
      <FormControl>
        <Input
          name={field.name}
          value={text}
          placeholder={placeholder}
          onBlur={field.onBlur}
          onChange={(e) => {
            setText(e.target.value);
            field.onChange(
              e.target.value
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            );
          }}
        />
      </FormControl>
      {description ? <FormDescription>{description}</FormDescription> : null}
      <FormMessage />
    </FormItem>
  );
}
