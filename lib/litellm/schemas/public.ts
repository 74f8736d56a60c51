import { z } from "zod";

export const providerCredentialFieldSchema = z.looseObject({
  key: z.string(),
  label: z.string().nullish(),
  placeholder: z.string().nullish(),
  tooltip: z.string().nullish(),
  required: z.boolean().nullish(),
  field_type: z.string().nullish(),
  options: z.array(z.string()).nullish(),
  default_value: z.unknown().optional(),
});

/** One entry of GET /public/providers/fields (ProviderCreateInfo). */
export const providerCreateInfoSchema = z.looseObject({
  provider: z.string(),
  provider_display_name: z.string().nullish(),
  litellm_provider: z.string(),
  credential_fields: z.array(providerCredentialFieldSchema),
  default_model_placeholder: z.string().nullish(),
});
export type LiteLLMProviderCreateInfo = z.infer<typeof providerCreateInfoSchema>;

export const providerFieldsResponseSchema = z.array(providerCreateInfoSchema);
export const providersResponseSchema = z.array(z.string());

/** One model of LiteLLM's cost map; every field is optional in the real data. */
export const costMapEntrySchema = z.looseObject({
  mode: z.string().nullish(),
  litellm_provider: z.string().nullish(),
  output_vector_size: z.number().nullish(),
  max_input_tokens: z.number().nullish(),
  max_output_tokens: z.number().nullish(),
  input_cost_per_token: z.number().nullish(),
  output_cost_per_token: z.number().nullish(),
});
export type LiteLLMCostMapEntry = z.infer<typeof costMapEntrySchema>;

// `sample_spec` and odd entries are tolerated: anything that is not an object is dropped by the caller, not fatal.
export const costMapResponseSchema = z.record(z.string(), z.unknown());
