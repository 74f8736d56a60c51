import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";

import { createFakeFetch, deployment, json, type RecordedCall } from "./__fixtures__/fake-fetch";
import openapi from "./__fixtures__/openapi-schemas.json";
import { createLiteLLMClient, type LiteLLMClient } from "./index";

/**
 * Every request body the client builds must validate against the matching request schema of LiteLLM 1.96.0's
 * OpenAPI document (copied into __fixtures__/openapi-schemas.json by extract-openapi-schemas.mjs), and must not
 * invent top-level fields the schema does not declare.
 */
type JsonSchema = { properties?: Record<string, unknown>; additionalProperties?: unknown };
const schemas = openapi.components.schemas as Record<string, JsonSchema>;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: "litellm", components: openapi.components });

function validate(schemaName: string, body: unknown): string[] {
  const check = ajv.getSchema(`litellm#/components/schemas/${schemaName}`);
  if (!check) throw new Error(`no schema ${schemaName}`);
  const errors: string[] = [];
  if (!check(body)) errors.push(...(check.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`));
  const declared = Object.keys(schemas[schemaName]?.properties ?? {});
  if (body && typeof body === "object") {
    for (const key of Object.keys(body)) if (!declared.includes(key)) errors.push(`/${key} is not a ${schemaName} property`);
  }
  return errors;
}

const MODEL_ID = "0b9e4f5e-7f0c-4a39-9a56-3d1f1f3c6a11";

function liteLLM(version: string) {
  const fake = createFakeFetch({
    version,
    routes: {
      "POST /model/new": () => json({ model_id: MODEL_ID }),
      "GET /model/info": (c) =>
        json({
          data: [deployment(c.query.get("litellm_model_id") ?? MODEL_ID, { litellm_params: { litellm_credential_name: "openai-prod" } })],
        }),
      [`PATCH /model/${MODEL_ID}/update`]: () => json({}),
      "POST /model/update": () => json({}),
      "POST /model/delete": () => json({ message: `Model: ${MODEL_ID} deleted successfully` }),
      "POST /key/generate": () => json({ key: "sk-newrawkey12345678", token: "tok1", key_name: "sk-...5678", expires: null }),
      "POST /key/update": () => json({ key: "tok1", token: "tok1", expires: "2030-01-01T00:00:00Z" }),
      "POST /key/delete": () => json({ deleted_keys: ["tok1"] }),
      "POST /key/block": () => json({ token: "tok1", blocked: true }),
      "POST /key/unblock": () => json({ token: "tok1", blocked: false }),
      "POST /key/regenerate": () => json({ key: "sk-regenerated1234567", token: "tok2" }),
      "GET /key/list": () => json({ keys: [{ token: "tok1", key_alias: "ci-bot" }], total_count: 1, current_page: 1, total_pages: 1 }),
      "POST /team/new": () => json({ team_id: "t1", team_alias: "Search" }),
      "POST /team/update": () => json({ team_id: "t1", data: { team_id: "t1" } }),
      "POST /team/member_add": () => json({ team_id: "t1" }),
      "POST /team/member_delete": () => json({ team_id: "t1" }),
      "POST /user/new": () => json({ user_id: "u1" }),
      "POST /user/update": () => json({ user_id: "u1" }),
      "POST /credentials": () => json({ success: true, message: "Credential created successfully" }),
      "PATCH /credentials/openai-prod": () => json({ success: true, message: "Credential updated successfully" }),
      "POST /health/test_connection": () => json({ status: "success", result: {} }),
    },
  });
  const client = createLiteLLMClient({ baseUrl: "http://litellm.test", masterKey: "sk-master-0123456789", fetch: fake.fetch });
  return { client, fake };
}

interface BuilderCase {
  name: string;
  version?: string;
  run: (c: LiteLLMClient) => Promise<unknown>;
  /** [method path, schema] for every write the call must make, in order. */
  expect: Array<[string, string]>;
}

const builders: BuilderCase[] = [
  {
    name: "models.create",
    run: (c) =>
      c.models.create({
        model_name: "gpt-4o",
        litellm_params: { model: "openai/gpt-4o", api_key: "sk-provider-abcdef123456", rpm: 100, tpm: 20000, timeout: 30 },
        model_info: { mode: "chat", access_groups: ["default"] },
      }),
    expect: [["POST /model/new", "Deployment"]],
  },
  {
    name: "models.create (embedding with dimensions)",
    run: (c) =>
      c.models.create({
        model_name: "embed",
        litellm_params: { model: "openai/text-embedding-3-small", litellm_credential_name: "openai-prod", dimensions: 512 },
        model_info: { mode: "embedding", output_vector_size: 512 },
      }),
    expect: [["POST /model/new", "Deployment"]],
  },
  {
    name: "models.update via PATCH",
    run: (c) => c.models.update(MODEL_ID, { model_name: "gpt-4o-eu", litellm_params: { rpm: 5 }, model_info: { mode: "chat" } }),
    expect: [[`PATCH /model/${MODEL_ID}/update`, "updateDeployment"]],
  },
  {
    name: "models.update via POST on an old proxy",
    version: "1.77.0",
    run: (c) => c.models.update(MODEL_ID, { litellm_params: { api_base: "https://eu.example.com/v1" } }),
    expect: [["POST /model/update", "updateDeployment"]],
  },
  {
    name: "models.update clearing a credential (explicit null on PATCH)",
    run: (c) => c.models.update(MODEL_ID, { clear: ["litellm_credential_name"] }).catch(() => undefined),
    expect: [[`PATCH /model/${MODEL_ID}/update`, "updateDeployment"]],
  },
  { name: "models.delete", run: (c) => c.models.delete(MODEL_ID), expect: [["POST /model/delete", "ModelInfoDelete"]] },
  {
    name: "keys.generate",
    run: (c) =>
      c.keys.generate({
        key_alias: "ci-bot",
        duration: "30d",
        models: ["gpt-4o"],
        max_budget: 25,
        tpm_limit: 1000,
        rpm_limit: 60,
        budget_duration: "30d",
        team_id: "t1",
        metadata: { owner: "ci" },
      }),
    expect: [["POST /key/generate", "GenerateKeyRequest"]],
  },
  {
    name: "keys.generate with duration on 1.80 (generate, then exact update)",
    version: "1.80.0",
    run: (c) => c.keys.generate({ key_alias: "ci-bot", duration: "30d", max_budget: 10 }),
    expect: [
      ["POST /key/generate", "GenerateKeyRequest"],
      ["POST /key/update", "UpdateKeyRequest"],
    ],
  },
  {
    name: "keys.update by hash",
    run: (c) => c.keys.update("tok1", { max_budget: null, rpm_limit: 10, models: ["gpt-4o"], blocked: false }),
    expect: [["POST /key/update", "UpdateKeyRequest"]],
  },
  {
    name: "keys.update by alias (1.96 sends key_alias)",
    run: (c) => c.keys.update({ alias: "ci-bot" }, { duration: "7d" }),
    expect: [["POST /key/update", "UpdateKeyRequest"]],
  },
  {
    name: "keys.delete",
    run: (c) => c.keys.delete({ keys: ["sk-rawkeyrawkey12345", "tok1"], key_aliases: ["old"] }),
    expect: [["POST /key/delete", "KeyRequest"]],
  },
  { name: "keys.block", run: (c) => c.keys.block("tok1"), expect: [["POST /key/block", "BlockKeyRequest"]] },
  { name: "keys.unblock", run: (c) => c.keys.unblock("tok1"), expect: [["POST /key/unblock", "BlockKeyRequest"]] },
  {
    name: "keys.regenerate",
    run: (c) => c.keys.regenerate("tok1", { grace_period: "1h", max_budget: 5 }),
    expect: [["POST /key/regenerate", "RegenerateKeyRequest"]],
  },
  {
    name: "teams.create",
    run: (c) =>
      c.teams.create({
        team_alias: "Search",
        models: ["gpt-4o"],
        max_budget: 100,
        rpm_limit: 600,
        budget_duration: "30d",
        members_with_roles: [{ role: "admin", user_email: "a@example.com" }],
        metadata: { cost_center: "42" },
      }),
    expect: [["POST /team/new", "NewTeamRequest"]],
  },
  {
    name: "teams.update",
    run: (c) => c.teams.update({ team_id: "t1", max_budget: 200, models: ["gpt-4o", "embed"], blocked: false }),
    expect: [["POST /team/update", "UpdateTeamRequest"]],
  },
  {
    name: "teams.memberAdd",
    run: (c) => c.teams.memberAdd({ team_id: "t1", member: [{ role: "user", user_id: "u1" }], max_budget_in_team: 10 }),
    expect: [["POST /team/member_add", "TeamMemberAddRequest"]],
  },
  {
    name: "teams.memberDelete",
    run: (c) => c.teams.memberDelete({ team_id: "t1", user_id: "u1" }),
    expect: [["POST /team/member_delete", "TeamMemberDeleteRequest"]],
  },
  {
    name: "users.create",
    run: (c) => c.users.create({ user_email: "a@example.com", user_role: "internal_user", max_budget: 20, teams: ["t1"] }),
    expect: [["POST /user/new", "NewUserRequest"]],
  },
  {
    name: "users.update",
    run: (c) => c.users.update({ user_id: "u1", user_role: "proxy_admin_viewer", tpm_limit: 10 }),
    expect: [["POST /user/update", "UpdateUserRequest"]],
  },
  {
    name: "credentials.create",
    run: (c) =>
      c.credentials.create({
        credential_name: "openai-prod",
        credential_info: { custom_llm_provider: "openai", description: "prod" },
        credential_values: { api_key: "sk-provider-abcdef123456" },
      }),
    expect: [["POST /credentials", "CreateCredentialItem"]],
  },
  {
    name: "credentials.update",
    run: (c) =>
      c.credentials.update("openai-prod", {
        credential_name: "openai-prod",
        credential_info: { custom_llm_provider: "openai" },
        credential_values: { api_base: "https://api.openai.com/v1" },
      }),
    expect: [["PATCH /credentials/openai-prod", "CredentialItem"]],
  },
  {
    name: "health.testConnection",
    run: (c) =>
      c.health.testConnection({ mode: "embedding", litellm_params: { model: "openai/text-embedding-3-small", api_key: "sk-provider-x" } }),
    expect: [["POST /health/test_connection", "Body_test_model_connection_health_test_connection_post"]],
  },
];

function writes(calls: RecordedCall[]): RecordedCall[] {
  return calls.filter((c) => c.method !== "GET");
}

describe("request builders validate against LiteLLM 1.96.0's OpenAPI request schemas", () => {
  it("the fixture holds every schema named in the brief, with their $refs", () => {
    for (const name of [
      "Deployment",
      "updateDeployment",
      "LiteLLM_Params",
      "ModelInfo",
      "ModelInfoDelete",
      "GenerateKeyRequest",
      "UpdateKeyRequest",
      "KeyRequest",
      "BlockKeyRequest",
      "RegenerateKeyRequest",
      "NewTeamRequest",
      "UpdateTeamRequest",
      "TeamMemberAddRequest",
      "TeamMemberDeleteRequest",
      "NewUserRequest",
      "UpdateUserRequest",
      "CreateCredentialItem",
      "CredentialItem",
      "Body_test_model_connection_health_test_connection_post",
      "updateLiteLLMParams",
      "Member",
    ]) {
      expect(schemas[name], name).toBeDefined();
    }
  });

  it("the validator can fail: strings for numbers and unknown fields are rejected", () => {
    expect(validate("GenerateKeyRequest", { max_budget: "10" })).not.toEqual([]);
    expect(validate("GenerateKeyRequest", { maxBudget: 10 })).toEqual(["/maxBudget is not a GenerateKeyRequest property"]);
    expect(validate("Deployment", { model_name: "x", litellm_params: { model: "y" } })).not.toEqual([]);
    expect(validate("ModelInfoDelete", { id: "x" })).toEqual([]);
  });

  it.each(builders)("$name", async (b) => {
    const { client, fake } = liteLLM(b.version ?? "1.96.0");
    await b.run(client);
    const made = writes(fake.calls);
    expect(made.map((c) => `${c.method} ${c.path}`)).toEqual(b.expect.map(([route]) => route));
    b.expect.forEach(([, schema], i) => {
      expect(validate(schema, made[i]!.body), `${schema}: ${JSON.stringify(made[i]!.body)}`).toEqual([]);
    });
  });

  it("models.create always sends a uuid model_info.id (§8.20)", async () => {
    const { client, fake } = liteLLM("1.96.0");
    await client.models.create({ model_name: "gpt-4o", litellm_params: { model: "openai/gpt-4o" } });
    const body = writes(fake.calls)[0]!.body as { model_info: { id: string } };
    expect(body.model_info.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("numbers are refused as strings before anything is sent (§8.21)", async () => {
    const { client, fake } = liteLLM("1.96.0");
    // @ts-expect-error — the type forbids it; the runtime check is for callers that bypass types (form data).
    await expect(client.keys.generate({ max_budget: "10" })).rejects.toMatchObject({ type: "invalid_request" });
    expect(writes(fake.calls)).toEqual([]);
  });
});
