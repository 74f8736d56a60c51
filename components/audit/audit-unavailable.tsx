import { CircleAlertIcon } from "lucide-react";

import { PageHeader } from "@/components/states/page-header";

/** The audit page while the console's database cannot be read: a clear state, never a 500. Server-rendered. */
export function AuditUnavailable({ errorId }: { errorId: string }) {
  return (
    <div className="grid gap-6">
      <PageHeader title="Audit log" description="Every sign-in and change made through Gatehouse." />
      <div role="status" className="flex flex-col items-center gap-3 rounded-lg border border-destructive/40 bg-destructive/5 px-6 py-12 text-center">
        <CircleAlertIcon className="size-8 text-destructive" aria-hidden />
        <h2 className="text-base font-semibold">The audit log is unavailable</h2>
        <p className="max-w-lg text-sm text-muted-foreground">
          Gatehouse cannot reach its database right now, so the audit log cannot be shown. While it is down, every change is refused: nothing is
          changed without an audit record. Reload this page in a minute.
        </p>
        <p className="text-xs text-muted-foreground">
          Error ID: <code className="rounded bg-muted px-1 py-0.5 font-mono text-foreground select-all">{errorId}</code>
        </p>
      </div>
    </div>
  );
}
