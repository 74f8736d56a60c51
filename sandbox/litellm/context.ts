// Types shared by the router and the route modules of the LiteLLM sandbox.
import type http from "node:http";
import type { KeyRow } from "./key-store";
import type { Store } from "./state";
import type { FaultState } from "./faults";

export interface SandboxConfig {
  version: string;
  /** The 1.96.0 personality (≥ 1.81.3): paginated /v2/model/info, exact durations, key_alias on /key/update… */
  modern: boolean;
  masterKey: string | null;
  enterprise: boolean;
  healthTimeoutMs: number;
  upstreamUrl: string;
  /** Stands in for LITELLM_SALT_KEY (§3.11). */
  salt: string;
  /**
   * §3.6: LiteLLM checks key_alias in application code, then inserts — two awaits with a window between.
   * 0 (default) checks atomically; > 0 reproduces the race so the console's own per-alias lock can be proven.
   */
  aliasRaceWindowMs: number;
}

export interface SandboxRequestLog {
  time: string;
  method: string;
  path: string;
  query: string;
  status: number;
  /** JSON body with secrets replaced by "***" (e.g. test_connection's api_key). */
  body: unknown;
  /** Who called: "master", "no-master-key", "virtual-key", "anonymous". */
  caller: string;
}

/** The authenticated caller (§1.1). */
export interface Caller {
  kind: "master" | "no-master-key" | "virtual-key" | "anonymous";
  isAdmin: boolean;
  role: string | null;
  userId: string | null;
  key: KeyRow | null;
}

export interface Sandbox {
  cfg: SandboxConfig;
  store: Store;
  faults: FaultState;
  requests: SandboxRequestLog[];
  /**
   * Raw keys this sandbox minted (/key/generate, /key/regenerate), newest last, for secret-hygiene tests: a key the
   * console created and never showed (a temporary key) can still be searched for in what the console kept.
   */
  mintedKeys: { raw: string; alias: string | null }[];
  /** Round-robin cursor per model group. */
  rr: Map<string, number>;
}

export interface Ctx {
  sb: Sandbox;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Parsed JSON body; undefined when none was sent. */
  body: unknown;
  caller: Caller;
}

export interface JsonReply {
  status?: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** The handler wrote the response itself (streaming). */
export const STREAMED = Symbol("streamed");

export type Reply = JsonReply | typeof STREAMED;

/**
 * public: no auth. info: any key, handler filters (§1.1 info_routes). admin: route gate (§1.1).
 * self-managed: model writes and /team/member_* run their own checks (§1.1). test-connection: §2.3 gate. data: LLM routes.
 */
export type Access = "public" | "info" | "admin" | "data" | "self-managed" | "test-connection";

export interface RouteDef {
  method: string;
  pattern: string;
  access: Access;
  handler: (ctx: Ctx) => Promise<Reply> | Reply;
}

export function ok(json: unknown, status = 200): JsonReply {
  return { status, json };
}
