import "server-only";

import type { LiteLLMClient, LiteLLMDeployment } from "@/lib/litellm";

/** /v2/model/info's largest page. */
export const LIVE_PAGE_SIZE = 200;

export interface LiveDeployments {
  deployments: LiteLLMDeployment[];
  /** LiteLLM requests this read made. */
  calls: number;
  /** "v2 pages": /v2/model/info page by page; "one listing": proxies before 1.81.3 have no paging. */
  pagedBy: "v2 pages" | "one listing";
}

/**
 * Every live deployment, read the way a plan may: /v2/model/info page by page (never one call per deployment, never
 * the whole /model/info on proxies that page). Older proxies only have the one /model/info listing.
 * The single place a plan reads deployments: switch it to the warm deployment index (lib/deployments) when that exists.
 */
export async function readLiveDeployments(litellm: Pick<LiteLLMClient, "models" | "version">): Promise<LiveDeployments> {
  const { features } = await litellm.version();
  if (!features.supportsV2ModelPagination) {
    return { deployments: await litellm.models.list(), calls: 1, pagedBy: "one listing" };
  }
  const first = await litellm.models.listPage({ page: 1, size: LIVE_PAGE_SIZE });
  const pages = Math.max(1, first.totalPages);
  const rest: LiteLLMDeployment[][] = [];
  // A few pages at a time: bounded load on the proxy, still fast at 20,000 deployments.
  for (let start = 2; start <= pages; start += 4) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(4, pages - start + 1) }, (_, i) =>
        litellm.models.listPage({ page: start + i, size: LIVE_PAGE_SIZE }).then((p) => p.data),
      ),
    );
    rest.push(...batch);
  }
  // A deployment added while paging can shift one onto two pages: keep each id once.
  const seen = new Set<string>();
  const deployments = [first.data, ...rest].flat().filter((d) => !seen.has(d.model_info.id) && seen.add(d.model_info.id));
  return { deployments, calls: pages, pagedBy: "v2 pages" };
}
