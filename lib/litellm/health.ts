import "server-only";

import { redact } from "@/lib/redact";

import { parseInput, type ClientContext } from "./http";
import {
  readinessSchema,
  testConnectionInputSchema,
  testConnectionResponseSchema,
  type LiteLLMReadiness,
  type TestConnectionInput,
  type TestConnectionResult,
} from "./schemas/health";

/** LiteLLM's own HEALTH_CHECK_TIMEOUT_SECONDS default; waiting longer than that gains nothing. */
export const MAX_TEST_CONNECT_TIMEOUT_MS = 60_000;

/** The provider error without LiteLLM's appended "stack trace: …" and without secrets. */
export function cleanProviderError(error: unknown): string {
  const text = typeof error === "string" ? error : JSON.stringify(error ?? "unknown error");
  const withoutTrace = text.split(/\n\s*stack trace:/i)[0] ?? text;
  const trimmed = withoutTrace.trim();
  return redact(trimmed.length > 800 ? `${trimmed.slice(0, 800)}…` : trimmed);
}

export function createHealthApi(ctx: ClientContext, testConnectTimeoutMs = MAX_TEST_CONNECT_TIMEOUT_MS) {
  const { http } = ctx;
  const testTimeout = Math.min(Math.max(testConnectTimeoutMs, 1_000), MAX_TEST_CONNECT_TIMEOUT_MS);

  /** Public route; 503 "Service Unhealthy" when LiteLLM's DB or cache is down. Carries `litellm_version`. */
  async function readiness(): Promise<LiteLLMReadiness> {
    return http.call({ method: "GET", path: "/health/readiness", auth: false, purpose: "detection" }, readinessSchema);
  }

  /** Public route answering "I'm alive!". */
  async function liveliness(): Promise<{ alive: true; message: string }> {
    const res = await http.request({ method: "GET", path: "/health/liveliness", auth: false, responseType: "text" });
    return { alive: true, message: typeof res.body === "string" ? res.body : JSON.stringify(res.body) };
  }

  /**
   * Asks LiteLLM to call the provider with these params. HTTP 200 either way: `ok` says whether the provider
   * answered (§8.12). Its own timeout (≤ 60 s) and an optional AbortSignal so the operator can cancel.
   */
  async function testConnection(rawInput: TestConnectionInput, options: { signal?: AbortSignal } = {}): Promise<TestConnectionResult> {
    const body = parseInput(testConnectionInputSchema, rawInput, "health.testConnection");
    const started = Date.now();
    const res = await http.call(
      { method: "POST", path: "/health/test_connection", body, timeoutMs: testTimeout, signal: options.signal },
      testConnectionResponseSchema,
    );
    const durationMs = Date.now() - started;
    const result = (res.result ?? {}) as Record<string, unknown>;
    const remainingRequests = result["x-ratelimit-remaining-requests"] as string | number | undefined;
    const remainingTokens = result["x-ratelimit-remaining-tokens"] as string | number | undefined;
    const rateLimit = remainingRequests !== undefined || remainingTokens !== undefined ? { remainingRequests, remainingTokens } : undefined;
    if (res.status === "success") return { ok: true, rateLimit, durationMs };
    return { ok: false, error: cleanProviderError(result.error ?? res.message ?? `status ${res.status}`), durationMs };
  }

  return { readiness, liveliness, testConnection };
}

export type HealthApi = ReturnType<typeof createHealthApi>;
