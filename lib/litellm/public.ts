import "server-only";

import { isNotFound } from "./errors";
import type { ClientContext } from "./http";
import {
  costMapEntrySchema,
  costMapResponseSchema,
  providerFieldsResponseSchema,
  providersResponseSchema,
  type LiteLLMCostMapEntry,
  type LiteLLMProviderCreateInfo,
} from "./schemas/public";

/** Unauthenticated catalogue routes. Callers fall back to the bundled snapshots in lib/catalog/data when these fail. */
export function createPublicApi(ctx: ClientContext) {
  const { http } = ctx;

  async function providers(): Promise<string[]> {
    return http.call({ method: "GET", path: "/public/providers", auth: false }, providersResponseSchema);
  }

  /** What the "add model" form asks per provider (credential fields, default model placeholder). */
  async function providerFields(): Promise<LiteLLMProviderCreateInfo[]> {
    return http.call({ method: "GET", path: "/public/providers/fields", auth: false }, providerFieldsResponseSchema);
  }

  /**
   * The proxy's cost map: /public/litellm_model_cost_map (S3), else the admin-only hidden
   * /get/litellm_model_cost_map older proxies have. `sample_spec` and malformed entries are dropped.
   */
  async function costMap(): Promise<Record<string, LiteLLMCostMapEntry>> {
    let raw: Record<string, unknown>;
    try {
      raw = await http.call({ method: "GET", path: "/public/litellm_model_cost_map", auth: false }, costMapResponseSchema);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      raw = await http.call({ method: "GET", path: "/get/litellm_model_cost_map" }, costMapResponseSchema);
    }
    const out: Record<string, LiteLLMCostMapEntry> = {};
    for (const [model, entry] of Object.entries(raw)) {
      if (model === "sample_spec") continue;
      const parsed = costMapEntrySchema.safeParse(entry);
      if (parsed.success) out[model] = parsed.data;
    }
    return out;
  }

  return { providers, providerFields, costMap };
}

export type PublicApi = ReturnType<typeof createPublicApi>;
