import "server-only";

import { z } from "zod";
import { LiteLLMError } from "./errors";
import type { ClientContext } from "./http";

const embeddingsResponseSchema = z.looseObject({
  data: z.array(z.looseObject({ embedding: z.union([z.array(z.number()), z.string()]) })).min(1),
  usage: z.looseObject({ prompt_tokens: z.number().nullish(), total_tokens: z.number().nullish() }).nullish(),
});

const chunkSchema = z.looseObject({
  choices: z.array(z.looseObject({ delta: z.looseObject({ content: z.string().nullish() }).nullish() })).nullish(),
  usage: z.looseObject({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
});

export interface EmbeddingProbe {
  /** Length of the first returned vector, or null when LiteLLM returned it base64-encoded. */
  length: number | null;
  /** The deployment that answered (LiteLLM's x-litellm-model-id header), when it says. */
  answeredBy: string | null;
  /** The vector's first values (at most 8). */
  head: number[];
  promptTokens: number | null;
  /** x-litellm-response-cost, when LiteLLM sends it. */
  cost: number | null;
}

/** What LiteLLM says about the call in its response headers. */
export interface DataPlaneAnswer {
  answeredBy: string | null;
  modelGroup: string | null;
  cost: number | null;
}

export type ChatStreamEvent =
  { type: "delta"; text: string } | { type: "usage"; promptTokens: number | null; completionTokens: number | null };

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

function answerFrom(headers: Headers): DataPlaneAnswer {
  const cost = Number(headers.get("x-litellm-response-cost"));
  return {
    answeredBy: headers.get("x-litellm-model-id"),
    modelGroup: headers.get("x-litellm-model-group"),
    cost: headers.has("x-litellm-response-cost") && Number.isFinite(cost) ? cost : null,
  };
}

/**
 * Splits an SSE byte stream into parsed `data:` JSON payloads; stops at `[DONE]`. A stream that ends without it was
 * cut off, and an `{"error": …}` event is LiteLLM reporting a failure mid-stream: both throw after what arrived.
 */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith("data:")) continue;
      const payload = line.slice(5).trim();
      if (payload === "[DONE]") return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload);
      } catch {
        continue; // a partial or foreign line
      }
      const error = (parsed as { error?: { message?: unknown } } | null)?.error;
      if (error && typeof error === "object")
        throw new Error(typeof error.message === "string" ? error.message : "LiteLLM reported an error mid-stream.");
      yield parsed;
    }
  }
  throw new Error("The stream ended before LiteLLM finished the answer.");
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
    const answer = answerFrom(res.headers);
    return {
      length: Array.isArray(vector) ? vector.length : null,
      answeredBy: answer.answeredBy,
      head: Array.isArray(vector) ? vector.slice(0, 8) : [],
      promptTokens: parsed.usage?.prompt_tokens ?? null,
      cost: answer.cost,
    };
  }

  /**
   * POST /v1/chat/completions with `stream: true` as `apiKey`. Resolves once LiteLLM starts answering (its headers
   * say which deployment); `events` then yields the text as it arrives and the token usage when LiteLLM sends it.
   * A stream that breaks mid-way throws a LiteLLMError from `events` after the text that did arrive.
   */
  async function chatStream(input: {
    apiKey: string;
    model: string;
    messages: ChatMessage[];
    temperature?: number;
    maxTokens?: number;
    signal?: AbortSignal;
    firstByteTimeoutMs?: number;
  }): Promise<{ answer: DataPlaneAnswer; events: AsyncGenerator<ChatStreamEvent> }> {
    const body: Record<string, unknown> = {
      model: input.model,
      messages: input.messages,
      stream: true,
      stream_options: { include_usage: true },
    };
    if (input.temperature != null) body.temperature = input.temperature;
    if (input.maxTokens != null) body.max_tokens = input.maxTokens;
    const res = await http.stream({
      method: "POST",
      path: "/v1/chat/completions",
      body,
      apiKey: input.apiKey,
      signal: input.signal,
      firstByteTimeoutMs: input.firstByteTimeoutMs,
    });
    async function* events(): AsyncGenerator<ChatStreamEvent> {
      try {
        for await (const payload of sseData(res.body)) {
          const chunk = chunkSchema.safeParse(payload);
          if (!chunk.success) continue;
          const text = chunk.data.choices?.[0]?.delta?.content;
          if (text) yield { type: "delta", text };
          if (chunk.data.usage) {
            yield {
              type: "usage",
              promptTokens: chunk.data.usage.prompt_tokens ?? null,
              completionTokens: chunk.data.usage.completion_tokens ?? null,
            };
          }
        }
      } catch (error) {
        if (error instanceof LiteLLMError) throw error;
        const reason = error instanceof Error && !/terminated|aborted|socket/i.test(error.message) ? ` LiteLLM said: ${error.message}` : "";
        throw new LiteLLMError({
          type: input.signal?.aborted ? "aborted" : "connection_error",
          message: input.signal?.aborted ? "The call was cancelled." : `LiteLLM's answer stopped mid-way.${reason}`,
          method: "POST",
          path: "/v1/chat/completions",
          requestId: res.requestId,
          cause: error,
        });
      }
    }
    return { answer: answerFrom(res.headers), events: events() };
  }

  return { embeddings, chatStream };
}

export type DataPlaneApi = ReturnType<typeof createDataPlaneApi>;
