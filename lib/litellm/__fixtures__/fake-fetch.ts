/**
 * A tiny in-process LiteLLM stand-in for unit tests: an injectable `fetch` that records every call and answers from
 * per-route handlers. Anything unrouted answers 404 {"detail":"Not Found"} like FastAPI.
 */
export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export type Reply =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; text: string; headers?: Record<string, string> };

export type Handler = (call: RecordedCall) => Reply | Promise<Reply>;

export function json(body: unknown, status = 200): Reply {
  return { status, json: body };
}

export function text(body: string, status = 200, contentType = "text/plain"): Reply {
  return { status, text: body, headers: { "content-type": contentType } };
}

export function createFakeFetch(options: { version?: string | null; routes?: Record<string, Handler> } = {}) {
  const calls: RecordedCall[] = [];
  const routes: Record<string, Handler> = {
    "GET /health/readiness": () =>
      json({ status: "healthy", db: "connected", ...(options.version === null ? {} : { litellm_version: options.version ?? "1.96.0" }) }),
    ...options.routes,
  };

  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const call: RecordedCall = {
      method: (init?.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    if (init?.signal?.aborted) throw new DOMException("This operation was aborted", "AbortError");
    const handler = routes[`${call.method} ${call.path}`];
    const reply = handler ? await handler(call) : json({ detail: "Not Found" }, 404);
    const status = reply.status ?? 200;
    if ("json" in reply) {
      return new Response(JSON.stringify(reply.json), { status, headers: { "content-type": "application/json", ...reply.headers } });
    }
    return new Response(reply.text, { status, headers: reply.headers });
  }) as typeof fetch;

  return {
    fetch: fetchImpl,
    calls,
    routes,
    /** Calls other than the version probe. */
    apiCalls: () => calls.filter((c) => c.path !== "/health/readiness"),
  };
}

/** A deployment as /model/info would show it. */
export function deployment(
  id: string,
  overrides: { model_name?: string; litellm_params?: Record<string, unknown>; model_info?: Record<string, unknown> } = {},
) {
  return {
    model_name: overrides.model_name ?? "gpt-4o",
    litellm_params: { model: "openai/gpt-4o", ...overrides.litellm_params },
    model_info: { id, db_model: true, mode: "chat", ...overrides.model_info },
  };
}
