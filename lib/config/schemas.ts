import { z } from "zod";

import { MODEL_HEALTH_FILTERS, MODEL_SOURCES } from "@/lib/models/list";

import { CONFIG_FORMATS } from "./spec";

const noControl = (v: string) => !/[\u0000-\u001F\u007F]/.test(v);

/** Names the file deployments are applied from; "prune" only ever removes deployments carrying this name. */
export const sourceNameSchema = z
  .string()
  .trim()
  .min(1, "Name the source (e.g. the file or repository path)")
  .max(100, "At most 100 characters")
  .refine(noControl, "No control characters");

export const formatChoiceSchema = z.enum(["auto", ...CONFIG_FORMATS]);

const itemKeys = z.array(z.string().max(500)).max(50_000);

export const planConfigSchema = z.object({
  format: formatChoiceSchema.default("auto"),
  source: sourceNameSchema,
  prune: z.boolean().default(false),
});
export type PlanConfigInput = z.infer<typeof planConfigSchema>;

export const applyConfigSchema = planConfigSchema.extend({
  /** Item keys to apply; absent = every applicable item. */
  selected: itemKeys.optional(),
  /** Item keys whose confirmations were accepted. */
  confirmed: itemKeys.optional(),
});
export type ApplyConfigInput = z.infer<typeof applyConfigSchema>;

const k8sNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(63, "At most 63 characters")
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "Lower-case letters, digits and '-' (a Kubernetes name)");

export const exportConfigSchema = z.object({
  format: z.enum(CONFIG_FORMATS).default("litellm-config"),
  ids: z.array(z.string().trim().min(1).max(200)).max(20_000).optional(),
  q: z.string().trim().max(200).refine(noControl, "No control characters").optional(),
  /** The models list's other filters: the export is exactly the deployments the list shows for them (every page). */
  provider: z.string().trim().max(100).refine(noControl, "No control characters").optional(),
  mode: z.string().trim().max(50).refine(noControl, "No control characters").optional(),
  team: z.string().trim().max(200).refine(noControl, "No control characters").optional(),
  health: z.enum(MODEL_HEALTH_FILTERS).optional(),
  source: z.enum(MODEL_SOURCES).optional(),
  includeCredentials: z.boolean().default(true),
  includeTeams: z.boolean().default(true),
  instanceName: k8sNameSchema.default("litellm"),
  namespace: k8sNameSchema.default("litellm"),
});
export type ExportConfigInput = z.infer<typeof exportConfigSchema>;
