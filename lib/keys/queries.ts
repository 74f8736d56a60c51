import type { KeyListParams } from "./schemas";

/**
 * TanStack Query keys for virtual keys. Lists and key pages are server-rendered from the URL; these keys name the
 * mutations (and any client-side reads) so invalidation stays in one place.
 */
export const keyKeys = {
  all: ["keys"] as const,
  lists: () => [...keyKeys.all, "list"] as const,
  list: (params: Partial<KeyListParams>) => [...keyKeys.lists(), params] as const,
  details: () => [...keyKeys.all, "detail"] as const,
  detail: (token: string) => [...keyKeys.details(), token] as const,
  issue: () => [...keyKeys.all, "issue"] as const,
  bulk: (action: string) => [...keyKeys.all, "bulk", action] as const,
};
