// LiteLLM proxy stand-in (CONTRACT.md): router, fault injection, request log and lifecycle.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { authenticate } from "./auth";
import type { Access, Caller, Ctx, JsonReply, RouteDef, Sandbox, SandboxRequestLog } from "./context";
import { STREAMED } from "./context";
import { HttpError, plainTextError, validationError } from "./errors";
import { FaultState, parseFaultRules, type FaultRule } from "./faults";
import { Store } from "./state";
import { redactForLog, versionGte } from "./util";
import { seedDemo, seedModels } from "./seed";
import { modelRoutes, modernModelRoutes } from "./routes/models";
import { credentialRoutes } from "./routes/credentials";
import { keyRoutes } from "./routes/keys";
import { teamRoutes } from "./routes/teams";
import { userRoutes } from "./routes/users";
import { healthRoutes, modernHealthRoutes } from "./routes/health";
import { modernPublicRoutes, publicRoutes } from "./routes/public";
import { dataPlaneRoutes } from "./routes/data-plane";

export type { FaultRule } from "./faults";
export type { SandboxRequestLog } from "./context";
export { DEMO } from "./seed";
export { seededRawKey } from "./key-store";

export interface LiteLLMSandboxOptions {
  port?: number;
  host?: string;
  /** null = proxy with NO master key (every caller is admin). Default "sk-sandbox-master-key". */
  masterKey?: string | null;
  /** "1.96.0" (default) or "1.80.0" personality. */
  version?: string;
  /** JSON state file; null/undefined = in memory. */
  stateFile?: string | null;
  /** Ignore an existing state file and start empty. */
  reset?: boolean;
  /** Seed applied when the state is fresh. Default "demo". */
  seed?: "demo" | "none";
  /** Bulk in-memory keys (not persisted). Raw key of #i: seededRawKey(i). */
  seedKeys?: number;
  /** Bulk in-memory deployments (not persisted). */
  seedModels?: number;
  /** Enterprise licence present (key regeneration, tags, team admins). */
  enterprise?: boolean;
  /** Milliseconds between /key/generate's alias check and its insert (§3.6 race); default 0. */
  aliasRaceWindowMs?: number;
  faults?: FaultRule[];
  /** Upstream used by the demo seed. Default http://127.0.0.1:4100 */
  upstreamUrl?: string;
  /** test_connection / /health per-call timeout. Default HEALTH_CHECK_TIMEOUT_SECONDS or 60. */
  healthCheckTimeoutSeconds?: number;
}

export interface LiteLLMSandboxHandle {
  url: string;
  port: number;
  masterKey: string | null;
  close(): Promise<void>;
  requests: SandboxRequestLog[];
}

const MAX_LOG = 5000;
/** The version from which /v2/model/info is paginated (§2.1, §7). */
const MODERN_FROM = "1.81.3";

interface CompiledRoute extends RouteDef {
  re: RegExp;
  names: string[];
}

function compile(def: RouteDef): CompiledRoute {
  const names: string[] = [];
  const src = def.pattern
    .split("/")
    .map((seg) => {
      const m = /^:(\w+)(\*)?$/.exec(seg);
      if (!m) return seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]);
      return m[2] ? "(.+)" : "([^/]+)";
    })
    .join("/");
  return { ...def, re: new RegExp(`^${src}$`), names };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startLiteLLMSandbox(opts: LiteLLMSandboxOptions = {}): Promise<LiteLLMSandboxHandle> {
  const version = opts.version ?? "1.96.0";
  const masterKey = opts.masterKey === undefined ? "sk-sandbox-master-key" : opts.masterKey;
  const upstreamUrl = opts.upstreamUrl ?? "http://127.0.0.1:4100";
  const envTimeout = Number(process.env.HEALTH_CHECK_TIMEOUT_SECONDS);
  const timeoutS = opts.healthCheckTimeoutSeconds ?? (Number.isFinite(envTimeout) && envTimeout > 0 ? envTimeout : 60);
  const sb: Sandbox = {
    cfg: {
      version,
      modern: versionGte(version, MODERN_FROM),
      masterKey,
      enterprise: !!opts.enterprise,
      healthTimeoutMs: timeoutS * 1000,
      upstreamUrl,
      salt: masterKey ?? "sandbox-salt",
      aliasRaceWindowMs: opts.aliasRaceWindowMs ?? Number(process.env.LITELLM_SANDBOX_ALIAS_RACE_MS ?? 0),
    },
    store: new Store(opts.stateFile ?? null),
    faults: new FaultState(opts.faults ?? []),
    requests: [],
    mintedKeys: [],
    rr: new Map(),
  };

  const initialSeed = opts.seed ?? "demo";
  const loaded = !opts.reset && sb.store.load();
  if (!loaded && initialSeed === "demo") seedDemo(sb.store, upstreamUrl);
  if (!loaded) sb.store.changed();
  const applyBulk = () => {
    if (opts.seedModels) seedModels(sb.store, opts.seedModels, upstreamUrl);
    if (opts.seedKeys) sb.store.keys.seedKeys(opts.seedKeys);
  };
  applyBulk();

  const routes: CompiledRoute[] = [
    ...modelRoutes,
    ...credentialRoutes,
    ...keyRoutes,
    ...teamRoutes,
    ...userRoutes,
    ...healthRoutes,
    ...publicRoutes,
    ...dataPlaneRoutes,
    ...(sb.cfg.modern ? [...modernModelRoutes, ...modernHealthRoutes, ...modernPublicRoutes] : []),
  ].map(compile);

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      process.stderr.write(`litellm sandbox: unhandled ${err instanceof Error ? err.stack : String(err)}\n`);
      if (!res.headersSent) send(res, { status: 500, text: "Internal Server Error", contentType: "text/plain; charset=utf-8" });
      else res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  function send(res: http.ServerResponse, r: JsonReply) {
    const text = r.text ?? JSON.stringify(r.json ?? null);
    res.writeHead(r.status ?? 200, {
      "content-type": r.contentType ?? "application/json",
      "content-length": Buffer.byteLength(text),
      "x-litellm-version": version,
      ...(r.headers ?? {}),
    });
    res.end(text);
  }

  function logEntry(entry: SandboxRequestLog) {
    sb.requests.push(entry);
    if (sb.requests.length > MAX_LOG) sb.requests.splice(0, sb.requests.length - MAX_LOG);
  }

  /** Sandbox control routes: never faulted; everything but GET /__sandbox/requests needs admin. */
  async function control(req: http.IncomingMessage, res: http.ServerResponse, path: string, method: string, raw: string) {
    if (path === "/__sandbox/requests" && method === "GET") return send(res, { json: { requests: sb.requests } });
    try {
      const caller = authenticate(sb, req, path, "admin");
      if (!caller.isAdmin) throw new HttpError(403, { detail: "admin only" });
      const body = raw ? JSON.parse(raw) : undefined;
      if (path === "/__sandbox/minted-keys" && method === "GET") return send(res, { json: { keys: sb.mintedKeys } });
      if (path === "/__sandbox/requests" && method === "DELETE") {
        sb.requests.length = 0;
        return send(res, { json: { ok: true } });
      }
      if (path === "/__sandbox/faults") {
        if (method === "POST") sb.faults.replace(parseFaultRules(Array.isArray(body) ? body : (body?.faults ?? [])));
        else if (method === "DELETE") sb.faults.replace([]);
        return send(res, { json: { faults: sb.faults.rules } });
      }
      if (path === "/__sandbox/reset" && method === "POST") {
        sb.store.clear();
        sb.rr.clear();
        sb.requests.length = 0;
        sb.faults.replace([]);
        const seed = body?.seed ?? initialSeed;
        if (seed === "demo") seedDemo(sb.store, upstreamUrl);
        applyBulk();
        return send(res, { json: { ok: true, seed } });
      }
      return send(res, { status: 404, json: { detail: "Not Found" } });
    } catch (err) {
      if (err instanceof HttpError) return send(res, { status: err.status, json: err.body });
      return send(res, { status: 400, json: { detail: err instanceof Error ? err.message : String(err) } });
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
    const method = (req.method ?? "GET").toUpperCase();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");

    if (path.startsWith("/__sandbox/")) return control(req, res, path, method, raw);

    let parsed: unknown = undefined;
    let badJson = false;
    if (raw.trim()) {
      try {
        parsed = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    const entry: SandboxRequestLog = {
      time: new Date().toISOString(),
      method,
      path,
      query: url.search,
      status: 0,
      body: parsed === undefined ? null : redactForLog(parsed),
      caller: "anonymous",
    };
    logEntry(entry);

    // Fault injection runs before auth, like a broken proxy or load balancer would.
    const fault = sb.faults.take(method, path);
    if (fault) {
      if (fault.latencyMs) await sleep(fault.latencyMs);
      if (fault.drop) {
        entry.status = -1;
        req.socket.destroy();
        return;
      }
      if (fault.garbage) {
        entry.status = 200;
        return send(res, { status: 200, text: '{"data": [{"model_name": "gpt-4o", "litellm_params": ', contentType: "application/json" });
      }
      if (fault.status) {
        entry.status = fault.status;
        if (fault.body !== undefined) {
          const ct = fault.contentType ?? (/^\s*[[{"]/.test(fault.body) ? "application/json" : "text/plain; charset=utf-8");
          return send(res, { status: fault.status, text: fault.body, contentType: ct });
        }
        // Shape D (§1.2) for 5xx; a LiteLLM-style shape A otherwise.
        if (fault.status >= 500)
          return send(res, { status: fault.status, text: "Internal Server Error", contentType: "text/plain; charset=utf-8" });
        return send(res, {
          status: fault.status,
          json: {
            error: { message: `Sandbox fault: HTTP ${fault.status}`, type: "sandbox_fault", param: null, code: String(fault.status) },
          },
        });
      }
    }

    let match: { route: CompiledRoute; params: Record<string, string> } | null = null;
    let pathMatched = false;
    for (const r of routes) {
      const m = r.re.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      match = { route: r, params };
      break;
    }
    let reply: JsonReply;
    try {
      if (!match) {
        throw new HttpError(pathMatched ? 405 : 404, { detail: pathMatched ? "Method Not Allowed" : "Not Found" });
      }
      const access: Access = match.route.access;
      const caller: Caller = authenticate(sb, req, path, access);
      entry.caller = caller.kind;
      if (badJson) {
        if (access === "data") parsed = {};
        else
          throw validationError([
            { type: "json_invalid", loc: ["body", 0], msg: "JSON decode error", input: {}, ctx: { error: "Expecting value" } },
          ]);
      }
      const ctx: Ctx = { sb, req, res, method, path, query: url.searchParams, params: match.params, body: parsed, caller };
      const out = await match.route.handler(ctx);
      if (out === STREAMED) {
        entry.status = 200;
        return;
      }
      reply = out;
    } catch (err) {
      const e = err instanceof HttpError ? err : plainTextError();
      if (!(err instanceof HttpError)) {
        // Shape D: an uncaught exception becomes a bare text/plain 500.
        process.stderr.write(`litellm sandbox: ${method} ${path} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      }
      const isText = e.contentType.startsWith("text/");
      reply = { status: e.status, contentType: e.contentType, ...(isText ? { text: String(e.body) } : { json: e.body }) };
    }
    entry.status = reply.status ?? 200;
    if (!res.headersSent) send(res, reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== "0.0.0.0" ? opts.host : "127.0.0.1";
  let closed = false;
  return {
    url: `http://${host}:${port}`,
    port,
    masterKey,
    requests: sb.requests,
    close: async () => {
      if (closed) return;
      closed = true;
      sb.store.flush();
      await new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}
