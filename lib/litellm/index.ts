import "server-only";

import { getEnv } from "@/lib/env";
import { createDataPlaneApi } from "./data-plane";

import { isLiteLLMError } from "./errors";
import { createCredentialsApi } from "./credentials";
import { createHealthApi, MAX_TEST_CONNECT_TIMEOUT_MS } from "./health";
import { createTransport, type ClientContext, type LiteLLMLogger } from "./http";
import { createKeysApi } from "./keys";
import { createModelsApi } from "./models";
import { createPublicApi } from "./public";
import { createSpendApi } from "./spend";
import { createTeamsApi } from "./teams";
import { createUsersApi } from "./users";
import { featuresFor, type LiteLLMVersionInfo } from "./version";

export interface LiteLLMClientConfig {
  /** e.g. http://litellm:4000 (no trailing slash needed). */
  baseUrl: string;
  masterKey: string;
  /** Per-call timeout; default 15 s. */
  timeoutMs?: number;
  /** /health/test_connection timeout; default and maximum 60 s. */
  testConnectTimeoutMs?: number;
  fetch?: typeof fetch;
  logger?: LiteLLMLogger;
  /** How long version and master-key detection are cached; default 60 s. */
  detectionTtlMs?: number;
  /** GET (and idempotent check) retries on connection errors and 500/502/503/504; default 2. Writes never retry. */
  retries?: number;
  retryDelayMs?: number;
}

export type MasterKeyCheck = { enforced: true } | { enforced: false; reason: string };

export const NO_MASTER_KEY_REASON =
  "LiteLLM accepted a request with no API key: it has no master key configured, so every caller is an admin. " +
  "Set general_settings.master_key (LITELLM_MASTER_KEY) on the proxy.";

const DEFAULT_DETECTION_TTL_MS = 60_000;

/**
 * Caches a successful async result; concurrent callers share one request; failures are not cached. After `ttlMs` the
 * cached value is still answered at once while it is read again in the background (stale-while-revalidate): only the
 * very first call waits, so version and master-key detection never add a LiteLLM call to a page after idle.
 */
function cached<T>(ttlMs: number, load: () => Promise<T>) {
  let value: { data: T; until: number } | undefined;
  let inflight: Promise<T> | undefined;
  const reload = () =>
    (inflight ??= load()
      .then((data) => {
        value = { data, until: Date.now() + ttlMs };
        return data;
      })
      .finally(() => {
        inflight = undefined;
      }));
  return (options: { refresh?: boolean } = {}): Promise<T> => {
    if (options.refresh || !value) return reload();
    if (value.until <= Date.now()) void reload().catch(() => undefined);
    return Promise.resolve(value.data);
  };
}

export function createLiteLLMClient(config: LiteLLMClientConfig) {
  const http = createTransport(config);
  const ttl = config.detectionTtlMs ?? DEFAULT_DETECTION_TTL_MS;
  const ctx: ClientContext = { http, version: () => version() };
  const health = createHealthApi(ctx, config.testConnectTimeoutMs ?? MAX_TEST_CONNECT_TIMEOUT_MS);

  /** The proxy's version and feature switches, from /health/readiness (cached). Unknown version = oldest behaviour. */
  const version = cached<LiteLLMVersionInfo>(ttl, async () => {
    const readiness = await health.readiness();
    const detected = readiness.litellm_version?.trim() || null;
    return { version: detected, features: featuresFor(detected), db: readiness.db ?? null, detectedAt: Date.now() };
  });

  /**
   * Refuses a proxy without a master key (§1.1, §8.16): an admin route called with no credentials must be rejected.
   * 401/403 → enforced; success → not enforced; anything else is thrown (the proxy could not be judged).
   */
  const checkMasterKeyEnforced = cached<MasterKeyCheck>(ttl, async () => {
    try {
      await http.request({ method: "GET", path: "/key/list", query: { size: 1 }, auth: false, purpose: "detection" });
      return { enforced: false, reason: NO_MASTER_KEY_REASON };
    } catch (error) {
      if (isLiteLLMError(error) && (error.status === 401 || error.status === 403)) return { enforced: true };
      throw error;
    }
  });

  return {
    models: createModelsApi(ctx),
    credentials: createCredentialsApi(ctx),
    keys: createKeysApi(ctx),
    teams: createTeamsApi(ctx),
    users: createUsersApi(ctx),
    health,
    public: createPublicApi(ctx),
    spend: createSpendApi(ctx),
    dataPlane: createDataPlaneApi(ctx),
    version,
    checkMasterKeyEnforced,
    baseUrl: http.baseUrl,
  };
}

export type LiteLLMClient = ReturnType<typeof createLiteLLMClient>;

let singleton: LiteLLMClient | undefined;

/** The process-wide client, configured from the validated environment (lib/env.ts). */
export function getLiteLLM(): LiteLLMClient {
  if (!singleton) {
    const env = getEnv();
    singleton = createLiteLLMClient({
      baseUrl: env.LITELLM_URL,
      masterKey: env.LITELLM_MASTER_KEY,
      timeoutMs: env.LITELLM_TIMEOUT_MS,
      testConnectTimeoutMs: env.LITELLM_TEST_CONNECT_TIMEOUT_MS,
    });
  }
  return singleton;
}

/** Tests only: forget the singleton (e.g. after resetEnvForTests). */
export function resetLiteLLMForTests() {
  singleton = undefined;
}

export {
  LiteLLMError,
  errorFromBody,
  errorFromResponse,
  isAliasConflict,
  isEnterpriseGated,
  isLiteLLMError,
  isNotFound,
  isOutcomeUnknown,
  unwrapPythonRepr,
  type LiteLLMErrorInit,
  type LiteLLMErrorType,
  type LiteLLMValidationIssue,
} from "./errors";
export { mayLogBodies, DEFAULT_TIMEOUT_MS, type LiteLLMLogger } from "./http";
export { compareVersions, featuresFor, isAtLeast, FEATURE_MINIMUMS, type LiteLLMFeatures, type LiteLLMVersionInfo } from "./version";
export { CLEARABLE_LITELLM_PARAMS, pageLocally, type ModelsApi } from "./models";
export { toKeyHash, type GeneratedKey, type KeysApi } from "./keys";
export { cleanProviderError, MAX_TEST_CONNECT_TIMEOUT_MS, type HealthApi } from "./health";
export type { CredentialsApi } from "./credentials";
export type { TeamsApi } from "./teams";
export type { UsersApi } from "./users";
export type { PublicApi } from "./public";
export type { SpendApi } from "./spend";
export type { DataPlaneApi, EmbeddingProbe } from "./data-plane";
export * from "./schemas/common";
export * from "./schemas/models";
export * from "./schemas/keys";
export * from "./schemas/teams";
export * from "./schemas/users";
export * from "./schemas/credentials";
export * from "./schemas/health";
export * from "./schemas/public";
export * from "./schemas/spend";
