import "server-only";

import { parseInput, pathSegment, type ClientContext } from "./http";
import {
  createCredentialInputSchema,
  credentialListResponseSchema,
  credentialNameSchema,
  credentialRecordSchema,
  credentialWriteResponseSchema,
  updateCredentialInputSchema,
  type CreateCredentialInput,
  type CredentialWriteResult,
  type LiteLLMCredential,
  type UpdateCredentialInput,
} from "./schemas/credentials";

/**
 * `{credential_name:path}` routes: names may contain "/", which must stay a separator; every segment is encoded, and
 * an empty, "." or ".." segment is refused here too (the schema already does), so no caller can walk the path.
 */
function namePath(name: string): string {
  return name
    .split("/")
    .map((segment) => pathSegment(segment, "credential name"))
    .join("/");
}

/**
 * Credentials ([BETA] in LiteLLM). GET list, PATCH and DELETE may answer HTTP 200 with an exception body (shape E),
 * so every call here decides success from the body (`detectErrorBody`).
 */
export function createCredentialsApi(ctx: ClientContext) {
  const { http } = ctx;

  /** Values come back masked. Read from the pod's memory: other pods may lag behind a write (§8.15). */
  async function list(): Promise<LiteLLMCredential[]> {
    const res = await http.call({ method: "GET", path: "/credentials", detectErrorBody: true }, credentialListResponseSchema);
    return res.credentials;
  }

  /** Unknown name → 404 (isNotFound). */
  async function get(name: string): Promise<LiteLLMCredential> {
    const valid = parseInput(credentialNameSchema, name, "credentials.get");
    return http.call({ method: "GET", path: `/credentials/by_name/${namePath(valid)}` }, credentialRecordSchema);
  }

  /**
   * The credential fields a deployment holds itself, values masked (`GET /credentials/by_model/{id}`). Tells whether a
   * deployment carries secrets that /model/info strips (api_key, client_secret, vertex_credentials). Unknown id → 404.
   */
  async function byModel(modelId: string): Promise<LiteLLMCredential> {
    return http.call({ method: "GET", path: `/credentials/by_model/${pathSegment(modelId, "model id")}` }, credentialRecordSchema);
  }

  /** A duplicate name surfaces as LiteLLM's 500 (Prisma unique violation); check with `get` first. */
  async function create(rawInput: CreateCredentialInput): Promise<CredentialWriteResult> {
    const body = parseInput(createCredentialInputSchema, rawInput, "credentials.create");
    return http.call({ method: "POST", path: "/credentials", body, detectErrorBody: true }, credentialWriteResponseSchema);
  }

  /** LiteLLM needs all three fields; values and info are merged, `credential_name` in the body renames. */
  async function update(name: string, rawInput: UpdateCredentialInput): Promise<CredentialWriteResult> {
    const valid = parseInput(credentialNameSchema, name, "credentials.update");
    const body = parseInput(updateCredentialInputSchema, rawInput, "credentials.update");
    return http.call(
      { method: "PATCH", path: `/credentials/${namePath(valid)}`, body, detectErrorBody: true },
      credentialWriteResponseSchema,
    );
  }

  /** Note: LiteLLM reports success for a name that does not exist (§2.2). */
  async function remove(name: string): Promise<CredentialWriteResult> {
    const valid = parseInput(credentialNameSchema, name, "credentials.delete");
    return http.call({ method: "DELETE", path: `/credentials/${namePath(valid)}`, detectErrorBody: true }, credentialWriteResponseSchema);
  }

  return { list, get, byModel, create, update, delete: remove };
}

export type CredentialsApi = ReturnType<typeof createCredentialsApi>;
