import "server-only";

import type { PrismaClient } from "@/generated/prisma/client";
import type { AuditInput } from "@/lib/audit/service";
import { recordKeyIndexFailure, syncKeyIndex, type KeyIndexOptions } from "@/lib/keys/key-index";
import type { LiteLLMClient, LiteLLMTeam } from "@/lib/litellm";
import type { Lookup, SsrfPolicy } from "@/lib/net/ssrf";
import { redact } from "@/lib/redact";

import { DeliveryError, sendThroughChannel, type ChannelConfig, type ChannelSecret } from "./channels";
import {
  DAY_MS,
  MAX_ATTEMPTS,
  budgetCrossed,
  durationCrossed,
  nextAttemptDelayMs,
  planDeliveries,
  renderNotice,
  type Notice,
  type PlannedDelivery,
  type RuleLike,
} from "./rules";
import { EVENT_INFO, isEmailAddress, type ChannelKind, type NotifyEvent } from "./schemas";
import { openSecret } from "./secrets";

/** Everything one tick needs; the server, the CLI, the tests and the bench build it their own way. */
export interface TickDeps {
  prisma: PrismaClient;
  litellm: LiteLLMClient;
  now: () => Date;
  authSecret: string;
  /** The console's public origin, for links in notices. */
  consoleUrl: string;
  timeZone: string;
  timeoutMs: number;
  ssrf: SsrfPolicy;
  lookup?: Lookup;
  audit: (input: AuditInput) => Promise<void>;
  keyIndex?: KeyIndexOptions;
  /** Required consumer aliases that are missing or mismatched now (null = could not tell this tick). */
  aliasProblems?: () => Promise<{ id: string; label: string; detail: string }[] | null>;
}

export interface TickSummary {
  litellmReachable: boolean;
  keyIndex: { changed: number; removed: number; partial: string | null } | null;
  liteLLMCalls: number;
  notices: number;
  enqueued: number;
  sent: number;
  retrying: number;
  failed: number;
}

const CONDITIONS_STATE = "notify-conditions";
/** Notices per rule per tick; the rest are told on the next ticks (oldest expiry / highest spend first). */
const NOTICES_PER_RULE = 1000;
const DELIVERIES_PER_TICK = 100;

type Conditions = Record<string, { since: string; label: string; detail: string | null }>;

async function readConditions(prisma: PrismaClient): Promise<Conditions> {
  const row = await prisma.syncState.findUnique({ where: { name: CONDITIONS_STATE } });
  return (row?.data as Conditions | undefined) ?? {};
}

/** Keeps the start of every condition that is still true; forgets those that ended (a new start is a new occurrence). */
function trackConditions(previous: Conditions, current: Map<string, { label: string; detail: string | null }>, prefix: string, now: Date, known: boolean): Conditions {
  const next: Conditions = {};
  for (const [key, value] of Object.entries(previous)) if (!key.startsWith(prefix) || !known) next[key] = value;
  if (!known) return next;
  for (const [key, value] of current) next[key] = { since: previous[key]?.since ?? now.toISOString(), ...value };
  return next;
}

export const SYSTEM_ACTOR = { provider: "system", username: "scheduler" };

/** One scheduler tick: refresh the key index, find what crossed a rule's threshold, enqueue and send messages. */
export async function runTick(deps: TickDeps): Promise<TickSummary> {
  const { prisma, litellm } = deps;
  const now = deps.now();
  const summary: TickSummary = { litellmReachable: true, keyIndex: null, liteLLMCalls: 0, notices: 0, enqueued: 0, sent: 0, retrying: 0, failed: 0 };

  // 1. The key index (and LiteLLM's reachability, which it proves).
  let unreachable: string | null = null;
  try {
    const result = await syncKeyIndex({ litellm, prisma, now: deps.now }, deps.keyIndex);
    summary.keyIndex = { changed: result.changed, removed: result.removed, partial: result.state.partialReason };
    summary.liteLLMCalls += result.liteLLMCalls;
  } catch (error) {
    unreachable = redact((error as Error).message || "no answer").slice(0, 300);
    summary.litellmReachable = false;
    await recordKeyIndexFailure(prisma, unreachable);
  }

  const rules = (await prisma.notificationRule.findMany({ where: { enabled: true } })).map(
    (r): RuleLike => ({ id: r.id, event: r.event as NotifyEvent, threshold: r.threshold, teamId: r.teamId, channelIds: r.channelIds }),
  );
  const wants = (event: NotifyEvent) => rules.some((r) => r.event === event);

  // 2. Conditions that last (outage, failing deployments, alias problems): remember since when.
  let conditions = await readConditions(prisma);
  conditions = trackConditions(conditions, new Map(unreachable ? [["litellm", { label: "LiteLLM", detail: unreachable }]] : []), "litellm", now, true);
  if (wants("deployment_unhealthy") && !unreachable) {
    let failing: Map<string, { label: string; detail: string | null }> | null = null;
    try {
      const groups = await litellm.models.groupInfo();
      summary.liteLLMCalls++;
      failing = new Map();
      for (const g of groups) {
        if ((g as Record<string, unknown>).health_status === "unhealthy") failing.set(`deployment:${g.model_group}`, { label: g.model_group, detail: "unhealthy" });
      }
    } catch {
      failing = null;
    }
    conditions = trackConditions(conditions, failing ?? new Map(), "deployment:", now, failing !== null);
  }
  if (wants("alias_problem") && deps.aliasProblems && !unreachable) {
    const problems = await deps.aliasProblems().catch(() => null);
    conditions = trackConditions(
      conditions,
      new Map((problems ?? []).map((p) => [`alias:${p.id}`, { label: p.label, detail: p.detail }])),
      "alias:",
      now,
      problems !== null,
    );
  }
  await prisma.syncState.upsert({
    where: { name: CONDITIONS_STATE },
    create: { name: CONDITIONS_STATE, data: conditions as object },
    update: { data: conditions as object },
  });

  // 3. Which subjects crossed which rule.
  let teams: LiteLLMTeam[] | null = null;
  const loadTeams = async () => {
    if (teams === null && !unreachable) {
      teams = await litellm.teams.list().catch(() => []);
      summary.liteLLMCalls++;
    }
    return teams ?? [];
  };
  const matches: { rule: RuleLike; notice: Notice }[] = [];
  for (const rule of rules) {
    for (const notice of await noticesFor(rule, deps, now, conditions, loadTeams)) matches.push({ rule, notice });
  }
  summary.notices = matches.length;
  const planned = planDeliveries(matches);
  summary.enqueued = await enqueue(deps, planned, now, await loadTeams());

  // 4. Send what is due (new, or a retry whose time has come).
  const result = await deliverDue(deps);
  summary.sent = result.sent;
  summary.retrying = result.retrying;
  summary.failed = result.failed;
  return summary;
}

async function noticesFor(
  rule: RuleLike,
  deps: TickDeps,
  now: Date,
  conditions: Conditions,
  loadTeams: () => Promise<LiteLLMTeam[]>,
): Promise<Notice[]> {
  const teamWhere = rule.teamId ? { teamId: rule.teamId } : {};
  switch (rule.event) {
    case "key_expiring": {
      const rows = await deps.prisma.keyIndexEntry.findMany({
        where: { ...teamWhere, blocked: false, expiresAt: { gt: now, lte: new Date(now.getTime() + rule.threshold * DAY_MS) } },
        orderBy: { expiresAt: "asc" },
        take: NOTICES_PER_RULE,
      });
      return rows.map((r) => ({
        event: rule.event,
        threshold: rule.threshold,
        subjectType: "key",
        subjectId: r.token,
        subjectLabel: r.alias ?? `${r.token.slice(0, 12)}…`,
        teamId: r.teamId,
        occurrence: String(r.expiresAt!.getTime()),
        facts: { expiresAt: r.expiresAt!.toISOString(), userId: r.userId },
      }));
    }
    case "key_budget": {
      const rows = await deps.prisma.keyIndexEntry.findMany({
        where: { ...teamWhere, budgetRatio: { gte: rule.threshold / 100 - 1e-9 } },
        orderBy: { budgetRatio: "desc" },
        take: NOTICES_PER_RULE,
      });
      return rows
        .filter((r) => budgetCrossed(r.spend, r.maxBudget, rule.threshold))
        .map((r) => ({
          event: rule.event,
          threshold: rule.threshold,
          subjectType: "key",
          subjectId: r.token,
          subjectLabel: r.alias ?? `${r.token.slice(0, 12)}…`,
          teamId: r.teamId,
          occurrence: String(r.maxBudget),
          facts: { spend: r.spend, maxBudget: r.maxBudget, userId: r.userId },
        }));
    }
    case "team_budget": {
      const teams = await loadTeams();
      return teams
        .filter((t) => (!rule.teamId || t.team_id === rule.teamId) && budgetCrossed(t.spend ?? 0, t.max_budget ?? null, rule.threshold))
        .map((t) => ({
          event: rule.event,
          threshold: rule.threshold,
          subjectType: "team",
          subjectId: t.team_id,
          subjectLabel: t.team_alias || t.team_id,
          teamId: t.team_id,
          occurrence: String(t.max_budget),
          facts: { spend: t.spend ?? 0, maxBudget: t.max_budget ?? null },
        }));
    }
    case "deployment_unhealthy":
    case "litellm_unreachable":
    case "alias_problem": {
      const prefix = rule.event === "deployment_unhealthy" ? "deployment:" : rule.event === "alias_problem" ? "alias:" : "litellm";
      return Object.entries(conditions)
        .filter(([key, c]) => key.startsWith(prefix) && durationCrossed(new Date(c.since), now, rule.threshold))
        .map(([key, c]) => ({
          event: rule.event,
          threshold: rule.threshold,
          subjectType: rule.event === "deployment_unhealthy" ? "deployment" : rule.event === "alias_problem" ? "alias" : "litellm",
          subjectId: key,
          subjectLabel: c.label,
          teamId: null,
          occurrence: c.since,
          facts: { since: c.since, detail: c.detail },
        }));
    }
  }
}

function linkFor(n: Notice, consoleUrl: string): string {
  switch (n.subjectType) {
    case "key":
      return `${consoleUrl}/keys/${n.subjectId}?extend=1`;
    case "team":
      return `${consoleUrl}/teams`;
    case "deployment":
      return `${consoleUrl}/models?health=failing`;
    case "alias":
      return `${consoleUrl}/aliases`;
    case "litellm":
      return `${consoleUrl}/`;
  }
}

/**
 * E-mail recipients of a notice: the key's owner (LiteLLM user e-mail) and the team's admins. Addresses from LiteLLM
 * are checked like typed ones; a malformed one is left out and named (so a failed delivery says why), never sent on.
 */
async function recipientsFor(
  n: Notice,
  deps: TickDeps,
  teams: LiteLLMTeam[],
  cache: Map<string, string | null>,
): Promise<{ to: string[]; malformed: string[] }> {
  const out = new Set<string>();
  const malformed = new Set<string>();
  const take = (value: unknown) => {
    if (typeof value !== "string" || !value.trim()) return;
    const address = value.trim().toLowerCase();
    if (isEmailAddress(address)) out.add(address);
    else malformed.add(value.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, 80));
  };
  const emailOf = async (userId: string) => {
    if (!cache.has(userId)) {
      const info = await deps.litellm.users.info(userId).catch(() => null);
      const email = (info?.user_info as { user_email?: unknown } | null | undefined)?.user_email;
      cache.set(userId, typeof email === "string" && email.trim() ? email : null);
    }
    return cache.get(userId) ?? null;
  };
  if (n.subjectType === "key" && n.facts.userId) take(await emailOf(n.facts.userId));
  if (n.teamId) {
    const team = teams.find((t) => t.team_id === n.teamId);
    for (const m of team?.members_with_roles ?? []) {
      if (m.role !== "admin") continue;
      take(m.user_email?.trim() ? m.user_email : m.user_id ? await emailOf(m.user_id) : null);
    }
  }
  return { to: [...out], malformed: [...malformed] };
}

async function enqueue(deps: TickDeps, planned: PlannedDelivery[], now: Date, teams: LiteLLMTeam[]): Promise<number> {
  if (planned.length === 0) return 0;
  const { prisma } = deps;
  const channels = new Map((await prisma.notificationChannel.findMany()).map((c) => [c.id, c]));
  const teamNames = new Map(teams.map((t) => [t.team_id, t.team_alias || t.team_id]));
  const emails = new Map<string, string | null>();
  let created = 0;
  for (let i = 0; i < planned.length; i += 500) {
    const chunk = planned.filter((p, j) => j >= i && j < i + 500 && channels.has(p.channelId));
    const existing = new Set(
      (await prisma.notificationDelivery.findMany({ where: { dedupeKey: { in: chunk.map((p) => p.dedupeKey) } }, select: { dedupeKey: true } })).map(
        (d) => d.dedupeKey,
      ),
    );
    const rows = [];
    for (const p of chunk) {
      if (existing.has(p.dedupeKey)) continue;
      const n = p.notice;
      const link = linkFor(n, deps.consoleUrl);
      const message = renderNotice(n, { now, timeZone: deps.timeZone, link, teamName: n.teamId ? teamNames.get(n.teamId) : null });
      const { to: recipients, malformed } = channels.get(p.channelId)!.kind === "email" ? await recipientsFor(n, deps, teams, emails) : { to: [], malformed: [] };
      rows.push({
        dedupeKey: p.dedupeKey,
        ruleId: p.ruleId,
        channelId: p.channelId,
        event: n.event,
        subjectType: n.subjectType,
        subjectId: n.subjectId,
        subjectLabel: n.subjectLabel.slice(0, 200),
        threshold: n.threshold,
        teamId: n.teamId,
        status: "pending",
        payload: {
          event: n.event,
          threshold: n.threshold,
          unit: EVENT_INFO[n.event].unit,
          subject: { type: n.subjectType, id: n.subjectId, label: n.subjectLabel },
          team: n.teamId ? { id: n.teamId, name: teamNames.get(n.teamId) ?? n.teamId } : null,
          facts: n.facts as object,
          title: message.subject,
          text: message.text,
          link,
          recipients,
          ...(malformed.length ? { malformedRecipients: malformed } : {}),
        },
      });
    }
    // skipDuplicates: a replica (or a CronJob) that raced this one cannot make a second row for the same message.
    if (rows.length) created += (await prisma.notificationDelivery.createMany({ data: rows, skipDuplicates: true })).count;
  }
  return created;
}

type DeliveryRow = Awaited<ReturnType<PrismaClient["notificationDelivery"]["findFirstOrThrow"]>>;
type ChannelRow = Awaited<ReturnType<PrismaClient["notificationChannel"]["findFirstOrThrow"]>>;

/** Sends one delivery now and records the outcome (sent, retry later, failed) and an audit row. */
export async function attemptDelivery(deps: TickDeps, delivery: DeliveryRow, channel: ChannelRow | undefined): Promise<"sent" | "retrying" | "failed"> {
  const { prisma } = deps;
  const attempts = delivery.attempts + 1;
  let error: string | null = null;
  if (!channel) error = "The channel was deleted.";
  else {
    try {
      const secret = channel.secret ? openSecret<ChannelSecret>(channel.secret, deps.authSecret) : {};
      const payload = delivery.payload as { title: string; text: string; recipients?: string[]; malformedRecipients?: string[] } & Record<string, unknown>;
      const { recipients, malformedRecipients, ...body } = payload;
      await sendThroughChannel(
        { kind: channel.kind as ChannelKind, config: channel.config as ChannelConfig, secret },
        { subject: payload.title, text: payload.text, payload: { id: delivery.id, ...body, sentAt: deps.now().toISOString() }, recipients: recipients ?? [], malformedRecipients: malformedRecipients ?? [] },
        { timeoutMs: deps.timeoutMs, ssrf: deps.ssrf, lookup: deps.lookup, now: deps.now },
      );
    } catch (e) {
      error = e instanceof DeliveryError ? e.message : `Could not send: ${redact((e as Error).message ?? String(e)).slice(0, 200)}`;
    }
  }
  const status = error === null ? "sent" : attempts >= MAX_ATTEMPTS || !channel ? "failed" : "retrying";
  await prisma.notificationDelivery.update({
    where: { id: delivery.id },
    data: {
      attempts,
      status: status === "retrying" ? "pending" : status,
      lastError: error ? redact(error) : null,
      sentAt: status === "sent" ? deps.now() : null,
      nextAttemptAt: status === "retrying" ? new Date(deps.now().getTime() + nextAttemptDelayMs(attempts)) : null,
    },
  });
  await deps.audit({
    actor: SYSTEM_ACTOR,
    action: "notification.deliver",
    targetType: "notification_delivery",
    targetId: delivery.id,
    teamId: delivery.teamId,
    outcome: error === null ? "success" : "failure",
    details: {
      channel: channel?.name ?? null,
      kind: channel?.kind ?? null,
      event: delivery.event,
      subject: delivery.subjectLabel,
      threshold: delivery.threshold,
      attempt: attempts,
      status,
      ...(error ? { error } : {}),
    },
  });
  return status;
}

async function deliverDue(deps: TickDeps): Promise<{ sent: number; retrying: number; failed: number }> {
  const now = deps.now();
  const due = await deps.prisma.notificationDelivery.findMany({
    where: { status: "pending", OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
    orderBy: { createdAt: "asc" },
    take: DELIVERIES_PER_TICK,
  });
  if (due.length === 0) return { sent: 0, retrying: 0, failed: 0 };
  const channels = new Map(
    (await deps.prisma.notificationChannel.findMany({ where: { id: { in: [...new Set(due.map((d) => d.channelId))] } } })).map((c) => [c.id, c]),
  );
  // In parallel, each bounded by the channel timeout: one slow channel never holds up the others or the next tick.
  const outcomes = await Promise.allSettled(due.map((d) => attemptDelivery(deps, d, channels.get(d.channelId))));
  const count = (s: string) => outcomes.filter((o) => o.status === "fulfilled" && o.value === s).length;
  return { sent: count("sent"), retrying: count("retrying"), failed: count("failed") + outcomes.filter((o) => o.status === "rejected").length };
}

export { DeliveryError };
