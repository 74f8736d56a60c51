import "server-only";

/**
 * lib/usage — one query model for spend and traffic, over LiteLLM's daily activity (CONTRACT §2.8).
 *
 *   const summary = await getUsageSummary({ ctx: { user }, range: { preset: "30d" }, groupBy: "team", filters: { model: "gpt-4o" } });
 *   summary.result.totals / .days (zero-filled daily series, stacked by summary.result.series) / .top / .groups
 *
 * Scoping is applied in LiteLLM's query (see scope.ts). LiteLLM without a database, LiteLLM down and bad input come
 * back as `UsageUnavailableError` (kind "no-database" | "unreachable" | "error") or `ValidationError` (field errors).
 * The unfiltered admin/viewer view is answered from the usage index (index-store.ts: refreshed in the background, no
 * LiteLLM call on the request path, "as of N s ago") once it is warm for the range. Otherwise — cold index, filters,
 * team admins, members — a page costs one daily-activity call (two when LiteLLM pages a very large range) plus cached
 * team names, and that read grows with the active keys × days in scope (LiteLLM ≤ 1.96 has no smaller answer).
 */
import type { SessionUser } from "@/lib/auth/types";
import { DomainError, ForbiddenError, ValidationError } from "@/lib/errors";
import { getLiteLLM, isLiteLLMError, type LiteLLMClient } from "@/lib/litellm";
import { teamNames } from "@/lib/keys/service";
import { buildUsage, groupSource, type UsageResult } from "./model";
import { resolveRange, type RangePreset, type ResolvedRange } from "./range";
import { planActivity, usageScopeFor, type UsageFilters, type UsageScope } from "./scope";
import { getUsageIndex, type UsageIndex } from "./index-store";
import type { GroupBy, UsageQuery } from "./schemas";

export interface UsageContext {
  user: SessionUser;
}

export interface UsageDeps {
  litellm: LiteLLMClient;
  now: () => number;
  /** The warm index for unfiltered admin views; default: the process-wide one, unless a client is injected (tests). */
  index: UsageIndex | null;
}

export interface UsageRequest {
  range: { preset: RangePreset; from?: string; to?: string };
  groupBy: GroupBy;
  filters?: UsageFilters;
  /** Rows in the top-N table (default 10). */
  top?: number;
  /** IANA zone of the operator (default UTC). */
  timeZone?: string;
  /** Every group in `result.groups` (the CSV export); otherwise the usage index builds only the top ones. */
  allGroups?: boolean;
}

export interface UsageSummary {
  request: UsageRequest;
  range: ResolvedRange;
  scope: UsageScope;
  /** Which daily table answered ("user" | "team" | "tag"). */
  entity: "user" | "team" | "tag";
  result: UsageResult;
  /** Set when LiteLLM had more aggregate rows than the console read; the figures are then incomplete. */
  partial: string | null;
  /** LiteLLM calls this page made on the request path (0 when the usage index answered). */
  litellmCalls: number;
  /** Where the figures come from: LiteLLM now, or the usage index refreshed in the background ("as of 12 s ago"). */
  source: { kind: "live" } | { kind: "index"; asOf: number; age: string };
}

export type UsageUnavailableKind = "no-database" | "unreachable" | "error";

/** LiteLLM could not answer a usage query; `kind` picks the screen state. */
export class UsageUnavailableError extends DomainError {
  constructor(
    readonly kind: UsageUnavailableKind,
    message: string,
  ) {
    super("upstream", message);
  }
}

const NO_DB = /DB not connected|No connected db|Database not connected|Prisma Client is not initialized|No DB Connected/i;

/** Maps a LiteLLM failure on a spend route to the state the page shows. */
export function classifyUsageError(error: unknown): UsageUnavailableError | null {
  if (!isLiteLLMError(error)) return null;
  if (NO_DB.test(error.message) || error.type === "no_db_connection") {
    return new UsageUnavailableError(
      "no-database",
      "LiteLLM has no database, so it keeps no spend logs or daily totals. Connect a database (DATABASE_URL) to the proxy to see usage.",
    );
  }
  if (error.type === "connection_error" || error.type === "timeout" || (error.status ?? 0) >= 502) {
    return new UsageUnavailableError("unreachable", `LiteLLM did not answer (${error.message}). Usage will be back when the proxy is reachable.`);
  }
  return new UsageUnavailableError("error", `LiteLLM could not report usage: ${error.message}`);
}

export function requestFromQuery(q: UsageQuery): UsageRequest {
  return {
    range: { preset: q.range, from: q.from, to: q.to },
    groupBy: q.groupBy,
    filters: { team: q.team, key: q.key, model: q.model, user: q.user, tag: q.tag },
    top: q.top,
    timeZone: q.tz,
  };
}

export async function getUsageSummary({
  ctx,
  deps,
  ...request
}: UsageRequest & { ctx: UsageContext; deps?: Partial<UsageDeps> }): Promise<UsageSummary> {
  const litellm = deps?.litellm ?? getLiteLLM();
  const now = deps?.now?.() ?? Date.now();
  const timeZone = request.timeZone ?? "UTC";
  const range = resolveRange(request.range, timeZone, now);
  const scope = usageScopeFor(ctx.user);
  const planned = planActivity(scope, request.groupBy, request.filters ?? {});
  if (!planned.ok) {
    if (planned.forbidden) throw new ForbiddenError(planned.message);
    throw new ValidationError("Some filters need attention.", { [planned.field]: [planned.message] });
  }
  const { plan } = planned;
  const index = deps?.index !== undefined ? deps.index : deps?.litellm ? null : getUsageIndex();
  const f = request.filters ?? {};
  if (index && scope.kind === "all" && !f.team && !f.key && !f.model && !f.user && !f.tag) {
    index.touch();
    const hit = index.read(range.days, request.groupBy);
    if (hit) {
      const result = hit.index.summarize({ days: range.days, groupBy: request.groupBy, top: request.top ?? 10, labels: { team: (id) => hit.teamNames.get(id) }, allGroups: request.allGroups });
      return { request, range, scope, entity: plan.entity, result, partial: null, litellmCalls: 0, source: { kind: "index", ...index.freshness(hit.asOf) } };
    }
  }
  // Team names: /team/daily/activity carries them (entity metadata); only team totals taken from keys need /team/list.
  const needNames = request.groupBy === "team" && groupSource("team", plan.entity) === "api_keys_team";
  try {
    const [activity, names] = await Promise.all([
      litellm.spend.dailyActivity({
        entity: plan.entity,
        startDate: range.utcStartDate,
        endDate: range.utcEndDate,
        ids: plan.ids,
        model: plan.model,
        keyHash: plan.keyHash,
      }),
      needNames ? teamNames(litellm) : Promise.resolve(new Map<string, string>()),
    ]);
    const result = buildUsage({
      results: activity.results,
      days: range.days,
      groupBy: request.groupBy,
      entity: plan.entity,
      top: request.top ?? 10,
      labels: { team: (id) => names.get(id) },
    });
    return {
      request,
      range,
      scope,
      entity: plan.entity,
      result,
      partial: activity.partial
        ? "LiteLLM holds more daily rows for this range than one page can read; the figures cover the most recent rows only. Choose a shorter range or a filter."
        : null,
      litellmCalls: activity.calls + (needNames ? 1 : 0),
      source: { kind: "live" },
    };
  } catch (error) {
    throw classifyUsageError(error) ?? error;
  }
}

export type UsageOutcome =
  | { kind: "ok"; summary: UsageSummary }
  | { kind: "unavailable"; reason: UsageUnavailableKind; message: string }
  | { kind: "invalid"; fieldErrors: Record<string, string[]> }
  | { kind: "forbidden"; message: string };

/** getUsageSummary for screens: every expected failure becomes a state to show; anything else still throws. */
export async function loadUsage(args: Parameters<typeof getUsageSummary>[0]): Promise<UsageOutcome> {
  try {
    return { kind: "ok", summary: await getUsageSummary(args) };
  } catch (error) {
    if (error instanceof UsageUnavailableError) return { kind: "unavailable", reason: error.kind, message: error.message };
    if (error instanceof ValidationError) return { kind: "invalid", fieldErrors: error.fieldErrors };
    if (error instanceof DomainError && error.code === "forbidden") return { kind: "forbidden", message: error.message };
    throw error;
  }
}
