import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { RequestMeta } from "@/lib/auth/types";
import { getDb, type Database } from "@/lib/db";
import { UnavailableError, UpstreamError } from "@/lib/errors";
import { isOutcomeUnknown } from "@/lib/litellm";
import { logger } from "@/lib/logger";
import { redactValue } from "@/lib/redact";

import { appendAuditRow, appendCompletionOnce, type AuditRowInput, type ChainedRow } from "./chain";
import { refusalOf } from "./outcomes";

/** What a service reports; inside a server action it completes the action's intent row. */
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

interface AuditScope {
  db: Database;
  intent: ChainedRow;
  completions: AuditInput[];
  /** Set once the completion is being written: a later record (a background task of the write) is an event. */
  done: boolean;
}

const scopes = new AsyncLocalStorage<AuditScope>();

/**
 * Records what a service did. Inside a write-ahead scope (every server action that changes something) the record
 * becomes the completion of the action's intent, written when the action ends; outside one (sign-in, sign-out) it
 * is appended at once as an event, and a failure to write it is logged with the actor and target.
 */
export async function recordAudit(input: AuditInput, options: { db?: Database } = {}): Promise<void> {
  const scope = scopes.getStore();
  if (scope && !scope.done) {
    scope.completions.push(input);
    return;
  }
  try {
    const db = options.db ?? scope?.db ?? (await getDb());
    await appendAuditRow(db, {
      phase: "event",
      ...rowFields(input),
      outcome: input.outcome === "denied" ? "refused" : input.outcome,
      outcomeDetail: input.outcome === "denied" ? "policy" : null,
      intentId: null,
      requestId: null,
    });
  } catch (error) {
    logger.error("audit.write_failed", {
      action: input.action,
      actor: `${input.actor.provider}:${input.actor.username}`,
      target: `${input.targetType}:${input.targetId ?? ""}`,
      outcome: input.outcome,
      error: (error as Error).message,
    });
  }
}

function rowFields(input: AuditInput): Omit<AuditRowInput, "phase" | "outcome" | "outcomeDetail" | "intentId" | "requestId"> {
  return {
    actorProvider: input.actor.provider,
    actorUsername: input.actor.username,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    teamId: input.teamId ?? null,
    clientIp: input.request?.ip ?? null,
    userAgent: input.request?.userAgent ?? null,
    details: redactValue(input.details ?? {}),
  };
}

// ---------------------------------------------------------------- the intent: who wants to do what to which target

const TARGET_TYPES: Record<string, string> = {
  key: "virtual_key",
  model: "model",
  credential: "credential",
  team: "team",
  binding: "group_binding",
  alias: "consumer_alias",
  signin: "session",
};
/** Input fields that name the target, most specific first. */
const TARGET_FIELDS = ["token", "id", "modelId", "alias", "name", "credentialName", "teamId", "group", "consumer"];

/** What people typed for a model to read (prompts, texts to embed): never audited, only its length. */
const CONTENT_FIELDS = /^(prompt|system|input|messages|content|text)$/i;

/** A redacted, bounded summary of an action's input: enough to know what was asked, never a secret or a prompt. */
export function summarizeInput(input: unknown, depth = 0): unknown {
  const redacted = depth === 0 ? redactValue(input) : input;
  if (typeof redacted === "string") return redacted.length > 200 ? `${redacted.slice(0, 200)}…` : redacted;
  if (Array.isArray(redacted)) {
    if (depth >= 2) return `[${redacted.length} items]`;
    return redacted.slice(0, 20).map((v) => summarizeInput(v, depth + 1));
  }
  if (redacted && typeof redacted === "object") {
    if (depth >= 2) return "{…}";
    return Object.fromEntries(
      Object.entries(redacted as Record<string, unknown>)
        .slice(0, 30)
        .map(([k, v]) => [k, CONTENT_FIELDS.test(k) ? `[${typeof v === "string" ? v.length : "?"} characters, not recorded]` : summarizeInput(v, depth + 1)]),
    );
  }
  return redacted;
}

export function intentTarget(action: string, input: unknown): { targetType: string; targetId: string | null; teamId: string | null } {
  const fields = input && typeof input === "object" ? (input as Record<string, unknown>) : {};
  const prefix = action.split(".")[0] ?? action;
  const named = TARGET_FIELDS.map((f) => fields[f]).find((v) => typeof v === "string" && v.length > 0) as string | undefined;
  return {
    targetType: TARGET_TYPES[prefix] ?? prefix,
    targetId: named ? named.slice(0, 200) : null,
    teamId: typeof fields.teamId === "string" && fields.teamId ? fields.teamId.slice(0, 200) : null,
  };
}

export interface AuditedCall {
  action: string;
  actor: { provider: string; username: string };
  request?: RequestMeta;
  /** The parsed input; summarised and redacted into the intent. */
  input: unknown;
  /** Tests and workers pass their database; the server uses the process-wide one. */
  db?: Database;
}

type UnknownOutcomeListener = (intent: ChainedRow, db: Database) => void;
const unknownOutcomeListeners = new Set<UnknownOutcomeListener>();

/** The reconciler subscribes here to check a timed-out write as soon as LiteLLM has had time to finish it. */
export function onOutcomeUnknown(listener: UnknownOutcomeListener): () => void {
  unknownOutcomeListeners.add(listener);
  return () => unknownOutcomeListeners.delete(listener);
}

export const AUDIT_UNAVAILABLE_MESSAGE =
  "The audit log cannot be written right now, so nothing was changed. Gatehouse makes no change it cannot record; try again in a minute.";

/** A write LiteLLM may or may not have made: the operator is told it is being checked and where to look. */
export class OutcomeUnknownError extends UpstreamError {
  /** For the form: where the outcome will appear. */
  readonly details: { outcomeUnknown: true; auditRequestId: string; auditUrl: string };

  constructor(
    readonly auditRequestId: string,
    cause: Error,
  ) {
    super(
      `${cause.message} LiteLLM may still have made the change, so it is being checked: the audit log (/audit?request=${auditRequestId}) will show the outcome within a few minutes. Do not retry until it does.`,
    );
    this.details = { outcomeUnknown: true, auditRequestId, auditUrl: `/audit?request=${auditRequestId}` };
  }
}

function unknownOutcome(error: unknown): Error | null {
  for (let e: unknown = error, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    if (isOutcomeUnknown(e)) return e;
  }
  return null;
}

function completionRow(intent: ChainedRow, recorded: AuditInput | null, error: unknown): AuditRowInput {
  const refusal = error === undefined ? null : refusalOf(error);
  let outcome: string;
  let outcomeDetail: string | null = null;
  if (recorded?.outcome === "success" || (!recorded && error === undefined)) outcome = "success";
  else if (refusal || recorded?.outcome === "denied") {
    outcome = "refused";
    outcomeDetail = refusal ?? "policy";
  } else outcome = "failure";
  const base = recorded
    ? rowFields(recorded)
    : {
        actorProvider: intent.actorProvider,
        actorUsername: intent.actorUsername,
        action: intent.action,
        targetType: intent.targetType,
        targetId: intent.targetId,
        teamId: intent.teamId,
        clientIp: intent.clientIp,
        userAgent: intent.userAgent,
        details: error === undefined ? {} : { reason: redactValue(error instanceof Error ? error.message : String(error)) },
      };
  return {
    ...base,
    targetId: base.targetId ?? intent.targetId,
    teamId: base.teamId ?? intent.teamId,
    phase: "completion",
    outcome,
    outcomeDetail,
    intentId: intent.id,
    requestId: intent.requestId,
  };
}

const COMPLETION_RETRY_MS = 5_000;
const COMPLETION_RETRIES = 120;

async function writeCompletions(db: Database, rows: AuditRowInput[]): Promise<void> {
  const [first, ...rest] = rows;
  // The first completion is written only while the intent is pending: the reconciler may have completed it meanwhile.
  if (first && !(await appendCompletionOnce(db, first))) return;
  for (const row of rest) await appendAuditRow(db, row);
}

async function complete(scope: AuditScope, error: unknown): Promise<void> {
  scope.done = true;
  // The record of the intent's own action completes it; records of other actions made along the way follow it.
  const own = scope.completions.filter((c) => c.action === scope.intent.action);
  const ordered = own.length ? [...own, ...scope.completions.filter((c) => c.action !== scope.intent.action)] : scope.completions;
  const rows = ordered.length ? ordered.map((c) => completionRow(scope.intent, c, error)) : [completionRow(scope.intent, null, error)];
  try {
    await writeCompletions(scope.db, rows);
  } catch (writeError) {
    // The change (if any) is made and the caller gets its result. The completion is retried in the background for
    // ten minutes; if this process dies first, the intent stays pending and the reconciler completes it.
    logger.error("audit.completion_failed", { action: scope.intent.action, requestId: scope.intent.requestId, error: (writeError as Error).message });
    retryCompletion(scope.db, scope.intent, rows, 1);
  }
}

function retryCompletion(db: Database, intent: ChainedRow, rows: AuditRowInput[], attempt: number) {
  if (attempt > COMPLETION_RETRIES) return;
  const timer = setTimeout(() => {
    writeCompletions(db, rows)
      .then(() => logger.info("audit.completion_recovered", { action: intent.action, requestId: intent.requestId, attempt }))
      .catch(() => retryCompletion(db, intent, rows, attempt + 1));
  }, COMPLETION_RETRY_MS);
  timer.unref?.();
}

/** A write whose intent is recorded: `run` performs it and completes the intent (see runAudited). */
export interface AuditedWrite {
  /** The request id the intent carries (`/audit?request=<id>`); things the write creates may carry it too. */
  readonly requestId: string;
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The first half of runAudited, for callers that must know the intent is written before they answer (a route
 * handler that streams): records the intent or throws UnavailableError (nothing may be changed then).
 */
export async function beginAudited(call: AuditedCall): Promise<AuditedWrite> {
  const requestId = randomUUID();
  const target = intentTarget(call.action, call.input);
  let db: Database;
  let intent: ChainedRow;
  try {
    db = call.db ?? (await getDb());
    intent = await appendAuditRow(db, {
      phase: "intent",
      actorProvider: call.actor.provider,
      actorUsername: call.actor.username,
      action: call.action,
      ...target,
      outcome: "pending",
      outcomeDetail: null,
      intentId: null,
      requestId,
      clientIp: call.request?.ip ?? null,
      userAgent: call.request?.userAgent ?? null,
      details: { summary: summarizeInput(call.input) },
    });
  } catch (error) {
    logger.error("audit.intent_failed", {
      action: call.action,
      actor: `${call.actor.provider}:${call.actor.username}`,
      target: `${target.targetType}:${target.targetId ?? ""}`,
      requestId,
      error: (error as Error).message,
    });
    throw new UnavailableError(AUDIT_UNAVAILABLE_MESSAGE);
  }
  let started = false;
  return {
    requestId,
    run: async <T>(fn: () => Promise<T>): Promise<T> => {
      if (started) throw new Error(`audit: the intent ${requestId} was already run`);
      started = true;
      const scope: AuditScope = { db, intent, completions: [], done: false };
      let result: T;
      try {
        result = await scopes.run(scope, fn);
      } catch (error) {
        const unknown = unknownOutcome(error);
        if (unknown) {
          scope.done = true;
          logger.warn("audit.outcome_unknown", { action: intent.action, requestId, error: unknown.message });
          for (const listener of unknownOutcomeListeners) listener(intent, db);
          throw new OutcomeUnknownError(requestId, unknown);
        }
        await complete(scope, error);
        throw error;
      }
      await complete(scope, undefined);
      return result;
    },
  };
}

/** The request id of the write-ahead scope this code runs in, or null outside one. */
export function currentAuditRequestId(): string | null {
  const scope = scopes.getStore();
  return scope && !scope.done ? scope.intent.requestId : null;
}

/**
 * Write-ahead audit around one change: the intent (actor, action, target, request id, redacted summary) is written
 * BEFORE `fn` may call LiteLLM; if it cannot be written the change is refused. When `fn` ends the intent is completed
 * with what happened (success, failure, refused: conflict|policy|validation). When LiteLLM's answer never came
 * (a timeout after the request was sent) the intent is left pending for the reconciler and the caller is told so.
 */
export async function runAudited<T>(call: AuditedCall, fn: () => Promise<T>): Promise<T> {
  return (await beginAudited(call)).run(fn);
}
