/**
 * The pure rules of notifications: when a threshold is crossed, which of several crossed thresholds is told, what
 * makes a message unique (so it is never sent twice, across ticks, restarts and replicas), and the words of it.
 */
import { EVENT_INFO, type NotifyEvent } from "./schemas";

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

export type SubjectType = "key" | "team" | "deployment" | "litellm" | "alias";

/** Something that may deserve a message: one subject crossing one rule's threshold. */
export interface Notice {
  event: NotifyEvent;
  threshold: number;
  subjectType: SubjectType;
  /** Token hash, team id, model group, "litellm", "alias:consumer". */
  subjectId: string;
  /** What people call it: the key's alias, the team's name, … */
  subjectLabel: string;
  teamId: string | null;
  /**
   * What makes this occurrence distinct: the key's expiry, the budget, the start of an outage. A changed expiry or a
   * new outage is a new occurrence and is told again; the same one never is.
   */
  occurrence: string;
  facts: NoticeFacts;
}

export interface NoticeFacts {
  expiresAt?: string | null;
  spend?: number | null;
  maxBudget?: number | null;
  since?: string | null;
  userId?: string | null;
  detail?: string | null;
}

/** A key expiring in (now, now + days] crosses "expires within <days> days". Expired keys are past telling. */
export function expiryCrossed(expiresAt: Date | null, now: Date, days: number): boolean {
  if (!expiresAt) return false;
  const left = expiresAt.getTime() - now.getTime();
  return left > 0 && left <= days * DAY_MS;
}

/** Spend at or above `percent` of a positive budget. */
export function budgetCrossed(spend: number, maxBudget: number | null, percent: number): boolean {
  if (maxBudget === null || maxBudget <= 0) return false;
  return spend / maxBudget >= percent / 100 - 1e-9;
}

/** A condition true since `since` for at least `minutes`. */
export function durationCrossed(since: Date, now: Date, minutes: number): boolean {
  return now.getTime() - since.getTime() >= minutes * MINUTE_MS;
}

/** Of several crossed thresholds of one event, the most severe: fewest days left, highest %, longest outage. */
export function moreSevere(event: NotifyEvent, a: number, b: number): number {
  return EVENT_INFO[event].unit === "days" ? Math.min(a, b) : Math.max(a, b);
}

/** Unique per channel, subject, event, threshold and occurrence (not per rule: two rules never double a message). */
export function dedupeKey(channelId: string, n: Pick<Notice, "event" | "subjectId" | "threshold" | "occurrence">): string {
  return `${channelId}:${n.event}:${n.subjectId}:${n.threshold}:${n.occurrence}`;
}

export interface RuleLike {
  id: string;
  event: NotifyEvent;
  threshold: number;
  teamId: string | null;
  channelIds: string[];
}

export interface PlannedDelivery {
  ruleId: string;
  channelId: string;
  notice: Notice;
  dedupeKey: string;
}

/**
 * Turns (rule, notice) pairs into one delivery per channel and subject: when a subject crossed several thresholds of
 * the same event at once (a key issued with 3 days left crosses 14 and 7), only the most severe is told.
 */
export function planDeliveries(matches: { rule: RuleLike; notice: Notice }[]): PlannedDelivery[] {
  const best = new Map<string, PlannedDelivery>();
  for (const { rule, notice } of matches) {
    for (const channelId of rule.channelIds) {
      const slot = `${channelId}|${notice.event}|${notice.subjectId}|${notice.occurrence}`;
      const current = best.get(slot);
      if (current && moreSevere(notice.event, current.notice.threshold, notice.threshold) === current.notice.threshold) continue;
      best.set(slot, { ruleId: rule.id, channelId, notice, dedupeKey: dedupeKey(channelId, notice) });
    }
  }
  return [...best.values()];
}

/** "2026-12-07T17:05:00.000Z (Mon 7 Dec 2026, 18:05 CET)": exact UTC, then the readers' time zone. */
export function formatInstant(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const local = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZoneName: "short",
  }).format(date);
  return `${date.toISOString()} (${local})`;
}

function timeLeft(ms: number): string {
  if (ms <= 0) return "now";
  const days = ms / DAY_MS;
  if (days >= 1) return `in ${Math.floor(days)} day${Math.floor(days) === 1 ? "" : "s"}${days % 1 >= 1 / 24 ? ` ${Math.floor((days % 1) * 24)} h` : ""}`;
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 1 ? `in ${hours} h` : `in ${Math.max(1, Math.round(ms / MINUTE_MS))} min`;
}

const usd = (n: number | null | undefined) => (n == null ? "?" : `$${n.toFixed(2)}`);

export interface RenderedMessage {
  subject: string;
  text: string;
}

/** The words of a notice. Never a secret: keys are named by alias and token hash only. */
export function renderNotice(n: Notice, options: { now: Date; timeZone: string; link: string | null; teamName?: string | null }): RenderedMessage {
  const team = n.teamId ? ` (team ${options.teamName ?? n.teamId})` : "";
  const link = options.link ? `\n${n.event === "key_expiring" ? "Extend it" : "Open it"}: ${options.link}` : "";
  switch (n.event) {
    case "key_expiring": {
      const at = n.facts.expiresAt!;
      return {
        subject: `Virtual key ${n.subjectLabel} expires ${timeLeft(Date.parse(at) - options.now.getTime())}`,
        text: `Virtual key "${n.subjectLabel}"${team} expires on ${formatInstant(at, options.timeZone)} — ${timeLeft(Date.parse(at) - options.now.getTime())} (rule: within ${n.threshold} days).${link}`,
      };
    }
    case "key_budget":
    case "team_budget": {
      const what = n.event === "key_budget" ? `Virtual key "${n.subjectLabel}"${team}` : `Team ${n.subjectLabel}`;
      const pct = n.facts.maxBudget ? Math.round(((n.facts.spend ?? 0) / n.facts.maxBudget) * 100) : 0;
      return {
        subject: `${n.event === "key_budget" ? `Virtual key ${n.subjectLabel}` : `Team ${n.subjectLabel}`} at ${pct} % of its budget`,
        text: `${what} has spent ${usd(n.facts.spend)} of its ${usd(n.facts.maxBudget)} budget (${pct} %, rule: ${n.threshold} %).${link}`,
      };
    }
    case "deployment_unhealthy":
      return {
        subject: `Deployment ${n.subjectLabel} failing health`,
        text: `Model group "${n.subjectLabel}" has been failing LiteLLM's health check since ${formatInstant(n.facts.since!, options.timeZone)} (rule: ${n.threshold} minutes).${link}`,
      };
    case "litellm_unreachable":
      return {
        subject: "LiteLLM unreachable",
        text: `Gatehouse has not reached LiteLLM since ${formatInstant(n.facts.since!, options.timeZone)}: ${n.facts.detail ?? "no answer"} (rule: ${n.threshold} minutes).${link}`,
      };
    case "alias_problem":
      return {
        subject: `Consumer alias ${n.subjectLabel}: ${n.facts.detail ?? "problem"}`,
        text: `Required consumer alias "${n.subjectLabel}" is ${n.facts.detail ?? "not served as expected"} since ${formatInstant(n.facts.since!, options.timeZone)}.${link}`,
      };
  }
}

/** Retry schedule: 30 s, 2 min, 8 min, then failed. */
export const MAX_ATTEMPTS = 4;
export function nextAttemptDelayMs(attempts: number): number {
  return 30_000 * 4 ** Math.max(0, attempts - 1);
}
