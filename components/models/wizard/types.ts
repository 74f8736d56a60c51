import type { Finding } from "@/lib/aliases/checks";
import type { Mode } from "@/lib/catalog/modes";

/**
 * The wizard's form values: what the operator typed, strings where inputs give strings. The server parses
 * them with the shared draft schema (lib/models/draft-schema.ts), which turns blank numbers into "unset".
 */
export interface WizardValues {
  providerFlowId: string;
  alias: string;
  upstreamModel: string;
  mode: Mode | "";
  credentialMode: "inline" | "named";
  credentialName: string;
  params: Record<string, string>;
  customAuthHeader: { name: string; format: string };
  limits: { rpm: string; tpm: string; timeout: string; maxRetries: string };
  pricing: { inputCostPerToken: string; outputCostPerToken: string };
  outputVectorSize: string;
  dimensions: string;
  accessGroups: string[];
  tags: string[];
  teamId: string;
  defaultParams: string;
  advancedJson: string;
}

export const STEPS = [
  { id: "provider", title: "Provider" },
  { id: "model", title: "Model and mode" },
  { id: "connection", title: "Connection and credentials" },
  { id: "limits", title: "Limits, pricing and defaults" },
  { id: "test", title: "Test Connect" },
  { id: "review", title: "Review and save" },
] as const;

export type StepId = (typeof STEPS)[number]["id"];

/** The form fields each step owns (trigger() validates exactly these). */
export const STEP_FIELDS: Record<StepId, (keyof WizardValues)[]> = {
  provider: ["providerFlowId"],
  model: ["alias", "upstreamModel", "mode", "outputVectorSize", "dimensions"],
  connection: ["credentialMode", "credentialName", "params", "customAuthHeader"],
  limits: ["limits", "pricing", "accessGroups", "tags", "teamId", "defaultParams", "advancedJson"],
  test: [],
  review: [],
};

/** The step a server field error (e.g. "params.api_base") belongs to. */
export function stepOfField(path: string): StepId | undefined {
  const head = path.split(".")[0] as keyof WizardValues;
  return (Object.keys(STEP_FIELDS) as StepId[]).find((step) => STEP_FIELDS[step].includes(head));
}

export interface WizardPrefill {
  alias?: string;
  mode?: Mode;
  dimension?: number;
}

export function emptyValues(prefill: WizardPrefill = {}): WizardValues {
  return {
    providerFlowId: "",
    alias: prefill.alias ?? "",
    upstreamModel: "",
    mode: prefill.mode ?? "",
    credentialMode: "inline",
    credentialName: "",
    params: {},
    customAuthHeader: { name: "", format: "" },
    limits: { rpm: "", tpm: "", timeout: "", maxRetries: "" },
    pricing: { inputCostPerToken: "", outputCostPerToken: "" },
    outputVectorSize: prefill.dimension ? String(prefill.dimension) : "",
    dimensions: "",
    accessGroups: [],
    tags: [],
    teamId: "",
    defaultParams: "",
    advancedJson: "",
  };
}

/** What the server actions receive: an unset mode is left out so the schema says "choose a mode". */
export function toDraftInput(values: WizardValues): Record<string, unknown> {
  const { mode, ...rest } = values;
  return mode ? { ...rest, mode } : rest;
}

/** A save refusal belongs to the draft it was given for: shown only while the inputs are still that draft. */
export interface SaveRefusal {
  message: string;
  findings: Finding[] | null;
  draftKey: string;
}

/** Stable identity of a draft's inputs (what the save action receives). */
export function draftKeyOf(values: WizardValues): string {
  return JSON.stringify(toDraftInput(values));
}

/** The refusal to show for the current inputs: none once any input changed since the refused save. */
export function currentRefusal(refusal: SaveRefusal | null, values: WizardValues): SaveRefusal | null {
  return refusal && refusal.draftKey === draftKeyOf(values) ? refusal : null;
}
