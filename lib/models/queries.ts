import { z } from "zod";

import { MODES } from "@/lib/catalog/modes";
import { nameSchema } from "@/lib/limits";

import type { ModelListParams } from "./list";

/**
 * Client-safe: the react-query key factory for models and the input schemas the edit and delete forms share with
 * their server actions (one schema, parsed again on the server).
 */
export const modelKeys = {
  all: ["models"] as const,
  list: (params: Partial<ModelListParams>) => [...modelKeys.all, "list", params] as const,
  detail: (id: string) => [...modelKeys.all, "detail", id] as const,
  removal: (id: string) => [...modelKeys.all, "removal", id] as const,
};

/** A number box: "" (or NaN) is "empty", which on an edit means "remove this setting". */
function blankToNull(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "number") return Number.isNaN(value) ? null : value;
  if (typeof value === "string") return value.trim() === "" ? null : Number(value.trim());
  return value;
}

const editableNumber = (label: string, rule: (n: z.ZodNumber) => z.ZodNumber) =>
  z.preprocess(blankToNull, rule(z.number({ error: `${label} must be a number` })).nullable());

const wholeNumber = (label: string, min: number) =>
  editableNumber(label, (n) => n.int(`${label} must be a whole number`).min(min, `${label} must be at least ${min}`));

const editableText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : v ?? null),
    z.string().max(max, `At most ${max} characters`).nullable(),
  );

/**
 * What the edit form can change. Every field is the value the operator wants afterwards: `null` (an emptied box)
 * removes the setting. The service compares with the stored deployment and sends only the differences.
 */
export const modelEditSchema = z.object({
  id: z.string().trim().min(1),
  alias: nameSchema("An alias", { required: "Enter the public alias clients call" }),
  mode: z.enum(MODES, { error: "Choose what kind of model this is" }),
  rpm: wholeNumber("Requests per minute", 1),
  tpm: wholeNumber("Tokens per minute", 1),
  timeout: editableNumber("Timeout", (n) => n.positive("Timeout must be more than 0 seconds").max(3600, "Timeout must be at most 3600 seconds")),
  maxRetries: wholeNumber("Max retries", 0),
  inputCostPerToken: editableNumber("Input cost per token", (n) => n.min(0, "Input cost per token cannot be negative")),
  outputCostPerToken: editableNumber("Output cost per token", (n) => n.min(0, "Output cost per token cannot be negative")),
  credentialName: editableText(200),
  apiBase: editableText(2000),
  outputVectorSize: wholeNumber("Dimension", 1),
  /** The operator accepted joining an existing load-balancing group (alias checks). */
  confirmedGroupJoin: z.boolean().optional(),
  /** Rename only: go ahead although a consumer requires the old alias. */
  force: z.boolean().optional(),
  forceReason: z.string().trim().max(500).optional(),
});
export type ModelEditInput = z.input<typeof modelEditSchema>;
export type ModelEdit = z.output<typeof modelEditSchema>;

export const modelDeleteSchema = z
  .object({
    id: z.string().trim().min(1),
    /** The operator typed the alias: checked against the deployment on the server too. */
    confirmAlias: z.string().trim().min(1, "Type the alias to confirm"),
    force: z.boolean().optional(),
    forceReason: z.string().trim().max(500).optional(),
  })
  .refine((v) => !v.force || (v.forceReason ?? "").length >= 3, { path: ["forceReason"], message: "Say why you are forcing this (audited)" });
export type ModelDeleteInput = z.input<typeof modelDeleteSchema>;

export const modelIdSchema = z.object({ id: z.string().trim().min(1) });
