// OpenAI-, Azure- and Ollama-compatible upstream model server: the thing LiteLLM (or its sandbox) calls.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { randomUUID } from "node:crypto";
import {
  AZURE_DEPLOYMENTS,
  DEFAULT_EMBEDDING_DIMENSIONS,
  LISTED_CHAT_MODELS,
  countTokens,
  embed,
  isEmbeddingModel,
  isUnknownModel,
  nativeDimension,
  promptText,
  replyText,
  supportsDimensions,
} from "./models";

export interface UpstreamFaults {
  /** Delay before every model response. */
  latencyMs: number;
  /** Answer every model route with this HTTP status (OpenAI-style error body unless `body` is set). */
  status: number | null;
  /** Raw body to send with `status`. */
  body: string | null;
  /** Destroy the socket without answering. */
  drop: boolean;
  /** Never answer (the socket stays open until close()). */
  hang: boolean;
  /** Streamed chat: destroy the connection after this many content chunks (a provider dying mid-answer). */
  streamDropAfter: number | null;
}

export type UpstreamAuth = "bearer" | "azure-api-key" | "open" | "none" | "rejected";

export interface UpstreamRequestLog {
  time: string;
  method: string;
  path: string;
  /** "openai" (/v1), "open" (/open/v1), "azure", "ollama" or "sandbox" */
  flavor: string;
  model: string | null;
  auth: UpstreamAuth;
  /** Bearer / api-key value masked to its first 5 characters. */
  keyHint: string | null;
  dimensions: number | null;
  stream: boolean;
  apiVersion: string | null;
  /** Non-standard request headers (x-*, custom auth), values masked after 4 characters. */
  extraHeaders: Record<string, string>;
  status: number;
}

export interface UpstreamOptions {
  port?: number;
  host?: string;
  apiKeys?: string[];
  azureKeys?: string[];
  embeddingDimensions?: Record<string, number>;
  faults?: Partial<UpstreamFaults>;
}

export interface UpstreamHandle {
  url: string;
  port: number;
  close(): Promise<void>;
  requests: UpstreamRequestLog[];
  setFaults(f: Partial<UpstreamFaults>): void;
}

const NO_FAULTS: UpstreamFaults = {
  latencyMs: 0,
  status: null,
  body: null,
  drop: false,
  hang: false,
  streamDropAfter: null,
};
const AZURE_API_VERSIONS = new Set(["2024-10-21", "2024-06-01", "2024-02-01", "2023-05-15", "2024-12-01-preview", "2025-01-01-preview"]);
const MAX_LOG = 5000;
const STANDARD_HEADERS = new Set([
  "host",
  "connection",
  "content-type",
  "content-length",
  "accept",
  "accept-encoding",
  "accept-language",
  "user-agent",
  "authorization",
  "api-key",
  "sec-fetch-mode",
  "transfer-encoding",
]);

function mask(v: string, n = 5): string {
  return `${v.slice(0, n)}***`;
}

function openaiError(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

function isValidAzureVersion(v: string): boolean {
  return AZURE_API_VERSIONS.has(v) || /^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(-preview)?$/.test(v);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startUpstream(opts: UpstreamOptions = {}): Promise<UpstreamHandle> {
  const apiKeys = new Set(opts.apiKeys ?? ["sk-upstream-good"]);
  const azureKeys = new Set(opts.azureKeys ?? ["azure-upstream-good"]);
  const dims = {
    ...DEFAULT_EMBEDDING_DIMENSIONS,
    ...(opts.embeddingDimensions ?? {}),
  };
  let faults: UpstreamFaults = { ...NO_FAULTS, ...(opts.faults ?? {}) };
  const requests: UpstreamRequestLog[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify(openaiError(String(err?.message ?? err), "server_error", null)));
      } else res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://upstream.local");
    const path = url.pathname;
    const method = req.method ?? "GET";
    const raw = method === "GET" || method === "HEAD" ? "" : await readBody(req);

    // Test helpers live outside the fault switches so tests can always reach them.
    if (path === "/__sandbox/requests") return json(res, 200, { requests });
    if (path === "/__sandbox/faults") {
      if (method === "POST") {
        faults = { ...NO_FAULTS, ...(raw ? JSON.parse(raw) : {}) };
        return json(res, 200, { faults });
      }
      if (method === "DELETE") {
        faults = { ...NO_FAULTS };
        return json(res, 200, { faults });
      }
      return json(res, 200, { faults });
    }
    if (path === "/" || path === "/health") return json(res, 200, { status: "ok" });

    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return json(res, 400, openaiError("We could not parse the JSON body of your request.", "invalid_request_error", null));
      }
    }

    const entry: UpstreamRequestLog = {
      time: new Date().toISOString(),
      method,
      path,
      flavor: "openai",
      model: typeof body.model === "string" ? body.model : null,
      auth: "none",
      keyHint: null,
      dimensions: typeof body.dimensions === "number" ? body.dimensions : null,
      stream: body.stream === true,
      apiVersion: url.searchParams.get("api-version"),
      extraHeaders: {},
      status: 0,
    };
    for (const [k, v] of Object.entries(req.headers)) {
      if (!STANDARD_HEADERS.has(k) && typeof v === "string") entry.extraHeaders[k] = v.length > 4 ? `${v.slice(0, 4)}***` : v;
    }
    requests.push(entry);
    if (requests.length > MAX_LOG) requests.splice(0, requests.length - MAX_LOG);
    const send = (status: number, payload: unknown) => {
      entry.status = status;
      return json(res, status, payload);
    };

    // Faults model a broken or slow provider.
    if (faults.hang) return; // never answer; close() destroys the socket
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.drop) {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (faults.status) {
      entry.status = faults.status;
      if (faults.body != null) {
        res.writeHead(faults.status, { "content-type": "application/json" });
        res.end(faults.body);
        return;
      }
      return send(faults.status, openaiError(`Sandbox upstream fault: HTTP ${faults.status}`, "server_error", null));
    }

    // --- Azure OpenAI: /openai/deployments/{deployment}/{op}?api-version=...
    const az = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings|completions)$/.exec(path);
    if (az) {
      entry.flavor = "azure";
      const deployment = decodeURIComponent(az[1]);
      entry.model = deployment;
      const key = req.headers["api-key"];
      if (typeof key !== "string" || !azureKeys.has(key)) {
        entry.auth = "rejected";
        entry.keyHint = typeof key === "string" ? mask(key) : null;
        return send(401, {
          error: {
            code: "401",
            message:
              "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
          },
        });
      }
      entry.auth = "azure-api-key";
      entry.keyHint = mask(key);
      const version = url.searchParams.get("api-version");
      if (!version)
        return send(404, {
          error: { code: "404", message: "Resource not found" },
        });
      if (!isValidAzureVersion(version)) {
        return send(400, {
          error: { code: "BadRequest", message: "API version not supported" },
        });
      }
      if (!AZURE_DEPLOYMENTS.includes(deployment)) {
        return send(404, {
          error: {
            code: "DeploymentNotFound",
            message:
              "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
          },
        });
      }
      const op = az[2] === "embeddings" ? "embeddings" : az[2] === "completions" ? "completions" : "chat";
      return openaiOp(op, { ...body, model: deployment }, res, entry);
    }

    // --- Ollama: no auth
    if (path.startsWith("/api/")) {
      entry.flavor = "ollama";
      entry.auth = "none";
      return ollama(path, method, body, res, entry);
    }

    // --- OpenAI: /v1 (keyed) and /open/v1 (no key, like vLLM without --api-key)
    let sub: string | null = null;
    if (path.startsWith("/open/v1/")) {
      entry.flavor = "open";
      entry.auth = "open";
      sub = path.slice("/open/v1".length);
    } else if (path.startsWith("/v1/")) {
      sub = path.slice("/v1".length);
      const authz = req.headers.authorization;
      const key = typeof authz === "string" && /^bearer /i.test(authz) ? authz.slice(7).trim() : null;
      entry.keyHint = key ? mask(key) : null;
      if (!key) {
        entry.auth = "rejected";
        return send(
          401,
          openaiError(
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            "invalid_request_error",
            null,
          ),
        );
      }
      if (!apiKeys.has(key)) {
        entry.auth = "rejected";
        return send(
          401,
          openaiError(
            `Incorrect API key provided: ${mask(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
            "invalid_request_error",
            "invalid_api_key",
          ),
        );
      }
      entry.auth = "bearer";
    }
    if (sub == null) return send(404, openaiError(`Invalid URL (${method} ${path})`, "invalid_request_error", null));
    if (sub === "/models" && method === "GET") {
      const now = 1_700_000_000;
      const ids = [...LISTED_CHAT_MODELS, ...Object.keys(dims)];
      entry.status = 200;
      return json(res, 200, {
        object: "list",
        data: ids.map((id) => ({
          id,
          object: "model",
          created: now,
          owned_by: "sandbox",
        })),
      });
    }
    if (method === "POST" && sub === "/chat/completions") return openaiOp("chat", body, res, entry);
    if (method === "POST" && sub === "/completions") return openaiOp("completions", body, res, entry);
    if (method === "POST" && sub === "/embeddings") return openaiOp("embeddings", body, res, entry);
    return send(404, openaiError(`Invalid URL (${method} ${path})`, "invalid_request_error", null));
  }

  function openaiOp(
    op: "chat" | "completions" | "embeddings",
    body: Record<string, unknown>,
    res: http.ServerResponse,
    entry: UpstreamRequestLog,
  ) {
    const send = (status: number, payload: unknown) => {
      entry.status = status;
      return json(res, status, payload);
    };
    const model = typeof body.model === "string" ? body.model : "";
    if (!model) return send(400, openaiError("you must provide a model parameter", "invalid_request_error", null));
    if (isUnknownModel(model)) {
      return send(
        404,
        openaiError(`The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found"),
      );
    }
    const embedding = isEmbeddingModel(model, dims);
    if (op === "embeddings") {
      if (!embedding) {
        return send(
          400,
          openaiError(`The model \`${model}\` does not support embeddings.`, "invalid_request_error", "model_not_supported", "model"),
        );
      }
      const inputs = Array.isArray(body.input)
        ? body.input.map((x) => (typeof x === "string" ? x : JSON.stringify(x)))
        : [String(body.input ?? "")];
      let dim = nativeDimension(model, dims);
      if (body.dimensions !== undefined && body.dimensions !== null) {
        if (!supportsDimensions(model)) {
          return send(400, openaiError("This model does not support specifying dimensions.", "invalid_request_error", null));
        }
        const d = Number(body.dimensions);
        if (!Number.isInteger(d) || d < 1 || d > dim) {
          return send(
            400,
            openaiError(
              `Invalid value for 'dimensions' = ${body.dimensions}. Must be between 1 and ${dim}.`,
              "invalid_request_error",
              "dimensions",
            ),
          );
        }
        dim = d;
      }
      const promptTokens = inputs.reduce((n, s) => n + countTokens(s), 0);
      return send(200, {
        object: "list",
        data: inputs.map((s, index) => ({
          object: "embedding",
          index,
          embedding: embed(model, s, dim),
        })),
        model,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      });
    }
    if (embedding) {
      return send(
        404,
        openaiError(
          "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?",
          "invalid_request_error",
          null,
          "model",
        ),
      );
    }
    const prompt = op === "completions" ? String(body.prompt ?? "") : promptText(body.messages);
    const text = op === "completions" ? `Sandbox completion from ${model}: ${prompt.slice(0, 200)}` : replyText(model, body.messages);
    const promptTokens = countTokens(prompt);
    const completionTokens = countTokens(text);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    const id = `chatcmpl-${randomUUID().replace(/-/g, "").slice(0, 24)}`;
    const created = Math.floor(Date.now() / 1000);
    if (op === "completions") {
      return send(200, {
        id,
        object: "text_completion",
        created,
        model,
        choices: [{ index: 0, text, finish_reason: "stop", logprobs: null }],
        usage,
      });
    }
    if (body.stream === true) {
      entry.status = 200;
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      const base = {
        id,
        object: "chat.completion.chunk",
        created,
        model,
        system_fingerprint: "fp_sandbox",
      };
      const write = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
      write({
        ...base,
        choices: [
          {
            index: 0,
            delta: { role: "assistant", content: "" },
            finish_reason: null,
          },
        ],
      });
      let sent = 0;
      for (const piece of text.match(/\S+\s*/g) ?? [text]) {
        if (faults.streamDropAfter !== null && sent++ >= faults.streamDropAfter) {
          // Let what was written reach the caller first, then reset the connection mid-answer.
          setTimeout(() => res.destroy(), 100);
          return;
        }
        write({
          ...base,
          choices: [{ index: 0, delta: { content: piece }, finish_reason: null }],
        });
      }
      write({
        ...base,
        choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
      });
      const so = body.stream_options as { include_usage?: boolean } | undefined;
      if (so?.include_usage) write({ ...base, choices: [], usage });
      res.end("data: [DONE]\n\n");
      return;
    }
    return send(200, {
      id,
      object: "chat.completion",
      created,
      model,
      system_fingerprint: "fp_sandbox",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text, refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage,
    });
  }

  function ollama(path: string, method: string, body: Record<string, unknown>, res: http.ServerResponse, entry: UpstreamRequestLog) {
    const send = (status: number, payload: unknown) => {
      entry.status = status;
      return json(res, status, payload);
    };
    if (path === "/api/tags" && method === "GET") {
      const names = [...LISTED_CHAT_MODELS.filter((n) => !n.includes("/")), "nomic-embed-text", "bge-m3"];
      return send(200, {
        models: names.map((n) => ({
          name: `${n}:latest`,
          model: `${n}:latest`,
          modified_at: "2025-01-01T00:00:00Z",
          size: 4_000_000_000,
          digest: "sha256:sandbox",
          details: {
            format: "gguf",
            family: "llama",
            parameter_size: "8B",
            quantization_level: "Q4_0",
          },
        })),
      });
    }
    const model = typeof body.model === "string" ? body.model.replace(/:latest$/, "") : "";
    if (method !== "POST") return send(404, { error: "404 page not found" });
    if (!model) return send(400, { error: "model is required" });
    if (isUnknownModel(model))
      return send(404, {
        error: `model "${model}" not found, try pulling it first`,
      });
    const embedding = isEmbeddingModel(model, dims);
    if (path === "/api/embed" || path === "/api/embeddings") {
      if (!embedding) return send(400, { error: `"${model}" does not support embeddings` });
      const legacy = path === "/api/embeddings";
      const inputs = legacy ? [String(body.prompt ?? "")] : Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? "")];
      const dim = nativeDimension(model, dims);
      if (legacy) return send(200, { embedding: embed(model, inputs[0], dim) });
      return send(200, {
        model,
        embeddings: inputs.map((s) => embed(model, s, dim)),
        total_duration: 1_000_000,
        load_duration: 100_000,
        prompt_eval_count: inputs.reduce((n, s) => n + countTokens(s), 0),
      });
    }
    if (path === "/api/chat" || path === "/api/generate") {
      if (embedding) return send(400, { error: `"${model}" does not support chat` });
      const text = replyText(model, path === "/api/generate" ? [{ role: "user", content: body.prompt }] : body.messages);
      const promptTokens = countTokens(path === "/api/generate" ? String(body.prompt ?? "") : promptText(body.messages));
      const done = {
        model,
        created_at: new Date().toISOString(),
        done: true,
        done_reason: "stop",
        total_duration: 1_000_000,
        prompt_eval_count: promptTokens,
        eval_count: countTokens(text),
      };
      // Ollama streams by default; LiteLLM always sends stream explicitly.
      if (body.stream !== false) {
        entry.status = 200;
        entry.stream = true;
        res.writeHead(200, { "content-type": "application/x-ndjson" });
        for (const piece of text.match(/\S+\s*/g) ?? [text]) {
          res.write(
            `${JSON.stringify({ model, created_at: done.created_at, message: { role: "assistant", content: piece }, done: false })}\n`,
          );
        }
        res.end(`${JSON.stringify({ ...done, message: { role: "assistant", content: "" } })}\n`);
        return;
      }
      if (path === "/api/generate") return send(200, { ...done, response: text });
      return send(200, {
        ...done,
        message: { role: "assistant", content: text },
      });
    }
    return send(404, { error: "404 page not found" });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = opts.host && opts.host !== "0.0.0.0" ? opts.host : "127.0.0.1";
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    requests,
    setFaults(f: Partial<UpstreamFaults>) {
      faults = { ...NO_FAULTS, ...f };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function json(res: http.ServerResponse, status: number, payload: unknown) {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
