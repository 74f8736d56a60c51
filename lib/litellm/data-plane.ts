import "server-only";

import { z } from "zod";
import type { ClientContext } from "./http";

const embeddingsResponseSchema = z.looseObject({
  data: z.array(z.looseObject({ embedding: z.union([z.array(z.number()), z.string()]) })).min(1),
});

export interface EmbeddingProbe {
  /** Length of the first returned vector, or null when LiteLLM returned it base64-encoded. */
  length: number | null;
  /** The deployment that answered (LiteLLM's x-litellm-model-id header), when it says. */
  answeredBy: string | null;
}

/** Calls on LiteLLM's OpenAI-compatible data plane, authenticated as a virtual key (never the master key). */
export function createDataPlaneApi(ctx: ClientContext) {
  const { http } = ctx;

  /** POST /v1/embeddings as `apiKey`; errors come back as the usual LiteLLMError. */
  async function embeddings(input: {
    apiKey: string;
    model: string;
    input: string;
    dimensions?: number;
    timeoutMs?: number;
  }): Promise<EmbeddingProbe> {
    const body: Record<string, unknown> = { model: input.model, input: input.input };
    if (input.dimensions != null) body.dimensions = input.dimensions;
    const res = await http.request({ method: "POST", path: "/v1/embeddings", body, apiKey: input.apiKey, timeoutMs: input.timeoutMs });
    const parsed = embeddingsResponseSchema.parse(res.body);
    const vector = parsed.data[0]!.embedding;
    return { length: Array.isArray(vector) ? vector.length : null, answeredBy: res.headers.get("x-litellm-model-id") };
  }

  return { embeddings };
}

export type DataPlaneApi = ReturnType<typeof createDataPlaneApi>;
