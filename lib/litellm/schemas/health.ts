import { z } from "zod";

import { jsonObjectSchema } from "./common";
import { litellmParamsSchema } from "./models";

export const readinessSchema = z.looseObject({
  status: z.string(),
  db: z.string().nullish(),
  cache: z.unknown().optional(),
  litellm_version: z.string().nullish(),
});
export type LiteLLMReadiness = z.infer<typeof readinessSchema>;

export const testConnectionModeSchema = z.enum([
  "chat",
  "completion",
  "embedding",
  "audio_speech",
  "audio_transcription",
  "image_generation",
  "video_generation",
  "batch",
  "rerank",
  "realtime",
  "responses",
  "ocr",
]);

/** Body of POST /health/test_connection. */
export const testConnectionInputSchema = z.strictObject({
  mode: testConnectionModeSchema.default("chat"),
  litellm_params: litellmParamsSchema,
  model_info: jsonObjectSchema.optional(),
});
export type TestConnectionInput = z.input<typeof testConnectionInputSchema>;

/** Always HTTP 200 once the provider call ran; `status` says what happened (§8.12). */
export const testConnectionResponseSchema = z.looseObject({
  status: z.string(),
  result: z.looseObject({ error: z.unknown().optional() }).nullish(),
  message: z.string().nullish(),
});

export interface TestConnectionResult {
  ok: boolean;
  /** The provider's error, redacted, without LiteLLM's stack trace. */
  error?: string;
  /** Remaining rate-limit headers the provider reported, when it did. */
  rateLimit?: { remainingRequests?: string | number; remainingTokens?: string | number };
  durationMs: number;
}
