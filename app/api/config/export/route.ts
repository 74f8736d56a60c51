import { currentUser } from "@/lib/auth";
import { errorResponse } from "@/lib/config/http";
import { exportConfigSchema } from "@/lib/config/schemas";
import { exportConfig } from "@/lib/config/service";
import { fieldErrorsFrom } from "@/lib/safe-action";
import { getRequestMeta } from "@/lib/request-meta";

export const dynamic = "force-dynamic";

const bool = (v: string | null) => (v === null ? undefined : v === "1" || v === "true");

/**
 * Downloads an export: `format` litellm-config | operator | bundle; `ids` (comma-separated, or repeated) and the models list's
 * filters (`q`, `provider`, `mode`, `team`, `health`, `source`) select deployments;
 * `file` picks kustomization.yaml for the operator format. Admins and viewers; secrets never included.
 */
export async function GET(request: Request) {
  const user = await currentUser();
  if (!user) return Response.json({ error: { code: "unauthenticated", message: "Sign in first." } }, { status: 401 });
  const sp = new URL(request.url).searchParams;
  const parsed = exportConfigSchema.safeParse({
    format: sp.get("format") ?? undefined,
    ids: sp.getAll("ids").length > 0 ? sp.getAll("ids").flatMap((v) => v.split(",")).filter(Boolean) : undefined,
    q: sp.get("q") || undefined,
    provider: sp.get("provider") || undefined,
    mode: sp.get("mode") || undefined,
    team: sp.get("team") || undefined,
    health: sp.get("health") || undefined,
    source: sp.get("source") || undefined,
    includeCredentials: bool(sp.get("credentials")),
    includeTeams: bool(sp.get("teams")),
    instanceName: sp.get("instance") || undefined,
    namespace: sp.get("namespace") || undefined,
  });
  if (!parsed.success) return Response.json({ error: { code: "validation", message: "Some fields need attention.", fieldErrors: fieldErrorsFrom(parsed.error) } }, { status: 400 });
  try {
    const result = await exportConfig({ ctx: { user, request: await getRequestMeta() }, input: parsed.data });
    const wanted = sp.get("file");
    const file = result.files.find((f) => f.name === wanted) ?? result.files[0]!;
    return new Response(file.text, {
      headers: {
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": `attachment; filename="${file.name}"`,
        "cache-control": "no-store",
        "x-gatehouse-secrets-to-fill": String(result.secretsToFill.length),
      },
    });
  } catch (error) {
    return errorResponse(error, "config.export");
  }
}
