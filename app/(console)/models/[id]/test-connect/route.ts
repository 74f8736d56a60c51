import { currentUser } from "@/lib/auth";
import { openRouteAudit } from "@/lib/audit/route";
import { isAdmin } from "@/lib/auth/permissions";
import { testExistingModel } from "@/lib/models/test-connect";
import { requestMetaFrom } from "@/lib/request-meta";
import { toActionError, type ActionResult } from "@/lib/safe-action";

export const dynamic = "force-dynamic";

/**
 * Test Connect for a saved deployment. A route handler (like the wizard's) so the browser can cancel: aborting the
 * fetch aborts request.signal, which cancels the call to LiteLLM. Route handlers get no automatic Origin check.
 */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return false;
  if (!origin || origin === "null" || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const json = (body: ActionResult<unknown>, status = 200) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

/** The deployment id from /models/{id}/test-connect (read from the URL, so the handler needs no route context). */
function modelIdFrom(request: Request): string | null {
  const parts = new URL(request.url).pathname.split("/");
  const at = parts.lastIndexOf("test-connect");
  return at >= 1 && parts[at - 1] ? decodeURIComponent(parts[at - 1]!) : null;
}

export async function POST(request: Request) {
  if (!sameOrigin(request)) return json({ ok: false, error: { code: "forbidden", message: "Cross-site request refused." } }, 403);
  const user = await currentUser();
  if (!user) return json({ ok: false, error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } }, 401);
  // Before the intent, like a server action's tier: a refused caller leaves no pending intent.
  if (!isAdmin(user)) return json({ ok: false, error: { code: "forbidden", message: "Only console admins can do this." } }, 403);
  const modelId = modelIdFrom(request);
  if (!modelId) return json({ ok: false, error: { code: "validation", message: "No deployment id in the URL." } }, 400);
  const ctx = { user, request: requestMetaFrom(request.headers) };
  // Write-ahead like a server action: no intent, no test.
  const write = await openRouteAudit({ action: "model.test_connect", user, request: ctx.request, input: { modelId } });
  if (write instanceof Response) return write;
  try {
    // testExistingModel checks the admin tier, SSRF and the rate limit; its audit record completes the intent.
    const data = await write.run(() => testExistingModel({ ctx, input: { modelId }, signal: request.signal }));
    return json({ ok: true, data });
  } catch (error) {
    return json({ ok: false, error: toActionError(error, "model.test_connect") });
  }
}
