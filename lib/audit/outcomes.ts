import { isDomainError } from "@/lib/errors";

/**
 * What an audit row says happened. `pending` is an intent without a completion yet; `denied` is the outcome of rows
 * written before issue 15 (now `refused`).
 */
export const AUDIT_OUTCOMES = ["pending", "success", "failure", "refused", "reconciled", "denied"] as const;
export type StoredOutcome = (typeof AUDIT_OUTCOMES)[number];

export type RefusalKind = "conflict" | "policy" | "validation";
export type ReconciledKind = "created" | "not_created" | "succeeded" | "failed" | "unknown";

/** The refusal a domain error stands for, or null when the error is a failure (LiteLLM said no, or broke). */
export function refusalOf(error: unknown): RefusalKind | null {
  if (!isDomainError(error)) return null;
  if (error.code === "conflict" || error.code === "needs_confirmation") return "conflict";
  if (error.code === "forbidden" || error.code === "rate_limited" || error.code === "unauthenticated") return "policy";
  if (error.code === "validation" || error.code === "not_found") return "validation";
  return null;
}

/** How the audit page words an outcome: "refused: conflict", "reconciled: created". */
export function outcomeLabel(outcome: string, detail: string | null | undefined): string {
  if (outcome === "pending") return "pending: being checked";
  return detail ? `${outcome}: ${detail.replace(/_/g, " ")}` : outcome;
}

/** The `details` of an action error whose write may or may not have happened (see OutcomeUnknownError). */
export function outcomeUnknownOf(details: unknown): { auditRequestId: string; auditUrl: string } | null {
  if (!details || typeof details !== "object" || (details as { outcomeUnknown?: unknown }).outcomeUnknown !== true) return null;
  const { auditRequestId, auditUrl } = details as { auditRequestId?: unknown; auditUrl?: unknown };
  return typeof auditRequestId === "string" && typeof auditUrl === "string" ? { auditRequestId, auditUrl } : null;
}
