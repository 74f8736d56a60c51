import "server-only";
import { prisma } from "@/lib/db";
import { redactValue } from "@/lib/redact";
import type { RequestMeta } from "@/lib/auth/types";
import { logger } from "@/lib/logger";

export type AuditOutcome = "success" | "failure" | "denied";

export interface AuditInput {
  actor: { provider: string; username: string };
  action: string;
  targetType: string;
  targetId?: string | null;
  teamId?: string | null;
  outcome: AuditOutcome;
  request?: RequestMeta;
  /** Redacted before it is stored; never put a secret here in the first place. */
  details?: Record<string, unknown>;
}

/** Appends one audit row. An audit failure is logged, never hidden, and never undoes the change. */
export async function recordAudit(input: AuditInput): Promise<void> {
  try {
    const db = await prisma();
    await db.auditEvent.create({
      data: {
        actorProvider: input.actor.provider,
        actorUsername: input.actor.username,
        action: input.action,
        targetType: input.targetType,
        targetId: input.targetId ?? null,
        teamId: input.teamId ?? null,
        outcome: input.outcome,
        clientIp: input.request?.ip ?? null,
        userAgent: input.request?.userAgent ?? null,
        details: redactValue(input.details ?? {}) as object,
      },
    });
  } catch (error) {
    logger.error("audit.write_failed", { action: input.action, error: (error as Error).message });
  }
}
