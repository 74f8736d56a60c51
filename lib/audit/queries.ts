import "server-only";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { canReadPlatform } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/types";
import { prisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  target: z.string().trim().max(200).optional().catch(undefined),
  team: z.string().trim().max(200).optional().catch(undefined),
  outcome: z.enum(["success", "failure", "refused", "reconciled", "pending", "denied"]).optional().catch(undefined),
  /** One server action's rows (its intent and completion), as named in "the outcome is being checked" messages. */
  request: z.uuid().optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 50;

/** Admins and viewers see everything; team admins only their teams' events; others nothing. */
function scopeFor(user: SessionUser): Prisma.AuditEventWhereInput {
  if (canReadPlatform(user)) return {};
  const adminTeams = user.teams.filter((t) => t.role === "admin").map((t) => t.teamId);
  if (adminTeams.length === 0) throw new ForbiddenError("The audit log is visible to console admins, viewers and team admins.");
  return { teamId: { in: adminTeams } };
}

export function whereFor(user: SessionUser, filter: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [scopeFor(user)];
  if (filter.actor) and.push({ actorUsername: { contains: filter.actor, mode: "insensitive" } });
  if (filter.action) and.push({ action: { startsWith: filter.action } });
  if (filter.target) and.push({ OR: [{ targetId: { contains: filter.target, mode: "insensitive" } }, { targetType: filter.target }] });
  if (filter.team) and.push({ teamId: filter.team });
  if (filter.outcome) and.push({ outcome: filter.outcome });
  if (filter.request) and.push({ requestId: filter.request });
  if (filter.from) and.push({ createdAt: { gte: new Date(`${filter.from}T00:00:00Z`) } });
  if (filter.to) and.push({ createdAt: { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000) } });
  return { AND: and };
}

/**
 * One line per change: its completion (which carries the outcome), or its intent while that is still pending.
 * Events (sign-ins) stand alone. A completed intent is reachable from its completion's request id.
 */
const ONE_LINE_PER_CHANGE: Prisma.AuditEventWhereInput = { OR: [{ phase: { not: "intent" } }, { phase: "intent", completions: { none: {} } }] };

export async function listAuditEvents(user: SessionUser, filter: AuditFilter) {
  const db = await prisma();
  const where: Prisma.AuditEventWhereInput = { AND: [whereFor(user, filter), filter.request ? {} : ONE_LINE_PER_CHANGE] };
  const [total, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { seq: "desc" }],
      skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
  ]);
  return {
    total,
    rows: rows.map((row) => ({ ...row, seq: String(row.seq) })),
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
  };
}
export type AuditPage = Awaited<ReturnType<typeof listAuditEvents>>;
export type AuditListRow = AuditPage["rows"][number];

function csvCell(value: unknown): string {
  let text = value == null ? "" : typeof value === "string" ? value : JSON.stringify(value);
  // Neutralise spreadsheet formulas (CSV injection).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Streams the filtered log as CSV, at most 50,000 rows, in pages. */
export async function* auditCsv(user: SessionUser, filter: AuditFilter): AsyncGenerator<string> {
  const db = await prisma();
  const where = whereFor(user, filter);
  yield "time,seq,phase,request_id,actor_provider,actor,action,target_type,target_id,team,outcome,outcome_detail,client_ip,user_agent,details\n";
  let cursor: string | undefined;
  for (let sent = 0; sent < 50_000; ) {
    const rows = await db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 1000,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    if (rows.length === 0) return;
    for (const row of rows) {
      yield [
        row.createdAt.toISOString(),
        String(row.seq),
        row.phase,
        row.requestId,
        row.actorProvider,
        row.actorUsername,
        row.action,
        row.targetType,
        row.targetId,
        row.teamId,
        row.outcome,
        row.outcomeDetail,
        row.clientIp,
        row.userAgent,
        row.details,
      ]
        .map(csvCell)
        .join(",") + "\n";
    }
    sent += rows.length;
    cursor = rows[rows.length - 1]!.id;
  }
}

export { csvCell as toCsvCell };
