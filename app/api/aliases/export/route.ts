import { exportRegistry } from "@/lib/aliases/service";
import { currentUser } from "@/lib/auth";
import { isDomainError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Downloads the consumer-alias registry as YAML (default) or JSON; admins and viewers. */
export async function GET(request: Request) {
  const user = await currentUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  const format = new URL(request.url).searchParams.get("format") === "json" ? "json" : "yaml";
  try {
    const file = await exportRegistry({ ctx: { user }, input: { format } });
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (isDomainError(error) && error.code === "forbidden") return Response.json({ error: error.message }, { status: 403 });
    throw error;
  }
}
