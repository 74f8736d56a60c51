import { describe, expect, it } from "vitest";

import { exportBundle, exportLiteLLMConfig, exportOperator, parseConfigText, type LiveDeployment } from "./formats";
import { decodeConfigBytes, MAX_CONFIG_BYTES, parseYamlDocuments, YamlInputError } from "./safe-yaml";

const live: LiveDeployment[] = [
  {
    model_name: "text-embedding-3-small",
    litellm_params: { model: "openai/text-embedding-3-small", litellm_credential_name: "upstream-openai", rpm: null },
    model_info: { id: "e1", mode: "embedding", base_model: "text-embedding-3-small", output_vector_size: 1536, db_model: true, max_tokens: 8191, litellm_provider: "openai" },
  },
  {
    model_name: "gpt-4o-mini",
    litellm_params: { model: "openai/gpt-4o-mini", api_base: "http://127.0.0.1:4110/v1", rpm: 60 },
    model_info: { id: "c2", mode: "chat", access_groups: ["b", "a"], db_model: true, input_cost_per_token: 1e-7 },
  },
  {
    model_name: "gpt-4o-mini",
    litellm_params: { model: "openai/gpt-4o-mini", api_base: "http://127.0.0.1:4110/v1" },
    model_info: { id: "c1", mode: "chat", db_model: true },
  },
  { model_name: "llama3", litellm_params: { model: "ollama_chat/llama3", api_base: "http://127.0.0.1:4110" }, model_info: { id: "o1", mode: "chat" } },
];

describe("safe YAML", () => {
  it("refuses duplicate keys, anchor bombs, control characters, over-size and non-UTF-8 input with clear messages", () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(YamlInputError);
        return (e as YamlInputError).issues.map((i) => i.message).join("\n");
      }
      throw new Error("expected an error");
    };
    expect(err(() => parseYamlDocuments("a: 1\na: 2\n"))).toMatch(/Duplicate key.*line 2/);
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    expect(err(() => parseYamlDocuments(bomb))).toMatch(/expands too many aliases/);
    expect(err(() => parseYamlDocuments("a: b\u0000c\n"))).toMatch(/control character \(U\+0000\) at line 1/);
    expect(err(() => decodeConfigBytes(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0xfe])))).toMatch(/not UTF-8/);
    expect(err(() => decodeConfigBytes(new Uint8Array(MAX_CONFIG_BYTES + 1)))).toMatch(/limit is 10 MB/);
    expect(err(() => parseYamlDocuments("model_list: [unclosed"))).toMatch(/^Not valid YAML/);
  });
});

describe("config.yaml", () => {
  it("exports sorted, with secrets as os.environ references and only operator-set model_info", () => {
    const out = exportLiteLLMConfig({ deployments: live, credentials: [{ credential_name: "upstream-openai", credential_values: { api_key: "sk-u****", api_base: "http://x" }, credential_info: { custom_llm_provider: "openai" } }] });
    const text = out.files[0]!.text;
    expect(text).toMatchInlineSnapshot(`
      "# Exported by Gatehouse (LiteLLM config.yaml). Secrets are not included; fill these before applying:
      #   GPT_4O_MINI_2_API_KEY
      #   GPT_4O_MINI_API_KEY
      #   UPSTREAM_OPENAI_API_BASE
      #   UPSTREAM_OPENAI_API_KEY

      model_list:
        - model_name: gpt-4o-mini
          litellm_params:
            model: openai/gpt-4o-mini
            api_base: http://127.0.0.1:4110/v1
            api_key: os.environ/GPT_4O_MINI_API_KEY
          model_info:
            id: c1
            mode: chat
        - model_name: gpt-4o-mini
          litellm_params:
            model: openai/gpt-4o-mini
            api_base: http://127.0.0.1:4110/v1
            api_key: os.environ/GPT_4O_MINI_2_API_KEY
            rpm: 60
          model_info:
            id: c2
            access_groups:
              - a
              - b
            mode: chat
        - model_name: llama3
          litellm_params:
            model: ollama_chat/llama3
            api_base: http://127.0.0.1:4110
          model_info:
            id: o1
            mode: chat
        - model_name: text-embedding-3-small
          litellm_params:
            model: openai/text-embedding-3-small
            litellm_credential_name: upstream-openai
          model_info:
            id: e1
            base_model: text-embedding-3-small
            mode: embedding
            output_vector_size: 1536
      credential_list:
        - credential_name: upstream-openai
          credential_values:
            api_base: os.environ/UPSTREAM_OPENAI_API_BASE
            api_key: os.environ/UPSTREAM_OPENAI_API_KEY
          credential_info:
            custom_llm_provider: openai
      "
    `);
    expect(text).not.toContain("sk-u");
    expect(out.secretsToFill).toContain("GPT_4O_MINI_API_KEY");
    // Export order does not depend on the order LiteLLM listed them in.
    expect(exportLiteLLMConfig({ deployments: [...live].reverse() }).files[0]!.text).toBe(exportLiteLLMConfig({ deployments: live }).files[0]!.text);
  });

  it("parses its own export back to the same deployments", () => {
    const text = exportLiteLLMConfig({ deployments: live }).files[0]!.text;
    const parsed = parseConfigText(text);
    expect(parsed.issues).toEqual([]);
    expect(parsed.format).toBe("litellm-config");
    expect(parsed.deployments.map((d) => [d.origin, d.model_name, d.model_info.id])).toEqual([
      ["model_list[0]", "gpt-4o-mini", "c1"],
      ["model_list[1]", "gpt-4o-mini", "c2"],
      ["model_list[2]", "llama3", "o1"],
      ["model_list[3]", "text-embedding-3-small", "e1"],
    ]);
  });

  it("names unknown fields by path, notes other sections and rejects bad shapes", () => {
    const parsed = parseConfigText(
      [
        "litellm_settings: { drop_params: true }",
        "modelz: []",
        "model_list:",
        "  - model_name: a",
        "    litellm_params: { model: openai/x, apiBase: http://h }",
        "    params: {}",
        "  - model_name: ''",
        "    litellm_params: { model: openai/y }",
        "  - model_name: b",
        "  - model_name: c\\u0007",
        "    litellm_params: { model: openai/z }",
      ].join("\n").replace("c\\u0007", '"c\\u0007"'),
    );
    expect(parsed.notes).toEqual([expect.stringMatching(/^litellm_settings: not planned/)]);
    expect(parsed.issues).toEqual(
      expect.arrayContaining([
        { path: "modelz", message: "unknown field" },
        { path: "model_list[0].params", message: "unknown field (did you mean litellm_params?)" },
        { path: "model_list[0].litellm_params.apiBase", message: "unknown field (did you mean api_base?)" },
        { path: "model_list[1].model_name", message: "must be the public alias (text)" },
        { path: "model_list[2].litellm_params", message: "required (a mapping with at least model)" },
        { path: "model_list[3].model_name", message: "Remove control, invisible or text-direction characters (and line breaks)" },
      ]),
    );
    expect(parsed.deployments).toEqual([]);
  });
});

describe("operator resources", () => {
  it("exports Secret templates, Models (camelCase, costs as strings) and Teams, and reads them back", () => {
    const out = exportOperator({
      deployments: [live[1]!, { ...live[3]!, litellm_params: { ...live[3]!.litellm_params, input_cost_per_token: 0.000001 } }],
      teams: [{ team_id: "team-search", team_alias: "search", models: ["b", "a"], max_budget: 100 }],
      target: { instanceName: "litellm-prod", namespace: "ai" },
    });
    const text = out.files[0]!.text;
    expect(out.files.map((f) => f.name)).toEqual(["litellm-resources.yaml", "kustomization.yaml"]);
    expect(text).toContain("kind: Secret");
    expect(text).toContain('api_key: ""');
    expect(text).toContain("litellmParams:\n    model: openai/gpt-4o-mini\n    apiBase: http://127.0.0.1:4110/v1\n    rpm: 60");
    expect(text).toContain('inputCostPerToken: "0.000001"');
    expect(text).toContain("instanceRef:\n      name: litellm-prod\n      namespace: ai");
    expect(text).toContain("kind: Team");
    expect(out.secretsToFill).toEqual(["gpt-4o-mini-c2-secret/api_key"]);

    const parsed = parseConfigText(text);
    expect(parsed.format).toBe("operator");
    expect(parsed.issues).toEqual([]);
    expect(parsed.deployments[0]).toMatchObject({
      origin: "Model/gpt-4o-mini-c2",
      model_name: "gpt-4o-mini",
      litellm_params: { model: "openai/gpt-4o-mini", api_base: "http://127.0.0.1:4110/v1", rpm: 60, api_key: "os.environ/GPT_4O_MINI_C2_SECRET_API_KEY" },
      model_info: { id: "c2", mode: "chat", access_groups: ["a", "b"] },
    });
    expect(parsed.deployments[1]!.litellm_params.input_cost_per_token).toBe(0.000001);
    expect(parsed.teams).toEqual([expect.objectContaining({ team_id: "team-search", team_alias: "search", models: ["a", "b"], max_budget: 100 })]);
  });

  it("skips other kinds with a note and names unknown and snake_case fields", () => {
    const parsed = parseConfigText(
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: { name: web }",
        "---",
        "apiVersion: litellm.litellm.ai/v1alpha1",
        "kind: Model",
        "metadata: { name: m }",
        "spec:",
        "  modelName: m",
        "  litellmParams: { model: openai/m, api_base: http://x }",
        "  replicas: 2",
      ].join("\n"),
    );
    expect(parsed.notes).toEqual([expect.stringMatching(/^Deployment\/web \(apps\/v1\): skipped/)]);
    expect(parsed.issues).toEqual(
      expect.arrayContaining([
        { path: "Model/m.spec.replicas", message: "unknown field" },
        { path: "Model/m.spec.connectionRef", message: "required: instanceRef (a LiteLLMInstance) or secretRef" },
        { path: "Model/m.spec.litellmParams.api_base", message: "unknown field (operator fields are camelCase: apiBase)" },
      ]),
    );
  });
});

describe("bundle", () => {
  it("round-trips consumer aliases, team policies and group bindings in a stable order", () => {
    const out = exportBundle({
      consumerAliases: [
        { alias: "emb", consumer: "rag", kind: "embedding", dimension: 1536, required: true },
        { alias: "chat", consumer: "bot", kind: "chat", required: false, note: "n" },
      ],
      teamPolicies: [{ teamId: "t1", maxKeyBudgetUsd: 10, maxKeyDurationDays: 30, allowedModels: ["b", "a"], maxActiveKeysPerMember: 2, membersCanIssue: true, defaultBudgetPeriod: null }],
      groupBindings: [
        { group: "viewers", kind: "viewer" },
        { group: "admins", kind: "admin" },
        { group: "t1-devs", kind: "team", teamId: "t1", teamRole: "member" },
      ],
    });
    const parsed = parseConfigText(out.files[0]!.text);
    expect(parsed.issues).toEqual([]);
    expect(parsed.format).toBe("bundle");
    expect(parsed.bundle!.consumerAliases.map((a) => a.alias)).toEqual(["chat", "emb"]);
    expect(parsed.bundle!.teamPolicies[0]!.allowedModels).toEqual(["a", "b"]);
    const again = exportBundle({ consumerAliases: parsed.bundle!.consumerAliases, teamPolicies: parsed.bundle!.teamPolicies, groupBindings: parsed.bundle!.groupBindings });
    expect(again.files[0]!.text).toBe(out.files[0]!.text);
  });

  it("a policy allowing all of the team's models ([]) is accepted and round-trips; a missing list is still an error", () => {
    const policy = { teamId: "t1", maxKeyBudgetUsd: 5, maxKeyDurationDays: 7, allowedModels: [], maxActiveKeysPerMember: 1, membersCanIssue: true, defaultBudgetPeriod: null };
    const out = exportBundle({ consumerAliases: [], teamPolicies: [policy], groupBindings: [] });
    expect(out.files[0]!.text).toContain("allowedModels: []");
    const parsed = parseConfigText(out.files[0]!.text);
    expect(parsed.issues).toEqual([]);
    expect(parsed.bundle!.teamPolicies).toEqual([policy]);
    expect(exportBundle({ consumerAliases: [], teamPolicies: parsed.bundle!.teamPolicies, groupBindings: [] }).files[0]!.text).toBe(out.files[0]!.text);
    const missing = parseConfigText("apiVersion: gatehouse/v1\nkind: Bundle\nteamPolicies:\n  - { teamId: t, maxKeyBudgetUsd: 1, maxKeyDurationDays: 1, maxActiveKeysPerMember: 1, membersCanIssue: true }\n");
    expect(missing.issues).toContainEqual({ path: "teamPolicies[0].allowedModels", message: "must be a list of model names ([] = all of the team's models)" });
  });

  it("reports bad entries by path", () => {
    const parsed = parseConfigText("apiVersion: gatehouse/v1\nkind: Bundle\nconsumerAliases:\n  - { alias: e, consumer: c, kind: embedding }\nteamPolicies:\n  - { teamId: t, maxKeyBudgetUsd: -1 }\ngroupBindings: { admins: [x] }\n");
    expect(parsed.issues).toEqual(
      expect.arrayContaining([
        { path: "consumerAliases[0].dimension", message: "embedding aliases need a dimension" },
        { path: "teamPolicies[0].maxKeyBudgetUsd", message: "must be a number of at least 0" },
        expect.objectContaining({ path: "groupBindings.admins" }),
      ]),
    );
  });
});
