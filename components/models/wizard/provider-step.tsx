"use client";

import * as React from "react";
import { useFormContext } from "react-hook-form";

import { Badge } from "@/components/ui/badge";
import { FormControl, FormField, FormItem, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import type { FlowDescriptor } from "@/lib/models/wizard-service";

import type { WizardValues } from "./types";

const GROUPS: { id: FlowDescriptor["group"]; curated: boolean; title: string }[] = [
  { id: "cloud", curated: true, title: "Guided: cloud providers" },
  { id: "self_hosted", curated: true, title: "Guided: self-hosted and in-cluster" },
  { id: "other", curated: false, title: "All LiteLLM providers" },
];

function matches(flow: FlowDescriptor, needle: string): boolean {
  if (!needle) return true;
  const hay = `${flow.label} ${flow.litellmProvider} ${flow.description}`.toLowerCase();
  return needle
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

/** Step 1: a searchable, keyboard-navigable radio list; curated flows first, then every provider LiteLLM knows. */
export function ProviderStep({ flows, providerSource, onChoose }: { flows: FlowDescriptor[]; providerSource: "live" | "snapshot"; onChoose: (flow: FlowDescriptor) => void }) {
  const form = useFormContext<WizardValues>();
  const [query, setQuery] = React.useState("");
  const visible = flows.filter((f) => matches(f, query));
  const selectedId = form.watch("providerFlowId");
  const selected = flows.find((f) => f.id === selectedId);

  return (
    <div className="grid gap-4">
      <div className="grid gap-2 sm:max-w-md">
        <Label htmlFor="provider-search">Search providers</Label>
        <Input
          id="provider-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Azure, vLLM, Bedrock, …"
          aria-controls="provider-list"
        />
        <p className="text-sm text-muted-foreground">
          {visible.length} of {flows.length} providers.{" "}
          {providerSource === "live" ? "The full list comes from the connected LiteLLM." : "The full list is Gatehouse's bundled copy of LiteLLM's."}
        </p>
      </div>
      <FormField
        control={form.control}
        name="providerFlowId"
        render={({ field }) => (
          <FormItem>
            <span id="provider-legend" className="text-sm font-medium">
              Provider
            </span>
            <FormControl>
              <RadioGroup
                id="provider-list"
                aria-labelledby="provider-legend"
                value={field.value}
                onValueChange={(value) => {
                  field.onChange(value);
                  const flow = flows.find((f) => f.id === value);
                  if (flow) onChoose(flow);
                }}
                className="grid max-h-[28rem] gap-4 overflow-y-auto rounded-md border p-3"
              >
                {GROUPS.map((group) => {
                  const items = visible.filter((f) => f.curated === group.curated && f.group === group.id);
                  if (items.length === 0) return null;
                  return (
                    <div key={group.id} className="grid gap-2">
                      <div className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{group.title}</div>
                      <div className="grid gap-1 sm:grid-cols-2">
                        {items.map((flow) => {
                          const id = `provider-${flow.id.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
                          return (
                            <div key={flow.id} className="flex items-start gap-3 rounded-md p-2 hover:bg-muted/60">
                              <RadioGroupItem value={flow.id} id={id} aria-describedby={`${id}-desc`} className="mt-0.5" />
                              <div className="grid gap-0.5">
                                <Label htmlFor={id} className="font-medium">
                                  {flow.label}
                                </Label>
                                <span id={`${id}-desc`} className="text-xs text-muted-foreground">
                                  {flow.curated ? flow.description : `litellm_provider: ${flow.litellmProvider}`}
                                </span>
                              </div>
                            </div>
                          );
                        })}
                      </div>
                    </div>
                  );
                })}
              </RadioGroup>
            </FormControl>
            {visible.length === 0 ? <p className="text-sm text-muted-foreground">No provider matches “{query}”.</p> : null}
            <FormMessage />
          </FormItem>
        )}
      />
      {selected ? (
        <p className="text-sm" data-testid="selected-provider">
          Selected: <strong>{selected.label}</strong> <Badge variant="outline">{selected.litellmProvider}</Badge>{" "}
          <a className="underline underline-offset-4" href={selected.docsHint} target="_blank" rel="noreferrer">
            LiteLLM docs
          </a>
        </p>
      ) : null}
    </div>
  );
}
