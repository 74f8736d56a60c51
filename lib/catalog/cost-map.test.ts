import { describe, expect, it } from "vitest";

import { MODES, expectedDimension, lookupModel, modelsForProvider, supportsShortening } from "./cost-map";

describe("lookupModel", () => {
  it("finds OpenAI embedding models with their dimension", () => {
    expect(lookupModel("text-embedding-3-small")).toMatchObject({
      key: "text-embedding-3-small",
      mode: "embedding",
      litellm_provider: "openai",
      output_vector_size: 1536,
    });
    expect(lookupModel("text-embedding-3-large")?.output_vector_size).toBe(3072);
    expect(lookupModel("text-embedding-ada-002")?.output_vector_size).toBe(1536);
  });

  it("strips a provider prefix when the prefixed key is missing", () => {
    expect(lookupModel("openai/text-embedding-3-small")?.key).toBe("text-embedding-3-small");
    expect(lookupModel("hosted_vllm/text-embedding-3-small")?.key).toBe("text-embedding-3-small");
  });

  it("prefers the exact provider entry when it exists", () => {
    const azure = lookupModel("azure/text-embedding-3-large");
    expect(azure).toMatchObject({ key: "azure/text-embedding-3-large", litellm_provider: "azure", mode: "embedding" });
  });

  it("tries provider/model for bare names and maps ollama_chat to ollama entries", () => {
    expect(lookupModel("gemini-embedding-001", { provider: "gemini" })?.key).toBe("gemini-embedding-001");
    expect(lookupModel("voyage-3-large", { provider: "voyage" })?.key).toBe("voyage/voyage-3-large");
    const ollama = lookupModel("ollama_chat/llama3");
    expect(ollama?.litellm_provider).toBe("ollama");
  });

  it("does not strip path segments that are not providers", () => {
    expect(lookupModel("meta-llama/text-embedding-3-small")).toBeUndefined();
    expect(lookupModel("no-such-model-xyz")).toBeUndefined();
  });
});

describe("expectedDimension", () => {
  it("reads output_vector_size from the cost map", () => {
    expect(expectedDimension("text-embedding-3-small")).toEqual({
      size: 1536,
      source: "cost_map",
      supportsShortening: true,
      nativeSize: 1536,
    });
    expect(expectedDimension("text-embedding-3-large")).toMatchObject({ size: 3072, source: "cost_map", supportsShortening: true });
  });

  it("ada-002 is 1536 and cannot be shortened", () => {
    expect(expectedDimension("text-embedding-ada-002")).toEqual({
      size: 1536,
      source: "cost_map",
      supportsShortening: false,
      nativeSize: 1536,
    });
    expect(supportsShortening("azure/text-embedding-ada-002")).toBe(false);
  });

  it("looks through azure/ entries, which lack the size, to the OpenAI base model", () => {
    expect(expectedDimension("azure/text-embedding-3-large")).toMatchObject({ size: 3072, source: "cost_map", supportsShortening: true });
    expect(expectedDimension("azure/text-embedding-3-small")).toMatchObject({ size: 1536, source: "cost_map" });
  });

  it("uses base_model for custom Azure deployment names", () => {
    expect(expectedDimension("azure/rag-embeddings-prod")).toEqual({ source: "unknown", supportsShortening: false });
    expect(expectedDimension("azure/rag-embeddings-prod", { baseModel: "text-embedding-3-large" })).toMatchObject({
      size: 3072,
      source: "cost_map",
    });
  });

  it("requested dimensions win and report the native size", () => {
    expect(expectedDimension("openai/text-embedding-3-large", { dimensions: 1024 })).toEqual({
      size: 1024,
      source: "dimensions",
      supportsShortening: true,
      nativeSize: 3072,
    });
  });

  it("knows Gemini and Titan v2 sizes and that they shorten", () => {
    expect(expectedDimension("gemini/gemini-embedding-001")).toMatchObject({ size: 3072, supportsShortening: true });
    expect(expectedDimension("bedrock/amazon.titan-embed-text-v2:0")).toMatchObject({ size: 1024, supportsShortening: true });
    expect(expectedDimension("bedrock/amazon.titan-embed-text-v1")).toMatchObject({ size: 1536, supportsShortening: false });
  });

  it("says unknown when the cost map has no size (e.g. Voyage, Mistral)", () => {
    expect(expectedDimension("mistral/mistral-embed")).toEqual({ source: "unknown", supportsShortening: false });
  });
});

describe("modelsForProvider", () => {
  it("suggests OpenAI embedding models, sorted, with sizes", () => {
    const list = modelsForProvider("openai", "embedding");
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list.every((m) => m.mode === "embedding")).toBe(true);
    expect(list.map((m) => m.id)).toEqual([...list.map((m) => m.id)].sort((a, b) => a.localeCompare(b)));
    expect(list).toContainEqual({
      id: "text-embedding-3-small",
      upstreamModel: "text-embedding-3-small",
      mode: "embedding",
      outputVectorSize: 1536,
    });
  });

  it("strips the provider prefix for the upstream model and includes sub-providers", () => {
    const azure = modelsForProvider("azure", "embedding");
    expect(azure.find((m) => m.id === "azure/text-embedding-3-large")?.upstreamModel).toBe("text-embedding-3-large");
    const vertex = modelsForProvider("vertex_ai", "embedding");
    expect(vertex.some((m) => m.id === "text-embedding-005" && m.outputVectorSize === 768)).toBe(true);
  });

  it("filters by mode and is empty for unknown providers", () => {
    expect(modelsForProvider("anthropic", "embedding")).toEqual([]);
    expect(modelsForProvider("anthropic", "chat").length).toBeGreaterThan(5);
    expect(modelsForProvider("no-such-provider")).toEqual([]);
  });
});

describe("MODES", () => {
  it("is the wizard's mode list", () => {
    expect(MODES).toEqual([
      "chat",
      "embedding",
      "image_generation",
      "audio_transcription",
      "audio_speech",
      "rerank",
      "completion",
      "moderation",
    ]);
  });
});
