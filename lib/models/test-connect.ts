import "server-only";

import { randomUUID } from "node:crypto";

import { z } from "zod";

import type { ServiceContext } from "@/lib/aliases/service";
import { recordAudit, type AuditInput } from "@/lib/audit/service";
import { requireTier } from "@/lib/auth/permissions";
import type { ProviderCreateInfo } from "@/lib/catalog/providers";
import { getEnv } from "@/lib/env";
import { NotFoundError, RateLimitedError, ValidationError } from "@/lib/errors";
import { getLiteLLM, isLiteLLMError, type HealthApi, type LiteLLMClient, type TestConnectionInput } from "@/lib/litellm";
import { checkOutboundUrl, type SsrfVerdict } from "@/lib/net/ssrf";
import { minutesUntilFree, recentHits, recordHit } from "@/lib/rate-limit";
import { redact } from "@/lib/redact";

import { issueTestReceipt, recordConnectionCheck, type TestReceipt } from "./connection-checks";
import { toLiteLLMDeployment } from "./draft-schema";
import { buildTestConnectCurl, ENV_REF_TEST_MESSAGE, explainProviderError, type Explanation } from "./explain";
import { isEnvRef, type ProviderFlow } from "./provider-flows";
import { ApiBaseRefusedError, guardApiBase, hostOf, liveProviderFields, parseDraft } from "./wizard-service";

/**
 * Test Connect: asks LiteLLM (POST /health/test_connection) to call the provider with the draft's
 * litellm_params in the chosen mode. Gates, in order: admin → the shared schema → a mode LiteLLM can
 * test → no os.environ/ values → 10 per minute per admin → the SSRF guard on the final api_base.
 * Nothing leaves the console before all of them pass, and only a test that is sent counts against the limit;
 * every attempt is audited with the host only. The api_base sent is the normalised one the guard checked.
 */

export const TEST_CONNECT_LIMIT = 10;
export const TEST_CONNECT_WINDOW_MS = 60_000;

/** Modes /health/test_connection accepts (CONTRACT §2.3); the wizard's other modes cannot be tested there. */
const TESTABLE_MODES = new Set([
  "chat",
  "completion",
  "embedding",
  "audio_speech",
  "audio_transcription",
  "image_generation",
  "video_generation",
  "batch",
  "rerank",
  "realtime",
  "responses",
  "ocr",
]);

export type TestConnectStatus = "success" | "failed" | "cancelled";

export interface TestConnectResult {
  status: TestConnectStatus;
  mode: string;
  /** host[:port] the provider call went to (never the full URL). */
  host: string;
  latencyMs: number;
  /** Reproduces the call without secrets. */
  curl: string;
  /** The provider's error, redacted and without LiteLLM's stack trace. */
  error?: string;
  explanation?: Explanation;
  rateLimit?: { remainingRequests?: string | number; remainingTokens?: string | number };
  notes: string[];
  /** A draft's test (wizard): proof of this outcome for exactly this draft, recorded as health when it is saved. */
  receipt?: TestReceipt;
}

export interface TestConnectDeps {
  health: Pick<HealthApi, "testConnection">;
  models: Pick<LiteLLMClient["models"], "find" | "list">;
  checkApiBase(raw: string): Promise<SsrfVerdict>;
  providerFields(): Promise<ProviderCreateInfo[] | undefined>;
  recentHits: typeof recentHits;
  recordHit: typeof recordHit;
  audit(input: AuditInput): Promise<void>;
  litellmUrl: string;
  /** Records a saved deployment's result (default: model_connection_checks); absent in tests that do not care. */
  recordCheck?: typeof recordConnectionCheck;
  /** Signs a draft test's receipt (default: derived from AUTH_SECRET); without it no receipt is issued. */
  receiptSecret?: string;
}

export function defaultTestConnectDeps(): TestConnectDeps {
  const client = getLiteLLM();
  const env = getEnv();
  return {
    health: client.health,
    models: client.models,
    checkApiBase: (raw) => checkOutboundUrl(raw),
    providerFields: liveProviderFields,
    recentHits,
    recordHit,
    audit: recordAudit,
    litellmUrl: env.LITELLM_URL,
    recordCheck: recordConnectionCheck,
    receiptSecret: env.AUTH_SECRET,
  };
}

export const testDraftConnectionSchema = z.object({ draft: z.record(z.string(), z.unknown()) });
export type TestDraftConnectionInput = z.infer<typeof testDraftConnectionSchema>;

export const testExistingModelSchema = z.object({ modelId: z.string().trim().min(1).max(200) });
export type TestExistingModelInput = z.infer<typeof testExistingModelSchema>;

/** Field errors for every os.environ/ value about to be sent (Test Connect would send the literal text). */
export function envRefFieldErrors(litellmParams: Record<string, unknown>, flow: Pick<ProviderFlow, "fields">): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const fieldKeys = new Set(flow.fields.map((f) => f.key));
  const add = (key: string) => {
    const path = fieldKeys.has(key) ? `params.${key}` : key === "extra_headers" ? "params.api_key" : "advancedJson";
    if (!out[path]) out[path] = [ENV_REF_TEST_MESSAGE];
  };
  for (const [key, value] of Object.entries(litellmParams)) {
    if (typeof value === "string" && isEnvRef(value)) add(key);
    else if (value && typeof value === "object" && !Array.isArray(value)) {
      if (Object.values(value as Record<string, unknown>).some((v) => typeof v === "string" && isEnvRef(v))) add(key);
    }
  }
  return out;
}

function shellPrefix(flow: Pick<ProviderFlow, "id" | "curated" | "litellmProvider">): string {
  return flow.curated ? flow.id : flow.litellmProvider;
}

const rateLimitBucket = (ctx: ServiceContext) => `model.test_connect:${ctx.user.id}`;

/** Refuses when the admin is over the limit; counts nothing (only a request that is sent counts: `countTest`). */
async function enforceRateLimit(ctx: ServiceContext, deps: TestConnectDeps, audit: (outcome: string) => Promise<void>) {
  const { count, oldest } = await deps.recentHits(rateLimitBucket(ctx), TEST_CONNECT_WINDOW_MS);
  if (count >= TEST_CONNECT_LIMIT) {
    await audit("rate_limited");
    const wait = minutesUntilFree(oldest, TEST_CONNECT_WINDOW_MS);
    throw new RateLimitedError(
      `Test Connect is limited to ${TEST_CONNECT_LIMIT} tests per minute per admin. Try again in ${wait} minute${wait === 1 ? "" : "s"}.`,
    );
  }
}

/** Called once every gate has passed, right before the request leaves. */
async function countTest(ctx: ServiceContext, deps: TestConnectDeps) {
  await deps.recordHit(rateLimitBucket(ctx));
}

async function runCall(
  deps: TestConnectDeps,
  body: { mode: string; litellm_params: Record<string, unknown>; model_info?: Record<string, unknown> },
  explainCtx: { flowId?: string; host: string },
  signal: AbortSignal | undefined,
): Promise<Omit<TestConnectResult, "curl" | "notes" | "host">> {
  const started = Date.now();
  try {
    const res = await deps.health.testConnection(body as TestConnectionInput, { signal });
    if (res.ok) {
      return { status: "success", mode: body.mode, latencyMs: res.durationMs, ...(res.rateLimit ? { rateLimit: res.rateLimit } : {}) };
    }
    const error = res.error ?? "The provider call failed.";
    return {
      status: "failed",
      mode: body.mode,
      latencyMs: res.durationMs,
      error,
      explanation: explainProviderError(error, { ...explainCtx, mode: body.mode }),
    };
  } catch (error) {
    const latencyMs = Date.now() - started;
    if (isLiteLLMError(error) && error.type === "aborted") return { status: "cancelled", mode: body.mode, latencyMs };
    if (isLiteLLMError(error) && error.type === "timeout") {
      return {
        status: "failed",
        mode: body.mode,
        latencyMs,
        error: error.message,
        explanation: explainProviderError("Timeout exceeded", { ...explainCtx, mode: body.mode }),
      };
    }
    if (isLiteLLMError(error)) {
      // LiteLLM itself refused (no DB, not admin, old version): not the provider's fault.
      return {
        status: "failed",
        mode: body.mode,
        latencyMs,
        error: error.message,
        explanation: {
          kind: "unknown",
          title: "LiteLLM could not run the test.",
          fix: "LiteLLM's own answer is below. /health/test_connection needs LiteLLM's database and the master key.",
        },
      };
    }
    throw error;
  }
}

/** Test Connect for a wizard draft, before saving. `signal` cancels (the route handler passes the request's). */
export async function testDraftConnection({
  ctx,
  input,
  signal,
  deps = defaultTestConnectDeps(),
}: {
  ctx: ServiceContext;
  input: TestDraftConnectionInput;
  signal?: AbortSignal;
  deps?: TestConnectDeps;
}): Promise<TestConnectResult> {
  requireTier(ctx.user, "admin");
  const { draft, flow } = parseDraft(input.draft, await deps.providerFields());
  if (!TESTABLE_MODES.has(draft.mode)) {
    throw new ValidationError(`LiteLLM's Test Connect cannot test ${draft.mode} models.`, {
      mode: [`LiteLLM's /health/test_connection has no ${draft.mode} mode; save without testing and call the model once instead.`],
    });
  }
  const deployment = toLiteLLMDeployment(draft, { modelId: randomUUID(), flow });
  const envErrors = envRefFieldErrors(deployment.litellm_params, flow);
  if (Object.keys(envErrors).length > 0) throw new ValidationError(ENV_REF_TEST_MESSAGE, envErrors);

  const rawBase = typeof deployment.litellm_params.api_base === "string" ? deployment.litellm_params.api_base : undefined;
  let host = hostOf(rawBase, flow);
  const actor = { provider: ctx.user.provider, username: ctx.user.username };
  const audit = (outcome: string, auditOutcome: AuditInput["outcome"] = "denied") =>
    deps.audit({
      actor,
      action: "model.test_connect",
      targetType: "model",
      targetId: draft.alias,
      teamId: draft.teamId ?? null,
      outcome: auditOutcome,
      request: ctx.request,
      details: { host, mode: draft.mode, outcome },
    });

  await enforceRateLimit(ctx, deps, (o) => audit(o));
  try {
    const guarded = await guardApiBase(deployment, draft, deps.checkApiBase);
    if (guarded.host) host = guarded.host;
  } catch (error) {
    if (error instanceof ApiBaseRefusedError) await audit(`refused_${error.verdict.code}`);
    throw error;
  }

  const { id: _id, ...modelInfo } = deployment.model_info;
  const body = { mode: draft.mode, litellm_params: deployment.litellm_params, model_info: modelInfo };
  await countTest(ctx, deps);
  const outcome = await runCall(deps, body, { flowId: flow.id, host }, signal);
  await audit(outcome.status === "success" ? "success" : outcome.status === "cancelled" ? "cancelled" : (outcome.explanation?.kind ?? "failed"), outcome.status === "success" ? "success" : "failure");
  const receipt =
    outcome.status === "cancelled" || !deps.receiptSecret
      ? undefined
      : issueTestReceipt(
          {
            status: outcome.status === "success" ? "success" : "failed",
            mode: draft.mode,
            host,
            latencyMs: outcome.latencyMs,
            errorKind: outcome.status === "success" ? null : (outcome.explanation?.kind ?? "failed"),
            at: new Date().toISOString(),
          },
          { mode: draft.mode, litellmParams: deployment.litellm_params },
          deps.receiptSecret,
        );
  return {
    ...outcome,
    host,
    curl: buildTestConnectCurl({ litellmUrl: deps.litellmUrl, body, envPrefix: shellPrefix(flow) }),
    notes: [],
    ...(receipt ? { receipt } : {}),
  };
}

/**
 * Test Connect for a saved deployment (the model page). /model/info strips api_key, so the stored secrets are
 * reached another way: a deployment with a named credential is tested with its stored params (the credential
 * supplies the secrets); otherwise `litellm_params.model` is set to the public name, which LiteLLM ≥ 1.8x
 * resolves to the stored deployment as the base (CONTRACT §2.3, S2).
 */
export async function testExistingModel({
  ctx,
  input,
  signal,
  deps = defaultTestConnectDeps(),
}: {
  ctx: ServiceContext;
  input: TestExistingModelInput;
  signal?: AbortSignal;
  deps?: TestConnectDeps;
}): Promise<TestConnectResult> {
  requireTier(ctx.user, "admin");
  const deployment = await deps.models.find(input.modelId);
  if (!deployment) throw new NotFoundError(`Deployment ${input.modelId} was not found on LiteLLM.`);
  const stored = Object.fromEntries(
    Object.entries(deployment.litellm_params as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined),
  );
  const storedMode = deployment.model_info.mode ?? "chat";
  const mode = TESTABLE_MODES.has(storedMode) ? storedMode : "chat";
  const apiBase = typeof stored.api_base === "string" ? stored.api_base : undefined;
  let host = hostOf(apiBase);
  const actor = { provider: ctx.user.provider, username: ctx.user.username };
  const audit = (outcome: string, auditOutcome: AuditInput["outcome"] = "denied") =>
    deps.audit({
      actor,
      action: "model.test_connect",
      targetType: "model",
      targetId: input.modelId,
      teamId: deployment.model_info.team_id ?? null,
      outcome: auditOutcome,
      request: ctx.request,
      details: { host, mode, outcome },
    });

  await enforceRateLimit(ctx, deps, (o) => audit(o));
  if (apiBase && !isEnvRef(apiBase)) {
    const verdict = await deps.checkApiBase(apiBase);
    if (!verdict.ok) {
      await audit(`refused_${verdict.code}`);
      throw new ValidationError(`Refused before any request was sent: ${verdict.reason}`);
    }
    host = verdict.url.host;
    stored.api_base = verdict.normalised;
  }

  const notes: string[] = [];
  let params: Record<string, unknown>;
  if (typeof stored.litellm_credential_name === "string" && stored.litellm_credential_name) {
    params = stored;
    notes.push(`Tested with this deployment's settings and the named credential ${stored.litellm_credential_name}.`);
  } else {
    params = { model: deployment.model_name };
    const all = await deps.models.list().catch(() => [deployment]);
    const group = all.filter((d) => d.model_name === deployment.model_name).length;
    notes.push(
      "LiteLLM never returns a stored API key, so the test names the deployment and LiteLLM uses its stored settings (LiteLLM 1.80.11 and later).",
    );
    if (group > 1) {
      notes.push(
        `${deployment.model_name} has ${group} deployments; LiteLLM takes the first one with that name as the base, which may not be this one.`,
      );
    }
  }
  const modelInfo: Record<string, unknown> = { id: input.modelId, mode };
  const body = { mode, litellm_params: params, model_info: modelInfo };
  await countTest(ctx, deps);
  const flowId = typeof stored.model === "string" && stored.model.startsWith("azure/") ? "azure" : undefined;
  const outcome = await runCall(deps, body, { ...(flowId ? { flowId } : {}), host }, signal);
  await audit(outcome.status === "success" ? "success" : outcome.status === "cancelled" ? "cancelled" : (outcome.explanation?.kind ?? "failed"), outcome.status === "success" ? "success" : "failure");
  if (outcome.status !== "cancelled" && deps.recordCheck) {
    // Health shows it: "Connected" (or why not) with the time, on the model page and the models list.
    await deps.recordCheck({
      deploymentId: input.modelId,
      status: outcome.status === "success" ? "success" : "failed",
      mode,
      host,
      latencyMs: outcome.latencyMs,
      errorKind: outcome.status === "success" ? null : (outcome.explanation?.kind ?? "failed"),
      checkedBy: ctx.user.username,
    });
  }
  const provider = typeof stored.model === "string" && stored.model.includes("/") ? stored.model.split("/")[0]! : "provider";
  return {
    ...outcome,
    ...(outcome.error ? { error: redact(outcome.error) } : {}),
    host,
    curl: buildTestConnectCurl({ litellmUrl: deps.litellmUrl, body, envPrefix: provider }),
    notes,
  };
}
