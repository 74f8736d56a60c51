import "server-only";

/**
 * Traffic and failure rate per deployment of one model group (the model page): one /spend/logs/v2 call for the last
 * 24 hours, counted per model_id. When LiteLLM has more requests than one page, the counts cover the newest page only
 * and say so (`sampled`).
 */
import { canReadPlatform } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { getLiteLLM, type LiteLLMClient } from "@/lib/litellm";
import { classifyUsageError, type UsageContext } from "./service";

export interface DeploymentTraffic {
  deploymentId: string;
  requests: number;
  failures: number;
  failureRate: number;
  spend: number;
}

export interface DeploymentTrafficResult {
  rows: DeploymentTraffic[];
  /** Requests LiteLLM logged for the group in the window. */
  total: number;
  /** Requests counted (≤ total). */
  counted: number;
  sampled: boolean;
  windowHours: number;
}

const PAGE = 1000;

export function countByDeployment(logs: { model_id?: string | null; status?: string | null; spend?: number | null }[], deploymentIds: string[]): DeploymentTraffic[] {
  const by = new Map<string, DeploymentTraffic>(deploymentIds.map((id) => [id, { deploymentId: id, requests: 0, failures: 0, failureRate: 0, spend: 0 }]));
  for (const l of logs) {
    const id = l.model_id ?? "";
    let row = by.get(id);
    if (!row) by.set(id, (row = { deploymentId: id || "(no deployment)", requests: 0, failures: 0, failureRate: 0, spend: 0 }));
    row.requests++;
    if (l.status === "failure") row.failures++;
    row.spend += l.spend ?? 0;
  }
  for (const r of by.values()) r.failureRate = r.requests ? r.failures / r.requests : 0;
  return [...by.values()];
}

export async function getDeploymentTraffic({
  ctx,
  modelGroup,
  deploymentIds,
  deps,
}: {
  ctx: UsageContext;
  modelGroup: string;
  deploymentIds: string[];
  deps?: { litellm?: LiteLLMClient; now?: () => number };
}): Promise<DeploymentTrafficResult> {
  if (!canReadPlatform(ctx.user)) throw new ForbiddenError("Deployment traffic is visible to console admins and viewers.");
  const litellm = deps?.litellm ?? getLiteLLM();
  const now = deps?.now?.() ?? Date.now();
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
  try {
    const { features } = await litellm.version();
    const page = await litellm.spend.logs({
      start_date: stamp(now - 86_400_000),
      end_date: stamp(now),
      model_group: modelGroup,
      pageSize: features.hasSpendLogsV2 ? PAGE : 100,
    });
    return { rows: countByDeployment(page.data, deploymentIds), total: page.totalCount, counted: page.data.length, sampled: page.totalCount > page.data.length, windowHours: 24 };
  } catch (error) {
    throw classifyUsageError(error) ?? error;
  }
}
