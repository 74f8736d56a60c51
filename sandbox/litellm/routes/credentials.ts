// Stored provider credentials — CONTRACT.md §2.2 (including the HTTP-200 error bodies, shape E).
import type { Ctx, RouteDef } from "../context";
import { ok } from "../context";
import { proxyError, requireBodyObject, returnedExceptionBody, validationError, Validator } from "../errors";
import type { CredentialRow } from "../state";
import { nowIso } from "../util";
import { credentialKeysOf } from "../providers";
import { actorOf } from "./models";

/** §2.2: values are masked to their first 4 characters + "****". */
export function maskValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === "string" ? `${v.slice(0, 4)}****` : v;
  return out;
}

function itemOut(c: CredentialRow) {
  return { credential_name: c.credential_name, credential_values: maskValues(c.credential_values), credential_info: c.credential_info };
}

const UNIQUE_VIOLATION = "Unique constraint failed on the fields: (`credential_name`)";

async function create(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  const name = v.reqString(body, "credential_name", ["body"]);
  const info = v.reqDict(body, "credential_info", ["body"]);
  const values = v.optDict(body, "credential_values", ["body"]);
  const modelId = v.optString(body, "model_id", ["body"]);
  v.throwIfAny();
  if (!values && !modelId) {
    // §2.2: model validator — one of credential_values / model_id.
    throw validationError([
      {
        type: "value_error",
        loc: ["body"],
        msg: "Value error, Either credential_values or model_id must be set",
        input: body,
        ctx: { error: {} },
      },
    ]);
  }
  const store = ctx.sb.store;
  let credValues = values ?? {};
  if (modelId) {
    const m = store.models.get(modelId);
    if (!m) throw proxyError(404, "Model not found", "internal_server_error", "None");
    credValues = credentialKeysOf(m.litellm_params);
  }
  // §2.2: no pre-check — the DB unique violation surfaces as a 500.
  if (store.credentials.has(name!)) throw proxyError(500, `Internal Server Error, ${UNIQUE_VIOLATION}`, "internal_server_error", "None");
  const now = nowIso();
  store.credentials.set(name!, {
    credential_name: name!,
    credential_values: { ...credValues },
    credential_info: { ...info! },
    created_at: now,
    created_by: actorOf(ctx),
    updated_at: now,
    updated_by: actorOf(ctx),
  });
  store.changed();
  return ok({ success: true, message: "Credential created successfully" });
}

async function list(ctx: Ctx) {
  return ok({ success: true, credentials: [...ctx.sb.store.credentials.values()].map(itemOut) });
}

async function byName(ctx: Ctx) {
  const name = ctx.params.credential_name;
  const c = ctx.sb.store.credentials.get(name);
  if (!c) throw proxyError(404, `Credential not found. Got credential name: ${name}`, "internal_server_error", "None");
  return ok(itemOut(c));
}

async function byModel(ctx: Ctx) {
  const id = ctx.params.model_id;
  const m = ctx.sb.store.models.get(id);
  if (!m) throw proxyError(404, "Model not found", "internal_server_error", "None");
  return ok({
    credential_name: `${m.model_name}-credential-${id}`,
    credential_values: maskValues(credentialKeysOf(m.litellm_params)),
    credential_info: {},
  });
}

async function patch(ctx: Ctx) {
  const body = requireBodyObject(ctx.body);
  const v = new Validator();
  const newName = v.reqString(body, "credential_name", ["body"]);
  const info = v.reqDict(body, "credential_info", ["body"]);
  const values = v.reqDict(body, "credential_values", ["body"]);
  v.throwIfAny();
  const store = ctx.sb.store;
  const name = ctx.params.credential_name;
  const c = store.credentials.get(name);
  // §2.2 / §1.2 shape E: the handler *returns* the exception → HTTP 200 with an error body.
  if (!c) return ok(returnedExceptionBody(404, "Credential not found in DB.", "internal_server_error"));
  if (newName !== name && store.credentials.has(newName!)) {
    return ok(returnedExceptionBody(500, `Internal Server Error, ${UNIQUE_VIOLATION}`, "internal_server_error"));
  }
  const updated: CredentialRow = {
    ...c,
    credential_name: newName!,
    credential_values: { ...c.credential_values, ...values! },
    // S1 (1.80.0) replaced credential_info on every patch; S2 merges it.
    credential_info: ctx.sb.cfg.modern ? { ...c.credential_info, ...info! } : { ...info! },
    updated_at: nowIso(),
    updated_by: actorOf(ctx),
  };
  store.credentials.delete(name);
  store.credentials.set(updated.credential_name, updated);
  store.changed();
  return ok({ success: true, message: "Credential updated successfully" });
}

async function remove(ctx: Ctx) {
  // §2.2: deleting an unknown name also reports success (prisma delete() → None, unchecked).
  const store = ctx.sb.store;
  if (store.credentials.delete(ctx.params.credential_name)) store.changed();
  return ok({ success: true, message: "Credential deleted successfully" });
}

export const credentialRoutes: RouteDef[] = [
  { method: "POST", pattern: "/credentials", access: "admin", handler: create },
  { method: "GET", pattern: "/credentials", access: "admin", handler: list },
  { method: "GET", pattern: "/credentials/by_name/:credential_name*", access: "admin", handler: byName },
  { method: "GET", pattern: "/credentials/by_model/:model_id", access: "admin", handler: byModel },
  { method: "PATCH", pattern: "/credentials/:credential_name*", access: "admin", handler: patch },
  { method: "DELETE", pattern: "/credentials/:credential_name*", access: "admin", handler: remove },
];
