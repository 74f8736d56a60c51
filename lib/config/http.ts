import "server-only";

import { isDomainError } from "@/lib/errors";
import { toActionError } from "@/lib/safe-action";

import { MAX_CONFIG_BYTES } from "./safe-yaml";

/** A domain error as the config routes answer it: status by code, the message, field errors. */
export function errorResponse(error: unknown, route: string): Response {
  const shown = toActionError(error, route);
  const status = !isDomainError(error)
    ? 500
    : ({ unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, validation: 400, rate_limited: 429, upstream: 502 } as Record<string, number>)[error.code] ?? 400;
  return Response.json({ error: shown }, { status });
}

/** The uploaded file and the JSON options of a plan or apply request (multipart: `file` + `options`). */
export async function readUpload(request: Request): Promise<{ bytes: Uint8Array; options: unknown } | Response> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_CONFIG_BYTES + 64 * 1024) {
    return Response.json({ error: { code: "validation", message: `The file is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB; nothing was read.` } }, { status: 413 });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return Response.json({ error: { code: "validation", message: "Send the file as multipart form data (file, options)." } }, { status: 400 });
  }
  const file = form.get("file");
  if (!(file instanceof Blob)) return Response.json({ error: { code: "validation", message: "Choose or paste a file first.", fieldErrors: { file: ["Choose or paste a file first."] } } }, { status: 400 });
  let options: unknown = {};
  try {
    options = JSON.parse(String(form.get("options") ?? "{}"));
  } catch {
    return Response.json({ error: { code: "validation", message: "options must be JSON." } }, { status: 400 });
  }
  return { bytes: new Uint8Array(await file.arrayBuffer()), options };
}
