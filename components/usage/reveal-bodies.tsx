"use client";

import * as React from "react";

import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { revealRequestBodiesAction } from "@/lib/usage/actions";

/**
 * The explicit reveal of a request's prompt and response (admins; LiteLLM stored them). Needs a reason; the reveal is
 * audited on the server before anything is returned.
 */
export default function RevealBodies({ requestId, startTime }: { requestId: string; startTime: string }) {
  const [reason, setReason] = React.useState("");
  const [pending, startTransition] = React.useTransition();
  const [error, setError] = React.useState<string | null>(null);
  const [bodies, setBodies] = React.useState<{ request: string; response: string } | null>(null);
  if (bodies) {
    return (
      <div className="grid gap-3">
        <p className="text-xs text-muted-foreground">Revealed and recorded in the audit log. Values that look like secrets are masked.</p>
        <h3 className="text-sm font-medium">Request</h3>
        <pre className="max-h-80 overflow-auto rounded-md bg-muted p-3 text-xs">{bodies.request}</pre>
        <h3 className="text-sm font-medium">Response</h3>
        <pre className="max-h-80 overflow-auto rounded-md bg-muted p-3 text-xs">{bodies.response}</pre>
      </div>
    );
  }
  return (
    <form
      className="grid max-w-xl gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        startTransition(async () => {
          const res = await revealRequestBodiesAction({ requestId, startTime, reason });
          if (res.ok) setBodies(res.data);
          else setError(res.error.fieldErrors?.reason?.join(" ") ?? res.error.message);
        });
      }}
    >
      <label htmlFor="reveal-reason" className="text-sm font-medium">
        Reason for revealing the prompt and response
      </label>
      <Textarea
        id="reveal-reason"
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "reveal-error" : undefined}
      />
      {error ? (
        <p id="reveal-error" role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <div>
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? "Revealing…" : "Reveal prompt and response"}
        </Button>
      </div>
    </form>
  );
}
