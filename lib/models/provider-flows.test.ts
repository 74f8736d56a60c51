import { describe, expect, it } from "vitest";

import { MODES } from "@/lib/catalog/modes";
import { providerFieldsSnapshot, type ProviderCreateInfo } from "@/lib/catalog/providers";

import {
  allFlows,
  authHeaderIssues,
  formatAuthHeader,
  curatedFlows,
  fieldIssues,
  genericFlow,
  getFlow,
  isSecretParam,
  modeIssue,
  resolveModelName,
  type FlowDraft,
} from "./provider-flows";

const flow = (id: string) => {
  const f = getFlow(id);
  if (!f) throw new Error(`no flow ${id}`);
  return f;
};

const errors = (id: string, draft: FlowDraft) =>
  fieldIssues(flow(id), draft)
    .filter((i) => i.severity === "error")
    .map((i) => `${i.path.join(".")}: ${i.message}`);

const azureOk = {
  api_base: "https://acme-openai.openai.azure.com/",
  api_version: "2024-10-21",
  api_key: "0123456789abcdef0123456789abcdef",
};

describe("curated flows", () => {
  it("cover the providers the runbooks use, with unique ids", () => {
    const ids = curatedFlows.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      "openai",
      "azure",
      "azure_ai",
      "anthropic",
      "openrouter",
      "deepseek",
      "ollama",
      "vllm",
      "ray_serve",
      "openshift_ai",
      "lm_studio",
      "bedrock",
      "vertex_ai",
      "groq",
      "mistral",
      "cohere",
      "huggingface",
      "together_ai",
      "watsonx",
    ]) {
      expect(ids).toContain(id);
    }
  });

  it.each(curatedFlows.map((f) => [f.id, f] as const))("%s is internally consistent", (_id, f) => {
    expect(f.acceptedPrefixes).toContain(f.modelPrefix);
    expect(f.modes.length).toBeGreaterThan(0);
    expect(f.modes.every((m) => (MODES as readonly string[]).includes(m))).toBe(true);
    for (const example of f.examples) expect(f.modes).toContain(example.mode);
    const keys = f.fields.map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const field of f.fields) {
      if (field.secret) expect(["password", "upload", "textarea"]).toContain(field.kind);
      if (field.kind === "password") expect(field.secret).toBe(true);
    }
  });

  it("asks Azure for endpoint, version and key, with base_model going to model_info", () => {
    const azure = flow("azure");
    expect(azure.fields.find((f) => f.key === "api_base")).toMatchObject({ required: true, kind: "url" });
    expect(azure.fields.find((f) => f.key === "api_version")).toMatchObject({ required: true });
    expect(azure.fields.find((f) => f.key === "base_model")?.target).toBe("model_info");
  });

  it("offers DeepSeek an optional API base URL, like OpenAI and Anthropic", () => {
    for (const id of ["deepseek", "openai", "anthropic"]) {
      expect(flow(id).fields.find((f) => f.key === "api_base"), id).toMatchObject({ required: false, kind: "url" });
    }
    expect(errors("deepseek", { upstreamModel: "deepseek-chat", params: { api_key: "sk-1" } })).toEqual([]);
    expect(errors("deepseek", { upstreamModel: "deepseek-chat", params: { api_key: "sk-1", api_base: "https://api.deepseek.com" } })).toEqual([]);
    expect(errors("deepseek", { upstreamModel: "deepseek-chat", params: { api_key: "sk-1", api_base: "ftp://api.deepseek.com" } })).toEqual([
      "params.api_base: Only http:// and https:// URLs are allowed, not ftp://.",
    ]);
  });

  it("offers custom auth headers only for self-hosted OpenAI-compatible servers", () => {
    const withHeader = curatedFlows
      .filter((f) => f.supportsCustomAuthHeader)
      .map((f) => f.id)
      .sort();
    expect(withHeader).toEqual(["lm_studio", "ollama", "openai_compatible", "openshift_ai", "ray_serve", "vllm"]);
  });
});

describe("resolveModelName", () => {
  it("prefixes the upstream model unless it already has an accepted prefix", () => {
    expect(resolveModelName(flow("azure"), "rag-embed-large", "embedding")).toBe("azure/rag-embed-large");
    expect(resolveModelName(flow("azure"), "azure/gpt-4o", "chat")).toBe("azure/gpt-4o");
    expect(resolveModelName(flow("ray_serve"), "Llama-3.2-3B-Instruct", "chat")).toBe("openai/Llama-3.2-3B-Instruct");
    expect(resolveModelName(flow("vllm"), "openai/Qwen2.5-7B", "chat")).toBe("openai/Qwen2.5-7B");
    expect(resolveModelName(flow("vllm"), "Qwen/Qwen2.5-7B", "chat")).toBe("hosted_vllm/Qwen/Qwen2.5-7B");
  });

  it("routes Ollama chat through ollama_chat/ and embeddings through ollama/", () => {
    expect(resolveModelName(flow("ollama"), "llama3.1:8b", "chat")).toBe("ollama_chat/llama3.1:8b");
    expect(resolveModelName(flow("ollama"), "nomic-embed-text", "embedding")).toBe("ollama/nomic-embed-text");
    expect(resolveModelName(flow("cohere"), "command-r", "chat")).toBe("cohere_chat/command-r");
    expect(resolveModelName(flow("cohere"), "embed-v4.0", "embedding")).toBe("cohere/embed-v4.0");
  });
});

describe("modeIssue", () => {
  it("explains why Anthropic cannot serve embeddings", () => {
    expect(modeIssue(flow("anthropic"), "embedding")).toBe(
      "Anthropic does not serve embeddings through LiteLLM; use Voyage or another provider.",
    );
    expect(modeIssue(flow("anthropic"), "chat")).toBeUndefined();
  });

  it("falls back to a generic reason listing what the provider serves", () => {
    expect(modeIssue(flow("groq"), "image_generation")).toBe(
      "Groq does not serve image generation models through LiteLLM. Choose chat, audio transcription.",
    );
    expect(modeIssue(flow("groq"), "audio_transcription")).toBeUndefined();
    expect(modeIssue(flow("deepseek"), "embedding")).toContain("DeepSeek has no embedding models");
  });

  it("knows the per-provider mode lists", () => {
    expect(MODES.every((m) => modeIssue(flow("openai"), m) === undefined)).toBe(true);
    expect(flow("ollama").modes).toEqual(["chat", "completion", "embedding"]);
    expect(flow("cohere").modes).toEqual(["chat", "embedding", "rerank"]);
    expect(modeIssue(flow("azure"), "rerank")).toContain("Azure AI Foundry");
    expect(modeIssue(flow("azure"), "audio_speech")).toBeUndefined();
  });
});

describe("fieldIssues", () => {
  it("accepts a correct Azure setup, on both endpoint domains", () => {
    expect(errors("azure", { upstreamModel: "gpt-4o", params: azureOk })).toEqual([]);
    expect(
      errors("azure", { upstreamModel: "gpt-4o", params: { ...azureOk, api_base: "https://acme.cognitiveservices.azure.com" } }),
    ).toEqual([]);
  });

  it("rejects an Azure endpoint on the wrong host with the expected shapes", () => {
    expect(errors("azure", { params: { ...azureOk, api_base: "https://api.openai.com/v1" } })).toEqual([
      "params.api_base: Azure OpenAI endpoints look like https://<resource>.openai.azure.com/ or https://<resource>.cognitiveservices.azure.com/ (Azure portal → your resource → Keys and Endpoint).",
    ]);
    expect(errors("azure", { params: { ...azureOk, api_base: "http://acme.openai.azure.com/" } })[0]).toContain(
      "look like https://<resource>.openai.azure.com/",
    );
  });

  it("only warns about an internal gateway in front of Azure (IP, localhost, cluster names), which Test Connect can prove", () => {
    for (const api_base of ["http://127.0.0.1:4110", "http://apim.internal/azure", "https://azure-gw.ai.svc.cluster.local"]) {
      expect(errors("azure", { upstreamModel: "gpt-4o", params: { ...azureOk, api_base } })).toEqual([]);
      const warned = fieldIssues(flow("azure"), { upstreamModel: "gpt-4o", params: { ...azureOk, api_base } }).filter(
        (i) => i.severity === "warning",
      );
      expect(warned.map((i) => i.path.join("."))).toEqual(["params.api_base"]);
      expect(warned[0]!.message).toContain("internal gateway");
    }
  });

  it("rejects a pasted full Azure target URI", () => {
    const [message] = errors("azure", {
      params: { ...azureOk, api_base: "https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21" },
    });
    expect(message).toBe(
      "params.api_base: Use only the resource endpoint, https://acme.openai.azure.com/ — LiteLLM adds /openai/deployments/<deployment>/… and ?api-version= itself.",
    );
  });

  it("checks the Azure API version shape", () => {
    expect(errors("azure", { params: { ...azureOk, api_version: "2024-10" } })).toEqual([
      "params.api_version: The API version is a date such as 2024-10-21 or 2025-04-01-preview.",
    ]);
    expect(errors("azure", { params: { ...azureOk, api_version: "2025-04-01-preview" } })).toEqual([]);
    expect(errors("azure", { params: { ...azureOk, api_version: "2024-13-01" } })).toHaveLength(1);
  });

  it("requires Azure fields for inline credentials but not for a named credential", () => {
    expect(errors("azure", { params: {} })).toEqual([
      "params.api_base: Enter the API base URL.",
      "params.api_version: Enter the API version.",
      "params.api_key: Enter the Azure API key (Keys and Endpoint page), or an Entra ID tenant, client ID and client secret.",
    ]);
    expect(errors("azure", { credentialMode: "named", params: {} })).toEqual([]);
  });

  it("accepts Entra ID instead of a key, but only complete", () => {
    const entra = { api_base: azureOk.api_base, api_version: azureOk.api_version, tenant_id: "t", client_id: "c", client_secret: "s" };
    expect(errors("azure", { params: entra })).toEqual([]);
    expect(errors("azure", { params: { ...entra, client_secret: "" } })).toEqual([
      "params.client_secret: Entra ID sign-in needs the client secret too.",
    ]);
  });

  it("rejects Azure model paths where a deployment name belongs", () => {
    expect(errors("azure", { upstreamModel: "openai/gpt-4o", params: azureOk })[0]).toContain(
      "upstreamModel: Enter the Azure deployment name",
    );
  });

  it("accepts os.environ/ references for secrets and URLs, and checks their shape", () => {
    expect(
      errors("azure", {
        params: { api_base: "os.environ/AZURE_API_BASE", api_version: "2024-10-21", api_key: "os.environ/AZURE_API_KEY" },
      }),
    ).toEqual([]);
    expect(errors("azure", { params: { ...azureOk, api_key: "os.environ/AZURE API KEY" } })).toEqual([
      "params.api_key: Write environment references as os.environ/NAME (letters, digits and underscores).",
    ]);
  });

  it("runs the SSRF URL shape check on URL fields", () => {
    expect(errors("vllm", { params: { api_base: "ftp://vllm:8000/v1" } })).toEqual([
      "params.api_base: Only http:// and https:// URLs are allowed, not ftp://.",
    ]);
    expect(errors("vllm", { params: { api_base: "http://admin:pw@vllm:8000/v1" } })[0]).toContain("Remove the user name and password");
  });

  it("catches endpoint paths pasted into OpenAI-compatible base URLs", () => {
    expect(errors("ray_serve", { params: { api_base: "http://ray-head:8000/v1/chat/completions" } })).toEqual([
      "params.api_base: Use the base URL without the endpoint path (e.g. http://ray-head:8000/v1); LiteLLM adds /chat/completions, /embeddings, … itself.",
    ]);
    const issues = fieldIssues(flow("vllm"), { params: { api_base: "http://vllm:8000" } });
    expect(issues).toEqual([expect.objectContaining({ severity: "warning", path: ["params", "api_base"] })]);
  });

  it("does not require a key for Ray Serve, vLLM or Ollama", () => {
    expect(errors("ray_serve", { params: { api_base: "http://ray-head.ray.svc.cluster.local:8000/v1" } })).toEqual([]);
    expect(errors("ollama", { params: { api_base: "http://ollama:11434" } })).toEqual([]);
    expect(errors("ollama", { params: {} })).toEqual(["params.api_base: Enter the API base URL."]);
  });

  it("rejects /api or /v1 on the Ollama base and ollama_chat/ for embeddings", () => {
    expect(errors("ollama", { params: { api_base: "http://ollama:11434/api" } })).toEqual([
      "params.api_base: Use the Ollama server root, e.g. http://ollama:11434 — without /api or /v1; LiteLLM adds the path itself.",
    ]);
    expect(
      errors("ollama", { mode: "embedding", upstreamModel: "ollama_chat/nomic-embed-text", params: { api_base: "http://ollama:11434" } }),
    ).toEqual(["upstreamModel: ollama_chat/ only serves chat; for embedding use ollama/nomic-embed-text."]);
  });

  it("checks Bedrock regions, role ARNs and key pairs", () => {
    expect(
      errors("bedrock", {
        params: { aws_region_name: "us-east-1", aws_access_key_id: "AKIAABCDEFGHIJKLMNOP", aws_secret_access_key: "s3cr3t" },
      }),
    ).toEqual([]);
    expect(errors("bedrock", { params: { aws_region_name: "US East" } })).toEqual([
      "params.aws_region_name: Enter an AWS region code such as us-east-1 or eu-central-1.",
    ]);
    expect(errors("bedrock", { params: { aws_region_name: "eu-west-1", aws_access_key_id: "AKIAABCDEFGHIJKLMNOP" } })).toEqual([
      "params.aws_secret_access_key: Enter the secret access key that belongs to this access key ID.",
    ]);
    expect(errors("bedrock", { params: { aws_region_name: "eu-west-1", aws_role_name: "bedrock-role" } })[0]).toContain(
      "arn:aws:iam::123456789012:role/",
    );
    expect(
      errors("bedrock", { params: { aws_region_name: "eu-west-1", aws_role_name: "arn:aws:iam::123456789012:role/bedrock-invoke" } }),
    ).toEqual([]);
    expect(fieldIssues(flow("bedrock"), { params: { aws_region_name: "eu-west-1" } })).toEqual([
      expect.objectContaining({ severity: "warning" }),
    ]);
  });

  it("checks Vertex project, location and the credentials file", () => {
    const base = { vertex_project: "my-gcp-project", vertex_location: "europe-west4" };
    expect(errors("vertex_ai", { params: base })).toEqual([]);
    expect(
      errors("vertex_ai", { params: { ...base, vertex_credentials: JSON.stringify({ type: "service_account", project_id: "x" }) } }),
    ).toEqual([]);
    expect(errors("vertex_ai", { params: { ...base, vertex_credentials: "not json" } })[0]).toContain(
      'Upload the service account key file (JSON with "type": "service_account")',
    );
    expect(errors("vertex_ai", { params: { vertex_project: "My Project", vertex_location: "Europe" } })).toHaveLength(2);
  });

  it("requires watsonx URL, project and key", () => {
    expect(errors("watsonx", { params: {} })).toEqual([
      "params.api_base: Enter the watsonx.ai URL.",
      "params.project_id: Enter the project ID.",
      "params.api_key: Enter the IBM Cloud API key.",
    ]);
  });
});

describe("authHeaderIssues", () => {
  const draft = (over: Partial<FlowDraft> = {}): FlowDraft => ({
    params: { api_base: "http://vllm:8000/v1", api_key: "gateway-key-123456" },
    customAuthHeader: { name: "X-API-Key", format: "{key}" },
    ...over,
  });

  it("accepts a header with a {key} placeholder and an inline key", () => {
    expect(authHeaderIssues(flow("vllm"), draft())).toEqual([]);
    expect(authHeaderIssues(flow("vllm"), draft({ customAuthHeader: { name: "", format: "" } }))).toEqual([]);
  });

  it("accepts the DeltaLLM runbook's {api_key} as well as {key}, and fills either in", () => {
    expect(authHeaderIssues(flow("vllm"), draft({ customAuthHeader: { name: "X-API-Key", format: "{api_key}" } }))).toEqual([]);
    expect(authHeaderIssues(flow("vllm"), draft({ customAuthHeader: { name: "Authorization", format: "Bearer {api_key}" } }))).toEqual([]);
    expect(formatAuthHeader("{api_key}", "k-1")).toBe("k-1");
    expect(formatAuthHeader("Bearer {api_key}", "k-1")).toBe("Bearer k-1");
    expect(formatAuthHeader("Token {key}", "k-1")).toBe("Token k-1");
    // A key containing "$&" or "{key}" is inserted literally, not interpreted.
    expect(formatAuthHeader("{api_key}", "a$&b{key}")).toBe("a$&b{key}");
  });

  it("refuses it for providers with their own auth", () => {
    expect(authHeaderIssues(flow("anthropic"), draft())[0]?.message).toContain("only for OpenAI-compatible servers");
  });

  it("needs {key}, a valid name and a literal key", () => {
    const messages = (d: FlowDraft) => authHeaderIssues(flow("vllm"), d).map((i) => i.message);
    expect(messages(draft({ customAuthHeader: { name: "X API Key", format: "token" } }))).toEqual([
      "Enter a header name such as X-API-Key (letters, digits and hyphens).",
      "The header format must contain {api_key} (or {key}) where the key goes, e.g. {api_key} or Bearer {api_key}.",
    ]);
    expect(messages(draft({ customAuthHeader: { name: "X-API-Key", format: "Bearer {apikey}" } }))[0]).toContain("{api_key} (or {key})");
    expect(messages(draft({ params: { api_key: "os.environ/VLLM_KEY" } }))[0]).toContain("does not resolve os.environ/");
    expect(messages(draft({ params: {} }))).toEqual(["Enter the key to send in the X-API-Key header."]);
    expect(messages(draft({ credentialMode: "named" }))[0]).toContain("named credential");
  });
});

describe("generic flows", () => {
  const info: ProviderCreateInfo = {
    provider: "Acme",
    provider_display_name: "Acme AI",
    litellm_provider: "acme",
    credential_fields: [
      {
        key: "api_base",
        label: "API Base",
        required: true,
        field_type: "text",
        placeholder: "https://api.acme.ai",
        tooltip: null,
        options: null,
        default_value: "https://api.acme.ai",
      },
      {
        key: "api_key",
        label: "API Key",
        required: false,
        field_type: "password",
        placeholder: null,
        tooltip: "From the console",
        options: null,
        default_value: null,
      },
      {
        key: "region",
        label: "Region",
        required: false,
        field_type: "select",
        placeholder: null,
        tooltip: null,
        options: ["eu", "us"],
        default_value: "eu",
      },
    ],
    default_model_placeholder: "acme/acme-large",
  };

  it("builds fields, prefix and a mode note from LiteLLM's metadata", () => {
    const f = genericFlow(info);
    expect(f).toMatchObject({
      id: "litellm:Acme",
      label: "Acme AI",
      litellmProvider: "acme",
      modelPrefix: "acme/",
      modelPlaceholder: "acme-large",
      keyOptional: true,
      curated: false,
    });
    expect(f.modes).toEqual([...MODES]);
    expect(f.modesNote).toContain("cannot verify");
    expect(f.fields).toEqual([
      {
        key: "api_base",
        label: "API Base",
        kind: "url",
        required: true,
        secret: false,
        placeholder: "https://api.acme.ai",
        default: "https://api.acme.ai",
      },
      { key: "api_key", label: "API Key", kind: "password", required: false, secret: true, help: "From the console" },
      { key: "region", label: "Region", kind: "select", required: false, secret: false, default: "eu", options: ["eu", "us"] },
    ]);
    expect(fieldIssues(f, { params: { api_base: "https://api.acme.ai", region: "apac" } }).map((i) => i.message)).toEqual([
      "Choose one of: eu, us.",
    ]);
  });

  it("lists curated flows first and a generic flow for every other model provider", () => {
    const flows = allFlows();
    expect(flows.slice(0, curatedFlows.length).map((f) => f.id)).toEqual(curatedFlows.map((f) => f.id));
    const ids = flows.map((f) => f.id);
    expect(ids).toContain("litellm:Cerebras");
    expect(ids).toContain("litellm:Voyage");
    expect(ids).not.toContain("litellm:OpenAI"); // covered by the curated OpenAI flow
    expect(ids).not.toContain("litellm:Azure");
    expect(ids).not.toContain("litellm:LANGFUSE"); // a prompt store, not a model provider
    expect(flows.length).toBeGreaterThan(100);
  });

  it("uses the live provider list when given and finds generic flows by id", () => {
    expect(
      allFlows([info])
        .map((f) => f.id)
        .slice(curatedFlows.length),
    ).toEqual(["litellm:Acme"]);
    expect(getFlow("litellm:Acme", [info])?.label).toBe("Acme AI");
    expect(getFlow("litellm:Cerebras")?.fields.find((f) => f.key === "api_key")).toMatchObject({ required: true, secret: true });
    expect(getFlow("litellm:Azure")).toBeUndefined();
    expect(getFlow("nope")).toBeUndefined();
    expect(providerFieldsSnapshot().length).toBeGreaterThanOrEqual(100);
  });

  it("marks Oracle's PEM key and SAP's service key as secrets", () => {
    expect(getFlow("litellm:Oracle")?.fields.find((f) => f.key === "oci_key")).toMatchObject({ kind: "textarea", secret: true });
    expect(getFlow("litellm:SAP")?.fields.find((f) => f.key === "api_key")).toMatchObject({ kind: "textarea", secret: true });
  });
});

describe("isSecretParam", () => {
  it("knows secret keys and leaves prices and limits alone", () => {
    for (const key of [
      "api_key",
      "aws_secret_access_key",
      "aws_session_token",
      "vertex_credentials",
      "client_secret",
      "azure_ad_token",
      "zen_api_key",
    ]) {
      expect(isSecretParam(key), key).toBe(true);
    }
    for (const key of ["api_base", "input_cost_per_token", "output_cost_per_token", "max_tokens", "aws_region_name", "rpm"]) {
      expect(isSecretParam(key), key).toBe(false);
    }
  });
});
