"use client";

import { ClientTimestamp } from "@/components/time/time-zone";
import * as React from "react";
import { ShieldCheckIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ChainCheck } from "@/lib/audit/verify";

/** "Verify integrity": walks the whole hash chain on the server and names the first broken link. */
export default function AuditChainCheck() {
  const [pending, startTransition] = React.useTransition();
  const [result, setResult] = React.useState<{ check: ChainCheck } | { error: string } | null>(null);

  function verify() {
    startTransition(async () => {
      // Loaded on click: the page's first load stays within the JS budget.
      const { verifyAuditChainAction } = await import("@/lib/audit/actions");
      const res = await verifyAuditChainAction({});
      setResult(res.ok ? { check: res.data } : { error: res.error.message });
    });
  }

  return (
    <div className="grid gap-3">
      <div>
        <Button type="button" variant="outline" onClick={verify} disabled={pending}>
          <ShieldCheckIcon aria-hidden /> {pending ? "Verifying…" : "Verify integrity"}
        </Button>
      </div>
      {result && "error" in result ? (
        <Alert variant="destructive">
          <AlertTitle>The chain could not be checked</AlertTitle>
          <AlertDescription>{result.error}</AlertDescription>
        </Alert>
      ) : null}
      {result && "check" in result ? (
        result.check.ok ? (
          <Alert>
            <AlertTitle>Audit chain intact</AlertTitle>
            <AlertDescription>
              {result.check.verified} rows verified
              {result.check.legacy ? `; ${result.check.legacy} earlier rows predate the chain` : ""}. Head hash{" "}
              <code className="font-mono text-xs break-all">{result.check.head ?? "—"}</code>
            </AlertDescription>
          </Alert>
        ) : (
          <Alert variant="destructive">
            <AlertTitle>Audit chain broken at row {result.check.firstBreak?.seq}</AlertTitle>
            <AlertDescription>
              Row {result.check.firstBreak?.seq} (id {result.check.firstBreak?.id}, {result.check.firstBreak?.action},{" "}
              {result.check.firstBreak ? <ClientTimestamp iso={result.check.firstBreak.createdAt} /> : null}): {result.check.firstBreak?.reason}.{" "}
              {result.check.verified} rows before it verified.
            </AlertDescription>
          </Alert>
        )
      ) : null}
    </div>
  );
}
