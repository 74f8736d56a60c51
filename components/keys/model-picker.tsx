"use client";

import * as React from "react";
import { XIcon } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ModelOption } from "@/lib/keys/service";

const SHOWN = 60;

/**
 * Picks public model names and access groups. A gateway can have thousands of deployments, so the list is filtered
 * by a search box and shows at most 60 matches at a time.
 */
export function ModelPicker({
  id,
  options,
  value,
  onChange,
  allowTeamModels,
  describedBy,
}: {
  id: string;
  options: ModelOption[];
  value: string[];
  onChange: (next: string[]) => void;
  allowTeamModels: boolean;
  describedBy?: string;
}) {
  const [filter, setFilter] = React.useState("");
  const all: ModelOption[] = React.useMemo(
    () => (allowTeamModels ? [{ name: "all-team-models", kind: "model" as const, members: [] }, ...options] : options),
    [allowTeamModels, options],
  );
  const needle = filter.trim().toLowerCase();
  const matches = all.filter((o) => !needle || o.name.toLowerCase().includes(needle));
  const toggle = (name: string, on: boolean) => onChange(on ? [...value, name] : value.filter((v) => v !== name));

  return (
    <div className="grid gap-2 rounded-md border p-3" role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy}>
      {value.length > 0 ? (
        <ul className="flex flex-wrap gap-1" aria-label="Selected models">
          {value.map((name) => (
            <li key={name}>
              <Badge variant="secondary" className="gap-1 font-mono">
                {name}
                <button
                  type="button"
                  className="rounded-sm hover:bg-muted"
                  aria-label={`Remove ${name}`}
                  onClick={() => toggle(name, false)}
                >
                  <XIcon aria-hidden className="size-3" />
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">No models picked: the key may call every model its owner may use.</p>
      )}
      <Input
        id={id}
        placeholder="Search models and access groups"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        aria-label="Search models"
      />
      <div className="grid max-h-56 gap-1 overflow-y-auto pr-1">
        {matches.slice(0, SHOWN).map((option) => {
          const checkboxId = `${id}-${option.name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
          return (
            <div key={option.name} className="flex items-center gap-2">
              <Checkbox
                id={checkboxId}
                checked={value.includes(option.name)}
                onCheckedChange={(checked) => toggle(option.name, checked === true)}
              />
              <Label htmlFor={checkboxId} className="font-normal">
                <span className="font-mono">{option.name}</span>
                {option.name === "all-team-models" ? <span className="text-xs text-muted-foreground">every model of the team</span> : null}
                {option.kind === "access-group" ? (
                  <span className="text-xs text-muted-foreground">access group: {option.members?.slice(0, 4).join(", ")}</span>
                ) : null}
              </Label>
            </div>
          );
        })}
        {matches.length === 0 ? <p className="text-sm text-muted-foreground">No model matches “{filter}”.</p> : null}
        {matches.length > SHOWN ? <p className="text-xs text-muted-foreground">{matches.length - SHOWN} more; refine the search.</p> : null}
      </div>
    </div>
  );
}

/** A model name a client can actually call with the key, for the code examples. */
export function callableModel(models: string[], options: ModelOption[]): string {
  for (const name of models) {
    const option = options.find((o) => o.name === name);
    if (option?.kind === "access-group" && option.members?.length) return option.members[0]!;
    if (name !== "all-team-models" && name !== "all-proxy-models" && !name.includes("*")) return name;
  }
  return options.find((o) => o.kind === "model")?.name ?? "gpt-4o-mini";
}
