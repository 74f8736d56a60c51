import "server-only";

/**
 * Budgets: spend against max_budget with period and reset date, burn rate over the last 7 complete UTC days, and a
 * forecast sentence (forecast.ts). Teams come from one /team/list call and one /team/daily/activity call.
 */
import { isAdmin } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { getLiteLLM, type LiteLLMClient } from "@/lib/litellm";
import { BURN_WINDOW_DAYS, budgetUsedPct, forecastBudget, type Forecast } from "./forecast";
import { addDays } from "./range";
import { planActivity, usageScopeFor } from "./scope";
import { classifyUsageError, type UsageContext } from "./service";

export interface BudgetRow {
  kind: "team" | "key";
  id: string;
  name: string;
  href: string;
  spend: number;
  maxBudget: number | null;
  usedPct: number | null;
  budgetDuration: string | null;
  budgetResetAt: string | null;
  forecast: Forecast;
}

/** The last BURN_WINDOW_DAYS complete UTC days. */
export function burnWindow(nowMs: number): { startDate: string; endDate: string; days: string[] } {
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const days = Array.from({ length: BURN_WINDOW_DAYS }, (_, i) => addDays(today, i - BURN_WINDOW_DAYS));
  return { startDate: days[0]!, endDate: days.at(-1)!, days };
}

function teamScope(ctx: UsageContext): string[] | null {
  const u = ctx.user;
  if (isAdmin(u) || u.role === "viewer") return null;
  return u.teams.map((t) => t.teamId);
}

/** Teams the user may see, with budget, burn rate and forecast; teams closest to their budget first. */
export async function getTeamBudgets({
  ctx,
  timeZone = "UTC",
  teamId,
  deps,
}: {
  ctx: UsageContext;
  timeZone?: string;
  /** Only this team (the team page). */
  teamId?: string;
  deps?: { litellm?: LiteLLMClient; now?: () => number };
}): Promise<BudgetRow[]> {
  const litellm = deps?.litellm ?? getLiteLLM();
  const now = deps?.now?.() ?? Date.now();
  const scope = teamScope(ctx);
  if (teamId && scope && !scope.includes(teamId)) throw new ForbiddenError(`You are not a member of team ${teamId}.`);
  const allowed = teamId ? [teamId] : scope;
  if (allowed && allowed.length === 0) return [];
  const win = burnWindow(now);
  try {
    const [teams, activity] = await Promise.all([
      litellm.teams.list(),
      litellm.spend.dailyActivity({ entity: "team", startDate: win.startDate, endDate: win.endDate, ids: allowed ?? undefined }),
    ]);
    const perTeam = new Map<string, Map<string, number>>();
    for (const day of activity.results) {
      for (const [id, e] of Object.entries(day.breakdown.entities)) {
        const m = perTeam.get(id) ?? new Map<string, number>();
        m.set(day.date, (m.get(day.date) ?? 0) + e.metrics.spend);
        perTeam.set(id, m);
      }
    }
    return teams
      .filter((t) => t.team_id && (!allowed || allowed.includes(t.team_id)))
      .map((t): BudgetRow => {
        const name = t.team_alias || t.team_id;
        const spend = t.spend ?? 0;
        const maxBudget = t.max_budget ?? null;
        const daily = win.days.map((d) => perTeam.get(t.team_id)?.get(d) ?? 0);
        return {
          kind: "team",
          id: t.team_id,
          name,
          href: `/teams/${encodeURIComponent(t.team_id)}`,
          spend,
          maxBudget,
          usedPct: budgetUsedPct(spend, maxBudget),
          budgetDuration: t.budget_duration ?? null,
          budgetResetAt: t.budget_reset_at ?? null,
          forecast: forecastBudget(
            { subject: `team ${name}`, spend, maxBudget, budgetDuration: t.budget_duration ?? null, budgetResetAt: t.budget_reset_at ?? null, recentDailySpend: daily },
            now,
            timeZone,
          ),
        };
      })
      .sort((a, b) => (b.usedPct ?? -1) - (a.usedPct ?? -1) || b.forecast.ratePerDay - a.forecast.ratePerDay);
  } catch (error) {
    throw classifyUsageError(error) ?? error;
  }
}

/** One key's budget row (the key page); the caller has checked that the user may view the key. */
export async function getKeyBudget({
  ctx,
  key,
  timeZone = "UTC",
  deps,
}: {
  ctx: UsageContext;
  key: { token: string; alias: string | null; spend: number; maxBudget: number | null; budgetDuration: string | null; budgetResetAt: string | null };
  timeZone?: string;
  deps?: { litellm?: LiteLLMClient; now?: () => number };
}): Promise<BudgetRow> {
  const litellm = deps?.litellm ?? getLiteLLM();
  const now = deps?.now?.() ?? Date.now();
  const win = burnWindow(now);
  let daily = win.days.map(() => 0);
  // Same scoping as usage: the key filter runs inside the caller's own user or teams.
  const planned = planActivity(usageScopeFor(ctx.user), "key", { key: key.token });
  if (!planned.ok) throw new ForbiddenError(planned.message);
  try {
    const activity = await litellm.spend.dailyActivity({
      entity: planned.plan.entity,
      ids: planned.plan.ids,
      startDate: win.startDate,
      endDate: win.endDate,
      keyHash: key.token,
    });
    const byDate = new Map(activity.results.map((d) => [d.date, d.breakdown.api_keys[key.token]?.metrics.spend ?? d.metrics.spend]));
    daily = win.days.map((d) => byDate.get(d) ?? 0);
  } catch (error) {
    throw classifyUsageError(error) ?? error;
  }
  const name = key.alias ?? `${key.token.slice(0, 8)}…`;
  return {
    kind: "key",
    id: key.token,
    name,
    href: `/keys/${key.token}`,
    spend: key.spend,
    maxBudget: key.maxBudget,
    usedPct: budgetUsedPct(key.spend, key.maxBudget),
    budgetDuration: key.budgetDuration,
    budgetResetAt: key.budgetResetAt,
    forecast: forecastBudget(
      { subject: `key ${name}`, spend: key.spend, maxBudget: key.maxBudget, budgetDuration: key.budgetDuration, budgetResetAt: key.budgetResetAt, recentDailySpend: daily },
      now,
      timeZone,
    ),
  };
}
