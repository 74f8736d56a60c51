import { DownloadIcon } from "lucide-react";

import { NativeSelect } from "@/components/models/native-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FieldLabel as Label } from "@/components/models/field-label";

import { EXPORT_FILTER_KEYS, type ExportPreset } from "./config-view";

const FILTER_LABELS: Record<(typeof EXPORT_FILTER_KEYS)[number], string> = {
  q: "search",
  provider: "provider",
  mode: "mode",
  team: "team",
  health: "health",
  source: "defined in",
};

/** "3 selected deployment(s)", "deployments matching search “gpt”, provider openai", "every deployment". */
export function describeExportSelection(preset: ExportPreset): string {
  const filters = EXPORT_FILTER_KEYS.filter((k) => preset[k]).map((k) => `${FILTER_LABELS[k]} “${preset[k]}”`);
  const count = preset.ids ? preset.ids.split(",").filter(Boolean).length : 0;
  if (count > 0) return `${count} selected deployment${count === 1 ? "" : "s"}${filters.length ? ` (that match ${filters.join(", ")})` : ""}`;
  if (filters.length > 0) return `every deployment matching ${filters.join(", ")} (as the models list shows them, all pages)`;
  return "every deployment";
}

const K8S_NAME = "[a-z0-9]([\\-a-z0-9]*[a-z0-9])?";

/** A plain GET form to /api/config/export: the browser downloads the file; works without JavaScript. */
export function ExportForm({ preset }: { preset: ExportPreset }) {
  const selection = describeExportSelection(preset);
  return (
    <section aria-labelledby="export-heading" className="grid gap-4 rounded-lg border p-4">
      <h2 id="export-heading" className="text-lg font-semibold">
        Export
      </h2>
      <p className="text-sm text-muted-foreground">
        Secrets never leave: API keys become <code>os.environ/NAME</code> references (config.yaml) or Secret templates with empty values (operator); the file&apos;s header lists the names to fill. Ordering is deterministic, so an export diffs cleanly in Git.
      </p>
      <form action="/api/config/export" method="get" className="grid gap-4">
        <div className="grid gap-2 sm:max-w-sm">
          <Label htmlFor="export-format">Format</Label>
          <NativeSelect id="export-format" name="format" defaultValue="litellm-config">
            <option value="litellm-config">LiteLLM config.yaml (model_list, credential_list)</option>
            <option value="operator">Operator resources (Model, Team, Secret templates)</option>
            <option value="bundle">Gatehouse bundle (consumer aliases, team key policies, group bindings)</option>
          </NativeSelect>
        </div>
        {preset.emptySelection ? (
          <p role="alert" className="text-sm text-destructive">
            No deployments were selected on the models list: tick some there, or export every deployment below.
          </p>
        ) : null}
        <p className="text-sm" data-testid="export-selection">
          Deployments: {selection}.
        </p>
        {EXPORT_FILTER_KEYS.map((k) => (preset[k] ? <input key={k} type="hidden" name={k} value={preset[k]} /> : null))}
        {preset.ids ? <input type="hidden" name="ids" value={preset.ids} /> : null}
        <fieldset className="grid gap-2">
          <legend className="text-sm font-medium">Include</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="credentials" value="1" defaultChecked className="size-4" />
            Named credentials (config.yaml credential_list, values as references)
          </label>
          <input type="hidden" name="credentials" value="0" />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="teams" value="1" defaultChecked className="size-4" />
            Teams (operator Team resources)
          </label>
          <input type="hidden" name="teams" value="0" />
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2 sm:max-w-xl">
          <div className="grid gap-2">
            <Label htmlFor="export-instance">LiteLLMInstance name (operator)</Label>
            <Input id="export-instance" name="instance" defaultValue="litellm" maxLength={63} pattern={K8S_NAME} title="Lower-case letters, digits and '-'" />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="export-namespace">Namespace (operator)</Label>
            <Input id="export-namespace" name="namespace" defaultValue="litellm" maxLength={63} pattern={K8S_NAME} title="Lower-case letters, digits and '-'" />
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit">
            <DownloadIcon aria-hidden />
            Download
          </Button>
          <Button type="submit" variant="outline" name="file" value="kustomization.yaml">
            Download kustomization.yaml (operator)
          </Button>
        </div>
      </form>
    </section>
  );
}
