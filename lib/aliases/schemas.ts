// Zod schemas shared by the alias forms (react-hook-form resolver) and the server actions. Client-safe.
import { z } from "zod";
import { nameSchema } from "@/lib/limits";

import { MODES } from "./checks";

export const aliasKindSchema = z.enum(MODES);

const MAX_DIMENSION = 65_536;

const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label} is at most ${max} characters`).optional();

/** The fields of one consumer alias, before the kind-dependent rule on `dimension`. */
const consumerAliasShape = {
  alias: nameSchema("An alias", { required: "Enter the alias the consumer calls" }),
  consumer: nameSchema("A consumer name", { max: 100, required: "Name the application or pipeline, e.g. rag-pipeline" }),
  kind: aliasKindSchema,
  dimension: z
    .number({ error: "Enter a whole number" })
    .int("Enter a whole number")
    .positive("The dimension must be greater than 0")
    .max(MAX_DIMENSION, `The dimension is at most ${MAX_DIMENSION}`)
    .optional(),
  teamId: optionalText(100, "A team id"),
  required: z.boolean(),
  note: optionalText(1000, "The note"),
};

/** Embeddings need a dimension (the vector store was built with it); other kinds have none. */
function dimensionRule(value: { kind: string; dimension?: number }, ctx: z.RefinementCtx) {
  if (value.kind === "embedding" && value.dimension == null) {
    ctx.addIssue({
      code: "custom",
      path: ["dimension"],
      message: "Embedding aliases need the vector size the consumer expects, e.g. 1536",
    });
  }
  if (value.kind !== "embedding" && value.dimension != null) {
    ctx.addIssue({ code: "custom", path: ["dimension"], message: "Only embedding aliases have a dimension" });
  }
}

/** Registering an expectation whose blocking findings were read and accepted. */
const forceField = { force: z.boolean().optional() };

export const consumerAliasSchema = z.object({ ...consumerAliasShape, ...forceField }).superRefine(dimensionRule);
export type ConsumerAliasInput = z.infer<typeof consumerAliasSchema>;

export const updateConsumerAliasSchema = z.object({ id: z.uuid(), ...consumerAliasShape, ...forceField }).superRefine(dimensionRule);
export type UpdateConsumerAliasInput = z.infer<typeof updateConsumerAliasSchema>;

export const deleteConsumerAliasSchema = z.object({ id: z.uuid() });
export type DeleteConsumerAliasInput = z.infer<typeof deleteConsumerAliasSchema>;

export const registryFormatSchema = z.enum(["yaml", "json"]);

export const importRegistrySchema = z.object({
  text: z.string().min(1, "Paste a registry file or upload one").max(1_000_000, "The file is larger than 1 MB"),
  format: z.enum(["auto", "yaml", "json"]).default("auto"),
  /** merge: add and update only; replace: also delete what the file does not list. */
  mode: z.enum(["merge", "replace"]).default("merge"),
  force: z.boolean().optional(),
});
export type ImportRegistryInput = z.input<typeof importRegistrySchema>;

export const exportRegistrySchema = z.object({ format: registryFormatSchema.default("yaml") });

const positiveInt = z.number().int().positive().max(MAX_DIMENSION);

/** What the Add Model wizard sends while the operator types (CandidateDeployment + confirmation). */
export const checkModelCandidateSchema = z.object({
  alias: z.string().trim().max(200),
  mode: aliasKindSchema,
  baseModel: z.string().trim().max(500),
  outputVectorSize: positiveInt.optional(),
  dimensions: positiveInt.optional(),
  teamId: z.string().trim().min(1).max(100).optional(),
  replacingDeploymentId: z.string().trim().min(1).max(200).optional(),
  confirmedGroupJoin: z.boolean().optional(),
});
export type CheckModelCandidateInput = z.infer<typeof checkModelCandidateSchema>;

export const checkModelRemovalSchema = z.object({
  deploymentId: z.string().trim().min(1).max(200),
  kind: z.enum(["delete", "rename"]),
  newAlias: z.string().trim().min(1).max(200).optional(),
});
export type CheckModelRemovalInput = z.infer<typeof checkModelRemovalSchema>;

export const verifyModelDimensionSchema = z.object({ modelId: z.string().trim().min(1).max(200) });
export type VerifyModelDimensionInput = z.infer<typeof verifyModelDimensionSchema>;
