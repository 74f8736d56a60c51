import { currentUser } from "@/lib/auth";
import { isDomainError } from "@/lib/errors";
import { chatRequestSchema } from "@/lib/playground/schemas";
import { prepareChat, streamChat } from "@/lib/playground/service";
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
  let prepared: Awaited<ReturnType<typeof prepareChat>>;
  try {
    prepared = await prepareChat({ ctx, input: parsed.data });
  } catch (error) {
    const payload = toActionError(error, "playground.chat");
    return Response.json({ error: payload }, { status: isDomainError(error) ? (STATUS[error.code] ?? 400) : 500 });
  }

  const encoder = new TextEncoder();
  const events = streamChat({ ctx, input: parsed.data, resolved: prepared.resolved, deps: prepared.deps, signal: request.signal });
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await events.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}
