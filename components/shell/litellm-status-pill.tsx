import type { LiteLLMStatus } from "@/components/shell/types";
import { cn } from "@/lib/utils";

export function liteLLMStatusText(status: LiteLLMStatus): string {
  return status.ok ? `Connected to LiteLLM v${status.version} at ${status.url}` : `LiteLLM unreachable at ${status.url}: ${status.message}`;
}

/**
 * Green when the gateway answered, red with the reason when it did not. `compact` shrinks it to a dot
 * below the lg breakpoint (the text stays in the DOM for screen readers, tests and the tooltip).
 */
export function LiteLLMStatusPill({
  status,
  compact = false,
  className,
}: {
  status: LiteLLMStatus;
  compact?: boolean;
  className?: string;
}) {
  const text = liteLLMStatusText(status);
  return (
    <p
      data-testid="litellm-status"
      data-status={status.ok ? "ok" : "error"}
      title={text}
      className={cn(
        "inline-flex max-w-full min-w-0 items-center gap-2 rounded-full border px-3 py-1 text-xs font-medium",
        compact && "px-2 py-2 lg:px-3 lg:py-1",
        status.ok ? "border-success/30 bg-success/10 text-success" : "border-destructive/40 bg-destructive/10 text-destructive",
        className,
      )}
    >
      <span aria-hidden className={cn("size-2 shrink-0 rounded-full", status.ok ? "bg-success" : "bg-destructive")} />
      <span className={cn("truncate", compact && "sr-only lg:not-sr-only")}>{text}</span>
    </p>
  );
}
