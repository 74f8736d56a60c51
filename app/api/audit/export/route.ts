import { currentUser } from "@/lib/auth";
import { auditCsv, auditFilterSchema } from "@/lib/audit/queries";
import { isDomainError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const user = await currentUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  const filter = auditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const generator = auditCsv(user, filter);
    // Pull the first chunk now so a permission error becomes a 403, not a broken download.
    const first = await generator.next();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(new TextEncoder().encode(first.value));
      },
      async pull(controller) {
        const next = await generator.next();
        if (next.done) controller.close();
        else controller.enqueue(new TextEncoder().encode(next.value));
      },
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="gatehouse-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (isDomainError(error) && error.code === "forbidden") return Response.json({ error: error.message }, { status: 403 });
    throw error;
  }
}
