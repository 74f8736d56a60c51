import * as React from "react";
import { InboxIcon } from "lucide-react";

import { cn } from "@/lib/utils";

export type EmptyStateProps = {
  /** A lucide icon element, e.g. `<KeyRoundIcon />`; defaults to an inbox. */
  icon?: React.ReactNode;
  title: string;
  description?: React.ReactNode;
  /** Usually the primary call to action ("Add your first model"). */
  action?: React.ReactNode;
  className?: string;
};

export function EmptyState({ icon, title, description, action, className }: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn("flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-6 py-12 text-center", className)}
    >
      <div className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-6" aria-hidden>
        {icon ?? <InboxIcon />}
      </div>
      <div className="grid max-w-md gap-1">
        <h2 className="text-base font-semibold">{title}</h2>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {action ? <div className="mt-2 flex flex-wrap items-center justify-center gap-2">{action}</div> : null}
    </div>
  );
}
