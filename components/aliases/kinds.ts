import type { Mode } from "@/lib/aliases/checks";

/** Short kind names for tables and selects. */
export const KIND_LABELS: Record<Mode, string> = {
  chat: "Chat",
  embedding: "Embedding",
  image_generation: "Image generation",
  audio_transcription: "Audio transcription",
  audio_speech: "Text to speech",
  rerank: "Rerank",
  completion: "Completion",
  moderation: "Moderation",
};

/** The /aliases page's tabs (?tab=…); coverage is the default. */
export const ALIAS_TABS = ["coverage", "registry", "transfer"] as const;
export type AliasTab = (typeof ALIAS_TABS)[number];

/** The style rule hiding every tab panel (#aliases-panel-<tab>) but the selected one. */
export function hiddenPanels(tabs: readonly AliasTab[], selected: AliasTab): string {
  return `${tabs
    .filter((t) => t !== selected)
    .map((t) => `#aliases-panel-${t}`)
    .join(",")}{display:none}`;
}
