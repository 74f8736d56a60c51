"use client";

import { useRouter } from "next/navigation";
import * as React from "react";

import { Button } from "@/components/ui/button";
import { useOperatorTimeZone } from "@/components/time/time-zone";
import { extendKeyAction } from "@/lib/keys/actions";
import { formatInstant } from "@/lib/time/format";

/** The one click a notice links to: extend by as many days as the team's policy allows. */
export function ExtendKeyButton({ token, days }: { token: string; days: number }) {
  const router = useRouter();
  const zone = useOperatorTimeZone();
  const [pending, startTransition] = React.useTransition();
  const [message, setMessage] = React.useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="grid gap-2">
      <div>
        <Button
          type="button"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await extendKeyAction({ token, days });
              if (result.ok) {
                setMessage({ ok: true, text: `Extended: the key now expires on ${result.data.expires ? formatInstant(result.data.expires, zone) : "—"}.` });
                router.refresh();
              } else setMessage({ ok: false, text: result.error.message });
            })
          }
        >
          {pending ? "Extending…" : `Extend by ${days} days`}
        </Button>
      </div>
      {message ? (
        <p role="status" className={message.ok ? "text-sm text-emerald-700 dark:text-emerald-400" : "text-sm text-destructive"} data-testid="extend-result">
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
