"use client";

import { usePathname } from "next/navigation";
import { CircleAlertIcon, RefreshCwIcon } from "lucide-react";

export interface ModelsRouteErrorProps {
  error: Error & { digest?: string };
  reset: () => void;
}

// buttonVariants({ variant: "outline", size: "sm", className: "mt-2" }) as the ui Button renders it.
const BUTTON =
  "inline-flex shrink-0 items-center justify-center whitespace-nowrap text-sm font-medium transition-all outline-none disabled:pointer-events-none disabled:opacity-50 [&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4 focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive aria-invalid:ring-destructive/20 dark:aria-invalid:ring-destructive/40 border border-input bg-background shadow-xs hover:bg-accent hover:text-accent-foreground dark:bg-input/30 dark:hover:bg-input/50 h-8 gap-1.5 rounded-md px-3 has-[>svg]:px-2.5 mt-2";

const RETRY = "The console hit an unexpected error while loading this page. Try again; if it persists, quote the error id.";

/** Which models page failed: one boundary (app/(console)/models/error.tsx) serves the list, the wizard and a deployment. */
function copyFor(path: string): { title: string; message: string } {
  if (path === "/models/new") {
    return {
      title: "The Add Model wizard could not be loaded",
      message: "The console could not load the provider catalogue from LiteLLM. Try again; if it persists, quote the error id.",
    };
  }
  if (path.startsWith("/models/")) return { title: "Could not show this deployment", message: RETRY };
  return { title: "Could not show the models", message: RETRY };
}

/**
 * Loaded lazily by the models error boundary: ErrorState's markup and classes without its imports (Button, cva,
 * tailwind-merge), so this loads as one small chunk.
 */
export default function ModelsRouteError({ error, reset }: ModelsRouteErrorProps) {
  const { title, message } = copyFor(usePathname());
  return (
    <div
      data-slot="error-state"
      role="status"
      className="flex flex-col items-center justify-center gap-3 rounded-lg border border-destructive/40 bg-destructive/5 px-6 py-12 text-center"
    >
      <CircleAlertIcon className="size-8 text-destructive" aria-hidden />
      <div className="grid max-w-lg gap-1">
        <h2 className="text-base font-semibold">{title}</h2>
        <p className="text-sm text-muted-foreground">{message}</p>
        {error.digest ? (
          <p className="text-xs text-muted-foreground">
            Error ID: <code className="rounded bg-muted px-1 py-0.5 font-mono text-foreground select-all">{error.digest}</code>
          </p>
        ) : null}
      </div>
      <button type="button" data-slot="button" className={BUTTON} onClick={reset}>
        <RefreshCwIcon aria-hidden /> Try again
      </button>
    </div>
  );
}
