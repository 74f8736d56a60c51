/**
 * The model modes the Add Model wizard offers. Client-safe (no data files): the form imports it.
 * Values are LiteLLM's `model_info.mode` strings (CONTRACT §3.2).
 */
export const MODES = [
  "chat",
  "embedding",
  "image_generation",
  "audio_transcription",
  "audio_speech",
  "rerank",
  "completion",
  "moderation",
] as const;

export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Record<Mode, string> = {
  chat: "Chat – /chat/completions",
  embedding: "Embedding – /embeddings",
  image_generation: "Image generation – /images/generations",
  audio_transcription: "Audio transcription – /audio/transcriptions",
  audio_speech: "Text to speech – /audio/speech",
  rerank: "Rerank – /rerank",
  completion: "Completion – /completions",
  moderation: "Moderation – /moderations",
};

/** Short noun for messages: "Anthropic does not serve embedding models …". */
export const MODE_NOUNS: Record<Mode, string> = {
  chat: "chat",
  embedding: "embedding",
  image_generation: "image generation",
  audio_transcription: "audio transcription",
  audio_speech: "text-to-speech",
  rerank: "rerank",
  completion: "text completion",
  moderation: "moderation",
};

export function isMode(value: unknown): value is Mode {
  return typeof value === "string" && (MODES as readonly string[]).includes(value);
}
