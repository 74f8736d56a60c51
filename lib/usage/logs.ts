import "server-only";

/**
 * The request log (/usage/logs): pages of LiteLLM's /spend/logs/v2 (or /spend/logs/ui on older proxies), scoped like
 * usage (scope.ts): admins and viewers all, team admins one of their teams, members their own LiteLLM user.
 * Prompt and response bodies never leave this module except through `revealRequestBodies` (admins, audited).
 */
import { recordAudit } from "@/lib/audit/service";
import { isAdmin } from "@/lib/auth/permissions";
import type { RequestMeta } from "@/lib/auth/types";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { getLiteLLM, type LiteLLMClient, type LiteLLMSpendLog } from "@/lib/litellm";
import { redactValue } from "@/lib/redact";
import { resolveRange, type ResolvedRange } from "./range";
import { usageScopeFor } from "./scope";
import { revealBodySchema, type RequestLogQuery, type RevealBodyInput } from "./schemas";
import { classifyUsageError, type UsageContext } from "./service";

export interface RequestLogRow {
  requestId: string;
  startTime: string | null;
  durationMs: number | null;
  keyHash: string | null;
  keyAlias: string | null;
  teamId: string | null;
  userId: string | null;
  modelGroup: string | null;
  model: string | null;
  deploymentId: string | null;
  provider: string | null;
  callType: string | null;
  status: "success" | "failure" | "unknown";
  promptTokens: number;
  completionTokens: number;
  spend: number;
  error: string | null;
  /** LiteLLM stored the prompt and response (store_prompts_in_spend_logs). */
  hasBodies: boolean;
  tags: string[];
}

export interface RequestLogPage {
  rows: RequestLogRow[];
  total: number;
  page: number;
  pageSize: number;
  totalPages: number;
  range: ResolvedRange;
  /** Which team a team admin is looking at, when they admin several. */
  teamChoices: string[] | null;
}

const isEmptyBody = (v: unknown) =>
  v === undefined || v === null || v === "" || v === "{}" || (typeof v === "object" && Object.keys(v as object).length === 0);

const str = (v: unknown) => (typeof v === "string" && v ? v : null);

export function toRow(l: LiteLLMSpendLog): RequestLogRow {
  const meta = (l.metadata && typeof l.metadata === "object" ? l.metadata : {}) as Record<string, unknown>;
  const errInfo = (meta.error_information && typeof meta.error_information === "object" ? meta.error_information : {}) as Record<string, unknown>;
  const status = l.status === "success" || l.status === "failure" ? l.status : str(meta.status) === "failure" ? "failure" : l.status ? "unknown" : "success";
  const start = l.startTime ? Date.parse(l.startTime) : NaN;
  const end = l.endTime ? Date.parse(l.endTime) : NaN;
  return {
    requestId: l.request_id,
    startTime: l.startTime ?? null,
    durationMs: Number.isFinite(start) && Number.isFinite(end) ? end - start : null,
    keyHash: l.api_key ?? null,
    keyAlias: str(meta.user_api_key_alias),
    teamId: l.team_id ?? str(meta.user_api_key_team_id),
    userId: l.user ?? str(meta.user_api_key_user_id),
    modelGroup: l.model_group ?? null,
    model: l.model ?? null,
    deploymentId: l.model_id ?? null,
    provider: l.custom_llm_provider ?? null,
    callType: l.call_type ?? null,
    status,
    promptTokens: l.prompt_tokens ?? 0,
    completionTokens: l.completion_tokens ?? 0,
    spend: l.spend ?? 0,
    error: status === "failure" ? (str(errInfo.error_message) ?? str(errInfo.error_class) ?? "Failed") : null,
    hasBodies: !isEmptyBody(l.messages) || !isEmptyBody(l.response),
    tags: Array.isArray(l.request_tags) ? l.request_tags.filter((t): t is string => typeof t === "string") : [],
  };
}

function scopedFilters(ctx: UsageContext, team: string | undefined): { user_id?: string; team_id?: string; teamChoices: string[] | null } {
  const scope = usageScopeFor(ctx.user);
  if (scope.kind === "all") return { team_id: team, teamChoices: null };
  if (scope.kind === "teams") {
    if (team && !scope.teamIds.includes(team)) throw new ForbiddenError(`You are not an admin of team ${team}.`);
    return { team_id: team ?? scope.teamIds[0], teamChoices: scope.teamIds };
  }
  if (team) throw new ForbiddenError("You see the requests of your own keys only, not a team's.");
  return { user_id: scope.userId, teamChoices: null };
}

export async function listRequestLogs({
  ctx,
  query,
  deps,
}: {
  ctx: UsageContext;
  query: RequestLogQuery;
  deps?: { litellm?: LiteLLMClient; now?: () => number };
}): Promise<RequestLogPage> {
  const litellm = deps?.litellm ?? getLiteLLM();
  const range = resolveRange({ preset: query.range, from: query.from, to: query.to }, query.tz ?? "UTC", deps?.now?.() ?? Date.now());
  const scope = scopedFilters(ctx, query.team);
  try {
    const page = await litellm.spend.logs({
      page: query.page,
      pageSize: query.pageSize,
      start_date: range.logStart,
      end_date: range.logEnd,
      keyHash: query.key,
      team_id: scope.team_id,
      user_id: scope.user_id,
      model_group: query.model,
      status_filter: query.status,
      min_spend: query.minSpend ? Number(query.minSpend) : undefined,
      max_spend: query.maxSpend ? Number(query.maxSpend) : undefined,
      request_id: query.request,
    });
    return {
      rows: page.data.map(toRow),
      total: page.totalCount,
      page: page.page,
      pageSize: page.pageSize,
      totalPages: page.totalPages,
      range,
      teamChoices: scope.teamChoices,
    };
  } catch (error) {
    throw classifyUsageError(error) ?? error;
  }
}

async function findOne(litellm: LiteLLMClient, ctx: UsageContext, requestId: string, startTime: string): Promise<LiteLLMSpendLog> {
  const t = Date.parse(startTime);
  if (!Number.isFinite(t)) throw new NotFoundError("No such request.");
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
  const scope = scopedFilters(ctx, undefined);
  const page = await litellm.spend.logs({
    request_id: requestId,
    start_date: stamp(t - 86_400_000),
    end_date: stamp(t + 86_400_000),
    user_id: scope.user_id,
    team_id: scope.teamChoices ? undefined : scope.team_id,
    pageSize: 5,
  });
  const hit = page.data.find((l) => l.request_id === requestId);
  if (!hit) throw new NotFoundError(`LiteLLM has no request ${requestId} that you may see.`);
  if (scope.teamChoices && !(hit.team_id && scope.teamChoices.includes(hit.team_id))) throw new NotFoundError(`LiteLLM has no request ${requestId} that you may see.`);
  return hit;
}

/** One request's detail (no bodies). */
export async function getRequestDetail({ ctx, requestId, startTime, deps }: { ctx: UsageContext; requestId: string; startTime: string; deps?: { litellm?: LiteLLMClient } }) {
  const litellm = deps?.litellm ?? getLiteLLM();
  try {
    return toRow(await findOne(litellm, ctx, requestId, startTime));
  } catch (error) {
    throw classifyUsageError(error) ?? error;
  }
}

function bodyText(v: unknown): string {
  if (typeof v === "string") {
    try {
      return JSON.stringify(redactValue(JSON.parse(v)), null, 2);
    } catch {
      return String(redactValue(v));
    }
  }
  return JSON.stringify(redactValue(v), null, 2);
}

/**
 * Admins only, audited (request id and reason; never the bodies): the prompt and response LiteLLM stored for one
 * request. Secrets that look like keys are masked on the way out.
 */
export async function revealRequestBodies({
  ctx,
  input,
  deps,
}: {
  ctx: UsageContext & { request?: RequestMeta };
  input: RevealBodyInput;
  deps?: { litellm?: LiteLLMClient };
}): Promise<{ requestId: string; request: string; response: string }> {
  if (!isAdmin(ctx.user)) throw new ForbiddenError("Only console admins can reveal request bodies.");
  const values = revealBodySchema.parse(input);
  const litellm = deps?.litellm ?? getLiteLLM();
  let log: LiteLLMSpendLog;
  try {
    log = await findOne(litellm, ctx, values.requestId, values.startTime);
  } catch (error) {
    throw classifyUsageError(error) ?? error;
  }
  const actor = { provider: ctx.user.provider, username: ctx.user.username };
  if (isEmptyBody(log.messages) && isEmptyBody(log.response)) {
    throw new NotFoundError("LiteLLM did not store this request's prompt or response (store_prompts_in_spend_logs is off).");
  }
  await recordAudit({
    actor,
    action: "usage.request_bodies.reveal",
    targetType: "spend_log",
    targetId: values.requestId,
    teamId: log.team_id ?? null,
    outcome: "success",
    request: ctx.request,
    details: { requestId: values.requestId, reason: values.reason, model: log.model_group ?? log.model ?? null },
  });
  return { requestId: values.requestId, request: bodyText(log.messages), response: bodyText(log.response) };
}
