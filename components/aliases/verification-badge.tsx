import { Badge } from "@/components/ui/badge";

export type VerificationBadgeStatus = "verified" | "mismatch" | "failed" | null | undefined;

/**
 * The measured embedding length of a deployment: "Verified 3072", "Mismatch: 1536 ≠ 3072" (expected ≠ returned),
 * or "Not verified" (never checked, or the last check could not run).
 */
export function VerificationBadge({
  status,
  expected,
  actual,
  message,
}: {
  status: VerificationBadgeStatus;
  expected?: number | null;
  actual?: number | null;
  /** The last check's explanation, shown as a tooltip. */
  message?: string | null;
}) {
  if (status === "verified" && actual != null) {
    return (
      <Badge variant="success" title={message ?? undefined} data-testid="verification-badge">
        Verified {actual}
      </Badge>
    );
  }
  if (status === "mismatch") {
    return (
      <Badge
        variant="destructive"
        title={message ?? undefined}
        aria-label={`Dimension mismatch: expected ${expected ?? "unknown"}, returned ${actual ?? "unknown"}`}
        data-testid="verification-badge"
      >
        Mismatch: {expected ?? "?"} ≠ {actual ?? "?"}
      </Badge>
    );
  }
  return (
    <Badge variant="outline" title={message ?? undefined} data-testid="verification-badge">
      Not verified{status === "failed" ? " (check failed)" : ""}
    </Badge>
  );
}
