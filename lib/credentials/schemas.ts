import { z } from "zod";

import { secretSchema } from "@/lib/limits";
import { credentialNameSchema } from "@/lib/litellm/schemas/credentials";

/**
 * Shared by the credential forms (zodResolver) and their server actions. Client-safe. Values are write-only: they go
 * from the form to LiteLLM and are never read back.
 */

/** Per-provider field values; an empty box means "not given" (on rotate: keep the stored value). */
const valuesSchema = z
  .record(z.string().max(100), secretSchema("This value").optional())
  .optional()
  .transform((record) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(record ?? {})) if (typeof value === "string" && value.trim() !== "") out[key] = value.trim();
    return out;
  });

const description = z
  .string()
  .trim()
  .max(500, "At most 500 characters")
  .optional()
  .transform((v) => (v ? v : undefined));

export const credentialCreateSchema = z
  .object({
    name: credentialNameSchema,
    /** A provider of /public/providers/fields (its `provider` key, e.g. "OpenAI"). */
    provider: z.string({ error: "Choose a provider" }).trim().min(1, "Choose a provider"),
    description,
    values: valuesSchema,
  })
  .refine((v) => Object.keys(v.values).length > 0, { path: ["values"], message: "Enter at least one value" });
export type CredentialCreateInput = z.input<typeof credentialCreateSchema>;
export type CredentialCreate = z.output<typeof credentialCreateSchema>;

export const credentialRotateSchema = z
  .object({
    name: credentialNameSchema,
    description,
    values: valuesSchema,
  })
  .refine((v) => Object.keys(v.values).length > 0, { path: ["values"], message: "Enter at least one new value" });
export type CredentialRotateInput = z.input<typeof credentialRotateSchema>;
export type CredentialRotate = z.output<typeof credentialRotateSchema>;

export const credentialDeleteSchema = z.object({ name: credentialNameSchema });
export type CredentialDeleteInput = z.input<typeof credentialDeleteSchema>;
