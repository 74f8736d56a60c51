import { CircleAlertIcon, RefreshCwIcon } from "lucide-react";

import { Button } from "@/components/ui/button";

/** ErrorState's look with a "Try again" button, rendered on the server; the caller wires the button. */
export function ModelsLoadErrorView({ title, message }: { title: string; message: string }) {
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
      </div>
      <Button type="button" variant="outline" size="sm" className="mt-2">
        <RefreshCwIcon aria-hidden /> Try again
      </Button>
    </div>
  );
}
