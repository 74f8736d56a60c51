import { describe, expect, it } from "vitest";
import YAML from "yaml";

import {
  customAuthHeaderOf,
  draftStepSchemas,
  headerCredentialNameFor,
  draftWarnings,
  jsonErrorPosition,
  maskSecrets,
  modelDraftSchema,
  parseJsonObject,
  toConfigYaml,
  toLiteLLMDeployment,
  type ModelDraftInput,
} from "./draft-schema";
import { getFlow } from "./provider-flows";

const AZURE_KEY = "3f9c2a7b1e6d4c8a9b0f1e2d3c4b5a69";
const MODEL_ID = "6f1d0c1e-8a4b-4b7e-9a57-0c2f5e3d9b11";

const azureEmbedding = (over: Partial<ModelDraftInput> = {}): ModelDraftInput => ({
  providerFlowId: "azure",
  alias: "text-embedding-3-large",
  upstreamModel: "rag-embed-large",
  mode: "embedding",
  credentialMode: "inline",
  params: {
    api_base: "https://acme-openai.openai.azure.com/",
    api_version: "2024-10-21",
    api_key: AZURE_KEY,
    base_model: "text-embedding-3-large",
    tenant_id: "",
  },
  limits: { rpm: "600", tpm: "", timeout: 30, maxRetries: 2 },
  pricing: { inputCostPerToken: "0.00000013" },
  outputVectorSize: 3072,
  accessGroups: ["rag", " rag ", ""],
  tags: ["eu"],
  teamId: "",
  advancedJson: '{"drop_params": true}',
  ...over,
});

/** field path → messages, the way the form maps them back onto inputs. */
function fieldErrors(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } },
  input: unknown,
) {
  const result = schema.safeParse(input);
  const out: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

const parse = (input: ModelDraftInput) => modelDraftSchema.parse(input);

describe("toLiteLLMDeployment", () => {
  it("turns an Azure embedding draft into the exact /model/new body", () => {
    expect(toLiteLLMDeployment(parse(azureEmbedding()), { modelId: MODEL_ID })).toEqual({
      model_name: "text-embedding-3-large",
      litellm_params: {
        model: "azure/rag-embed-large",
        api_base: "https://acme-openai.openai.azure.com/",
        api_version: "2024-10-21",
        api_key: AZURE_KEY,
        rpm: 600,
        timeout: 30,
        max_retries: 2,
        input_cost_per_token: 1.3e-7,
        output_vector_size: 3072,
        tags: ["eu"],
        drop_params: true,
      },
      model_info: {
        id: MODEL_ID,
        mode: "embedding",
        base_model: "text-embedding-3-large",
        output_vector_size: 3072,
        access_groups: ["rag"],
      },
    });
  });

  it("keeps os.environ/ references as they are", () => {
    const draft = parse(
      azureEmbedding({ params: { api_base: "os.environ/AZURE_API_BASE", api_version: "2024-10-21", api_key: "os.environ/AZURE_API_KEY" } }),
    );
    const { litellm_params } = toLiteLLMDeployment(draft, { modelId: MODEL_ID });
    expect(litellm_params).toMatchObject({ api_base: "os.environ/AZURE_API_BASE", api_key: "os.environ/AZURE_API_KEY" });
  });

  it("references a named credential instead of sending secrets", () => {
    const draft = parse(
      azureEmbedding({ credentialMode: "named", credentialName: "azure-prod", params: { api_key: AZURE_KEY, api_version: "2024-10-21" } }),
    );
    const { litellm_params } = toLiteLLMDeployment(draft, { modelId: MODEL_ID });
    expect(litellm_params.litellm_credential_name).toBe("azure-prod");
    expect(litellm_params).not.toHaveProperty("api_key");
    expect(litellm_params.api_version).toBe("2024-10-21");
  });

  it("sends a custom auth header as extra_headers and keeps the key out of Authorization", () => {
    const draft = parse({
      providerFlowId: "vllm",
      alias: "support-vllm",
      upstreamModel: "meta-llama/Llama-3.1-8B-Instruct",
      mode: "chat",
      params: { api_base: "https://vllm.example/v1", api_key: "gateway-key-9876" },
      customAuthHeader: { name: "X-API-Key", format: "{key}" },
    });
    expect(toLiteLLMDeployment(draft, { modelId: MODEL_ID }).litellm_params).toEqual({
      model: "hosted_vllm/meta-llama/Llama-3.1-8B-Instruct",
      api_base: "https://vllm.example/v1",
      api_key: "EMPTY",
      extra_headers: { "X-API-Key": "gateway-key-9876" },
    });
  });

  it("saves a custom auth header ({api_key} format) through a named credential, never in extra_headers", () => {
    const draft = parse({
      providerFlowId: "openai_compatible",
      alias: "delta/llm",
      upstreamModel: "delta-70b",
      mode: "chat",
      params: { api_base: "https://delta.example/v1", api_key: "delta-secret-4242" },
      customAuthHeader: { name: "X-Delta-Key", format: "Bearer {api_key}" },
    });
    const name = headerCredentialNameFor(draft.alias, MODEL_ID);
    expect(name).toBe(`delta-llm-auth-header-${MODEL_ID.replace(/-/g, "").slice(0, 8)}`);
    const saved = toLiteLLMDeployment(draft, { modelId: MODEL_ID, headerCredentialName: name }).litellm_params;
    expect(saved).toMatchObject({ litellm_credential_name: name, api_key: "EMPTY" });
    expect(saved).not.toHaveProperty("extra_headers");
    expect(JSON.stringify(saved)).not.toContain("delta-secret-4242");
    // Test Connect (nothing stored) sends it inline; the credential holds exactly that header.
    expect(toLiteLLMDeployment(draft, { modelId: MODEL_ID }).litellm_params.extra_headers).toEqual({ "X-Delta-Key": "Bearer delta-secret-4242" });
    expect(customAuthHeaderOf(draft, getFlow("openai_compatible")!)).toEqual({ name: "X-Delta-Key", value: "Bearer delta-secret-4242" });
  });

  it("registers a Ray Serve model as openai/<model_id> with a placeholder key", () => {
    const draft = parse({
      providerFlowId: "ray_serve",
      alias: "llama-3.2-3b",
      upstreamModel: "Llama-3.2-3B-Instruct",
      mode: "chat",
      params: { api_base: "http://ray-service-head-svc.ray-service.svc.cluster.local:8000/v1" },
    });
    expect(toLiteLLMDeployment(draft, { modelId: MODEL_ID })).toEqual({
      model_name: "llama-3.2-3b",
      litellm_params: {
        model: "openai/Llama-3.2-3B-Instruct",
        api_base: "http://ray-service-head-svc.ray-service.svc.cluster.local:8000/v1",
        api_key: "EMPTY",
      },
      model_info: { id: MODEL_ID, mode: "chat" },
    });
  });

  it("drops values left in the form by a previously chosen provider", () => {
    const draft = parse({
      providerFlowId: "openai",
      alias: "gpt-4o-mini",
      upstreamModel: "gpt-4o-mini",
      mode: "chat",
      params: { api_key: "sk-proj-abcdefghijklmnop", api_version: "2024-10-21", aws_region_name: "us-east-1" },
    });
    expect(toLiteLLMDeployment(draft, { modelId: MODEL_ID }).litellm_params).toEqual({
      model: "openai/gpt-4o-mini",
      api_key: "sk-proj-abcdefghijklmnop",
    });
  });

  it("requests shortened vectors through dimensions, default params before Advanced JSON", () => {
    const draft = parse({
      providerFlowId: "openai",
      alias: "embed-small-512",
      upstreamModel: "text-embedding-3-small",
      mode: "embedding",
      params: { api_key: "os.environ/OPENAI_API_KEY" },
      outputVectorSize: "512" as unknown as number,
      dimensions: 512,
      defaultParams: '{"encoding_format": "float", "timeout": 5}',
      advancedJson: '{"timeout": 10}',
      teamId: "team-ml",
    });
    const deployment = toLiteLLMDeployment(draft, { modelId: MODEL_ID });
    expect(deployment.litellm_params).toEqual({
      model: "openai/text-embedding-3-small",
      api_key: "os.environ/OPENAI_API_KEY",
      output_vector_size: 512,
      dimensions: 512,
      encoding_format: "float",
      timeout: 10,
    });
    expect(deployment.model_info).toEqual({ id: MODEL_ID, mode: "embedding", output_vector_size: 512, team_id: "team-ml" });
  });
});

describe("modelDraftSchema rules", () => {
  it("asks for the alias in the operator's words", () => {
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ alias: "  " })).alias).toEqual(["Enter the public alias clients will call"]);
  });

  it("rejects embeddings on Anthropic with the reason", () => {
    const errors = fieldErrors(modelDraftSchema, {
      providerFlowId: "anthropic",
      alias: "claude-embed",
      upstreamModel: "claude-sonnet-4-5",
      mode: "embedding",
      params: { api_key: "sk-ant-api03-abcdefghijkl" },
      outputVectorSize: 1024,
    });
    expect(errors).toEqual({ mode: ["Anthropic does not serve embeddings through LiteLLM; use Voyage or another provider."] });
  });

  it("rejects modes a provider does not serve (DeepSeek embeddings, Groq images)", () => {
    const base = { alias: "x", upstreamModel: "m", params: { api_key: "k" } };
    expect(
      fieldErrors(modelDraftSchema, { ...base, providerFlowId: "deepseek", mode: "embedding", outputVectorSize: 1024 }).mode?.[0],
    ).toContain("DeepSeek has no embedding models");
    expect(fieldErrors(modelDraftSchema, { ...base, providerFlowId: "groq", mode: "image_generation" }).mode).toEqual([
      "Groq does not serve image generation models through LiteLLM. Choose chat, audio transcription.",
    ]);
  });

  it("requires a dimension for embedding models", () => {
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ outputVectorSize: undefined })).outputVectorSize).toEqual([
      "Embedding models need a dimension (output_vector_size)",
    ]);
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ outputVectorSize: 0 })).outputVectorSize).toEqual([
      "Embedding models need a dimension (output_vector_size)",
    ]);
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ outputVectorSize: "" as unknown as number })).outputVectorSize).toEqual([
      "Embedding models need a dimension (output_vector_size)",
    ]);
    expect(fieldErrors(modelDraftSchema, { ...azureEmbedding(), mode: "chat", outputVectorSize: undefined })).toEqual({});
  });

  it("catches a dimension that disagrees with the requested dimensions", () => {
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ dimensions: 1024 })).outputVectorSize).toEqual([
      "The dimension must match the requested dimensions (1024): the provider will return 1024-dimension vectors.",
    ]);
  });

  it("applies the Azure field rules on params.* paths", () => {
    const errors = fieldErrors(
      modelDraftSchema,
      azureEmbedding({
        params: { api_base: "https://acme.openai.azure.com/openai/deployments/x", api_version: "latest", api_key: AZURE_KEY },
      }),
    );
    expect(Object.keys(errors).sort()).toEqual(["params.api_base", "params.api_version"]);
    expect(errors["params.api_version"]).toEqual(["The API version is a date such as 2024-10-21 or 2025-04-01-preview."]);
  });

  it("accepts os.environ/ values for secret fields", () => {
    expect(
      modelDraftSchema.safeParse(
        azureEmbedding({
          params: { api_base: "https://acme.openai.azure.com/", api_version: "2024-10-21", api_key: "os.environ/AZURE_API_KEY" },
        }),
      ).success,
    ).toBe(true);
  });

  it("needs a credential name when using a named credential", () => {
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ credentialMode: "named", params: {} }))).toEqual({
      credentialName: ["Choose a named credential, or switch to entering the credentials here."],
    });
  });

  it("rejects unknown providers and spaces in model names", () => {
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ providerFlowId: "nope" })).providerFlowId).toEqual([
      "Choose a provider from the list",
    ]);
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ upstreamModel: "gpt 4o" })).upstreamModel?.[0]).toContain("no spaces");
  });

  it("coerces form number inputs and reports bad ones per field", () => {
    const parsed = parse(azureEmbedding({ limits: { rpm: "60", tpm: Number.NaN, timeout: "", maxRetries: "0" } }));
    expect(parsed.limits).toEqual({ rpm: 60, tpm: undefined, timeout: undefined, maxRetries: 0 });
    const errors = fieldErrors(modelDraftSchema, azureEmbedding({ limits: { rpm: "sixty", tpm: "1.5", maxRetries: -1 } }));
    expect(errors["limits.rpm"]).toEqual(["Requests per minute must be a number"]);
    expect(errors["limits.tpm"]).toEqual(["Tokens per minute must be a whole number"]);
    expect(errors["limits.maxRetries"]).toEqual(["Max retries must be at least 0"]);
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ pricing: { inputCostPerToken: -1 } }))["pricing.inputCostPerToken"]).toEqual([
      "Input cost per token cannot be negative",
    ]);
  });
});

describe("Advanced JSON", () => {
  it("explains a syntax error with its position", () => {
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ advancedJson: '{"a":}' })).advancedJson).toEqual([
      "Advanced JSON must be a JSON object: Unexpected token '}' at position 5",
    ]);
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ advancedJson: "{a:1}" })).advancedJson).toEqual([
      "Advanced JSON must be a JSON object: Expected property name or '}' in JSON at position 1",
    ]);
  });

  it("never echoes the pasted text, which may hold a secret", () => {
    const text = '{"api_key": sk-live-abcdefghijklmnop}';
    const [message] = fieldErrors(modelDraftSchema, azureEmbedding({ advancedJson: text })).advancedJson ?? [];
    expect(message).toBe("Advanced JSON must be a JSON object: Unexpected token 's' at position 12");
    expect(message).not.toContain("live");
  });

  it("requires an object and keeps the wizard's own keys out", () => {
    expect(parseJsonObject("[1,2]", "Advanced JSON")).toEqual({
      ok: false,
      message: 'Advanced JSON must be a JSON object like {"temperature": 0.2}, not an array.',
    });
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ advancedJson: '{"model": "azure/other"}' })).advancedJson).toEqual([
      "Set the upstream model in the Model step, not in JSON.",
    ]);
    expect(fieldErrors(modelDraftSchema, azureEmbedding({ defaultParams: "42" })).defaultParams?.[0]).toContain(
      "Default parameters must be a JSON object",
    );
  });

  it("finds the same error position V8 reports", () => {
    for (const text of [
      '{"a":1',
      '{"a" 1}',
      '{"a":1,}',
      "[1,2",
      '{"a":tru}',
      '{"a":"x\u0001"}',
      "{} x",
      '{"a":-}',
      '{"a":1.}',
      '{"a":1e}',
      '{"a":01}',
      '{"a":"\\q"}',
      '{"a":"\\u12"}',
      "[1,]",
      '"abc',
    ]) {
      let v8: number | undefined;
      try {
        JSON.parse(text);
      } catch (err) {
        const m = /at position (\d+)/.exec((err as Error).message);
        v8 = m ? Number(m[1]) : undefined;
      }
      if (v8 !== undefined) expect(jsonErrorPosition(text), text).toBe(v8);
    }
    expect(jsonErrorPosition('{"ok": [1, 2.5e3, null, "s"]}')).toBe(-1);
  });
});

describe("step schemas", () => {
  it("validate only the fields their step shows", () => {
    const draft = azureEmbedding({ providerFlowId: "anthropic", params: {}, outputVectorSize: undefined });
    expect(Object.keys(fieldErrors(draftStepSchemas.model, draft)).sort()).toEqual(["mode", "outputVectorSize"]);
    expect(
      fieldErrors(
        draftStepSchemas.connection,
        azureEmbedding({ params: { api_base: "https://acme.openai.azure.com/", api_key: AZURE_KEY } }),
      ),
    ).toEqual({
      "params.api_version": ["Enter the API version."],
    });
    expect(fieldErrors(draftStepSchemas.provider, { providerFlowId: "nope" })).toEqual({
      providerFlowId: ["Choose a provider from the list"],
    });
    expect(fieldErrors(draftStepSchemas.limits, { advancedJson: "[]" }).advancedJson?.[0]).toContain("not an array");
  });

  it("report the Azure deployment-name rule on the model step", () => {
    expect(
      fieldErrors(draftStepSchemas.model, azureEmbedding({ upstreamModel: "openai/text-embedding-3-large" })).upstreamModel?.[0],
    ).toContain("deployment name");
  });

  it("pass a complete step", () => {
    expect(draftStepSchemas.connection.safeParse(azureEmbedding()).success).toBe(true);
    expect(draftStepSchemas.model.safeParse(azureEmbedding()).success).toBe(true);
  });
});

describe("toConfigYaml", () => {
  it("produces a model_list entry with no secret in it", () => {
    const yaml = toConfigYaml(parse(azureEmbedding()));
    expect(yaml).not.toContain(AZURE_KEY);
    expect(yaml).not.toContain(AZURE_KEY.slice(-8));
    const parsed = YAML.parse(yaml) as { model_list: Array<Record<string, Record<string, unknown>>> };
    expect(parsed.model_list).toEqual([
      {
        model_name: "text-embedding-3-large",
        litellm_params: {
          model: "azure/rag-embed-large",
          api_base: "https://acme-openai.openai.azure.com/",
          api_version: "2024-10-21",
          api_key: "os.environ/AZURE_API_KEY",
          rpm: 600,
          timeout: 30,
          max_retries: 2,
          input_cost_per_token: 1.3e-7,
          output_vector_size: 3072,
          tags: ["eu"],
          drop_params: true,
        },
        model_info: { mode: "embedding", base_model: "text-embedding-3-large", output_vector_size: 3072, access_groups: ["rag"] },
      },
    ]);
    expect(yaml).toMatch(/^# .*\n# Secrets are not included.*\n#\s+AZURE_API_KEY\n/m);
  });

  it("replaces Bedrock keys and custom header values with environment references", () => {
    const bedrock = toConfigYaml(
      parse({
        providerFlowId: "bedrock",
        alias: "titan-embed-v2",
        upstreamModel: "amazon.titan-embed-text-v2:0",
        mode: "embedding",
        outputVectorSize: 1024,
        params: {
          aws_region_name: "eu-central-1",
          aws_access_key_id: "AKIAABCDEFGHIJKLMNOP",
          aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        },
      }),
    );
    expect(bedrock).not.toContain("AKIAABCDEFGHIJKLMNOP");
    expect(bedrock).not.toContain("EXAMPLEKEY");
    expect(YAML.parse(bedrock).model_list[0].litellm_params).toMatchObject({
      aws_access_key_id: "os.environ/AWS_ACCESS_KEY_ID",
      aws_secret_access_key: "os.environ/AWS_SECRET_ACCESS_KEY",
      aws_region_name: "eu-central-1",
    });

    const vllm = toConfigYaml(
      parse({
        providerFlowId: "vllm",
        alias: "support-vllm",
        upstreamModel: "m",
        mode: "chat",
        params: { api_base: "https://vllm.example/v1", api_key: "gateway-key-9876" },
        customAuthHeader: { name: "X-API-Key", format: "{key}" },
      }),
    );
    expect(vllm).not.toContain("gateway-key-9876");
    expect(YAML.parse(vllm).model_list[0].litellm_params).toMatchObject({
      api_key: "EMPTY",
      extra_headers: { "X-API-Key": "os.environ/VLLM_X_API_KEY_HEADER" },
    });
  });
});

describe("maskSecrets", () => {
  it("shows ••••last4 for secrets, keeps env references and everything else", () => {
    expect(
      maskSecrets({
        model: "azure/x",
        api_key: AZURE_KEY,
        aws_secret_access_key: "short",
        vertex_credentials: "os.environ/VERTEX_CREDENTIALS",
        input_cost_per_token: 1e-7,
        api_base: "https://acme.openai.azure.com/",
        extra_headers: { "X-API-Key": "gateway-key-9876", "X-Tenant": "t1" },
      }),
    ).toEqual({
      model: "azure/x",
      api_key: `••••${AZURE_KEY.slice(-4)}`,
      aws_secret_access_key: "••••",
      vertex_credentials: "os.environ/VERTEX_CREDENTIALS",
      input_cost_per_token: 1e-7,
      api_base: "https://acme.openai.azure.com/",
      extra_headers: { "X-API-Key": "••••9876", "X-Tenant": "••••" },
    });
  });
});

describe("draftWarnings", () => {
  it("flags alias shape and flow warnings without blocking", () => {
    const warnings = draftWarnings(
      modelDraftSchema.parse({
        providerFlowId: "vllm",
        alias: "My Model",
        upstreamModel: "m",
        mode: "chat",
        params: { api_base: "http://vllm:8000" },
      }),
    );
    expect(warnings.map((w) => w.path.join("."))).toEqual(["alias", "params.api_base"]);
    expect(warnings.every((w) => w.severity === "warning")).toBe(true);
  });
});
