/**
 * Typed domain errors. Only these reach the user with their message; anything else
 * is logged (redacted) and shown as a generic error with an id.
 */
export type DomainErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "validation"
  | "upstream"
  | "rate_limited"
  | "needs_confirmation"
  | "unavailable";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = "Your session has ended. Sign in again.") {
    super("unauthenticated", message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You do not have permission to do this.") {
    super("forbidden", message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super("not_found", message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super("conflict", message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(message: string) {
    super("rate_limited", message);
  }
}

export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super("validation", message);
  }
}

/** Something LiteLLM (or another upstream) said or failed to say, already redacted. */
export class UpstreamError extends DomainError {
  constructor(
    message: string,
    readonly status?: number,
    readonly upstreamCode?: string,
    readonly requestId?: string,
  ) {
    super("upstream", message);
  }
}

/** A dependency the console must not go without (the audit log) is down: the change was refused, nothing was done. */
export class UnavailableError extends DomainError {
  constructor(message: string) {
    super("unavailable", message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
