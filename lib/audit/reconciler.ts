import "server-only";
import type { Database } from "@/lib/db";
import { isNotFound, type LiteLLMClient, type LiteLLMKeyRecord } from "@/lib/litellm";
import { parseLiteLLMTime } from "@/lib/keys/expiry";
import { lastFourOf } from "@/lib/keys/view";
import { logger } from "@/lib/logger";
import { PLAYGROUND_ACTIONS, playgroundKeyAlias } from "@/lib/playground/temp-key";

import { appendCompletionOnce, selectAuditRows, type ChainedRow } from "./chain";
import type { ReconciledKind } from "./outcomes";
import { onOutcomeUnknown } from "./service";

/**
 * Completes intents left pending by a crash, a lost connection or a LiteLLM timeout: asks LiteLLM what actually
 * happened and appends a `reconciled` completion. Runs at start and periodically in every replica, but only one at
 * a time across replicas (a PostgreSQL advisory try-lock; one process on PGlite).
 */
export const RECONCILER_LOCK = "gatehouse.audit-reconciler";
/** LiteLLM's clock and ours may differ a little; a key created this much before the intent still counts. */
const CLOCK_SKEW_MS = 60_000;
/**
 * A playground call may stream for minutes, and deleting its temporary key would cut it off: its intent is checked
 * only once the key's own 10 minutes are over (plus one), when no call can still be using it.
 */
export const PLAYGROUND_RECONCILE_AFTER_MS = 11 * 60_000;

export const UNRECOVERABLE_SECRET_NOTE =
  "LiteLLM created this key after Gatehouse lost track of the request (a timeout, a crash or a lost connection), so Gatehouse has no record of anyone receiving its secret, and the secret cannot be recovered: delete the key, or regenerate it to get a new secret.";

export interface ReconcilerDeps {
  db: Database;
  litellm: LiteLLMClient;
  /** Intents younger than this are left alone: their request may still be running somewhere. */
  graceMs: number;
  now?: () => Date;
}

interface Verdict {
  kind: ReconciledKind;
  targetId?: string | null;
  details: Record<string, unknown>;
}

function summaryOf(intent: ChainedRow): Record<string, unknown> {
  const summary = (intent.details as { summary?: unknown }).summary;
  return summary && typeof summary === "object" ? (summary as Record<string, unknown>) : {};
}

async function keysWithAlias(litellm: LiteLLMClient, alias: string): Promise<LiteLLMKeyRecord[]> {
  const out: LiteLLMKeyRecord[] = [];
  for (let page = 1; page <= 10; page++) {
    const res = await litellm.keys.list({ key_alias: alias, page, size: 100, return_full_object: true });
    out.push(...res.data.filter((k) => k.key_alias === alias));
    if (page >= res.totalPages || res.data.length < 100) break;
  }
  return out;
}

async function tokensAlreadyAudited(db: Database, tokens: string[]): Promise<Set<string>> {
  if (tokens.length === 0) return new Set();
  const rows = await db.raw.query<{ target_id: string }>(
    `SELECT DISTINCT target_id FROM audit_events WHERE phase <> 'intent' AND target_id = ANY($1::text[]) AND outcome IN ('success', 'reconciled')`,
    [tokens],
  );
  return new Set(rows.map((r) => r.target_id));
}

async function readKeyOrNull(litellm: LiteLLMClient, token: string): Promise<LiteLLMKeyRecord | null> {
  try {
    return await litellm.keys.info(token);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** What LiteLLM's state says about one intent. Throws when LiteLLM cannot be asked (tried again next sweep). */
export async function checkIntent(deps: ReconcilerDeps, intent: ChainedRow): Promise<Verdict> {
  const summary = summaryOf(intent);
  const { litellm } = deps;
  switch (intent.action) {
    case "key.issue": {
      const alias = typeof summary.alias === "string" ? summary.alias : intent.targetId;
      if (!alias) return { kind: "unknown", details: { note: "The intent names no alias, so LiteLLM cannot be asked." } };
      const since = intent.createdAt.getTime() - CLOCK_SKEW_MS;
      const candidates = (await keysWithAlias(litellm, alias)).filter((k) => {
        const created = parseLiteLLMTime(k.created_at);
        return k.token && (created === null || created >= since);
      });
      const audited = await tokensAlreadyAudited(deps.db, candidates.map((k) => k.token!));
      const created = candidates.find((k) => !audited.has(k.token!));
      if (!created) return { kind: "not_created", details: { alias, note: "LiteLLM has no key with this alias created after the intent: nothing was issued." } };
      return {
        kind: "created",
        targetId: created.token!,
        details: {
          alias,
          last4: lastFourOf(created.key_name),
          createdAt: created.created_at ?? null,
          flagged: true,
          secretUnrecoverable: true,
          note: UNRECOVERABLE_SECRET_NOTE,
        },
      };
    }
    case "key.block":
    case "key.unblock": {
      const token = intent.targetId;
      if (!token) return { kind: "unknown", details: {} };
      const record = await readKeyOrNull(litellm, token);
      if (!record) return { kind: "failed", details: { note: "LiteLLM no longer has this key." } };
      const wanted = intent.action === "key.block";
      return Boolean(record.blocked) === wanted
        ? { kind: "succeeded", details: { note: `LiteLLM reports the key ${wanted ? "blocked" : "unblocked"}.` } }
        : { kind: "failed", details: { note: `LiteLLM reports the key still ${wanted ? "unblocked" : "blocked"}.` } };
    }
    case "key.delete": {
      const token = intent.targetId;
      if (!token) return { kind: "unknown", details: {} };
      const record = await readKeyOrNull(litellm, token);
      return record
        ? { kind: "failed", details: { note: "LiteLLM still has this key." } }
        : { kind: "succeeded", details: { note: "LiteLLM no longer has this key." } };
    }
    case "model.delete": {
      const id = typeof summary.id === "string" ? summary.id : intent.targetId;
      if (!id) return { kind: "unknown", details: {} };
      const all = await litellm.models.list();
      return all.some((d) => d.model_info.id === id)
        ? { kind: "failed", details: { note: "LiteLLM still serves this deployment." } }
        : { kind: "succeeded", details: { note: "LiteLLM no longer has this deployment." } };
    }
    case "playground.chat":
    case "playground.embedding": {
      // The call's temporary key is named after this intent: one left behind (a crash between /key/generate and its
      // deletion) is deleted now. Whether the model answered is not recorded anywhere in LiteLLM we can ask.
      const alias = playgroundKeyAlias(intent.requestId ?? "");
      if (!intent.requestId) return { kind: "unknown", details: {} };
      const left = (await keysWithAlias(litellm, alias)).filter((k) => k.token);
      if (left.length === 0) {
        return {
          kind: "unknown",
          details: { alias, note: "No temporary key of this call is left in LiteLLM (never created, or already deleted): nothing to clean up. Whether the model was called is not known." },
        };
      }
      await litellm.keys.delete({ keys: left.map((k) => k.token!) });
      return {
        kind: "created",
        details: { alias, temporaryKeysDeleted: left.length, note: "The call's temporary key was left in LiteLLM; the reconciler deleted it." },
      };
    }
    default:
      return {
        kind: "unknown",
        details: { note: "Gatehouse cannot ask LiteLLM about this kind of change; compare LiteLLM with this intent's summary." },
      };
  }
}

async function completeIntent(deps: ReconcilerDeps, intent: ChainedRow): Promise<boolean> {
  let verdict: Verdict;
  try {
    verdict = await checkIntent(deps, intent);
  } catch (error) {
    logger.warn("audit.reconcile_deferred", { intentId: intent.id, action: intent.action, error: (error as Error).message });
    return false;
  }
  // Written only if still pending (checked under the chain lock): the request itself may have completed it meanwhile.
  const written = await appendCompletionOnce(deps.db, {
    phase: "completion",
    actorProvider: intent.actorProvider,
    actorUsername: intent.actorUsername,
    action: intent.action,
    targetType: intent.targetType,
    targetId: verdict.targetId ?? intent.targetId,
    teamId: intent.teamId,
    outcome: "reconciled",
    outcomeDetail: verdict.kind,
    intentId: intent.id,
    requestId: intent.requestId,
    clientIp: intent.clientIp,
    userAgent: intent.userAgent,
    details: { ...verdict.details, reconciledBy: "reconciler", intentAt: intent.createdAt.toISOString() },
  });
  if (!written) return false;
  logger.info("audit.reconciled", { intentId: intent.id, action: intent.action, outcome: verdict.kind });
  return true;
}

export interface SweepResult {
  /** false when another replica holds the reconciler lock. */
  ran: boolean;
  pending: number;
  completed: number;
}

/** One pass over the pending intents older than the grace period (or one intent, when `intentId` is given). */
export async function reconcilePending(deps: ReconcilerDeps, options: { intentId?: string } = {}): Promise<SweepResult> {
  const now = (deps.now ?? (() => new Date()))();
  const before = new Date(now.getTime() - deps.graceMs);
  const outcome = await deps.db.tryLock(RECONCILER_LOCK, async () => {
    const pending = await selectAuditRows(
      deps.db,
      `i.phase = 'intent' AND i.created_at <= $1 AND NOT EXISTS (SELECT 1 FROM audit_events c WHERE c.intent_id = i.id)${options.intentId ? " AND i.id = $2::uuid" : ""}`,
      options.intentId ? [before.toISOString(), options.intentId] : [before.toISOString()],
      200,
    );
    let completed = 0;
    const playgroundBefore = now.getTime() - Math.max(deps.graceMs, PLAYGROUND_RECONCILE_AFTER_MS);
    const due = pending.filter((i) => !(PLAYGROUND_ACTIONS as readonly string[]).includes(i.action) || i.createdAt.getTime() <= playgroundBefore);
    for (const intent of due) if (await completeIntent(deps, intent)) completed++;
    return { pending: due.length, completed };
  });
  return outcome.ran ? { ran: true, ...outcome.value } : { ran: false, pending: 0, completed: 0 };
}

export interface ReconcilerHandle {
  stop(): void;
}

/**
 * Starts the reconciler in this process: a sweep now, one every `intervalMs`, and a targeted check `graceMs` after
 * a write's outcome became unknown here. Sweeps are skipped while another replica holds the lock.
 */
export function startReconciler(deps: ReconcilerDeps & { intervalMs: number }): ReconcilerHandle {
  let stopped = false;
  const sweep = (intentId?: string) =>
    reconcilePending(deps, { intentId })
      .then((r) => {
        if (r.completed) logger.info("audit.reconcile_sweep", { ...r });
      })
      .catch((error) => logger.warn("audit.reconcile_failed", { error: (error as Error).message }));
  void sweep();
  const timer = setInterval(() => void sweep(), deps.intervalMs);
  timer.unref?.();
  const timers = new Set<NodeJS.Timeout>();
  const unsubscribe = onOutcomeUnknown((intent) => {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      void sweep(intent.id);
    }, deps.graceMs + 1_000);
    t.unref?.();
    timers.add(t);
  });
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const t of timers) clearTimeout(t);
      unsubscribe();
    },
  };
}
