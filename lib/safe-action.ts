import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { currentUser } from "@/lib/auth";
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

/**
 * The path of one mutation: session → permission tier → schema → handler → typed result.
 * Ownership (team, user) comes from ctx, never from the input.
 */
export function createAction<S extends z.ZodType, R>(
  name: string,
  tier: ActionTier,
  schema: S,
  handler: (args: { ctx: ActionContext; input: z.infer<S> }) => Promise<R>,
): (input: z.input<S>) => Promise<ActionResult<R>> {
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
      return { ok: true, data: await handler({ ctx, input: parsed.data }) };
    } catch (error) {
      return { ok: false, error: toActionError(error, name) };
    }
  };
}

export const authAction = <S extends z.ZodType, R>(name: string, schema: S, handler: (args: { ctx: ActionContext; input: z.infer<S> }) => Promise<R>) =>
  createAction(name, "authenticated", schema, handler);
export const readerAction = <S extends z.ZodType, R>(name: string, schema: S, handler: (args: { ctx: ActionContext; input: z.infer<S> }) => Promise<R>) =>
  createAction(name, "reader", schema, handler);
export const adminAction = <S extends z.ZodType, R>(name: string, schema: S, handler: (args: { ctx: ActionContext; input: z.infer<S> }) => Promise<R>) =>
  createAction(name, "admin", schema, handler);
