"use client";

import { useFormContext } from "react-hook-form";

import { FormControl, FormDescription, FormField, FormItem, FormMessage } from "@/components/ui/form";
import { Label } from "@/components/ui/label";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import type { Finding } from "@/lib/aliases/checks";
import { MODE_LABELS, MODE_NOUNS, MODES, type Mode } from "@/lib/catalog/modes";
import type { FlowDescriptor, ModelDefaults, ModelSuggestionOption } from "@/lib/models/wizard-service";

import { FieldAdvice, TextField } from "./fields";
import { FindingsList } from "./findings-list";
import type { WizardValues } from "./types";

/** Step 2: the public alias, the upstream model (suggested from the cost map), the mode and, for embeddings, the dimension. */
export function ModelStep({
  flow,
  suggestions,
  defaults,
  findings,
  checking,
  checkedCurrent,
  onModeChosen,
}: {
  flow: FlowDescriptor;
  suggestions: ModelSuggestionOption[];
  defaults?: ModelDefaults;
  findings: Finding[];
  checking: boolean;
  /** The findings shown answer the inputs as they are now (not an earlier alias, mode or dimension). */
  checkedCurrent: boolean;
  onModeChosen: (mode: Mode) => void;
}) {
  const form = useFormContext<WizardValues>();
  const mode = form.watch("mode");
  const listId = "upstream-model-suggestions";
  const shown = suggestions.filter((s) => !mode || s.mode === mode);

  return (
    <div className="grid gap-6">
      <div className="grid gap-2">
        <TextField
          name="alias"
          label="Public alias"
          description="The model name clients send (model: …). Several deployments with the same alias form a load-balancing group."
          placeholder={flow.examples[0]?.alias ?? "my-model"}
          mono
        />
        <div aria-live="polite" aria-busy={checking || !checkedCurrent} data-testid="alias-check" data-state={checkedCurrent && !checking ? "current" : "pending"} className="grid gap-2">
          {checking ? <p className="text-xs text-muted-foreground">Checking the alias against consumers and deployments…</p> : null}
          <FindingsList findings={findings} />
        </div>
      </div>

      <TextField
        name="upstreamModel"
        label={`Upstream model (${flow.modelLabel})`}
        description={
          flow.modelHelp ??
          `The provider's model ID. LiteLLM calls ${flow.modelPrefix}<model>; suggestions come from LiteLLM's cost map.`
        }
        placeholder={flow.modelPlaceholder}
        list={shown.length > 0 ? listId : undefined}
        mono
      />
      {shown.length > 0 ? (
        <datalist id={listId}>
          {shown.slice(0, 200).map((s) => (
            <option key={`${s.upstreamModel}-${s.mode}`} value={s.upstreamModel}>
              {s.mode}
              {s.outputVectorSize ? ` · ${s.outputVectorSize} dims` : ""}
            </option>
          ))}
        </datalist>
      ) : null}
      {defaults ? (
        <p className="text-sm text-muted-foreground" data-testid="cost-map-defaults">
          From LiteLLM&apos;s cost map ({defaults.source}): {defaults.mode ? `mode ${defaults.mode}` : "no mode"}
          {defaults.outputVectorSize ? `, ${defaults.outputVectorSize} dimensions` : ""}
          {defaults.inputCostPerToken !== undefined ? `, $${defaults.inputCostPerToken} per input token` : ""}. Pre-filled where empty.
        </p>
      ) : null}

      <FormField
        control={form.control}
        name="mode"
        render={({ field, fieldState }) => (
          <FormItem>
            <span id="mode-legend" className={fieldState.error ? "text-sm font-medium text-destructive" : "text-sm font-medium"}>
              Mode (required)
            </span>
            <FormControl>
              <RadioGroup aria-labelledby="mode-legend" value={field.value} onValueChange={(v) => {
                  field.onChange(v);
                  onModeChosen(v as Mode);
                }}
                className="grid gap-2 sm:grid-cols-2"
              >
                {MODES.map((m) => {
                  const unsupported = !flow.modes.includes(m);
                  const id = `mode-${m}`;
                  return (
                    <div key={m} className="flex items-start gap-3 rounded-md border p-2">
                      <RadioGroupItem value={m} id={id} aria-describedby={unsupported ? `${id}-hint` : undefined} className="mt-0.5" />
                      <div className="grid gap-0.5">
                        <Label htmlFor={id}>{MODE_LABELS[m]}</Label>
                        {unsupported ? (
                          <span id={`${id}-hint`} className="text-xs text-muted-foreground">
                            {flow.modeHints?.[m] ?? `${flow.label} does not serve ${MODE_NOUNS[m]} models through LiteLLM.`}
                          </span>
                        ) : null}
                      </div>
                    </div>
                  );
                })}
              </RadioGroup>
            </FormControl>
            <FormDescription>
              Health checks and Test Connect call the model this way; an embedding model registered as chat fails them.
              {flow.modesNote ? ` ${flow.modesNote}` : ""}
            </FormDescription>
            <FieldAdvice path="mode" />
            <FormMessage />
          </FormItem>
        )}
      />

      {mode === "embedding" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            name="outputVectorSize"
            label="Output dimension (output_vector_size)"
            type="number"
            inputMode="numeric"
            description="The length of the vectors the model returns. Consumers' vector stores are built for one size."
          />
          <TextField
            name="dimensions"
            label="Requested dimensions (optional)"
            type="number"
            inputMode="numeric"
            description="Only for models that shorten vectors on request (text-embedding-3-*); must equal the output dimension."
          />
        </div>
      ) : null}
    </div>
  );
}
