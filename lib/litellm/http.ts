import "server-only";

import { randomUUID } from "node:crypto";
import type { z } from "zod";

import { redactValue } from "@/lib/redact";

import { errorFromBody, errorFromResponse, isErrorBody, LiteLLMError } from "./errors";
import type { LiteLLMVersionInfo } from "./version";

/** Structured logger hook (pino-compatible). Receives method, path, status, duration and request id — never headers. */
export interface LiteLLMLogger {
  debug?(message: string, fields: Record<string, unknown>): void;
  info?(message: string, fields: Record<string, unknown>): void;
  warn?(message: string, fields: Record<string, unknown>): void;
}

export interface TransportConfig {
  baseUrl: string;
  masterKey: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger?: LiteLLMLogger;
  /** Retries for GETs and idempotent calls on connection errors and 500/502/503/504 (default 2). Writes never retry. */
  retries?: number;
  /** First retry delay; doubles each time (default 150 ms). */
  retryDelayMs?: number;
}

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";
type QueryValue = string | number | boolean | null | undefined | readonly string[];

export interface RequestOptions {
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A POST that only reads or checks (safe to repeat): retried like a GET. */
  idempotent?: boolean;
  /** Overrides the client timeout for this call. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** false = send no credentials at all (master-key enforcement probe, public routes). */
  auth?: boolean;
  /** Authenticate as this virtual key instead of the master key (data-plane calls). Never logged. */
  apiKey?: string;
  /** "text" accepts a non-JSON success body (e.g. /health/liveliness). */
  responseType?: "json" | "text";
  /** Shape E: treat a 2xx body that looks like an exception as an error (credential endpoints). */
  detectErrorBody?: boolean;
  /** Why the console calls (sent as x-gatehouse-purpose, e.g. "deployment-index" for background reads). */
  purpose?: string;
}

export interface RawResponse {
  status: number;
  body: unknown;
  requestId: string;
  headers: Headers;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
/** A 500 from LiteLLM is usually a transient database or worker hiccup: as safe to retry as 502/503/504 for a read. */
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

// Request/response bodies of these routes carry provider secrets, raw virtual keys or litellm_params.
const SENSITIVE_PATH =
  /^\/(v\d\/)?(model|models|credentials|key|user|health\/test_connection|spend|global|get|public\/litellm_model_cost_map)(\/|$)/;
// Bodies are logged (redacted, at debug) only on an allowlist of harmless routes.
const BODY_LOGGABLE_PATH = /^\/(health\/(readiness|liveliness|liveness)|model_group\/info|public\/providers)$/;

/** True when the logger may see bodies for this path. Exposed for tests. */
export function mayLogBodies(path: string): boolean {
  const bare = path.split("?")[0] ?? path;
  return BODY_LOGGABLE_PATH.test(bare) && !SENSITIVE_PATH.test(bare);
}

/** "", ".", "..", or their percent-encoded spellings, which URL parsers resolve against the path ("%2e%2e" too). */
const DOT_SEGMENT = /^(?:|\.|%2e|\.\.|\.%2e|%2e\.|%2e%2e)$/i;

/**
 * One URL path segment from a value (an id, a name): percent-encoded, and refused when it is empty or a dot segment,
 * which would make the request walk to another LiteLLM route with the master key.
 */
export function pathSegment(value: string, what: string): string {
  if (DOT_SEGMENT.test(value)) {
    throw new LiteLLMError({ type: "invalid_request", message: `Invalid ${what}: an empty, "." or ".." path segment is not allowed.` });
  }
  return encodeURIComponent(value);
}

function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  // Last line of defence: no caller may send a path with dot segments (they would be resolved away).
  const segments = (path.split("?")[0] ?? "").split("/").slice(1);
  if (segments.some((s, i) => DOT_SEGMENT.test(s) && !(s === "" && i === segments.length - 1))) {
    throw new LiteLLMError({ type: "invalid_request", message: `Refused to call LiteLLM: the path ${path.split("?")[0]} has an empty, "." or ".." segment.` });
  }
  const url = new URL(baseUrl.replace(/\/+$/, "") + path);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(name, v);
    else url.searchParams.set(name, String(value));
  }
  return url.toString();
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
}

function describeNetworkError(error: unknown, origin: string): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: "connection refused (is LiteLLM running and is LITELLM_URL right?)",
    ENOTFOUND: "host name not found (DNS)",
    EAI_AGAIN: "host name lookup failed (DNS)",
    ECONNRESET: "the connection was reset",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ETIMEDOUT: "the connection timed out",
    UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
    UND_ERR_SOCKET: "the connection closed unexpectedly",
    CERT_HAS_EXPIRED: "its TLS certificate has expired",
    DEPTH_ZERO_SELF_SIGNED_CERT: "its TLS certificate is self-signed",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its TLS certificate cannot be verified",
  };
  const reason = (code && reasons[code]) ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `Could not reach LiteLLM at ${origin}: ${reason}${code && !reasons[code] ? ` (${code})` : ""}.`;
}

export interface Transport {
  request(options: RequestOptions): Promise<RawResponse>;
  /** request + zod parse of the body; a mismatch is an `invalid_response` LiteLLMError, never a cast. */
  call<S extends z.ZodType>(options: RequestOptions, schema: S): Promise<z.infer<S>>;
  stream(
    options: RequestOptions & { firstByteTimeoutMs?: number },
  ): Promise<{ status: number; headers: Headers; body: ReadableStream<Uint8Array>; requestId: string }>;
  readonly baseUrl: string;
  readonly timeoutMs: number;
}

export function createTransport(config: TransportConfig): Transport {
  const baseUrl = config.baseUrl.replace(/\/+$/, "");
  const origin = (() => {
    try {
      return new URL(baseUrl).origin;
    } catch {
      return baseUrl;
    }
  })();
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = config.retries ?? 2;
  const retryDelayMs = config.retryDelayMs ?? 150;
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);
  const logger = config.logger;

  async function attempt(options: RequestOptions, requestId: string, attemptNo: number): Promise<RawResponse> {
    const { method, path } = options;
    const limit = options.timeoutMs ?? timeoutMs;
    const ctx = { requestId, method, path };
    if (options.signal?.aborted) {
      throw new LiteLLMError({ type: "aborted", message: "The request to LiteLLM was cancelled.", ...ctx });
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limit);
    const onAbort = () => controller.abort();
    options.signal?.addEventListener("abort", onAbort, { once: true });

    const headers: Record<string, string> = { accept: "application/json", "x-request-id": requestId };
    if (options.auth !== false) headers.authorization = `Bearer ${options.apiKey ?? config.masterKey}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.purpose) headers["x-gatehouse-purpose"] = options.purpose;

    const started = Date.now();
    let status: number | undefined;
    const fail = (error: unknown): LiteLLMError => {
      if (error instanceof LiteLLMError) return error;
      if (timedOut) {
        return new LiteLLMError({
          type: "timeout",
          message: `LiteLLM did not answer within ${seconds(limit)} (${method} ${path}).`,
          ...ctx,
          cause: error,
        });
      }
      if (options.signal?.aborted) {
        return new LiteLLMError({ type: "aborted", message: "The request to LiteLLM was cancelled.", ...ctx, cause: error });
      }
      return new LiteLLMError({ type: "connection_error", message: describeNetworkError(error, origin), ...ctx, cause: error });
    };
    let bodyText = "";
    try {
      const response = await doFetch(buildUrl(baseUrl, path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: controller.signal,
        redirect: "manual",
      });
      status = response.status;
      bodyText = await response.text();
      if (status < 200 || status >= 300) {
        throw errorFromResponse(status, bodyText, response.headers.get("content-type"), ctx);
      }
      let body: unknown;
      try {
        body = JSON.parse(bodyText);
      } catch {
        if (options.responseType !== "text") {
          throw new LiteLLMError({
            type: "invalid_response",
            status,
            message: `LiteLLM returned an unreadable response to ${method} ${path} (HTTP ${status}, ${
              response.headers.get("content-type") ?? "no content type"
            }, not JSON).`,
            ...ctx,
          });
        }
        body = bodyText;
      }
      if (options.detectErrorBody && isErrorBody(body)) throw errorFromBody(status, body, ctx);
      logDone(options, requestId, attemptNo, status, Date.now() - started, undefined, bodyText);
      return { status, body, requestId, headers: response.headers };
    } catch (error) {
      const failure = fail(error);
      logDone(options, requestId, attemptNo, status ?? failure.status, Date.now() - started, failure, bodyText);
      throw failure;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  function logDone(
    options: RequestOptions,
    requestId: string,
    attemptNo: number,
    status: number | undefined,
    durationMs: number,
    error: LiteLLMError | undefined,
    bodyText: string,
  ) {
    if (!logger) return;
    const fields = { method: options.method, path: options.path, status, durationMs, requestId, attempt: attemptNo };
    if (error) logger.warn?.("litellm request failed", { ...fields, errorType: error.type });
    else logger.info?.("litellm request", fields);
    if (logger.debug && mayLogBodies(options.path)) {
      logger.debug("litellm bodies", {
        method: options.method,
        path: options.path,
        requestId,
        requestBody: options.body === undefined ? undefined : redactValue(options.body),
        responseBody: bodyText === "" ? undefined : safeBody(bodyText),
      });
    }
  }

  async function request(options: RequestOptions): Promise<RawResponse> {
    const requestId = randomUUID();
    // Reads and idempotent checks are safe to repeat; a write is sent once, never retried blindly.
    const maxAttempts = options.method === "GET" || options.idempotent ? retries + 1 : 1;
    for (let attemptNo = 1; ; attemptNo++) {
      try {
        return await attempt(options, requestId, attemptNo);
      } catch (error) {
        const retryable =
          error instanceof LiteLLMError &&
          (error.type === "connection_error" || (error.status !== undefined && RETRYABLE_STATUS.has(error.status)));
        if (!retryable || attemptNo >= maxAttempts || options.signal?.aborted) throw error;
        await sleep(retryDelayMs * 2 ** (attemptNo - 1), options.signal);
      }
    }
  }

  async function call<S extends z.ZodType>(options: RequestOptions, schema: S): Promise<z.infer<S>> {
    const raw = await request(options);
    return parseResponse(schema, raw.body, { method: options.method, path: options.path, requestId: raw.requestId, status: raw.status });
  }

  /**
   * Opens a streamed response (server-sent events on the data plane). Never retried. A non-2xx answer is read whole
   * and thrown as the usual LiteLLMError; `firstByteTimeoutMs` bounds the wait for the headers, the caller's signal
   * everything after.
   */
  async function stream(
    options: RequestOptions & { firstByteTimeoutMs?: number },
  ): Promise<{ status: number; headers: Headers; body: ReadableStream<Uint8Array>; requestId: string }> {
    const requestId = randomUUID();
    const ctx = { requestId, method: options.method, path: options.path };
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const limit = options.firstByteTimeoutMs ?? options.timeoutMs ?? timeoutMs;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limit);
    const headers: Record<string, string> = { accept: "text/event-stream", "x-request-id": requestId, "content-type": "application/json" };
    if (options.auth !== false) headers.authorization = `Bearer ${options.apiKey ?? config.masterKey}`;
    try {
      const response = await doFetch(buildUrl(baseUrl, options.path, options.query), {
        method: options.method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: controller.signal,
        redirect: "manual",
      });
      clearTimeout(timer);
      if (response.status < 200 || response.status >= 300 || !response.body) {
        throw errorFromResponse(response.status, await response.text(), response.headers.get("content-type"), ctx);
      }
      logger?.info?.("litellm stream opened", { method: options.method, path: options.path, status: response.status, requestId });
      return { status: response.status, headers: response.headers, body: response.body, requestId };
    } catch (error) {
      clearTimeout(timer);
      if (error instanceof LiteLLMError) throw error;
      if (timedOut)
        throw new LiteLLMError({
          type: "timeout",
          message: `LiteLLM did not start answering within ${seconds(limit)} (${options.method} ${options.path}).`,
          ...ctx,
          cause: error,
        });
      if (options.signal?.aborted)
        throw new LiteLLMError({ type: "aborted", message: "The request to LiteLLM was cancelled.", ...ctx, cause: error });
      throw new LiteLLMError({ type: "connection_error", message: describeNetworkError(error, origin), ...ctx, cause: error });
    }
  }

  return { request, call, stream, baseUrl, timeoutMs };
}

function safeBody(text: string): unknown {
  try {
    return redactValue(JSON.parse(text));
  } catch {
    return redactValue(text.slice(0, 500));
  }
}

/** zod-parses a LiteLLM response body; a mismatch becomes `invalid_response` naming the fields, never the values. */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  body: unknown,
  ctx: { method: string; path: string; requestId?: string; status?: number },
): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`)
    .join("; ");
  throw new LiteLLMError({
    type: "invalid_response",
    status: ctx.status,
    message: `LiteLLM returned an unexpected response to ${ctx.method} ${ctx.path}: ${issues}.`,
    requestId: ctx.requestId,
    method: ctx.method,
    path: ctx.path,
  });
}

/** Validates a caller's input before anything is sent; failures are `invalid_request` with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, operation: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const validation = result.error.issues.map((i) => ({ field: i.path.join(".") || "input", message: i.message }));
  throw new LiteLLMError({
    type: "invalid_request",
    message: `Invalid input for ${operation}: ${validation.map((v) => `${v.field}: ${v.message}`).join("; ")}`,
    validation,
  });
}

/** What every area module gets: the transport and the cached version detection. */
export interface ClientContext {
  http: Transport;
  version(): Promise<LiteLLMVersionInfo>;
}
