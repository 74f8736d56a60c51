import { isEnvRef, isSecretParam } from "./provider-flows";

/**
 * Test Connect's plain-words layer: provider error texts (as LiteLLM relays them) → what went wrong
 * and what to change, plus a copyable curl that reproduces the call without secrets.
 * Pure; runs on the server (it imports the provider flows, which must stay out of client bundles).
 */

export type ProblemKind =
  | "bad_key"
  | "permission_denied"
  | "wrong_deployment"
  | "wrong_model"
  | "wrong_api_version"
  | "unreachable"
  | "tls"
  | "timeout"
  | "rate_limited"
  | "wrong_mode"
  | "bad_request"
  | "upstream_error"
  | "unknown";

export interface Explanation {
  kind: ProblemKind;
  /** One line, in the operator's words. */
  title: string;
  /** What to check or change. */
  fix: string;
}

export interface ExplainContext {
  /** The provider flow id (azure, openai, vllm, …). */
  flowId?: string;
  mode?: string;
  /** host[:port] of api_base, when there is one. */
  host?: string;
}

interface Rule {
  kind: ProblemKind;
  test: RegExp;
  /** Only when the flow is one of these. */
  flows?: string[];
  explain(ctx: ExplainContext): Omit<Explanation, "kind">;
}

const where = (ctx: ExplainContext) => (ctx.host ? ` at ${ctx.host}` : "");

// Order matters: the first matching rule wins (a timeout mentions "connection", an Azure key error mentions "endpoint").
const RULES: Rule[] = [
  {
    kind: "timeout",
    test: /timeout exceeded|timed? ?out|timeout error|ETIMEDOUT|ReadTimeout|deadline exceeded/i,
    explain: (ctx) => ({
      title: `The provider${where(ctx)} did not answer in time.`,
      fix: "Check that the server is up and not overloaded (a cold model can take minutes to load), or raise the timeout in Limits.",
    }),
  },
  {
    kind: "tls",
    test: /certificate verify|SSL: |SSLError|CERT_|self[- ]signed certificate|TLS handshake|wrong version number/i,
    explain: (ctx) => ({
      title: `The TLS certificate of the server${where(ctx)} was not accepted.`,
      fix: "Use the host name the certificate was issued for, or add the issuing CA to LiteLLM's trusted certificates (SSL_CERT_FILE).",
    }),
  },
  {
    kind: "unreachable",
    test: /APIConnectionError|Connection error|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|getaddrinfo|Name or service not known|Connection refused|No route to host|Cannot connect to host|nodename nor servname/i,
    explain: (ctx) => ({
      title: `LiteLLM could not reach the server${where(ctx)}.`,
      fix: "Check the API base URL (host, port, http vs https) and that LiteLLM's pod can reach it (DNS, NetworkPolicy, egress firewall).",
    }),
  },
  {
    kind: "wrong_api_version",
    test: /API version not supported|api[- ]version.*(invalid|not supported|unsupported)|unsupported api[- ]version|Resource not found/i,
    flows: ["azure"],
    explain: () => ({
      title: "Azure does not accept this API version.",
      fix: "Use a released Azure OpenAI API version such as 2024-10-21 (or a current -preview one) in API version.",
    }),
  },
  {
    kind: "wrong_deployment",
    test: /DeploymentNotFound|API deployment for this resource does not exist|deployment.*(not found|does not exist)/i,
    explain: () => ({
      title: "Azure has no deployment with this name in that resource.",
      fix: "Enter the deployment name from Azure AI Foundry → Deployments (not the model name), and check the resource endpoint.",
    }),
  },
  {
    kind: "bad_key",
    test: /AuthenticationError|Incorrect API key|invalid[_ ]api[_ ]key|invalid subscription key|invalid x-api-key|API key not valid|api key.*(invalid|missing|provided)|didn't provide an API key|Unauthorized|\b401\b/i,
    explain: () => ({
      title: "The provider rejected the API key.",
      fix: "Check the key (no spaces, the right project or resource), or the named credential's key; keys are write-only, so enter it again to replace it.",
    }),
  },
  {
    kind: "permission_denied",
    test: /PermissionDeniedError|permission denied|forbidden|not allowed to access|\b403\b/i,
    explain: () => ({
      title: "The key is valid but may not use this model.",
      fix: "Give the key (or its project, role or service account) access to the model at the provider.",
    }),
  },
  {
    kind: "wrong_model",
    test: /model_not_found|NotFoundError|(model|resource).*(not found|does not exist)|does not exist|unknown model|\b404\b/i,
    explain: (ctx) => ({
      title: `The server${where(ctx)} does not know this model.`,
      fix: "Copy the exact model ID the provider lists (for vLLM: --served-model-name, GET /v1/models), and check the API base path.",
    }),
  },
  {
    kind: "rate_limited",
    test: /RateLimitError|rate limit|quota|too many requests|\b429\b/i,
    explain: () => ({
      title: "The provider is rate limiting or out of quota.",
      fix: "Wait and retry, or raise the quota for this key at the provider. The connection itself works.",
    }),
  },
  {
    kind: "wrong_mode",
    test: /have you set 'mode'|does not support (chat|embeddings?)|not a chat model|not an embedding model|invalid.*endpoint/i,
    explain: (ctx) => ({
      title: `The model does not answer ${ctx.mode ?? "this kind of"} requests.`,
      fix: "Check the mode in the Model step: an embedding model must be registered as embedding, a chat model as chat.",
    }),
  },
  {
    kind: "bad_request",
    test: /BadRequestError|UnprocessableEntityError|invalid_request_error|\b400\b|\b422\b/i,
    explain: () => ({
      title: "The provider refused the request as invalid.",
      fix: "Check the model ID, API version and any default or advanced parameters; the provider's message below says which.",
    }),
  },
  {
    kind: "upstream_error",
    test: /InternalServerError|ServiceUnavailableError|\b50[0234]\b|bad gateway|service unavailable/i,
    explain: (ctx) => ({
      title: `The server${where(ctx)} failed while answering.`,
      fix: "The provider or model server has a problem (still loading, crashed, overloaded). Check its logs and retry.",
    }),
  },
];

/** Maps a provider error (redacted text from LiteLLM) to plain words. */
export function explainProviderError(text: string, ctx: ExplainContext = {}): Explanation {
  for (const rule of RULES) {
    if (rule.flows && !(ctx.flowId && rule.flows.includes(ctx.flowId))) continue;
    if (rule.test.test(text)) return { kind: rule.kind, ...rule.explain(ctx) };
  }
  return {
    kind: "unknown",
    title: "The provider call failed.",
    fix: "Read the provider's message below; the curl command reproduces the call so you can try variations.",
  };
}

/** Why Test Connect refuses os.environ/ values (the issue's wording). */
export const ENV_REF_TEST_MESSAGE =
  "LiteLLM resolves os.environ/ references only in its own environment; Test Connect would send the literal text. Enter the value itself to test, or save without testing.";

// ---------- the curl command ----------

export interface CurlInput {
  /** LiteLLM's admin URL. */
  litellmUrl: string;
  /** The exact /health/test_connection body. */
  body: { mode: string; litellm_params: Record<string, unknown>; model_info?: Record<string, unknown> };
  /** Prefix for the shell variables that stand in for secrets, e.g. "AZURE". */
  envPrefix?: string;
}

function shellVar(prefix: string, key: string): string {
  const token = `${prefix}_${key}`
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[A-Z_]/.test(token) ? token : `_${token}`;
}

/** In an unquoted heredoc only \ $ and ` are special: escape them so the JSON arrives as written. */
function heredocEscape(text: string): string {
  return text.replace(/[\\$`]/g, (c) => `\\${c}`);
}

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command that sends the same test_connection call to LiteLLM. Every secret (by key name, and every
 * extra_headers value) becomes a shell variable the operator sets first; the master key is $LITELLM_MASTER_KEY.
 */
export function buildTestConnectCurl(input: CurlInput): string {
  const prefix = input.envPrefix ?? "PROVIDER";
  const vars: string[] = [];
  const slots = new Map<string, string>();
  const slot = (name: string) => {
    const token = `@@GATEHOUSE_SECRET_${slots.size}@@`;
    slots.set(token, name);
    if (!vars.includes(name)) vars.push(name);
    return token;
  };

  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.body.litellm_params)) {
    if (key === "extra_headers" && value && typeof value === "object" && !Array.isArray(value)) {
      params[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name]) => [name, slot(shellVar(prefix, `${name}_header`))]),
      );
    } else if (isSecretParam(key) && value !== null && value !== undefined && value !== "" && !(typeof value === "string" && isEnvRef(value))) {
      // A placeholder key like "EMPTY" is not a secret, but a real one could look like anything: never print it.
      params[key] = slot(shellVar(prefix, key));
    } else {
      params[key] = value;
    }
  }
  const body: Record<string, unknown> = { mode: input.body.mode, litellm_params: params };
  if (input.body.model_info && Object.keys(input.body.model_info).length > 0) body.model_info = input.body.model_info;

  let json = heredocEscape(JSON.stringify(body, null, 2));
  for (const [token, name] of slots) json = json.split(token).join(`\${${name}}`);

  const url = `${input.litellmUrl.replace(/\/+$/, "")}/health/test_connection`;
  const lines: string[] = [];
  if (vars.length > 0) lines.push(`# Set first: ${["LITELLM_MASTER_KEY", ...vars].join(", ")}`);
  else lines.push("# Set first: LITELLM_MASTER_KEY");
  lines.push(
    `curl -sS -X POST ${singleQuote(url)} \\`,
    `  -H "Authorization: Bearer $LITELLM_MASTER_KEY" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  --data-binary @- <<EOF`,
    json,
    "EOF",
  );
  return lines.join("\n");
}
