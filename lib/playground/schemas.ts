import { z } from "zod";

import { modelNameSchema } from "@/lib/explain/schemas";

/** Stated limits: what one playground call may send. */
export const PLAYGROUND_LIMITS = {
  promptChars: 32_000,
  systemChars: 8_000,
  embeddingChars: 8_000,
  maxTokens: 4_096,
  /** Calls per minute per person (a comparison counts as two). */
  callsPerMinute: 20,
} as const;

const teamField = z.string().trim().max(200).nullish();

export const chatRequestSchema = z.object({
  model: modelNameSchema,
  teamId: teamField,
  system: z
    .string()
    .max(PLAYGROUND_LIMITS.systemChars, `At most ${PLAYGROUND_LIMITS.systemChars.toLocaleString("en")} characters.`)
    .default(""),
  prompt: z
    .string({ error: "Write a prompt." })
    .max(PLAYGROUND_LIMITS.promptChars, `At most ${PLAYGROUND_LIMITS.promptChars.toLocaleString("en")} characters.`)
    .refine((v) => v.trim().length > 0, "Write a prompt."),
  temperature: z.number({ error: "A number from 0 to 2." }).min(0, "From 0 to 2.").max(2, "From 0 to 2.").default(0.7),
  maxTokens: z
    .number({ error: "A whole number." })
    .int("A whole number.")
    .min(1, "At least 1.")
    .max(PLAYGROUND_LIMITS.maxTokens, `At most ${PLAYGROUND_LIMITS.maxTokens}.`)
    .default(256),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatRequestInput = z.input<typeof chatRequestSchema>;

export const embeddingRequestSchema = z.object({
  model: modelNameSchema,
  teamId: teamField,
  input: z
    .string({ error: "Write some text to embed." })
    .max(PLAYGROUND_LIMITS.embeddingChars, `At most ${PLAYGROUND_LIMITS.embeddingChars.toLocaleString("en")} characters.`)
    .refine((v) => v.trim().length > 0, "Write some text to embed."),
});
export type EmbeddingRequest = z.infer<typeof embeddingRequestSchema>;

/** The model picker's search: a piece of a public model name (empty = the first names). */
export const playgroundModelSearchSchema = z.object({
  q: z
    .string()
    .max(200, "At most 200 characters.")
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "No control characters.")
    .default(""),
});
export type PlaygroundModelSearch = z.input<typeof playgroundModelSearchSchema>;
