// TanStack Query keys for consumer aliases (client-safe; the data itself is server-rendered or fetched by actions).
import type { CheckModelCandidateInput } from "./schemas";

export const aliasKeys = {
  all: ["aliases"] as const,
  registry: () => [...aliasKeys.all, "registry"] as const,
  coverage: () => [...aliasKeys.all, "coverage"] as const,
  importPreview: (text: string, mode: "merge" | "replace") => [...aliasKeys.all, "import-preview", mode, text] as const,
  /** The wizard's live check of one candidate deployment. */
  candidateCheck: (input: CheckModelCandidateInput) => [...aliasKeys.all, "candidate-check", input] as const,
  verification: (modelId: string) => [...aliasKeys.all, "verification", modelId] as const,
};
