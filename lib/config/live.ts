import "server-only";

import { createDeploymentIndex, type DeploymentIndex } from "@/lib/deployments/index-store";
import { describeAge, toSource, type IndexedDeployment } from "@/lib/deployments/snapshot";
import type { LiteLLMClient, LiteLLMDeployment } from "@/lib/litellm";

export interface LiveDeployments {
  deployments: LiteLLMDeployment[];
  /** The index's records (the alias checks build from these without re-reading). */
  indexed?: readonly IndexedDeployment[];
  /** LiteLLM requests this read made: 0 when the warm index answered; the paged warm-up when it was cold. */
  calls: number;
  /** How the deployments were read, e.g. "deployment index, as of 3 s ago" or "deployment index warm-up". */
  pagedBy: string;
}

const indexes = new WeakMap<object, DeploymentIndex>();

/**
 * The deployment index for a LiteLLM client that is not the console's own (the CLI, the bench, tests): one per client,
 * warmed by one paged read (/v2/model/info, 200 a page; one /model/info listing on proxies before 1.81.3), then kept
 * by its own writes and incremental refreshes like the console's.
 */
export function indexFor(litellm: Pick<LiteLLMClient, "models" | "version">): DeploymentIndex {
  let index = indexes.get(litellm);
  if (!index) {
    index = createDeploymentIndex({ litellm: () => litellm as LiteLLMClient, refreshMs: 60_000 });
    indexes.set(litellm, index);
  }
  return index;
}

/**
 * Every live deployment, read through the warm deployment index (lib/deployments): a plan, drift view or export never
 * pages /v2/model/info itself, let alone calls per deployment. `fresh` (apply) first asks LiteLLM what changed — the
 * index's incremental read of the newest changes. The records carry secret-free litellm_params and model_info.
 */
export async function readLiveDeployments(index: DeploymentIndex, options: { fresh?: boolean } = {}): Promise<LiveDeployments> {
  const cold = index.peek() === null;
  const callsBefore = index.status().calls;
  const snapshot = cold ? await index.snapshot() : options.fresh ? await index.refresh() : await index.snapshot();
  const calls = index.status().calls - callsBefore;
  const indexed = [...snapshot.all()];
  return {
    deployments: indexed.map((d) => toSource(d) as unknown as LiteLLMDeployment),
    indexed,
    calls,
    pagedBy: cold ? `deployment index warm-up (paged reads)` : options.fresh ? "deployment index, refreshed now" : `deployment index, as of ${describeAge(snapshot.asOf)}`,
  };
}
