import { execFileSync } from "node:child_process";

import { describe, expect, it } from "vitest";

import { buildTestConnectCurl, ENV_REF_TEST_MESSAGE, explainProviderError, type ProblemKind } from "./explain";

describe("explainProviderError", () => {
  // Texts as LiteLLM relays them (the sandbox reproduces LiteLLM's exception strings) and as real providers word them.
  const cases: { text: string; kind: ProblemKind; flowId?: string; title?: RegExp }[] = [
    {
      text: "litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-wrong****. You can find your API key at https://platform.openai.com/account/api-keys.",
      kind: "bad_key",
      title: /rejected the API key/,
    },
    {
      text: "litellm.AuthenticationError: AzureException - Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
      kind: "bad_key",
      flowId: "azure",
    },
    { text: "Error code: 401 - {'error': {'message': 'invalid x-api-key'}}", kind: "bad_key" },
    {
      text: "litellm.NotFoundError: NotFoundError: AzureException - The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
      kind: "wrong_deployment",
      flowId: "azure",
      title: /no deployment with this name/,
    },
    { text: "litellm.BadRequestError: BadRequestError: AzureException - API version not supported", kind: "wrong_api_version", flowId: "azure" },
    { text: "litellm.NotFoundError: AzureException - Resource not found", kind: "wrong_api_version", flowId: "azure" },
    {
      text: "litellm.APIConnectionError: APIConnectionError: OpenAIException - Connection error. (ECONNREFUSED)",
      kind: "unreachable",
      title: /could not reach the server at 10\.1\.2\.3:8000/,
    },
    { text: "Cannot connect to host vllm.ns.svc:8000 ssl:default [Name or service not known]", kind: "unreachable" },
    { text: "Timeout exceeded", kind: "timeout", title: /did not answer in time/ },
    { text: "litellm.Timeout: Timeout Error: OpenAIException - Request timed out. Timeout passed=5.0s", kind: "timeout" },
    { text: "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate", kind: "tls" },
    { text: "litellm.NotFoundError: OpenAIException - The model `gpt-9` does not exist or you do not have access to it.", kind: "wrong_model" },
    { text: "Error code: 404 - {'object': 'error', 'message': 'The model `llama` does not exist.', 'code': 404}", kind: "wrong_model" },
    { text: "litellm.RateLimitError: RateLimitError: OpenAIException - You exceeded your current quota", kind: "rate_limited" },
    { text: "litellm.PermissionDeniedError: OpenAIException - Project does not have access to model", kind: "permission_denied" },
    {
      text: "litellm.BadRequestError: OpenAIException - This is not a chat model\nHave you set 'mode' - https://docs.litellm.ai/docs/proxy/health#embedding-models",
      kind: "wrong_mode",
    },
    { text: "litellm.BadRequestError: OpenAIException - Unrecognized request argument supplied: foo", kind: "bad_request" },
    { text: "litellm.InternalServerError: OpenAIException - Sandbox upstream fault: HTTP 503", kind: "upstream_error" },
    { text: "something nobody has seen before", kind: "unknown" },
  ];

  it.each(cases)("$kind ← $text", ({ text, kind, flowId, title }) => {
    const explained = explainProviderError(text, { flowId, host: "10.1.2.3:8000", mode: "chat" });
    expect(explained.kind).toBe(kind);
    expect(explained.fix.length).toBeGreaterThan(20);
    if (title) expect(explained.title).toMatch(title);
  });

  it("reads 'Resource not found' as an API-version problem only for Azure", () => {
    expect(explainProviderError("Resource not found", { flowId: "openai" }).kind).toBe("wrong_model");
  });

  it("names the mode in a wrong-mode explanation", () => {
    expect(explainProviderError("Have you set 'mode'", { mode: "embedding" }).title).toContain("embedding");
  });
});

describe("buildTestConnectCurl", () => {
  const secret = "sk-live-abcdefghijklmnop1234";
  const body = {
    mode: "embedding",
    litellm_params: {
      model: "azure/text-embedding-3-small",
      api_base: "https://acme.openai.azure.com/",
      api_version: "2024-10-21",
      api_key: secret,
      client_secret: "entra-secret-value-xyz",
      aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      extra_headers: { "X-Team-Token": "Bearer team-token-123456" },
      temperature: 0.2,
      note: "costs $5 and `rm -rf` \\ \"quoted\"",
    },
    model_info: { mode: "embedding", output_vector_size: 1536 },
  };

  it("never contains a secret value, only shell variables named after the key", () => {
    const curl = buildTestConnectCurl({ litellmUrl: "http://127.0.0.1:4000/", body, envPrefix: "azure" });
    for (const value of [secret, "entra-secret-value-xyz", "wJalrXUtnFEMI", "team-token-123456"]) expect(curl).not.toContain(value);
    expect(curl).toContain('"api_key": "${AZURE_API_KEY}"');
    expect(curl).toContain('"client_secret": "${AZURE_CLIENT_SECRET}"');
    expect(curl).toContain('"X-Team-Token": "${AZURE_X_TEAM_TOKEN_HEADER}"');
    expect(curl).toContain("# Set first: LITELLM_MASTER_KEY, AZURE_API_KEY");
    expect(curl).toContain("'http://127.0.0.1:4000/health/test_connection'");
    expect(curl).toContain('Authorization: Bearer $LITELLM_MASTER_KEY');
    expect(curl).not.toContain("sk-sandbox");
  });

  it("keeps os.environ/ references and non-secret settings as they are", () => {
    const curl = buildTestConnectCurl({
      litellmUrl: "http://litellm:4000",
      body: { mode: "chat", litellm_params: { model: "openai/gpt-4o", api_key: "os.environ/OPENAI_API_KEY", api_base: "https://api.openai.com/v1" } },
    });
    expect(curl).toContain('"api_key": "os.environ/OPENAI_API_KEY"');
    expect(curl).toContain('"mode": "chat"');
  });

  it("produces the exact JSON body when run by a shell (secrets from the environment)", () => {
    const curl = buildTestConnectCurl({ litellmUrl: "http://127.0.0.1:4000", body, envPrefix: "azure" });
    // Replace curl with cat so the shell prints what it would send.
    const heredoc = curl.slice(curl.indexOf("<<EOF"));
    const script = `cat ${heredoc}`;
    const env = { NODE_ENV: "test" as const, PATH: "/usr/bin:/bin", AZURE_API_KEY: "k1", AZURE_CLIENT_SECRET: "k2", AZURE_AWS_SECRET_ACCESS_KEY: "k3", AZURE_X_TEAM_TOKEN_HEADER: "k4" };
    const out = execFileSync("sh", ["-c", script], { env }).toString();
    const sent = JSON.parse(out) as typeof body;
    expect(sent.litellm_params.api_key).toBe("k1");
    expect(sent.litellm_params.extra_headers["X-Team-Token"]).toBe("k4");
    expect(sent.litellm_params.note).toBe(body.litellm_params.note);
    expect(sent.mode).toBe("embedding");
    expect(sent.model_info).toEqual({ mode: "embedding", output_vector_size: 1536 });
  });

  it("explains why os.environ/ values are not tested", () => {
    expect(ENV_REF_TEST_MESSAGE).toContain("LiteLLM resolves os.environ/ references only in its own environment; Test Connect would send the literal text");
  });
});
