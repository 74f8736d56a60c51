// Cost map and public endpoints — CONTRACT.md §2.9.
import type { RouteDef } from "../context";
import { ok } from "../context";
import { getCostMapText, getProviderFields, getProviders } from "../catalog";

const costMap = () => ({ status: 200, text: getCostMapText(), contentType: "application/json" });

export const publicRoutes: RouteDef[] = [
  { method: "GET", pattern: "/public/providers", access: "public", handler: () => ok(getProviders()) },
  { method: "GET", pattern: "/public/providers/fields", access: "public", handler: () => ok(getProviderFields()) },
  { method: "GET", pattern: "/get/litellm_model_cost_map", access: "admin", handler: costMap },
  {
    method: "GET",
    pattern: "/public/model_hub/info",
    access: "public",
    handler: (ctx) =>
      ok({ docs_title: "LiteLLM API Reference", custom_docs_description: null, litellm_version: ctx.sb.cfg.version, useful_links: {} }),
  },
];

/** S3 only (1.96.0): the public cost map; absent (404) on 1.80.0. */
export const modernPublicRoutes: RouteDef[] = [
  { method: "GET", pattern: "/public/litellm_model_cost_map", access: "public", handler: costMap },
];
