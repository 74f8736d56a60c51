import { MODE_NOUNS, MODES, type Mode } from "@/lib/catalog/modes";
import { providerFieldsSnapshot, type ProviderCreateInfo } from "@/lib/catalog/providers";
import { checkUrlShape } from "@/lib/net/url-shape";

/**
 * Curated, guided Add Model flows: for each provider, which litellm_params fields to ask for,
 * how the upstream model string is prefixed, which modes LiteLLM serves for it, and the
 * provider-specific checks that catch the mistakes in the operators' runbooks. Any other
 * LiteLLM provider gets a generic flow built from /public/providers/fields.
 * Client-safe: the wizard renders fields from these objects.
 */

export type FlowFieldKind = "text" | "password" | "url" | "select" | "textarea" | "upload";

export interface FlowField {
  /** The litellm_params key (or model_info key when target is "model_info"). */
  key: string;
  label: string;
  kind: FlowFieldKind;
  required: boolean;
  placeholder?: string;
  help?: string;
  /** Write-only: never shown back, masked in summaries, replaced by os.environ/ in config.yaml. */
  secret: boolean;
  default?: string;
  options?: string[];
  target?: "litellm_params" | "model_info";
}

export interface FlowExample {
  alias: string;
  model: string;
  mode: Mode;
}

export interface FlowIssue {
  /** Form field path, e.g. ["params", "api_base"]. */
  path: string[];
  message: string;
  severity: "error" | "warning";
}

/** The part of a model draft a flow looks at (structurally compatible with ModelDraft). */
export interface FlowDraft {
  upstreamModel?: string;
  mode?: Mode;
  credentialMode?: "inline" | "named";
  params?: Record<string, string | undefined>;
  customAuthHeader?: { name?: string; format?: string };
}

export interface ProviderFlow {
  id: string;
  label: string;
  description: string;
  litellmProvider: string;
  /** Prepended to the upstream model unless it already starts with one of acceptedPrefixes. */
  modelPrefix: string;
  acceptedPrefixes: string[];
  /** A different prefix for some modes (Ollama chat goes through ollama_chat/). */
  modePrefixes?: Partial<Record<Mode, string>>;
  modelLabel: string;
  modelPlaceholder?: string;
  modelHelp?: string;
  docsHint: string;
  examples: FlowExample[];
  fields: FlowField[];
  modes: Mode[];
  /** Why a mode is not offered, in the operator's terms. */
  modeHints?: Partial<Record<Mode, string>>;
  /** Shown next to the mode picker when Gatehouse cannot vouch for the list. */
  modesNote?: string;
  keyOptional?: boolean;
  /** Sent as api_key when the key is left blank (OpenAI clients refuse an empty key). */
  emptyKeyPlaceholder?: string;
  supportsCustomAuthHeader?: boolean;
  /** OpenAI-style base URL: LiteLLM appends /chat/completions, /embeddings, … itself. */
  openAiCompatible?: boolean;
  curated: boolean;
  group: "cloud" | "self_hosted" | "other";
  validate(draft: FlowDraft): FlowIssue[];
}

const ENV_REF_RE = /^os\.environ\/[A-Za-z_][A-Za-z0-9_]*$/;

/** `os.environ/NAME`: LiteLLM resolves it from the proxy's environment. */
export function isEnvRef(value: string | undefined): boolean {
  return typeof value === "string" && value.startsWith("os.environ/");
}

const SECRET_PARAM_KEYS = new Set([
  "api_key",
  "azure_ad_token",
  "client_secret",
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "aws_web_identity_token",
  "vertex_credentials",
  "token",
  "zen_api_key",
  "gigachat_access_token",
  "oci_key",
]);

/** litellm_params keys that hold secrets, flow or no flow (used for masking and config export). */
export function isSecretParam(key: string): boolean {
  if (SECRET_PARAM_KEYS.has(key)) return true;
  return /(^|_)(secret|password|api_key|private_key|credentials)$/.test(key);
}

function val(draft: FlowDraft, key: string): string | undefined {
  const v = draft.params?.[key];
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

const error = (path: string[], message: string): FlowIssue => ({ path, message, severity: "error" });
const warning = (path: string[], message: string): FlowIssue => ({ path, message, severity: "warning" });

function parseUrl(value: string | undefined): URL | undefined {
  if (!value || isEnvRef(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

// ---------- field builders ----------

const apiKey = (o: Partial<FlowField> = {}): FlowField => ({
  key: "api_key",
  label: "API key",
  kind: "password",
  required: true,
  secret: true,
  help: "Stored encrypted in LiteLLM; Gatehouse never shows it again. os.environ/NAME reads it from the LiteLLM pod's environment.",
  ...o,
});

const apiBase = (o: Partial<FlowField> = {}): FlowField => ({
  key: "api_base",
  label: "API base URL",
  kind: "url",
  required: true,
  secret: false,
  ...o,
});

const optionalKey = (help: string, placeholder = "EMPTY"): FlowField =>
  apiKey({ required: false, placeholder, help: `${help} Stored encrypted in LiteLLM; never shown again.` });

// ---------- shared checks ----------

/** Base URLs of OpenAI-style servers must stop at /v1: LiteLLM appends the endpoint path. */
function openAiBaseIssues(draft: FlowDraft, expectV1: boolean): FlowIssue[] {
  const url = parseUrl(val(draft, "api_base"));
  if (!url) return [];
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/(chat\/completions|completions|embeddings|models|audio\/\w+|images\/\w+|rerank)$/.test(path)) {
    return [
      error(
        ["params", "api_base"],
        `Use the base URL without the endpoint path (e.g. ${url.origin}${path.replace(/\/(chat\/completions|completions|embeddings|models|audio\/\w+|images\/\w+|rerank)$/, "")}); LiteLLM adds /chat/completions, /embeddings, … itself.`,
      ),
    ];
  }
  if (expectV1 && !/\/v1$/.test(path)) {
    return [
      warning(
        ["params", "api_base"],
        `OpenAI-compatible servers usually serve under /v1, e.g. ${url.origin}/v1. Check the path if Test Connect fails.`,
      ),
    ];
  }
  return [];
}

const AZURE_HOST_RE = /^[a-z0-9][a-z0-9-]{0,62}\.(openai|cognitiveservices)\.azure\.com$/;
const AZURE_VERSION_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(-preview)?$/;

/** IP literals, localhost, single-label and cluster-internal names: where gateways in front of a cloud provider live. */
function isPrivateGatewayHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":")) return true;
  if (host === "localhost" || !host.includes(".")) return true;
  return /\.(local|internal|svc|lan|corp|home\.arpa)$/.test(host) || host.endsWith(".svc.cluster.local");
}

function validateAzure(draft: FlowDraft): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const base = val(draft, "api_base");
  const url = parseUrl(base);
  if (url && isPrivateGatewayHost(url.hostname) && !AZURE_HOST_RE.test(url.hostname)) {
    // An internal gateway (API Management, private endpoint proxy, the dev sandbox) in front of Azure: advise, do not refuse.
    issues.push(
      warning(
        ["params", "api_base"],
        "This is not an Azure OpenAI resource endpoint (https://<resource>.openai.azure.com/). That is fine for an internal gateway or proxy in front of Azure; Test Connect will tell.",
      ),
    );
  } else if (url) {
    if (url.protocol !== "https:" || !AZURE_HOST_RE.test(url.hostname) || url.port) {
      issues.push(
        error(
          ["params", "api_base"],
          "Azure OpenAI endpoints look like https://<resource>.openai.azure.com/ or https://<resource>.cognitiveservices.azure.com/ (Azure portal → your resource → Keys and Endpoint).",
        ),
      );
    } else if (url.pathname.replace(/\/+$/, "") !== "" || url.search) {
      issues.push(
        error(
          ["params", "api_base"],
          `Use only the resource endpoint, https://${url.hostname}/ — LiteLLM adds /openai/deployments/<deployment>/… and ?api-version= itself.`,
        ),
      );
    }
  }
  const version = val(draft, "api_version");
  if (version && !isEnvRef(version) && !AZURE_VERSION_RE.test(version)) {
    issues.push(error(["params", "api_version"], "The API version is a date such as 2024-10-21 or 2025-04-01-preview."));
  }
  const model = draft.upstreamModel?.trim() ?? "";
  const deployment = model.startsWith("azure/") ? model.slice("azure/".length) : model;
  if (deployment && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(deployment)) {
    issues.push(
      error(
        ["upstreamModel"],
        "Enter the Azure deployment name (Azure AI Foundry → Deployments): letters, digits, '.', '_' and '-' only, no slashes.",
      ),
    );
  }
  if (draft.credentialMode !== "named") {
    const entra = ["tenant_id", "client_id", "client_secret"].map((k) => val(draft, k));
    const someEntra = entra.some(Boolean);
    if (!val(draft, "api_key") && !someEntra) {
      issues.push(
        error(
          ["params", "api_key"],
          "Enter the Azure API key (Keys and Endpoint page), or an Entra ID tenant, client ID and client secret.",
        ),
      );
    } else if (someEntra && !val(draft, "api_key")) {
      const labels = ["tenant ID", "client ID", "client secret"];
      entra.forEach((v, i) => {
        if (!v)
          issues.push(error(["params", ["tenant_id", "client_id", "client_secret"][i]!], `Entra ID sign-in needs the ${labels[i]} too.`));
      });
    }
  }
  return issues;
}

function validateOllama(draft: FlowDraft): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const url = parseUrl(val(draft, "api_base"));
  if (url && /\/(api|v1)(\/.*)?$/.test(url.pathname.replace(/\/+$/, ""))) {
    issues.push(
      error(["params", "api_base"], `Use the Ollama server root, e.g. ${url.origin} — without /api or /v1; LiteLLM adds the path itself.`),
    );
  }
  const model = draft.upstreamModel?.trim() ?? "";
  if (draft.mode && draft.mode !== "chat" && model.startsWith("ollama_chat/")) {
    issues.push(
      error(
        ["upstreamModel"],
        `ollama_chat/ only serves chat; for ${MODE_NOUNS[draft.mode]} use ollama/${model.slice("ollama_chat/".length)}.`,
      ),
    );
  }
  return issues;
}

const AWS_REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const AWS_ROLE_RE = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const AWS_KEY_ID_RE = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

function validateBedrock(draft: FlowDraft): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const region = val(draft, "aws_region_name");
  if (region && !isEnvRef(region) && !AWS_REGION_RE.test(region)) {
    issues.push(error(["params", "aws_region_name"], "Enter an AWS region code such as us-east-1 or eu-central-1."));
  }
  const role = val(draft, "aws_role_name");
  if (role && !isEnvRef(role) && !AWS_ROLE_RE.test(role)) {
    issues.push(error(["params", "aws_role_name"], "A role ARN looks like arn:aws:iam::123456789012:role/bedrock-invoke."));
  }
  const keyId = val(draft, "aws_access_key_id");
  if (keyId && !isEnvRef(keyId) && !AWS_KEY_ID_RE.test(keyId)) {
    issues.push(
      error(["params", "aws_access_key_id"], "An access key ID is 20 characters starting with AKIA (or ASIA for temporary keys)."),
    );
  }
  if (draft.credentialMode !== "named") {
    const secret = val(draft, "aws_secret_access_key");
    if (keyId && !secret)
      issues.push(error(["params", "aws_secret_access_key"], "Enter the secret access key that belongs to this access key ID."));
    if (secret && !keyId)
      issues.push(error(["params", "aws_access_key_id"], "Enter the access key ID that belongs to this secret access key."));
    if (!keyId && !secret && !role) {
      issues.push(
        warning(
          ["params", "aws_access_key_id"],
          "No AWS credentials: LiteLLM will use whatever AWS credentials its pod has (environment, web identity). Enter keys or a role ARN otherwise.",
        ),
      );
    }
  }
  return issues;
}

function validateVertex(draft: FlowDraft): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const project = val(draft, "vertex_project");
  if (project && !isEnvRef(project) && !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(project)) {
    issues.push(
      error(
        ["params", "vertex_project"],
        "A Google Cloud project ID is 6–30 lowercase letters, digits or hyphens (not the project name or number).",
      ),
    );
  }
  const location = val(draft, "vertex_location");
  if (location && !isEnvRef(location) && !/^(global|[a-z]+-[a-z]+\d+)$/.test(location)) {
    issues.push(error(["params", "vertex_location"], "Enter a Vertex AI location such as us-central1, europe-west4 or global."));
  }
  const credentials = val(draft, "vertex_credentials");
  if (credentials && !isEnvRef(credentials)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(credentials);
    } catch {
      parsed = undefined;
    }
    const type = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as { type?: unknown }).type : undefined;
    if (typeof type !== "string") {
      issues.push(
        error(
          ["params", "vertex_credentials"],
          'Upload the service account key file (JSON with "type": "service_account"), or use os.environ/NAME.',
        ),
      );
    }
  }
  return issues;
}

function validateWatsonx(draft: FlowDraft): FlowIssue[] {
  const url = parseUrl(val(draft, "api_base"));
  if (url && (url.protocol !== "https:" || url.pathname.replace(/\/+$/, "") !== "")) {
    return [error(["params", "api_base"], "Enter the watsonx.ai regional URL only, e.g. https://us-south.ml.cloud.ibm.com (no path).")];
  }
  return [];
}

const none = (): FlowIssue[] => [];

// ---------- curated flows ----------

const ALL_MODES: Mode[] = [...MODES];

const OPENAI_COMPAT_HEADER_HELP = "If the server does not accept Authorization: Bearer, set a custom auth header below.";

export const curatedFlows: ProviderFlow[] = [
  {
    id: "openai",
    label: "OpenAI",
    description: "Models from api.openai.com: GPT chat models, text-embedding-3, DALL·E / gpt-image, Whisper and TTS.",
    litellmProvider: "openai",
    modelPrefix: "openai/",
    acceptedPrefixes: ["openai/"],
    modelLabel: "OpenAI model",
    modelPlaceholder: "gpt-4o-mini",
    docsHint: "https://docs.litellm.ai/docs/providers/openai",
    examples: [
      { alias: "gpt-4o-mini", model: "gpt-4o-mini", mode: "chat" },
      { alias: "text-embedding-3-small", model: "text-embedding-3-small", mode: "embedding" },
      { alias: "whisper-1", model: "whisper-1", mode: "audio_transcription" },
    ],
    fields: [
      apiKey({ placeholder: "sk-…" }),
      apiBase({
        required: false,
        label: "API base URL (optional)",
        placeholder: "https://api.openai.com/v1",
        help: "Only for the EU/US data-residency endpoints, e.g. https://eu.api.openai.com/v1.",
      }),
      { key: "organization", label: "Organization ID (optional)", kind: "text", required: false, secret: false, placeholder: "org-…" },
    ],
    modes: ALL_MODES,
    curated: true,
    group: "cloud",
    validate: none,
  },
  {
    id: "azure",
    label: "Azure OpenAI",
    description: "OpenAI models deployed in your Azure OpenAI / Azure AI Foundry resource, called by deployment name.",
    litellmProvider: "azure",
    modelPrefix: "azure/",
    acceptedPrefixes: ["azure/"],
    modelLabel: "Deployment name",
    modelPlaceholder: "my-gpt-4o-deployment",
    modelHelp: "The deployment name from Azure AI Foundry → Deployments, not the model name. LiteLLM calls azure/<deployment>.",
    docsHint: "https://docs.litellm.ai/docs/providers/azure",
    examples: [
      { alias: "gpt-4o", model: "gpt-4o", mode: "chat" },
      { alias: "text-embedding-3-large", model: "text-embedding-3-large", mode: "embedding" },
    ],
    fields: [
      apiBase({
        placeholder: "https://<resource>.openai.azure.com/",
        help: "The resource endpoint from Keys and Endpoint. Nothing after the host name.",
      }),
      {
        key: "api_version",
        label: "API version",
        kind: "text",
        required: true,
        secret: false,
        placeholder: "2024-10-21",
        help: "An Azure OpenAI REST API version, e.g. 2024-10-21 or 2025-04-01-preview.",
      },
      apiKey({
        required: false,
        label: "API key",
        help: "KEY 1 or KEY 2 from Keys and Endpoint. Leave empty only when using Entra ID below.",
      }),
      {
        key: "base_model",
        label: "Base model (optional)",
        kind: "text",
        required: false,
        secret: false,
        target: "model_info",
        placeholder: "text-embedding-3-large",
        help: "The OpenAI model behind the deployment, so LiteLLM can price it and Gatehouse can look up its dimension.",
      },
      { key: "tenant_id", label: "Entra ID tenant ID (optional)", kind: "text", required: false, secret: false },
      { key: "client_id", label: "Entra ID client ID (optional)", kind: "text", required: false, secret: false },
      { key: "client_secret", label: "Entra ID client secret (optional)", kind: "password", required: false, secret: true },
    ],
    modes: ["chat", "embedding", "image_generation", "audio_transcription", "audio_speech"],
    modeHints: {
      completion:
        "Azure OpenAI completion models go through LiteLLM's azure_text provider; choose Azure Text under Other LiteLLM providers.",
      rerank: "Azure OpenAI has no rerank models; use Azure AI Foundry (Cohere rerank) or Cohere.",
      moderation: "Azure OpenAI has no moderation endpoint in LiteLLM; use OpenAI's omni-moderation models.",
    },
    curated: true,
    group: "cloud",
    validate: validateAzure,
  },
  {
    id: "azure_ai",
    label: "Azure AI Foundry (model inference)",
    description: "Non-OpenAI models in Azure AI Foundry (Mistral, Llama, Cohere, DeepSeek, …) through the Azure AI model inference API.",
    litellmProvider: "azure_ai",
    modelPrefix: "azure_ai/",
    acceptedPrefixes: ["azure_ai/"],
    modelLabel: "Model or deployment name",
    modelPlaceholder: "Mistral-large-2411",
    docsHint: "https://docs.litellm.ai/docs/providers/azure_ai",
    examples: [
      { alias: "mistral-large", model: "Mistral-large-2411", mode: "chat" },
      { alias: "cohere-embed-v3", model: "Cohere-embed-v3-english", mode: "embedding" },
    ],
    fields: [
      apiBase({
        placeholder: "https://<resource>.services.ai.azure.com/models",
        help: "The Azure AI model inference endpoint of the resource.",
      }),
      apiKey(),
    ],
    modes: ["chat", "embedding", "image_generation", "rerank"],
    curated: true,
    group: "cloud",
    validate: (d) => {
      const url = parseUrl(val(d, "api_base"));
      return url && url.protocol !== "https:" ? [error(["params", "api_base"], "Azure AI Foundry endpoints use https://.")] : [];
    },
  },
  {
    id: "anthropic",
    label: "Anthropic",
    description: "Claude models from api.anthropic.com.",
    litellmProvider: "anthropic",
    modelPrefix: "anthropic/",
    acceptedPrefixes: ["anthropic/"],
    modelLabel: "Anthropic model",
    modelPlaceholder: "claude-sonnet-4-5",
    docsHint: "https://docs.litellm.ai/docs/providers/anthropic",
    examples: [{ alias: "claude-sonnet", model: "claude-sonnet-4-5", mode: "chat" }],
    fields: [
      apiKey({ placeholder: "sk-ant-…" }),
      apiBase({ required: false, label: "API base URL (optional)", placeholder: "https://api.anthropic.com" }),
    ],
    modes: ["chat"],
    modeHints: {
      embedding: "Anthropic does not serve embeddings through LiteLLM; use Voyage or another provider.",
      completion: "Anthropic's legacy completions API is retired; register Claude models in chat mode.",
    },
    curated: true,
    group: "cloud",
    validate: none,
  },
  {
    id: "openrouter",
    label: "OpenRouter",
    description: "Hundreds of hosted models behind one OpenRouter key.",
    litellmProvider: "openrouter",
    modelPrefix: "openrouter/",
    acceptedPrefixes: ["openrouter/"],
    modelLabel: "OpenRouter model ID",
    modelPlaceholder: "meta-llama/llama-3.3-70b-instruct",
    modelHelp: "As shown on openrouter.ai/models, including the vendor, e.g. anthropic/claude-sonnet-4.5.",
    docsHint: "https://docs.litellm.ai/docs/providers/openrouter",
    examples: [{ alias: "llama-3.3-70b", model: "meta-llama/llama-3.3-70b-instruct", mode: "chat" }],
    fields: [apiKey({ placeholder: "sk-or-…" })],
    modes: ["chat"],
    modeHints: { embedding: "LiteLLM routes OpenRouter models as chat models only; register embeddings with their own provider." },
    curated: true,
    group: "cloud",
    validate: none,
  },
  {
    id: "deepseek",
    label: "DeepSeek",
    description: "DeepSeek's hosted chat and reasoning models.",
    litellmProvider: "deepseek",
    modelPrefix: "deepseek/",
    acceptedPrefixes: ["deepseek/"],
    modelLabel: "DeepSeek model",
    modelPlaceholder: "deepseek-chat",
    docsHint: "https://docs.litellm.ai/docs/providers/deepseek",
    examples: [
      { alias: "deepseek-chat", model: "deepseek-chat", mode: "chat" },
      { alias: "deepseek-reasoner", model: "deepseek-reasoner", mode: "chat" },
    ],
    fields: [
      apiKey({ placeholder: "sk-…" }),
      apiBase({
        required: false,
        label: "API base URL (optional)",
        placeholder: "https://api.deepseek.com",
        help: "Leave empty for DeepSeek's own API; set it for a regional endpoint or a gateway in front of it.",
      }),
    ],
    modes: ["chat"],
    modeHints: { embedding: "DeepSeek has no embedding models; use another provider for embeddings." },
    curated: true,
    group: "cloud",
    validate: none,
  },
  {
    id: "ollama",
    label: "Ollama",
    description: "Models served by an Ollama server, in the cluster or on a workstation.",
    litellmProvider: "ollama",
    modelPrefix: "ollama_chat/",
    acceptedPrefixes: ["ollama/", "ollama_chat/"],
    modePrefixes: { completion: "ollama/", embedding: "ollama/" },
    modelLabel: "Ollama model tag",
    modelPlaceholder: "llama3.1:8b",
    modelHelp: "As listed by `ollama list`. Chat models go through ollama_chat/, embeddings through ollama/.",
    docsHint: "https://docs.litellm.ai/docs/providers/ollama",
    examples: [
      { alias: "llama3.1", model: "llama3.1:8b", mode: "chat" },
      { alias: "nomic-embed-text", model: "nomic-embed-text", mode: "embedding" },
    ],
    fields: [
      apiBase({ placeholder: "http://ollama.ollama.svc.cluster.local:11434", help: "The Ollama server root, without /api or /v1." }),
      apiKey({
        required: false,
        label: "API key (optional)",
        placeholder: "",
        help: "Only when Ollama sits behind an authenticating proxy.",
      }),
    ],
    modes: ["chat", "completion", "embedding"],
    keyOptional: true,
    supportsCustomAuthHeader: true,
    curated: true,
    group: "self_hosted",
    validate: validateOllama,
  },
  {
    id: "vllm",
    label: "vLLM",
    description: "A vLLM server's OpenAI-compatible API (plain vLLM, llm-d, or a vLLM runtime you manage).",
    litellmProvider: "hosted_vllm",
    modelPrefix: "hosted_vllm/",
    acceptedPrefixes: ["hosted_vllm/", "openai/"],
    modelLabel: "Served model name",
    modelPlaceholder: "meta-llama/Llama-3.1-8B-Instruct",
    modelHelp: "The name vLLM serves (its --served-model-name, or the model path); GET /v1/models lists it.",
    docsHint: "https://docs.litellm.ai/docs/providers/vllm",
    examples: [
      { alias: "llama-3.1-8b", model: "meta-llama/Llama-3.1-8B-Instruct", mode: "chat" },
      { alias: "bge-m3", model: "BAAI/bge-m3", mode: "embedding" },
    ],
    fields: [
      apiBase({ placeholder: "http://vllm.<namespace>.svc.cluster.local:8000/v1", help: "Ends in /v1." }),
      optionalKey(`Only when vLLM runs with --api-key. ${OPENAI_COMPAT_HEADER_HELP}`, ""),
    ],
    modes: ["chat", "completion", "embedding", "rerank"],
    keyOptional: true,
    emptyKeyPlaceholder: "EMPTY",
    supportsCustomAuthHeader: true,
    openAiCompatible: true,
    curated: true,
    group: "self_hosted",
    validate: (d) => openAiBaseIssues(d, true),
  },
  {
    id: "ray_serve",
    label: "Ray Serve / KubeRay",
    description: "An LLM served by Ray Serve (Ray LLM on KubeRay) through its OpenAI-compatible endpoint.",
    litellmProvider: "openai",
    modelPrefix: "openai/",
    acceptedPrefixes: ["openai/"],
    modelLabel: "Ray model_id",
    modelPlaceholder: "Llama-3.2-3B-Instruct",
    modelHelp: "The model_id from the RayService's LLM config. Gatehouse registers it as openai/<model_id>.",
    docsHint: "https://docs.ray.io/en/latest/serve/llm/",
    examples: [{ alias: "llama-3.2-3b", model: "Llama-3.2-3B-Instruct", mode: "chat" }],
    fields: [
      apiBase({
        placeholder: "http://ray-service-head-svc.ray-service.svc.cluster.local:8000/v1",
        help: "The RayService head service and the Serve port (8000 by default), ending in /v1.",
      }),
      optionalKey("Ray Serve ignores it; left empty, Gatehouse sends the placeholder EMPTY."),
    ],
    modes: ["chat", "completion", "embedding"],
    keyOptional: true,
    emptyKeyPlaceholder: "EMPTY",
    supportsCustomAuthHeader: true,
    openAiCompatible: true,
    curated: true,
    group: "self_hosted",
    validate: (d) => openAiBaseIssues(d, true),
  },
  {
    id: "openshift_ai",
    label: "OpenShift AI / KServe",
    description: "A model served by OpenShift AI single-model serving (KServe with vLLM or another OpenAI-compatible runtime).",
    litellmProvider: "openai",
    modelPrefix: "openai/",
    acceptedPrefixes: ["openai/", "hosted_vllm/"],
    modelLabel: "Served model name",
    modelPlaceholder: "granite-3-8b-instruct",
    modelHelp: "The InferenceService's served model name (GET <endpoint>/v1/models).",
    docsHint: "https://docs.redhat.com/en/documentation/red_hat_openshift_ai_self-managed/",
    examples: [{ alias: "granite-8b", model: "granite-3-8b-instruct", mode: "chat" }],
    fields: [
      apiBase({
        placeholder: "http://<isvc>-predictor.<project>.svc.cluster.local:8080/v1",
        help: "The inference endpoint ending in /v1: the in-cluster predictor service or the external route (https://…apps.<cluster>/v1).",
      }),
      optionalKey(`A service account token when the model requires token authentication. ${OPENAI_COMPAT_HEADER_HELP}`),
    ],
    modes: ["chat", "completion", "embedding"],
    keyOptional: true,
    emptyKeyPlaceholder: "EMPTY",
    supportsCustomAuthHeader: true,
    openAiCompatible: true,
    curated: true,
    group: "self_hosted",
    validate: (d) => openAiBaseIssues(d, true),
  },
  {
    id: "lm_studio",
    label: "LM Studio",
    description: "Models served by LM Studio's local server.",
    litellmProvider: "lm_studio",
    modelPrefix: "lm_studio/",
    acceptedPrefixes: ["lm_studio/"],
    modelLabel: "Model identifier",
    modelPlaceholder: "qwen2.5-7b-instruct",
    docsHint: "https://docs.litellm.ai/docs/providers/lm_studio",
    examples: [{ alias: "qwen2.5-7b", model: "qwen2.5-7b-instruct", mode: "chat" }],
    fields: [apiBase({ placeholder: "http://<host>:1234/v1", help: "Ends in /v1." }), optionalKey("LM Studio does not check it.", "")],
    modes: ["chat", "embedding"],
    keyOptional: true,
    supportsCustomAuthHeader: true,
    openAiCompatible: true,
    curated: true,
    group: "self_hosted",
    validate: (d) => openAiBaseIssues(d, true),
  },
  {
    id: "openai_compatible",
    label: "Other OpenAI-compatible endpoint",
    description: "Any server that speaks the OpenAI API (TGI, llama.cpp, SGLang, Triton's OpenAI frontend, an internal gateway, …).",
    litellmProvider: "openai",
    modelPrefix: "openai/",
    acceptedPrefixes: ["openai/"],
    modelLabel: "Model name on that server",
    modelPlaceholder: "my-model",
    docsHint: "https://docs.litellm.ai/docs/providers/openai_compatible",
    examples: [{ alias: "internal-chat", model: "my-model", mode: "chat" }],
    fields: [
      apiBase({ placeholder: "https://llm.internal.example.com/v1" }),
      optionalKey(`Left empty, Gatehouse sends the placeholder EMPTY. ${OPENAI_COMPAT_HEADER_HELP}`),
    ],
    modes: ["chat", "completion", "embedding", "image_generation", "audio_transcription", "audio_speech"],
    keyOptional: true,
    emptyKeyPlaceholder: "EMPTY",
    supportsCustomAuthHeader: true,
    openAiCompatible: true,
    curated: true,
    group: "self_hosted",
    validate: (d) => openAiBaseIssues(d, false),
  },
  {
    id: "bedrock",
    label: "AWS Bedrock",
    description: "Foundation models in Amazon Bedrock: Claude, Llama, Titan and Cohere embeddings, Nova, …",
    litellmProvider: "bedrock",
    modelPrefix: "bedrock/",
    acceptedPrefixes: ["bedrock/"],
    modelLabel: "Bedrock model ID or inference profile",
    modelPlaceholder: "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
    docsHint: "https://docs.litellm.ai/docs/providers/bedrock",
    examples: [
      { alias: "claude-3.5-sonnet", model: "us.anthropic.claude-3-5-sonnet-20241022-v2:0", mode: "chat" },
      { alias: "titan-embed-v2", model: "amazon.titan-embed-text-v2:0", mode: "embedding" },
    ],
    fields: [
      { key: "aws_region_name", label: "AWS region", kind: "text", required: true, secret: false, placeholder: "us-east-1" },
      { key: "aws_access_key_id", label: "Access key ID", kind: "password", required: false, secret: true, placeholder: "AKIA…" },
      { key: "aws_secret_access_key", label: "Secret access key", kind: "password", required: false, secret: true },
      {
        key: "aws_role_name",
        label: "Role ARN to assume (optional)",
        kind: "text",
        required: false,
        secret: false,
        placeholder: "arn:aws:iam::123456789012:role/bedrock-invoke",
        help: "LiteLLM assumes this role with the keys above (or the pod's own AWS identity).",
      },
      {
        key: "aws_session_name",
        label: "Role session name (optional)",
        kind: "text",
        required: false,
        secret: false,
        placeholder: "litellm",
      },
    ],
    modes: ["chat", "embedding", "image_generation", "rerank"],
    curated: true,
    group: "cloud",
    validate: validateBedrock,
  },
  {
    id: "vertex_ai",
    label: "Google Vertex AI",
    description: "Gemini, Claude-on-Vertex and Google embedding models in a Google Cloud project.",
    litellmProvider: "vertex_ai",
    modelPrefix: "vertex_ai/",
    acceptedPrefixes: ["vertex_ai/"],
    modelLabel: "Vertex AI model",
    modelPlaceholder: "gemini-2.5-flash",
    docsHint: "https://docs.litellm.ai/docs/providers/vertex",
    examples: [
      { alias: "gemini-2.5-flash", model: "gemini-2.5-flash", mode: "chat" },
      { alias: "text-embedding-005", model: "text-embedding-005", mode: "embedding" },
    ],
    fields: [
      { key: "vertex_project", label: "Project ID", kind: "text", required: true, secret: false, placeholder: "my-gcp-project" },
      { key: "vertex_location", label: "Location", kind: "text", required: true, secret: false, placeholder: "us-central1" },
      {
        key: "vertex_credentials",
        label: "Service account key (JSON)",
        kind: "upload",
        required: false,
        secret: true,
        help: "Optional: without it LiteLLM uses the pod's Application Default Credentials.",
      },
    ],
    modes: ["chat", "embedding", "image_generation"],
    curated: true,
    group: "cloud",
    validate: validateVertex,
  },
  {
    id: "groq",
    label: "Groq",
    description: "Fast hosted open models and Whisper transcription on GroqCloud.",
    litellmProvider: "groq",
    modelPrefix: "groq/",
    acceptedPrefixes: ["groq/"],
    modelLabel: "Groq model",
    modelPlaceholder: "llama-3.3-70b-versatile",
    docsHint: "https://docs.litellm.ai/docs/providers/groq",
    examples: [
      { alias: "llama-3.3-70b", model: "llama-3.3-70b-versatile", mode: "chat" },
      { alias: "whisper-large-v3", model: "whisper-large-v3", mode: "audio_transcription" },
    ],
    fields: [apiKey({ placeholder: "gsk_…" })],
    modes: ["chat", "audio_transcription"],
    modeHints: { embedding: "Groq has no embedding models; use another provider for embeddings." },
    curated: true,
    group: "cloud",
    validate: none,
  },
  {
    id: "mistral",
    label: "Mistral AI",
    description: "Mistral's hosted chat models and mistral-embed.",
    litellmProvider: "mistral",
    modelPrefix: "mistral/",
    acceptedPrefixes: ["mistral/"],
    modelLabel: "Mistral model",
    modelPlaceholder: "mistral-large-latest",
    docsHint: "https://docs.litellm.ai/docs/providers/mistral",
    examples: [
      { alias: "mistral-large", model: "mistral-large-latest", mode: "chat" },
      { alias: "mistral-embed", model: "mistral-embed", mode: "embedding" },
    ],
    fields: [apiKey()],
    modes: ["chat", "embedding"],
    curated: true,
    group: "cloud",
    validate: none,
  },
  {
    id: "cohere",
    label: "Cohere",
    description: "Command chat models, Embed and Rerank from api.cohere.com.",
    litellmProvider: "cohere",
    modelPrefix: "cohere/",
    acceptedPrefixes: ["cohere/", "cohere_chat/"],
    modePrefixes: { chat: "cohere_chat/" },
    modelLabel: "Cohere model",
    modelPlaceholder: "command-r-plus",
    docsHint: "https://docs.litellm.ai/docs/providers/cohere",
    examples: [
      { alias: "command-r-plus", model: "command-r-plus", mode: "chat" },
      { alias: "embed-v4", model: "embed-v4.0", mode: "embedding" },
      { alias: "rerank-v3.5", model: "rerank-v3.5", mode: "rerank" },
    ],
    fields: [apiKey()],
    modes: ["chat", "embedding", "rerank"],
    curated: true,
    group: "cloud",
    validate: none,
  },
  {
    id: "huggingface",
    label: "Hugging Face",
    description: "Hugging Face Inference Providers, or your own dedicated Inference Endpoint.",
    litellmProvider: "huggingface",
    modelPrefix: "huggingface/",
    acceptedPrefixes: ["huggingface/"],
    modelLabel: "Hugging Face model ID",
    modelPlaceholder: "meta-llama/Llama-3.3-70B-Instruct",
    docsHint: "https://docs.litellm.ai/docs/providers/huggingface",
    examples: [{ alias: "llama-3.3-70b", model: "meta-llama/Llama-3.3-70B-Instruct", mode: "chat" }],
    fields: [
      apiKey({ placeholder: "hf_…", label: "Access token" }),
      apiBase({
        required: false,
        label: "Inference Endpoint URL (optional)",
        placeholder: "https://<endpoint>.endpoints.huggingface.cloud",
      }),
    ],
    modes: ["chat", "embedding"],
    curated: true,
    group: "cloud",
    validate: none,
  },
  {
    id: "together_ai",
    label: "Together AI",
    description: "Open models hosted by Together AI.",
    litellmProvider: "together_ai",
    modelPrefix: "together_ai/",
    acceptedPrefixes: ["together_ai/"],
    modelLabel: "Together model",
    modelPlaceholder: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    docsHint: "https://docs.litellm.ai/docs/providers/togetherai",
    examples: [
      { alias: "llama-3.3-70b", model: "meta-llama/Llama-3.3-70B-Instruct-Turbo", mode: "chat" },
      { alias: "bge-base", model: "BAAI/bge-base-en-v1.5", mode: "embedding" },
    ],
    fields: [apiKey()],
    modes: ["chat", "completion", "embedding", "image_generation"],
    curated: true,
    group: "cloud",
    validate: none,
  },
  {
    id: "watsonx",
    label: "IBM watsonx.ai",
    description: "Granite and other foundation models in an IBM watsonx.ai project.",
    litellmProvider: "watsonx",
    modelPrefix: "watsonx/",
    acceptedPrefixes: ["watsonx/"],
    modelLabel: "watsonx model ID",
    modelPlaceholder: "ibm/granite-3-8b-instruct",
    docsHint: "https://docs.litellm.ai/docs/providers/watsonx",
    examples: [
      { alias: "granite-3-8b", model: "ibm/granite-3-8b-instruct", mode: "chat" },
      { alias: "slate-30m", model: "ibm/slate-30m-english-rtrvr", mode: "embedding" },
    ],
    fields: [
      apiBase({
        label: "watsonx.ai URL",
        placeholder: "https://us-south.ml.cloud.ibm.com",
        help: "The regional watsonx.ai URL, without a path.",
      }),
      {
        key: "project_id",
        label: "Project ID",
        kind: "text",
        required: true,
        secret: false,
        placeholder: "00000000-0000-0000-0000-000000000000",
      },
      apiKey({ label: "IBM Cloud API key" }),
    ],
    modes: ["chat", "embedding"],
    curated: true,
    group: "cloud",
    validate: validateWatsonx,
  },
];

// ---------- generic flows from LiteLLM's provider metadata ----------

// LiteLLM providers the curated flows already cover (by litellm_provider).
const COVERED_PROVIDERS = new Set([
  "openai",
  "azure",
  "azure_ai",
  "anthropic",
  "openrouter",
  "deepseek",
  "ollama",
  "ollama_chat",
  "hosted_vllm",
  "vllm",
  "lm_studio",
  "bedrock",
  "vertex_ai",
  "groq",
  "mistral",
  "cohere",
  "cohere_chat",
  "huggingface",
  "together_ai",
  "watsonx",
]);

// Entries in /public/providers/fields that are prompt stores, vector stores or routers, not model providers.
const NOT_MODEL_PROVIDERS = new Set(["auto_router", "dotprompt", "humanloop", "langfuse", "milvus", "pg_vector"]);

const FIELD_KINDS: Record<string, FlowFieldKind> = {
  text: "text",
  password: "password",
  select: "select",
  upload: "upload",
  textarea: "textarea",
};

/** A flow for any LiteLLM provider, built from its /public/providers/fields entry. */
export function genericFlow(info: ProviderCreateInfo): ProviderFlow {
  const prefix = `${info.litellm_provider}/`;
  const fields: FlowField[] = info.credential_fields.map((f) => {
    const secret = f.field_type === "password" || f.field_type === "upload" || isSecretParam(f.key);
    const kind: FlowFieldKind = f.key === "api_base" && f.field_type === "text" ? "url" : (FIELD_KINDS[f.field_type] ?? "text");
    return {
      key: f.key,
      label: f.label,
      kind,
      required: f.required,
      secret,
      ...(f.placeholder ? { placeholder: f.placeholder } : {}),
      ...(f.tooltip ? { help: f.tooltip } : {}),
      ...(f.default_value !== null && f.default_value !== undefined && !secret ? { default: String(f.default_value) } : {}),
      ...(f.options ? { options: f.options } : {}),
    };
  });
  const placeholder = info.default_model_placeholder ?? undefined;
  // LiteLLM uses "gpt-3.5-turbo" as a filler placeholder for most providers; it would mislead here.
  const modelPlaceholder =
    placeholder && placeholder !== "gpt-3.5-turbo" ? placeholder.replace(new RegExp(`^${escapeRe(prefix)}`), "") : undefined;
  const apiKeyField = fields.find((f) => f.key === "api_key");
  return {
    id: `litellm:${info.provider}`,
    label: info.provider_display_name,
    description: `LiteLLM provider ${info.litellm_provider}. Fields come from LiteLLM's own provider list.`,
    litellmProvider: info.litellm_provider,
    modelPrefix: prefix,
    acceptedPrefixes: [prefix],
    modelLabel: "Model",
    ...(modelPlaceholder ? { modelPlaceholder } : {}),
    docsHint: `https://docs.litellm.ai/docs/providers`,
    examples: [],
    fields,
    modes: ALL_MODES,
    modesNote: `Gatehouse cannot verify which modes ${info.provider_display_name} serves through LiteLLM; use Test Connect before saving.`,
    keyOptional: !apiKeyField || !apiKeyField.required,
    curated: false,
    group: "other",
    validate: none,
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function isCovered(info: ProviderCreateInfo): boolean {
  return COVERED_PROVIDERS.has(info.litellm_provider) || NOT_MODEL_PROVIDERS.has(info.litellm_provider);
}

/** Curated flows first, then a generic flow for every other LiteLLM provider (live list if given). */
export function allFlows(liveProviderFields?: ProviderCreateInfo[]): ProviderFlow[] {
  const source = liveProviderFields && liveProviderFields.length > 0 ? liveProviderFields : providerFieldsSnapshot();
  const generic = source
    .filter((info) => !isCovered(info))
    .map(genericFlow)
    .sort((a, b) => a.label.localeCompare(b.label));
  return [...curatedFlows, ...generic];
}

/** A curated flow by id, or a generic one ("litellm:<provider>") from the live list or the snapshot. */
export function getFlow(id: string, liveProviderFields?: ProviderCreateInfo[]): ProviderFlow | undefined {
  const curated = curatedFlows.find((f) => f.id === id);
  if (curated) return curated;
  if (!id.startsWith("litellm:")) return undefined;
  const provider = id.slice("litellm:".length);
  const info = liveProviderFields?.find((p) => p.provider === provider) ?? providerFieldsSnapshot().find((p) => p.provider === provider);
  return info && !isCovered(info) ? genericFlow(info) : undefined;
}

// ---------- checks shared by the schema, the save action and Test Connect ----------

/** The litellm_params.model string: the upstream model with the flow's prefix unless it has one. */
export function resolveModelName(flow: ProviderFlow, upstreamModel: string, mode?: Mode): string {
  const model = upstreamModel.trim();
  if (flow.acceptedPrefixes.some((p) => model.startsWith(p))) return model;
  return `${(mode && flow.modePrefixes?.[mode]) ?? flow.modelPrefix}${model}`;
}

/** Why this flow cannot serve the mode, or undefined when it can. */
export function modeIssue(flow: ProviderFlow, mode: Mode): string | undefined {
  if (flow.modes.includes(mode)) return undefined;
  return (
    flow.modeHints?.[mode] ??
    `${flow.label} does not serve ${MODE_NOUNS[mode]} models through LiteLLM. Choose ${flow.modes.map((m) => MODE_NOUNS[m]).join(", ")}.`
  );
}

/**
 * Field rules: required fields (inline credentials only; a named credential supplies them),
 * os.environ/ reference shape, URL shape, select options, then the flow's own checks.
 */
export function fieldIssues(flow: ProviderFlow, draft: FlowDraft): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const inline = draft.credentialMode !== "named";
  for (const field of flow.fields) {
    const value = val(draft, field.key);
    const path = ["params", field.key];
    if (!value) {
      if (field.required && inline) {
        issues.push(
          error(path, field.kind === "upload" ? `Upload the ${lowerFirst(field.label)}.` : `Enter the ${lowerFirst(field.label)}.`),
        );
      }
      continue;
    }
    if (isEnvRef(value)) {
      if (!ENV_REF_RE.test(value))
        issues.push(error(path, "Write environment references as os.environ/NAME (letters, digits and underscores)."));
      continue;
    }
    if (field.kind === "url") {
      const shape = checkUrlShape(value);
      if (!shape.ok) issues.push(error(path, shape.reason));
    } else if (field.kind === "select" && field.options && !field.options.includes(value)) {
      issues.push(error(path, `Choose one of: ${field.options.join(", ")}.`));
    }
  }
  if (issues.some((i) => i.severity === "error" && i.path[1] === "api_base")) {
    // The flow's own api_base checks would only repeat the shape error.
    return [...issues, ...flow.validate(draft).filter((i) => i.path[1] !== "api_base")];
  }
  return [...issues, ...flow.validate(draft)];
}

function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

const HEADER_NAME_RE = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Where the key goes in a custom header's format: {api_key} (the DeltaLLM runbook's spelling) or {key}. */
const HEADER_KEY_PLACEHOLDER_RE = /\{(api_key|key)\}/;

/** The header's value: the format with every {api_key} / {key} replaced by the key. */
export function formatAuthHeader(format: string, key: string): string {
  return format.replace(/\{(?:api_key|key)\}/g, () => key);
}

/**
 * A custom upstream auth header. Its value is stored in a LiteLLM credential created for the deployment (LiteLLM merges
 * a credential's values into the call, extra_headers included), never in the deployment's extra_headers, which
 * /model/info returns unmasked to anyone who may list models.
 */
export function authHeaderIssues(flow: ProviderFlow, draft: FlowDraft): FlowIssue[] {
  const header = draft.customAuthHeader;
  const name = header?.name?.trim() ?? "";
  const format = header?.format?.trim() ?? "";
  if (!name && !format) return [];
  if (!flow.supportsCustomAuthHeader) {
    return [
      error(
        ["customAuthHeader", "name"],
        `${flow.label} always uses its own authentication; a custom auth header is only for OpenAI-compatible servers.`,
      ),
    ];
  }
  const issues: FlowIssue[] = [];
  if (!HEADER_NAME_RE.test(name))
    issues.push(error(["customAuthHeader", "name"], "Enter a header name such as X-API-Key (letters, digits and hyphens)."));
  if (!HEADER_KEY_PLACEHOLDER_RE.test(format))
    issues.push(
      error(
        ["customAuthHeader", "format"],
        "The header format must contain {api_key} (or {key}) where the key goes, e.g. {api_key} or Bearer {api_key}.",
      ),
    );
  if (draft.credentialMode === "named") {
    issues.push(
      error(
        ["customAuthHeader", "name"],
        "A custom auth header needs the key entered here: LiteLLM cannot put a named credential's key into a header.",
      ),
    );
    return issues;
  }
  const key = val(draft, "api_key");
  if (!key) issues.push(error(["params", "api_key"], `Enter the key to send in the ${name || "custom"} header.`));
  else if (isEnvRef(key)) {
    issues.push(
      error(
        ["params", "api_key"],
        "A custom auth header needs the key itself: LiteLLM does not resolve os.environ/ references inside extra_headers of stored models.",
      ),
    );
  }
  return issues;
}
