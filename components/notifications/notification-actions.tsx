"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import * as React from "react";

import { Button } from "@/components/ui/button";
import {
  deleteChannelAction,
  deleteRuleAction,
  resendDeliveryAction,
  runTickNowAction,
  testChannelAction,
} from "@/lib/notify/actions";
import type { ActionResult } from "@/lib/safe-action";

// The forms (react-hook-form + zod) load on intent, outside the page's first-load JS.
const ChannelForm = dynamic(() => import("./notification-forms").then((m) => m.ChannelForm), { ssr: false, loading: () => <p className="text-sm">Loading…</p> });
const RuleForm = dynamic(() => import("./notification-forms").then((m) => m.RuleForm), { ssr: false, loading: () => <p className="text-sm">Loading…</p> });

export type NotificationsLazyProps =
  | { part: "action"; kind: Kind; id?: string; label: string; variant?: "outline" | "destructive" | "default" }
  | { part: "new"; what: "channel" | "rule"; teams: string[]; canGlobal: boolean; channels: { id: string; name: string; teamId: string | null }[] };

/** Loaded by NotificationsIsland after hydration. */
export default function NotificationsLazy(props: NotificationsLazyProps) {
  if (props.part === "action") return <NotifyActionButton kind={props.kind} id={props.id} label={props.label} variant={props.variant} />;
  return <NewItemToggle what={props.what} teams={props.teams} canGlobal={props.canGlobal} channels={props.channels} />;
}

export type Kind = "test" | "delete-channel" | "delete-rule" | "resend" | "tick";

const RUN: Record<Kind, (id: string) => Promise<ActionResult<unknown>>> = {
  test: (id) => testChannelAction({ id }),
  "delete-channel": (id) => deleteChannelAction({ id }),
  "delete-rule": (id) => deleteRuleAction({ id }),
  resend: (id) => resendDeliveryAction({ id }),
  tick: () => runTickNowAction({}),
};

function describe(kind: Kind, result: ActionResult<unknown>): { ok: boolean; text: string } {
  if (!result.ok) return { ok: false, text: result.error.message };
  const data = result.data as { status?: string; error?: string | null; ran?: boolean; reason?: string; summary?: { sent: number; enqueued: number } };
  if (kind === "test") return data.status === "sent" ? { ok: true, text: "Test message sent." } : { ok: false, text: `Test message failed: ${data.error ?? "unknown error"}` };
  if (kind === "resend") return { ok: true, text: "Queued: the next tick sends it." };
  if (kind === "tick") return data.ran ? { ok: true, text: `Tick done: ${data.summary?.enqueued ?? 0} new, ${data.summary?.sent ?? 0} sent.` } : { ok: false, text: `Skipped: ${data.reason}` };
  return { ok: true, text: "Deleted." };
}

/** One button that calls one action, says how it went, and refreshes the page. */
export function NotifyActionButton({ kind, id = "", label, variant = "outline" }: { kind: Kind; id?: string; label: string; variant?: "outline" | "destructive" | "default" }) {
  const router = useRouter();
  const [pending, start] = React.useTransition();
  const [message, setMessage] = React.useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="inline-flex flex-col gap-1">
      <Button
        type="button"
        size="sm"
        variant={variant}
        disabled={pending}
        onClick={() =>
          start(async () => {
            if (kind.startsWith("delete") && !window.confirm(`${label}?`)) return;
            const outcome = describe(kind, await RUN[kind](id));
            setMessage(outcome);
            router.refresh();
          })
        }
      >
        {pending ? "Working…" : label}
      </Button>
      {message ? (
        <span role="status" className={message.ok ? "text-xs text-emerald-700 dark:text-emerald-400" : "text-xs text-destructive"}>
          {message.text}
        </span>
      ) : null}
    </span>
  );
}

/** "New channel" / "New rule": the form appears (and its code loads) when asked for. */
export function NewItemToggle({ what, teams, canGlobal, channels }: { what: "channel" | "rule"; teams: string[]; canGlobal: boolean; channels: { id: string; name: string; teamId: string | null }[] }) {
  const [open, setOpen] = React.useState(false);
  if (!open)
    return (
      <Button type="button" size="sm" onClick={() => setOpen(true)}>
        {what === "channel" ? "New channel" : "New rule"}
      </Button>
    );
  return what === "channel" ? (
    <ChannelForm teams={teams} canGlobal={canGlobal} onDone={() => setOpen(false)} />
  ) : (
    <RuleForm teams={teams} canGlobal={canGlobal} channels={channels} onDone={() => setOpen(false)} />
  );
}
