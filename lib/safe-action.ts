import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { currentUser } from "@/lib/auth";
import { runAudited } from "@/lib/audit/service";
import { requireTier, type ActionTier } from "@/lib/auth/permissions";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { UnauthenticatedError, ValidationError, isDomainError, type DomainErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { getRequestMeta } from "@/lib/request-meta";

export interface ActionContext {
  user: SessionUser;
  request: RequestMeta;
}

export interface ActionError {
  code: DomainErrorCode | "internal";
  message: string;
  fieldErrors?: Record<string, string[]>;
  errorId?: string;
  /** Extra structured information for the form (e.g. alias-check findings). */
  details?: unknown;
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export function fieldErrorsFrom(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Maps any thrown value to what the user may see: domain errors verbatim, the rest as an error id. */
export function toActionError(error: unknown, actionName: string): ActionError {
  if (isDomainError(error)) {
    return {
      code: error.code,
      message: error.message,
      fieldErrors: error instanceof ValidationError ? error.fieldErrors : undefined,
      details: (error as { details?: unknown }).details,
    };
  }
  const errorId = randomUUID().slice(0, 8);
  logger.error("action.failed", { action: actionName, errorId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  return { code: "internal", message: `Something went wrong (error id ${errorId}). Nothing was changed unless stated otherwise.`, errorId };
}

export interface ActionOptions {
  /**
   * true (the default for admin and authenticated actions): a write-ahead audited change — the intent is recorded
   * before the handler runs and the action is refused when it cannot be. false: a read, a preview or a check that
   * changes nothing anywhere (the default for reader actions).
   */
  audit?: boolean;
}

/**
 * The path of one mutation: session → permission tier → schema → audit intent → handler → audit completion → typed
 * result. Ownership (team, user) comes from ctx, never from the input.
 */
export function createAction<S extends z.ZodType, R>(
  name: string,
  tier: ActionTier,
  schema: S,
  handler: (args: { ctx: ActionContext; input: z.infer<S> }) => Promise<R>,
  options: ActionOptions = {},
): (input: z.input<S>) => Promise<ActionResult<R>> {
  const audited = options.audit ?? tier !== "reader";
  return async (input) => {
    try {
      const user = await currentUser();
      if (!user) throw new UnauthenticatedError();
      requireTier(user, tier);
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return { ok: false, error: { code: "validation", message: "Some fields need attention.", fieldErrors: fieldErrorsFrom(parsed.error) } };
      }
      const ctx: ActionContext = { user, request: await getRequestMeta() };
      const run = () => handler({ ctx, input: parsed.data });
      const data = audited ? await runAudited({ action: name, actor: user, request: ctx.request, input: parsed.data }, run) : await run();
      return { ok: true, data };
    } catch (error) {
      return { ok: false, error: toActionError(error, name) };
    }
  };
}

type Handler<S extends z.ZodType, R> = (args: { ctx: ActionContext; input: z.infer<S> }) => Promise<R>;

export const authAction = <S extends z.ZodType, R>(name: string, schema: S, handler: Handler<S, R>, options?: ActionOptions) =>
  createAction(name, "authenticated", schema, handler, options);
export const readerAction = <S extends z.ZodType, R>(name: string, schema: S, handler: Handler<S, R>, options?: ActionOptions) =>
  createAction(name, "reader", schema, handler, options);
export const adminAction = <S extends z.ZodType, R>(name: string, schema: S, handler: Handler<S, R>, options?: ActionOptions) =>
  createAction(name, "admin", schema, handler, options);

/** For reads, previews and checks declared with an admin or authenticated tier: no audit intent. */
export const READ_ONLY: ActionOptions = { audit: false };
