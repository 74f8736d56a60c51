import { LockIcon } from "lucide-react";

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
        <LockIcon className="size-6" />
      </div>
      <div className="grid max-w-md gap-1">
        <h2 className="text-base font-semibold">You do not have access to this page</h2>
        <p className="text-sm text-muted-foreground">{message}</p>
      </div>
    </div>
  );
}
