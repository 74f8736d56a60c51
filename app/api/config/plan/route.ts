import { currentUser } from "@/lib/auth";
import { canReadPlatform } from "@/lib/auth/permissions";
import { errorResponse, readUpload } from "@/lib/config/http";
import { planConfigSchema } from "@/lib/config/schemas";
import { planConfig } from "@/lib/config/service";
import { fieldErrorsFrom } from "@/lib/safe-action";
import { getRequestMeta } from "@/lib/request-meta";

export const dynamic = "force-dynamic";

/** The plan of an uploaded config.yaml, operator manifest or bundle; changes nothing. Admins and viewers. */
export async function POST(request: Request) {
  const user = await currentUser();
  if (!user) return Response.json({ error: { code: "unauthenticated", message: "Sign in first." } }, { status: 401 });
  if (!canReadPlatform(user)) return Response.json({ error: { code: "forbidden", message: "Config as code is for console admins and viewers." } }, { status: 403 });
  const upload = await readUpload(request);
  if (upload instanceof Response) return upload;
  const parsed = planConfigSchema.safeParse(upload.options);
  if (!parsed.success) return Response.json({ error: { code: "validation", message: "Some fields need attention.", fieldErrors: fieldErrorsFrom(parsed.error) } }, { status: 400 });
  try {
    const plan = await planConfig({ ctx: { user, request: await getRequestMeta() }, input: { ...parsed.data, bytes: upload.bytes } });
    return Response.json({ plan }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error, "config.plan");
  }
}
