"use client";

import { CircleAlertIcon, RefreshCwIcon } from "lucide-react";

import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export type ErrorStateProps = {
  title?: string;
  message: string;
  /** Correlates with the (redacted) server log; shown so operators can quote it to support. */
  errorId?: string;
  retry?: () => void;
  className?: string;
};

export function ErrorState({ title = "Something went wrong", message, errorId, retry, className }: ErrorStateProps) {
  return (
    <div
      data-slot="error-state"
      role="status"
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-destructive/40 bg-destructive/5 px-6 py-12 text-center",
        className,
      )}
    >
      <CircleAlertIcon className="size-8 text-destructive" aria-hidden />
      <div className="grid max-w-lg gap-1">
        <h2 className="text-base font-semibold">{title}</h2>
        <p className="text-sm text-muted-foreground">{message}</p>
        {errorId ? (
          <p className="text-xs text-muted-foreground">
            Error ID: <code className="rounded bg-muted px-1 py-0.5 font-mono text-foreground select-all">{errorId}</code>
          </p>
        ) : null}
      </div>
      {retry ? (
        <Button variant="outline" size="sm" onClick={retry} className="mt-2">
          <RefreshCwIcon aria-hidden /> Try again
        </Button>
      ) : null}
    </div>
  );
}
