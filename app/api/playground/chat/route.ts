import { currentUser } from "@/lib/auth";
import { auditedStream, openRouteAudit } from "@/lib/audit/route";
import { isDomainError } from "@/lib/errors";
import { chatRequestSchema } from "@/lib/playground/schemas";
import { isOutcomeUnknown } from "@/lib/litellm";
import { describeFailure, prepareChat, streamChat } from "@/lib/playground/service";
import { getRequestMeta } from "@/lib/request-meta";
import { fieldErrorsFrom, toActionError } from "@/lib/safe-action";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 128 * 1024;
const STATUS: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation: 400,
  rate_limited: 429,
  conflict: 409,
  upstream: 502,
};

/**
 * POST a chat prompt; the answer streams back as NDJSON events (start, delta…, done | error). Checks (session, team,
 * model, mode, rate limit) answer as JSON errors before anything streams; the temporary key is deleted in every case.
 * Write-ahead audited like a server action (lib/audit/route.ts): the completion is written when the stream ends.
 */
export async function POST(request: Request) {
  const user = await currentUser();
  if (!user)
    return Response.json({ error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } }, { status: 401 });
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES)
    return Response.json({ error: { code: "validation", message: "The request is too large (128 KB at most)." } }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: { code: "validation", message: "The request is not JSON." } }, { status: 400 });
  }
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    return Response.json(
      { error: { code: "validation", message: "Some fields need attention.", fieldErrors: fieldErrorsFrom(parsed.error) } },
      { status: 400 },
    );
  }
  const ctx = { user, request: await getRequestMeta() };
  // Write-ahead: the intent before any call to LiteLLM (the temporary key carries its request id, so the reconciler
  // can find and delete a key left by a crash); no intent, no call. Prompts are never recorded, only their length.
  const write = await openRouteAudit({ action: "playground.chat", user, request: ctx.request, input: parsed.data });
  if (write instanceof Response) return write;
  return auditedStream(write, {
    prepare: () => prepareChat({ ctx, input: parsed.data }),
    produce: async (prepared, send, cancelled) => {
      const signal = AbortSignal.any([request.signal, cancelled]);
      for await (const event of streamChat({ ctx, input: parsed.data, resolved: prepared.resolved, deps: prepared.deps, signal })) send(event);
    },
    onPrepareError: (error) =>
      Response.json({ error: toActionError(error, "playground.chat") }, { status: isDomainError(error) ? (STATUS[error.code] ?? 400) : 500 }),
    onError: (error) => ({
      type: "error",
      message: isOutcomeUnknown(error)
        ? `${describeFailure(error)} LiteLLM may still create the call's temporary key; it is deleted automatically within 15 minutes (see the audit log).`
        : toActionError(error, "playground.chat").message,
      partial: false,
    }),
    headers: { "x-accel-buffering": "no" },
  });
}
