import { z } from "zod";

import { MAX_NAME_LENGTH } from "@/lib/limits";

import { jsonObjectSchema } from "./common";

/**
 * Credential names end up in URL paths (`{credential_name:path}`), so keep them to a safe alphabet. Names may contain "/" (LiteLLM's `{credential_name:path}` routes), so each "/"-separated segment must be a real
 * name: an empty, "." or ".." segment would make the URL path walk to another LiteLLM route (`../../x` → `GET /x`).
 */
export const credentialNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(MAX_NAME_LENGTH, `A credential name is at most ${MAX_NAME_LENGTH} characters`)
  .regex(/^[A-Za-z0-9._~:@/-]+$/, "Use letters, digits and . _ ~ : @ / -")
  .refine(
    (name) => name.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".."),
    "Each part between slashes needs a name: no empty, '.' or '..' parts",
  );

/** Body of POST /credentials (CreateCredentialItem). One of credential_values / model_id is required (422 otherwise). */
export const createCredentialInputSchema = z
  .strictObject({
    credential_name: credentialNameSchema,
    credential_info: jsonObjectSchema,
    credential_values: jsonObjectSchema.optional(),
    model_id: z.string().min(1).optional(),
  })
  .refine((v) => v.credential_values !== undefined || v.model_id !== undefined, "Give credential_values or a model_id");
export type CreateCredentialInput = z.infer<typeof createCredentialInputSchema>;

/** Body of PATCH /credentials/{name} (CredentialItem): all three fields are required by LiteLLM. */
export const updateCredentialInputSchema = z.strictObject({
  credential_name: credentialNameSchema,
  credential_info: jsonObjectSchema,
  credential_values: jsonObjectSchema,
});
export type UpdateCredentialInput = z.infer<typeof updateCredentialInputSchema>;

// ---- responses ----

/** A stored credential; values come back masked ("sk-a****"). */
export const credentialRecordSchema = z.looseObject({
  credential_name: z.string(),
  credential_values: jsonObjectSchema.nullish(),
  credential_info: jsonObjectSchema.nullish(),
});
export type LiteLLMCredential = z.infer<typeof credentialRecordSchema>;

export const credentialListResponseSchema = z.looseObject({
  success: z.literal(true).optional(),
  credentials: z.array(credentialRecordSchema),
});

export const credentialWriteResponseSchema = z.looseObject({ success: z.literal(true), message: z.string().nullish() });
export type CredentialWriteResult = z.infer<typeof credentialWriteResponseSchema>;
