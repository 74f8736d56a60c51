"use client";

import { ListField, TextField } from "./fields";
import type { TeamOption } from "@/lib/models/wizard-service";

/** Step 4: router limits, prices (pre-filled from the cost map), grouping, ownership, default and advanced parameters. */
export function LimitsStep({ teams }: { teams: TeamOption[] }) {
  return (
    <div className="grid gap-6">
      <fieldset className="grid gap-4">
        <legend className="mb-2 text-sm font-semibold">Limits</legend>
        <div className="grid gap-4 sm:grid-cols-4">
          <TextField name="limits.rpm" label="Requests per minute" type="number" inputMode="numeric" description="rpm: LiteLLM's router limit." />
          <TextField name="limits.tpm" label="Tokens per minute" type="number" inputMode="numeric" description="tpm" />
          <TextField name="limits.timeout" label="Timeout (seconds)" type="number" description="Per request to the provider." />
          <TextField name="limits.maxRetries" label="Max retries" type="number" inputMode="numeric" />
        </div>
      </fieldset>
      <fieldset className="grid gap-4">
        <legend className="mb-2 text-sm font-semibold">Pricing (USD per token)</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="pricing.inputCostPerToken" label="Input cost per token" type="number" description="Pre-filled from LiteLLM's cost map when it knows the model." />
          <TextField name="pricing.outputCostPerToken" label="Output cost per token" type="number" />
        </div>
      </fieldset>
      <fieldset className="grid gap-4">
        <legend className="mb-2 text-sm font-semibold">Access and ownership</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <ListField name="accessGroups" label="Access groups" placeholder="internal, beta" description="Comma-separated; keys and teams can list a group instead of models." />
          <ListField name="tags" label="Tags" placeholder="eu, prod" description="Comma-separated; used by LiteLLM's tag routing." />
          <TextField
            name="teamId"
            label="Owning team (optional)"
            list="wizard-teams"
            description="A team-owned model (LiteLLM Enterprise) is visible to that team only."
          />
          <datalist id="wizard-teams">
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.alias ?? t.id}
              </option>
            ))}
          </datalist>
        </div>
      </fieldset>
      <fieldset className="grid gap-4">
        <legend className="mb-2 text-sm font-semibold">Defaults and advanced</legend>
        <TextField
          name="defaultParams"
          label="Default request parameters (JSON)"
          multiline
          mono
          placeholder='{"temperature": 0.2, "max_tokens": 1024}'
          description="Sent with every request unless the client sets them."
        />
        <TextField
          name="advancedJson"
          label="Advanced litellm_params (JSON)"
          multiline
          mono
          placeholder='{"stream_timeout": 30}'
          description="Anything else LiteLLM accepts in litellm_params. Merged last, so it overrides the fields above."
        />
      </fieldset>
    </div>
  );
}
