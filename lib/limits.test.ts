import { describe, expect, it } from "vitest";

import { consumerAliasSchema } from "@/lib/aliases/schemas";
import { createBindingSchema } from "@/lib/bindings/schemas";
import { credentialCreateSchema } from "@/lib/credentials/schemas";
import { modelNameSchema } from "@/lib/explain/schemas";
import { amountSchema, extendKeySchema, issueKeySchema, limitValueSchema } from "@/lib/keys/schemas";
import { credentialNameSchema } from "@/lib/litellm/schemas/credentials";
import { modelDraftSchema } from "@/lib/models/draft-schema";
import { modelEditSchema } from "@/lib/models/queries";
import { createTeamSchema, teamPolicySchema } from "@/lib/teams/schemas";

import { hasForbiddenNameChars, MAX_NAME_LENGTH, MAX_SECRET_LENGTH, nameSchema } from "./limits";

const ONE_MB = "a".repeat(1_000_000);
const RTL_NUL = "gpt\u202e4o\u0000";

/** field path → messages, the way forms map them back onto inputs. */
function fieldErrors(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown) {
  const result = schema.safeParse(input);
  const out: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

const draft = (over: Record<string, unknown> = {}) => ({
  providerFlowId: "vllm",
  alias: "granite",
  upstreamModel: "granite-3.3-8b-instruct",
  mode: "chat",
  params: { api_base: "https://vllm.example.com/v1", api_key: "placeholder-key-123" },
  ...over,
});

const policy = (allowedModels: string[]) => ({
  teamId: "platform",
  maxKeyBudgetUsd: 10,
  maxKeyDurationDays: 30,
  allowedModels,
  maxActiveKeysPerMember: 3,
  membersCanIssue: true,
  defaultBudgetPeriod: "none",
});

describe("the shared name rules", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["a newline", "a\nb"],
    ["DEL", "a\u007fb"],
    ["a C1 control", "a\u0085b"],
    ["a right-to-left override", "a\u202eb"],
    ["a left-to-right embedding", "a\u202ab"],
    ["an isolate", "a\u2066b"],
    ["the Arabic letter mark", "a\u061cb"],
    ["a zero-width space", "a\u200bb"],
    ["a byte-order mark", "a\ufeffb"],
  ])("refuses %s", (_what, value) => {
    expect(hasForbiddenNameChars(value)).toBe(true);
    expect(nameSchema("A name").safeParse(value).success).toBe(false);
  });

  it("accepts ordinary names, accents and scripts included, and trims", () => {
    for (const ok of ["text-embedding-3-small", "azure/gpt-4o", "Équipe données", "模型-1", "team.ops_2"]) {
      expect(nameSchema("A name").parse(` ${ok} `)).toBe(ok);
    }
  });

  it(`caps every name at ${MAX_NAME_LENGTH} characters, whatever max a schema asks for`, () => {
    expect(nameSchema("A name", { max: 10_000 }).safeParse("a".repeat(MAX_NAME_LENGTH + 1)).success).toBe(false);
    expect(nameSchema("A name").safeParse("a".repeat(MAX_NAME_LENGTH)).success).toBe(true);
  });
});

describe("every schema that names something uses them", () => {
  it("the wizard refuses a 1 MB alias with a field error on alias", () => {
    const errors = fieldErrors(modelDraftSchema, draft({ alias: ONE_MB }));
    expect(errors.alias).toEqual([`An alias is at most ${MAX_NAME_LENGTH} characters`]);
  });

  it("the wizard refuses an RTL override + NUL in the alias and the upstream model, tags and access groups", () => {
    const errors = fieldErrors(modelDraftSchema, draft({ alias: RTL_NUL, upstreamModel: RTL_NUL, tags: ["ok", RTL_NUL], accessGroups: [ONE_MB] }));
    expect(errors.alias?.[0]).toContain("Remove control, invisible or text-direction characters");
    expect(errors.upstreamModel?.[0]).toContain("Remove control");
    expect(errors["tags.1"]?.[0]).toContain("Remove control");
    expect(errors["accessGroups.0"]?.[0]).toContain(`at most ${MAX_NAME_LENGTH} characters`);
  });

  it("the wizard caps the api_key and every connection value", () => {
    const errors = fieldErrors(modelDraftSchema, draft({ params: { api_base: "https://vllm.example.com/v1", api_key: "k".repeat(MAX_SECRET_LENGTH + 1) } }));
    expect(errors["params.api_key"]?.[0]).toContain("at most 16,384 characters");
  });

  it("the model edit form refuses a 1 MB or RTL alias", () => {
    const base = { id: "m-1", mode: "chat" };
    expect(fieldErrors(modelEditSchema, { ...base, alias: ONE_MB }).alias?.[0]).toContain("at most 200 characters");
    expect(fieldErrors(modelEditSchema, { ...base, alias: RTL_NUL }).alias?.[0]).toContain("Remove control");
  });

  it("the alias registry refuses a 1 MB alias and a consumer with NUL", () => {
    const entry = { alias: ONE_MB, consumer: "rag\u0000", kind: "chat", required: true };
    const errors = fieldErrors(consumerAliasSchema, entry);
    expect(errors.alias?.[0]).toContain("at most 200 characters");
    expect(errors.consumer?.[0]).toContain("Remove control");
  });

  it("team policy allowedModels items and team names and models follow the same rules", () => {
    expect(fieldErrors(teamPolicySchema, policy(["gpt-4o", ONE_MB]))["allowedModels.1"]?.[0]).toContain("at most 200 characters");
    expect(fieldErrors(teamPolicySchema, policy([RTL_NUL]))["allowedModels.0"]?.[0]).toContain("Remove control");
    const team = fieldErrors(createTeamSchema, { teamAlias: "ops\u202e", models: [ONE_MB] });
    expect(team.teamAlias?.[0]).toContain("Remove control");
    expect(team["models.0"]?.[0]).toContain("at most 200 characters");
  });

  it("the playground's and the access explainer's model name follow the same rules", () => {
    expect(modelNameSchema.safeParse(ONE_MB).success).toBe(false);
    expect(modelNameSchema.safeParse(RTL_NUL).error?.issues[0]?.message).toContain("Remove control");
  });

  it("key models and tags follow the same rules", () => {
    const errors = fieldErrors(issueKeySchema, { ownerKind: "team", teamId: "platform", models: [RTL_NUL], tags: [ONE_MB] });
    expect(errors["models.0"]?.[0]).toContain("Remove control");
    expect(errors["tags.0"]?.[0]).toContain("at most 200 characters");
  });

  it("credential names are capped and their values are capped like every secret", () => {
    expect(credentialNameSchema.safeParse("a".repeat(MAX_NAME_LENGTH + 1)).success).toBe(false);
    const errors = fieldErrors(credentialCreateSchema, { name: "ok", provider: "OpenAI", values: { api_key: "k".repeat(MAX_SECRET_LENGTH + 1) } });
    expect(errors["values.api_key"]?.[0]).toContain("at most 16,384 characters");
  });

  it.each(["../../x", "a/../b", "./a", "a//b", "a/", ".."])("credential names refuse the dot or empty segment in %j", (name) => {
    const result = credentialNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("no empty, '.' or '..' parts");
  });

  it("group binding names refuse control and direction characters too", () => {
    expect(fieldErrors(createBindingSchema, { group: "admins\u202e", kind: "admin" }).group?.[0]).toContain("Remove control");
  });

  it("credential names with real segments still work", () => {
    expect(credentialNameSchema.parse("azure/eu-west/prod")).toBe("azure/eu-west/prod");
  });
});

describe("key budgets and limits take numbers only (issue 12 #5)", () => {
  it.each([[[1]], [true], [false], [{}], ["0x10"], ["1,5"], ["abc"]])("refuses %j", (value) => {
    expect(amountSchema.safeParse(value).success).toBe(false);
    expect(limitValueSchema.safeParse(value).success).toBe(false);
  });

  it("accepts numbers and numeric text, and blanks as not set", () => {
    expect(amountSchema.parse("2.50")).toBe(2.5);
    expect(amountSchema.parse(10)).toBe(10);
    expect(amountSchema.parse("")).toBeNull();
    expect(amountSchema.parse(undefined)).toBeNull();
    expect(limitValueSchema.parse(" 60 ")).toBe(60);
  });

  it("an issue-key request with max budget [1] or true gets a field error, not a $1 budget", () => {
    const base = { ownerKind: "team", teamId: "platform" };
    expect(fieldErrors(issueKeySchema, { ...base, maxBudgetUsd: [1] }).maxBudgetUsd).toBeDefined();
    expect(fieldErrors(issueKeySchema, { ...base, maxBudgetUsd: true }).maxBudgetUsd).toBeDefined();
    expect(extendKeySchema.safeParse({ token: "a".repeat(64), days: [7] }).success).toBe(false);
    expect(extendKeySchema.parse({ token: "a".repeat(64), days: "7" }).days).toBe(7);
  });
});
