import { currentUser } from "@/lib/auth";
import { auditedStream, openRouteAudit } from "@/lib/audit/route";
import { isAdmin } from "@/lib/auth/permissions";
import { readUpload } from "@/lib/config/http";
import { applyConfigSchema } from "@/lib/config/schemas";
import { applyConfig } from "@/lib/config/service";
import { toActionError, fieldErrorsFrom } from "@/lib/safe-action";
import { getRequestMeta } from "@/lib/request-meta";

export const dynamic = "force-dynamic";

/**
 * Applies the chosen items of a fresh plan. Answers NDJSON: one `progress` line per item as it finishes, then one
 * `done` line with every result (or an `error` line). Admins only. Write-ahead audited (lib/audit/route.ts): the
 * intent is written before the plan is made and LiteLLM written to, the completion when the last line is sent.
 */
export async function POST(request: Request) {
  const user = await currentUser();
  if (!user) return Response.json({ error: { code: "unauthenticated", message: "Sign in first." } }, { status: 401 });
  if (!isAdmin(user)) return Response.json({ error: { code: "forbidden", message: "Only console admins can apply configuration." } }, { status: 403 });
  const upload = await readUpload(request);
  if (upload instanceof Response) return upload;
  const parsed = applyConfigSchema.safeParse(upload.options);
  if (!parsed.success) return Response.json({ error: { code: "validation", message: "Some fields need attention.", fieldErrors: fieldErrorsFrom(parsed.error) } }, { status: 400 });
  const ctx = { user, request: await getRequestMeta() };
  // Write-ahead: the intent (what was chosen from which file) before LiteLLM is touched; no intent, nothing applied.
  const write = await openRouteAudit({
    action: "config.apply",
    user,
    request: ctx.request,
    input: { ...parsed.data, fileBytes: upload.bytes.byteLength },
  });
  if (write instanceof Response) return write;
  return auditedStream(write, {
    produce: async (_prepared, send) => {
      const result = await applyConfig({
        ctx,
        input: { ...parsed.data, bytes: upload.bytes },
        onProgress: (done, total, item) => send({ type: "progress", done, total, item }),
      });
      send({ type: "done", result: { results: result.results, applied: result.applied, failed: result.failed, skipped: result.skipped } });
    },
    onPrepareError: (error) => Response.json({ error: toActionError(error, "config.apply") }, { status: 500 }),
    onError: (error) => ({ type: "error", error: toActionError(error, "config.apply") }),
  });
}
