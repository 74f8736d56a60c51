import { currentUser } from "@/lib/auth";
import { openRouteAudit } from "@/lib/audit/route";
import { isAdmin } from "@/lib/auth/permissions";
import { testDraftConnection, testDraftConnectionSchema } from "@/lib/models/test-connect";
import { requestMetaFrom } from "@/lib/request-meta";
import { fieldErrorsFrom, toActionError, type ActionResult } from "@/lib/safe-action";

export const dynamic = "force-dynamic";

/**
 * Test Connect for the wizard. A route handler rather than a server action: actions run one at a time per
 * browser, so a running test could not be cancelled; here the browser aborts the fetch and request.signal
 * cancels the call to LiteLLM. Route handlers get no automatic Origin check, so it is done here.
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

export async function POST(request: Request) {
  if (!sameOrigin(request)) return json({ ok: false, error: { code: "forbidden", message: "Cross-site request refused." } }, 403);
  const user = await currentUser();
  if (!user) return json({ ok: false, error: { code: "unauthenticated", message: "Your session has ended. Sign in again." } }, 401);
  // Before the intent, like a server action's tier: a refused caller leaves no pending intent.
  if (!isAdmin(user)) return json({ ok: false, error: { code: "forbidden", message: "Only console admins can do this." } }, 403);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json({ ok: false, error: { code: "validation", message: "The request body is not JSON." } }, 400);
  }
  const parsed = testDraftConnectionSchema.safeParse(body);
  if (!parsed.success) {
    return json({
      ok: false,
      error: { code: "validation", message: "Some fields need attention.", fieldErrors: fieldErrorsFrom(parsed.error) },
    });
  }
  const ctx = { user, request: requestMetaFrom(request.headers) };
  // Write-ahead like a server action: no intent, no test (the test sends the draft's key to its provider).
  const write = await openRouteAudit({ action: "model.test_connect", user, request: ctx.request, input: parsed.data });
  if (write instanceof Response) return write;
  try {
    const data = await write.run(() => testDraftConnection({ ctx, input: parsed.data, signal: request.signal }));
    return json({ ok: true, data });
  } catch (error) {
    return json({ ok: false, error: toActionError(error, "model.test_connect") });
  }
}
