import "server-only";

import { groupHealth, requiredAliasProblems } from "@/lib/aliases/service";
import { canReadPlatform } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/types";
import { getDb } from "@/lib/db";
import { describeFreshness, queryKeyIndex, readKeyIndexState, type IndexedKey } from "@/lib/keys/key-index";
import { getLiteLLM } from "@/lib/litellm";
import { getLiteLLMStatus } from "@/lib/platform/litellm-status";

import { loadSpendCard, type SpendCard } from "./spend";

/**
 * The console's home: what needs attention today, scoped by role — admins and viewers see everything, team admins
 * their teams, members their own keys and their teams. Each card loads on its own: one failing source shows its
 * error on its card, never a blank page.
 */

export type Card<T> = { ok: true; data: T } | { ok: false; error: string } | null;

export interface OverviewKey {
  token: string;
  alias: string | null;
  teamId: string | null;
  expiresAt: string | null;
  budgetPercent: number | null;
}

export interface OverviewTeam {
  teamId: string;
  name: string;
  spend: number;
  maxBudget: number;
  percent: number;
}

export interface Overview {
  scopeLabel: string;
  litellm: { ok: boolean; version: string | null; url: string; message: string | null };
  failingDeployments: Card<{ groups: string[]; reported: boolean }>;
  /** `capped`: more than OVERVIEW_COUNT_CAP keys match; the count shows as "1,000+". */
  expiring: Card<{ total: number; capped: boolean; keys: OverviewKey[]; href: string }>;
  keyBudgets: Card<{ at80: number; at100: number; capped80: boolean; capped100: boolean; keys: OverviewKey[]; href: string }>;
  teamBudgets: Card<{ at80: OverviewTeam[]; at100: OverviewTeam[] }>;
  spend: Card<SpendCard>;
  aliases: Card<{ missing: number; mismatch: number; items: string[] }>;
  audit: Card<{ events: { id: string; at: string; actor: string; action: string; outcome: string; target: string | null }[] }>;
  indexFreshness: string | null;
}

async function card<T>(load: () => Promise<T>): Promise<Card<T>> {
  try {
    return { ok: true, data: await load() };
  } catch (error) {
    return { ok: false, error: (error as Error).message || "Could not load this." };
  }
}

function toOverviewKey(k: IndexedKey): OverviewKey {
  return {
    token: k.token,
    alias: k.alias,
    teamId: k.teamId,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    budgetPercent: k.budgetRatio === null ? null : Math.round(Math.min(k.budgetRatio, 99.99) * 100),
  };
}

/** The overview's key counts stop here ("1,000+"); the keys list pages through them all. */
export const OVERVIEW_COUNT_CAP = 1000;

export async function getOverview(user: SessionUser, now = new Date()): Promise<Overview> {
  const platform = canReadPlatform(user);
  const adminTeams = user.teams.filter((t) => t.role === "admin").map((t) => t.teamId);
  const memberTeams = user.teams.map((t) => t.teamId);
  const db = (await getDb()).prisma;
  const litellm = getLiteLLM();

  // Keys: everything (platform), or the teams one administers plus one's own keys, or one's own keys.
  const keyScopes: { teamIds: string[] | null; userId: string | null }[] = platform
    ? [{ teamIds: null, userId: null }]
    : [...(adminTeams.length ? [{ teamIds: adminTeams, userId: null }] : []), { teamIds: null, userId: user.id }];
  const keyQuery = async (filter: "expiring" | "over-budget", minRatio = 0.8) => {
    // Counts stop at the cap: counting every one of 200,000 keys at their budget would grow with the key count.
    const results = await Promise.all(
      keyScopes.map((s) => queryKeyIndex(db, { filter, days: 7, minRatio, ...s, page: 1, size: 5, now, countCap: OVERVIEW_COUNT_CAP })),
    );
    const seen = new Map<string, IndexedKey>();
    for (const r of results) for (const k of r.rows) seen.set(k.token, k);
    // Overlapping scopes (own key in an administered team) count once.
    const total = keyScopes.length === 1 ? results[0]!.total : await countUnion(filter, minRatio);
    return { total, capped: keyScopes.length === 1 && results[0]!.capped, rows: [...seen.values()].slice(0, 5) };
  };
  const countUnion = async (filter: "expiring" | "over-budget", minRatio: number) => {
    const base = filter === "expiring" ? { expiresAt: { gt: now, lte: new Date(now.getTime() + 7 * 86_400_000) } } : { budgetRatio: { gte: minRatio } };
    return db.keyIndexEntry.count({ where: { ...base, OR: [{ userId: user.id }, ...(adminTeams.length ? [{ teamId: { in: adminTeams } }] : [])] } });
  };
  const keysHref = (status: string) => `/keys?status=${status}${platform ? "" : adminTeams.length === 1 ? `&scope=team:${adminTeams[0]}` : ""}`;

  const [status, failingDeployments, expiring, keyBudgets, teamBudgets, spend, aliases, audit, state] = await Promise.all([
    getLiteLLMStatus(),
    platform
      ? card(async () => {
          // /model_group/info lists every group (megabytes at 20,000 deployments): read at most once a minute in the
          // background and shared with the alias coverage view, never on every overview.
          const health = await groupHealth();
          return { reported: health !== null, groups: health ? [...health].filter(([, state]) => state === "unhealthy").map(([group]) => group) : [] };
        })
      : Promise.resolve(null),
    card(async () => {
      const r = await keyQuery("expiring");
      return { total: r.total, capped: r.capped, keys: r.rows.map(toOverviewKey), href: keysHref("expiring") };
    }),
    card(async () => {
      const [r80, r100] = await Promise.all([keyQuery("over-budget", 0.8), keyQuery("over-budget", 1)]);
      return { at80: r80.total, at100: r100.total, capped80: r80.capped, capped100: r100.capped, keys: r80.rows.map(toOverviewKey), href: keysHref("over-budget") };
    }),
    card(async () => {
      const teams = (await litellm.teams.list()).filter((t) => platform || memberTeams.includes(t.team_id));
      const rows = teams
        .filter((t) => typeof t.max_budget === "number" && t.max_budget > 0)
        .map((t) => ({ teamId: t.team_id, name: t.team_alias || t.team_id, spend: t.spend ?? 0, maxBudget: t.max_budget!, percent: Math.round(((t.spend ?? 0) / t.max_budget!) * 100) }))
        .sort((a, b) => b.percent - a.percent);
      return { at80: rows.filter((t) => t.percent >= 80 && t.percent < 100), at100: rows.filter((t) => t.percent >= 100) };
    }),
    card(() => loadSpendCard({ user, litellm, now })),
    platform
      ? card(async () => {
          const problems = await requiredAliasProblems();
          return {
            missing: problems.filter((p) => p.status === "missing").length,
            mismatch: problems.filter((p) => p.status === "mismatch").length,
            items: problems.slice(0, 5).map((p) => `${p.label}: ${p.detail}`),
          };
        })
      : Promise.resolve(null),
    platform || adminTeams.length
      ? card(async () => {
          const events = await db.auditEvent.findMany({
            where: platform ? {} : { teamId: { in: adminTeams } },
            orderBy: { createdAt: "desc" },
            take: 6,
          });
          return {
            events: events.map((e) => ({ id: e.id, at: e.createdAt.toISOString(), actor: e.actorUsername, action: e.action, outcome: e.outcome, target: e.targetId })),
          };
        })
      : Promise.resolve(null),
    readKeyIndexState(db).catch(() => null),
  ]);

  return {
    scopeLabel: platform ? "Everything in LiteLLM" : adminTeams.length ? `Teams you administer (${adminTeams.join(", ")}) and your own keys` : "Your keys and your teams",
    litellm: status.ok
      ? { ok: true, version: status.version, url: status.url, message: null }
      : { ok: false, version: null, url: status.url, message: status.message },
    failingDeployments,
    expiring,
    keyBudgets,
    teamBudgets,
    spend,
    aliases,
    audit,
    indexFreshness: state ? describeFreshness(state, now) : null,
  };
}
