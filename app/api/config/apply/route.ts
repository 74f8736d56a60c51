import { currentUser } from "@/lib/auth";
import { isAdmin } from "@/lib/auth/permissions";
import { readUpload } from "@/lib/config/http";
import { applyConfigSchema } from "@/lib/config/schemas";
import { applyConfig } from "@/lib/config/service";
import { toActionError, fieldErrorsFrom } from "@/lib/safe-action";
import { getRequestMeta } from "@/lib/request-meta";

export const dynamic = "force-dynamic";

/**
 * Applies the chosen items of a fresh plan. Answers NDJSON: one `progress` line per item as it finishes, then one
 * `done` line with every result (or an `error` line). Admins only.
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
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const line = (value: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      try {
        const result = await applyConfig({
          ctx,
          input: { ...parsed.data, bytes: upload.bytes },
          onProgress: (done, total, item) => line({ type: "progress", done, total, item }),
        });
        line({ type: "done", result: { results: result.results, applied: result.applied, failed: result.failed, skipped: result.skipped } });
      } catch (error) {
        line({ type: "error", error: toActionError(error, "config.apply") });
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" } });
}
