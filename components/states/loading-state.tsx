import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

export type LoadingStateProps = {
  /** Read by screen readers instead of the skeletons, e.g. "Loading models". */
  label?: string;
  /** Number of skeleton rows. */
  rows?: number;
  className?: string;
};

export function LoadingState({ label = "Loading", rows = 5, className }: LoadingStateProps) {
  return (
    <div data-slot="loading-state" role="status" aria-live="polite" aria-busy="true" className={cn("grid gap-3", className)}>
      <span className="sr-only">{label}</span>
      <div aria-hidden className="grid gap-3">
        <Skeleton className="h-9 w-full" />
        {Array.from({ length: rows }, (_, index) => (
          <div key={index} className="flex items-center gap-4">
            <Skeleton className="h-5 w-1/4" />
            <Skeleton className="h-5 flex-1" />
            <Skeleton className="h-5 w-1/6" />
          </div>
        ))}
      </div>
    </div>
  );
}
