/**
 * The playground's temporary keys are named after the audit intent of their call (`gatehouse-playground-<request id>`),
 * so the audit reconciler can find — and delete — a key that a crash left behind, and complete the intent.
 */
export const PLAYGROUND_KEY_ALIAS_PREFIX = "gatehouse-playground-";

/** The playground's audited actions: the streamed chat route and the embeddings server action. */
export const PLAYGROUND_ACTIONS = ["playground.chat", "playground.embedding"] as const;

export function playgroundKeyAlias(requestId: string): string {
  return `${PLAYGROUND_KEY_ALIAS_PREFIX}${requestId}`;
}
