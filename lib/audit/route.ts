import "server-only";
import type { RequestMeta } from "@/lib/auth/types";
import type { Database } from "@/lib/db";
import { UnavailableError } from "@/lib/errors";

import { beginAudited, type AuditedWrite } from "./service";

/**
 * Write-ahead audit for route handlers — the counterpart of the server actions' path (lib/safe-action.ts →
 * runAudited) for the writes that cannot be server actions: Test Connect (cancellable), the playground's streamed
 * chat and config apply (NDJSON progress). The intent is written before the handler may call LiteLLM; when it cannot
 * be, the route answers 503 with the audit's message and nothing is sent anywhere. The completion is written when
 * the work ends — for a stream, when its last line is sent.
 */
export interface RouteAuditCall {
  action: string;
  /** Who asks (a session user, or any actor such as `cli:<user>`). */
  user: { provider: string; username: string };
  request: RequestMeta;
  /** What was asked: summarised and redacted into the intent (never a secret, never a prompt). */
  input: unknown;
  /** Tests pass their database; the server uses the process-wide one. */
  db?: Database;
}

/** The answer when the intent cannot be written: `{ ok: false, error }`, which both route clients read. */
export function auditUnavailableResponse(error: UnavailableError): Response {
  return Response.json(
    { ok: false, error: { code: error.code, message: error.message } },
    { status: 503, headers: { "cache-control": "no-store", "retry-after": "60" } },
  );
}

/** Records the intent, or answers 503 (nothing was changed). */
export async function openRouteAudit(call: RouteAuditCall): Promise<AuditedWrite | Response> {
  try {
    return await beginAudited({
      action: call.action,
      actor: { provider: call.user.provider, username: call.user.username },
      request: call.request,
      input: call.input,
      db: call.db,
    });
  } catch (error) {
    if (error instanceof UnavailableError) return auditUnavailableResponse(error);
    throw error;
  }
}

export interface AuditedStream<P> {
  /**
   * Checks and reads before anything streams (session-bound permissions, the model, a rate limit). They run inside
   * the intent; an error here completes it (refused or failed) and is answered by `onPrepareError` as plain JSON.
   */
  prepare?: () => Promise<P>;
  /** The write itself: sends NDJSON lines; the intent is completed when it ends (an error it throws: one `onError` line). */
  produce: (prepared: P, send: (value: unknown) => void, cancelled: AbortSignal) => Promise<void>;
  onPrepareError: (error: unknown) => Response;
  onError: (error: unknown) => unknown;
  headers?: Record<string, string>;
}

/**
 * A streamed write under its intent: `prepare`, then an NDJSON response whose lines `produce` sends. The completion
 * is written when `produce` ends, not when the response starts. A browser that goes away aborts `cancelled` (the
 * work decides what to stop — the playground still deletes its temporary key) and the completion is still written.
 */
export function auditedStream<P>(write: AuditedWrite, spec: AuditedStream<P>): Promise<Response> {
  return new Promise<Response>((respond) => {
    let responded = false;
    write
      .run(async () => {
        const prepared = spec.prepare ? await spec.prepare() : (undefined as P);
        const encoder = new TextEncoder();
        const cancelled = new AbortController();
        let open = true;
        let finished!: Promise<void>;
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            const send = (value: unknown) => {
              if (!open) return;
              try {
                controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
              } catch {
                open = false;
              }
            };
            const close = () => {
              if (!open) return;
              open = false;
              try {
                controller.close();
              } catch {
                // Already closed by a cancel.
              }
            };
            finished = spec.produce(prepared, send, cancelled.signal).then(close, (error: unknown) => {
              send(spec.onError(error));
              close();
              throw error;
            });
          },
          cancel() {
            open = false;
            cancelled.abort();
          },
        });
        responded = true;
        respond(
          new Response(stream, {
            headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", ...spec.headers },
          }),
        );
        await finished;
      })
      .catch((error: unknown) => {
        if (!responded) respond(spec.onPrepareError(error));
      });
  });
}
