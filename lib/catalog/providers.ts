import { z } from "zod";

import rawProviderFields from "./data/provider-create-fields.json";

/**
 * LiteLLM's provider metadata (GET /public/providers/fields, CONTRACT §2.9): which credential
 * fields each provider's create form needs. The bundled snapshot is the fallback; live data
 * from the proxy is parsed with the same schema.
 */
export const CREDENTIAL_FIELD_TYPES = ["text", "password", "select", "upload", "textarea"] as const;
export type CredentialFieldType = (typeof CREDENTIAL_FIELD_TYPES)[number];

export const credentialFieldSchema = z.object({
  key: z.string().min(1),
  label: z.string(),
  placeholder: z.string().nullish(),
  tooltip: z.string().nullish(),
  required: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  // A field type added by a newer LiteLLM renders as a plain text box instead of failing the whole list.
  field_type: z
    .string()
    .nullish()
    .transform((v): CredentialFieldType =>
      (CREDENTIAL_FIELD_TYPES as readonly string[]).includes(v ?? "") ? (v as CredentialFieldType) : "text",
    ),
  options: z.array(z.string()).nullish(),
  default_value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
});

export type CredentialField = z.infer<typeof credentialFieldSchema>;

export const providerCreateInfoSchema = z.object({
  provider: z.string().min(1),
  provider_display_name: z.string().min(1),
  litellm_provider: z.string().min(1),
  credential_fields: z.array(credentialFieldSchema),
  default_model_placeholder: z.string().nullish(),
});

export type ProviderCreateInfo = z.infer<typeof providerCreateInfoSchema>;

export const providerCreateInfoListSchema = z.array(providerCreateInfoSchema);

let snapshot: ProviderCreateInfo[] | undefined;

/** The bundled copy of /public/providers/fields (116 providers), parsed once. */
export function providerFieldsSnapshot(): ProviderCreateInfo[] {
  snapshot ??= providerCreateInfoListSchema.parse(rawProviderFields);
  return snapshot;
}

/**
 * Parses a live /public/providers/fields response, keeping every well-formed provider and
 * dropping malformed ones, so one odd entry from a newer proxy does not hide the rest.
 */
export function parseProviderFields(data: unknown): ProviderCreateInfo[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((item) => {
    const parsed = providerCreateInfoSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

export function findProvider(provider: string, list: ProviderCreateInfo[] = providerFieldsSnapshot()): ProviderCreateInfo | undefined {
  return list.find((p) => p.provider === provider);
}
