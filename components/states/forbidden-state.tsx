import { cn } from "@/lib/utils";

export type ForbiddenStateProps = {
  /** What role or team membership the page needs, e.g. "Only Gatehouse admins can manage credentials." */
  message?: string;
  className?: string;
};

export function ForbiddenState({ message = "Ask a Gatehouse admin for access.", className }: ForbiddenStateProps) {
  return (
    <div
      data-slot="forbidden-state"
      className={cn("flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-6 py-12 text-center", className)}
    >
      <div className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground" aria-hidden>
        {/* lucide's lock, inline: this panel is also the forbidden boundary Next renders with every page, so no client JavaScript. */}
        <svg className="size-6" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
          <rect width="18" height="11" x="3" y="11" rx="2" ry="2" />
          <path d="M7 11V7a5 5 0 0 1 10 0v4" />
        </svg>
      </div>
      <div className="grid max-w-md gap-1">
        <h2 className="text-base font-semibold">You do not have access to this page</h2>
        <p className="text-sm text-muted-foreground">{message}</p>
      </div>
    </div>
  );
}
