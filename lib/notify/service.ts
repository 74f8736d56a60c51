import "server-only";

import { randomUUID } from "node:crypto";

import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit, type AuditInput } from "@/lib/audit/service";
import { teamRole } from "@/lib/auth/permissions";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { checkApiBase, ssrfPolicyFromEnv, type Lookup, type SsrfPolicy } from "@/lib/net/ssrf";

import type { ChannelConfig, ChannelSecret } from "./channels";
import { EVENT_INFO, idSchema, ruleInputSchema, type ChannelValues, type ChannelKind, type NotifyEvent, type RuleInput } from "./schemas";
import { sealSecret } from "./secrets";
import { attemptDelivery, type TickDeps, type TickSummary } from "./tick";

export interface NotifyServiceDeps {
  prisma: PrismaClient;
  authSecret: string;
  ssrf: SsrfPolicy;
  lookup?: Lookup;
  audit: (input: AuditInput) => Promise<void>;
  /** For "send a test message" and "run a tick now". */
  tickDeps: () => Promise<TickDeps>;
  runTickNow: () => Promise<{ ran: true; summary: TickSummary } | { ran: false; reason: string }>;
}

async function defaultDeps(): Promise<NotifyServiceDeps> {
  const env = getEnv();
  const db = await getDb();
  const { serverTickDeps, runTickOnce } = await import("./scheduler");
  return {
    prisma: db.prisma,
    authSecret: env.AUTH_SECRET,
    ssrf: ssrfPolicyFromEnv(env),
    audit: recordAudit,
    tickDeps: () => serverTickDeps(db),
    runTickNow: async () => runTickOnce(db, await serverTickDeps(db), null),
  };
}

export interface NotifyContext {
  user: SessionUser;
  request?: RequestMeta;
}

interface Args<I> {
  ctx: NotifyContext;
  input: I;
  deps?: NotifyServiceDeps;
}

const isPlatformAdmin = (u: SessionUser) => u.role === "admin";
const canReadAll = (u: SessionUser) => u.role === "admin" || u.role === "viewer";
const adminTeams = (u: SessionUser) => u.teams.filter((t) => t.role === "admin").map((t) => t.teamId);

/** Global channels and rules: admins. A team's: admins and that team's admins. */
function requireManage(user: SessionUser, teamId: string | null) {
  if (user.role === "viewer") throw new ForbiddenError("Viewers cannot change notifications.");
  if (teamId === null) {
    if (!isPlatformAdmin(user)) throw new ForbiddenError("Only admins manage global notifications; pick one of your teams.");
    return;
  }
  if (!isPlatformAdmin(user) && teamRole(user, teamId) !== "admin") throw new ForbiddenError(`Only admins of team ${teamId} manage its notifications.`);
}

/** Who may open the notifications page at all: admins, viewers (read only) and team admins. */
export function canSeeNotifications(user: SessionUser): boolean {
  return canReadAll(user) || adminTeams(user).length > 0;
}

function visibleTeamFilter(user: SessionUser) {
  if (canReadAll(user)) return {};
  return { teamId: { in: adminTeams(user) } };
}

function audit(d: NotifyServiceDeps, ctx: NotifyContext, action: string, targetType: string, targetId: string, teamId: string | null, details: Record<string, unknown>, outcome: "success" | "failure" | "denied" = "success") {
  return d.audit({ actor: { provider: ctx.user.provider, username: ctx.user.username }, action, targetType, targetId, teamId, outcome, request: ctx.request, details });
}

// ---------------------------------------------------------------- reads

/** A channel as the browser sees it: never its URL, signing secret or password. */
export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  teamId: string | null;
  /** "hooks.slack.com", "smtp.example.com:587 as alerts@example.com → ops@example.com" */
  target: string;
  hasSecret: boolean;
  canManage: boolean;
}

export interface RuleView {
  id: string;
  event: NotifyEvent;
  label: string;
  threshold: number;
  unit: string;
  teamId: string | null;
  channels: { id: string; name: string }[];
  canManage: boolean;
}

export interface DeliveryView {
  id: string;
  createdAt: string;
  sentAt: string | null;
  channelName: string;
  channelKind: string;
  event: NotifyEvent;
  subjectLabel: string;
  subjectType: string;
  subjectId: string;
  threshold: number;
  unit: string;
  teamId: string | null;
  status: "pending" | "sending" | "sent" | "failed";
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  canResend: boolean;
}

export interface NotificationSetup {
  channels: ChannelView[];
  rules: RuleView[];
  deliveries: DeliveryView[];
  /** Teams the caller may create team channels and rules for ([] for viewers). */
  manageableTeams: string[];
  canManageGlobal: boolean;
}

function targetOf(kind: string, config: ChannelConfig): string {
  if (kind === "email") {
    const extra = config.recipients?.length ? ` → ${config.recipients.join(", ")}` : "";
    return `${config.smtpHost}:${config.smtpPort} as ${config.from}${extra}`;
  }
  return config.host ?? "";
}

export async function getNotificationSetup({ user, deps }: { user: SessionUser; deps?: NotifyServiceDeps }): Promise<NotificationSetup> {
  if (!canSeeNotifications(user)) throw new ForbiddenError("Notifications are for admins, viewers and team admins.");
  const d = deps ?? (await defaultDeps());
  const where = visibleTeamFilter(user);
  const [channels, rules, deliveries] = await Promise.all([
    d.prisma.notificationChannel.findMany({ where, orderBy: { createdAt: "asc" } }),
    d.prisma.notificationRule.findMany({ where, orderBy: { createdAt: "asc" } }),
    d.prisma.notificationDelivery.findMany({ where, orderBy: { createdAt: "desc" }, take: 100 }),
  ]);
  const allChannels = new Map((await d.prisma.notificationChannel.findMany({ select: { id: true, name: true, kind: true } })).map((c) => [c.id, c]));
  const manages = (teamId: string | null) => {
    try {
      requireManage(user, teamId);
      return true;
    } catch {
      return false;
    }
  };
  return {
    channels: channels.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind as ChannelKind,
      teamId: c.teamId,
      target: targetOf(c.kind, c.config as ChannelConfig),
      hasSecret: Boolean(c.secret),
      canManage: manages(c.teamId),
    })),
    rules: rules.map((r) => {
      const info = EVENT_INFO[r.event as NotifyEvent];
      return {
        id: r.id,
        event: r.event as NotifyEvent,
        label: info?.label ?? r.event,
        threshold: r.threshold,
        unit: info?.unit ?? "",
        teamId: r.teamId,
        channels: r.channelIds.map((id) => ({ id, name: allChannels.get(id)?.name ?? "(deleted channel)" })),
        canManage: manages(r.teamId),
      };
    }),
    deliveries: deliveries.map((x) => ({
      id: x.id,
      createdAt: x.createdAt.toISOString(),
      sentAt: x.sentAt?.toISOString() ?? null,
      channelName: allChannels.get(x.channelId)?.name ?? "(deleted channel)",
      channelKind: allChannels.get(x.channelId)?.kind ?? "",
      event: x.event as NotifyEvent,
      subjectLabel: x.subjectLabel,
      subjectType: x.subjectType,
      subjectId: x.subjectId,
      threshold: x.threshold,
      unit: EVENT_INFO[x.event as NotifyEvent]?.unit ?? "",
      teamId: x.teamId,
      status: x.status as DeliveryView["status"],
      attempts: x.attempts,
      nextAttemptAt: x.nextAttemptAt?.toISOString() ?? null,
      lastError: x.lastError,
      canResend: manages(x.teamId) && x.status !== "sending" && allChannels.has(x.channelId),
    })),
    manageableTeams: isPlatformAdmin(user) ? [...new Set([...user.teams.map((t) => t.teamId)])] : adminTeams(user),
    canManageGlobal: isPlatformAdmin(user),
  };
}

// ---------------------------------------------------------------- channels

/** `input` is the parsed form (the action parses it with channelInputSchema; tests call `channelInputSchema.parse`). */
export async function createChannel({ ctx, input, deps }: Args<ChannelValues>): Promise<ChannelView> {
  const values = input;
  const teamId = values.teamId || null;
  requireManage(ctx.user, teamId);
  const d = deps ?? (await defaultDeps());
  let config: ChannelConfig;
  let secret: ChannelSecret;
  if (values.kind === "email") {
    config = {
      smtpHost: values.smtpHost,
      smtpPort: values.smtpPort,
      smtpSecure: values.smtpSecure,
      smtpUser: values.smtpUser || undefined,
      from: values.from,
      recipients: values.recipients,
    };
    secret = values.smtpPassword ? { smtpPassword: values.smtpPassword } : {};
  } else {
    // The same SSRF guard as a model's api_base (and its allow-list); only the normalised URL it checked is kept.
    const verdict = await checkApiBase(values.url, d.ssrf, d.lookup);
    if (!verdict.ok) throw new ValidationError("The webhook URL was refused.", { url: [verdict.reason] });
    config = { host: verdict.url.host };
    secret = { url: verdict.url.toString(), ...(values.kind === "webhook" ? { signingSecret: values.signingSecret } : {}) };
  }
  const row = await d.prisma.notificationChannel.create({
    data: {
      name: values.name,
      kind: values.kind,
      teamId,
      config: config as object,
      secret: Object.keys(secret).length ? sealSecret(secret, d.authSecret) : null,
      createdBy: ctx.user.id,
    },
  });
  await audit(d, ctx, "notification.channel.create", "notification_channel", row.id, teamId, { name: row.name, kind: row.kind, target: targetOf(row.kind, config) });
  return { id: row.id, name: row.name, kind: values.kind, teamId, target: targetOf(row.kind, config), hasSecret: Boolean(row.secret), canManage: true };
}

export async function deleteChannel({ ctx, input, deps }: Args<{ id: string }>): Promise<void> {
  const { id } = idSchema.parse(input);
  const d = deps ?? (await defaultDeps());
  const row = await d.prisma.notificationChannel.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("That channel no longer exists.");
  requireManage(ctx.user, row.teamId);
  await d.prisma.$transaction(async (tx) => {
    const rules = await tx.notificationRule.findMany({ where: { channelIds: { has: id } } });
    for (const r of rules) {
      const left = r.channelIds.filter((c) => c !== id);
      if (left.length) await tx.notificationRule.update({ where: { id: r.id }, data: { channelIds: left } });
      else await tx.notificationRule.delete({ where: { id: r.id } });
    }
    await tx.notificationChannel.delete({ where: { id } });
  });
  await audit(d, ctx, "notification.channel.delete", "notification_channel", id, row.teamId, { name: row.name, kind: row.kind });
}

/** Sends "a test message" through a channel now and says how it went. */
export async function sendTestMessage({ ctx, input, deps }: Args<{ id: string }>): Promise<{ status: "sent" | "retrying" | "failed"; error: string | null }> {
  const { id } = idSchema.parse(input);
  const d = deps ?? (await defaultDeps());
  const channel = await d.prisma.notificationChannel.findUnique({ where: { id } });
  if (!channel) throw new NotFoundError("That channel no longer exists.");
  requireManage(ctx.user, channel.teamId);
  const tick = await d.tickDeps();
  const text = `This is a test message from Gatehouse, sent by ${ctx.user.username} to check the channel "${channel.name}".`;
  const delivery = await d.prisma.notificationDelivery.create({
    data: {
      dedupeKey: `test:${randomUUID()}`,
      channelId: channel.id,
      event: "test",
      subjectType: "channel",
      subjectId: channel.id,
      subjectLabel: `Test of ${channel.name}`,
      threshold: 0,
      teamId: channel.teamId,
      // "sending": the scheduler only picks up "pending", so a tick never sends this one a second time.
      status: "sending",
      payload: { event: "test", title: "Gatehouse test message", text, link: `${tick.consoleUrl}/notifications`, recipients: [] },
    },
  });
  const status = await attemptDelivery({ ...tick, audit: d.audit }, delivery, channel);
  if (status === "retrying") await d.prisma.notificationDelivery.update({ where: { id: delivery.id }, data: { status: "failed", nextAttemptAt: null } });
  const after = await d.prisma.notificationDelivery.findUnique({ where: { id: delivery.id } });
  await audit(d, ctx, "notification.channel.test", "notification_channel", channel.id, channel.teamId, { name: channel.name, status }, status === "sent" ? "success" : "failure");
  return { status: status === "retrying" ? "failed" : status, error: after?.lastError ?? null };
}

// ---------------------------------------------------------------- rules

export async function createRule({ ctx, input, deps }: Args<RuleInput>): Promise<{ id: string }> {
  const values = ruleInputSchema.parse(input);
  const teamId = values.teamId || null;
  requireManage(ctx.user, teamId);
  const d = deps ?? (await defaultDeps());
  const channels = await d.prisma.notificationChannel.findMany({ where: { id: { in: values.channelIds } } });
  // A team's rules use that team's channels; global rules the global ones: nobody routes messages into another's channel.
  const foreign = values.channelIds.filter((id) => !channels.some((c) => c.id === id && c.teamId === teamId));
  if (foreign.length) throw new ValidationError("Pick channels of the same scope as the rule.", { channelIds: [teamId ? `Use channels of team ${teamId}.` : "Use global channels."] });
  const row = await d.prisma.notificationRule.create({
    data: { event: values.event, threshold: values.threshold, teamId, channelIds: values.channelIds, createdBy: ctx.user.id },
  });
  await audit(d, ctx, "notification.rule.create", "notification_rule", row.id, teamId, { event: row.event, threshold: row.threshold, channels: channels.map((c) => c.name) });
  return { id: row.id };
}

export async function deleteRule({ ctx, input, deps }: Args<{ id: string }>): Promise<void> {
  const { id } = idSchema.parse(input);
  const d = deps ?? (await defaultDeps());
  const row = await d.prisma.notificationRule.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("That rule no longer exists.");
  requireManage(ctx.user, row.teamId);
  await d.prisma.notificationRule.delete({ where: { id } });
  await audit(d, ctx, "notification.rule.delete", "notification_rule", id, row.teamId, { event: row.event, threshold: row.threshold });
}

// ---------------------------------------------------------------- deliveries

/** Queues a delivery again (the next tick sends it): after a failure, or to send the same notice once more on purpose. */
export async function resendDelivery({ ctx, input, deps }: Args<{ id: string }>): Promise<void> {
  const { id } = idSchema.parse(input);
  const d = deps ?? (await defaultDeps());
  const row = await d.prisma.notificationDelivery.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("That delivery no longer exists.");
  requireManage(ctx.user, row.teamId);
  await d.prisma.notificationDelivery.update({ where: { id }, data: { status: "pending", attempts: 0, nextAttemptAt: null, lastError: null } });
  await audit(d, ctx, "notification.resend", "notification_delivery", id, row.teamId, { subject: row.subjectLabel, event: row.event, previousStatus: row.status });
}

export async function runTickNow({ ctx, deps }: { ctx: NotifyContext; deps?: NotifyServiceDeps }) {
  if (!isPlatformAdmin(ctx.user)) throw new ForbiddenError("Only admins run the scheduler by hand.");
  const d = deps ?? (await defaultDeps());
  const outcome = await d.runTickNow();
  await audit(d, ctx, "notification.tick", "scheduler", "manual", null, outcome.ran ? { ...outcome.summary } : { skipped: outcome.reason });
  return outcome;
}
