import { currentUser } from "@/lib/auth";
import { isDomainError, ValidationError } from "@/lib/errors";
import { usageCsv } from "@/lib/usage/model";
import { GROUP_LABELS, parseUsageQuery } from "@/lib/usage/schemas";
import { getUsageSummary, requestFromQuery, UsageUnavailableError } from "@/lib/usage/service";

export const dynamic = "force-dynamic";

/** CSV of the usage page's query (same URL parameters), scoped like the page. */
export async function GET(request: Request) {
  const user = await currentUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  const parsed = parseUsageQuery(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.ok) return Response.json({ error: "Some filters need attention.", fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    const summary = await getUsageSummary({ ctx: { user }, ...requestFromQuery(parsed.query), allGroups: true });
    const csv = usageCsv(summary.result, GROUP_LABELS[parsed.query.groupBy]);
    const name = `gatehouse-usage-${summary.range.localStart}-to-${summary.range.localEnd}-by-${parsed.query.groupBy}.csv`;
    return new Response(csv, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
    });
  } catch (error) {
    if (isDomainError(error) && error.code === "forbidden") return Response.json({ error: error.message }, { status: 403 });
    if (error instanceof ValidationError) return Response.json({ error: error.message, fieldErrors: error.fieldErrors }, { status: 400 });
    if (error instanceof UsageUnavailableError) return Response.json({ error: error.message, kind: error.kind }, { status: 502 });
    throw error;
  }
}
