import { cn } from "@/lib/utils";

/**
 * Server-rendered twin of `components/ui/progress` (same markup, classes and ARIA as Radix Progress) for read-only
 * bars: Radix on the client would put its code in the page's first-load JS for a bar that never changes there.
 */
export function BudgetProgress({ value, className, ...aria }: { value: number; className?: string; "aria-label": string }) {
  const state = value >= 100 ? "complete" : "loading";
  return (
    <div
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={`${value}%`}
      data-state={state}
      data-value={value}
      data-max={100}
      data-slot="progress"
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-primary/20", className)}
      {...aria}
    >
      <div
        data-state={state}
        data-value={value}
        data-max={100}
        data-slot="progress-indicator"
        className="h-full w-full flex-1 bg-primary transition-all"
        style={{ transform: `translateX(-${100 - value}%)` }}
      />
    </div>
  );
}
