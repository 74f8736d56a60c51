import "server-only";

import { UpstreamError } from "@/lib/errors";
import { redact } from "@/lib/redact";

/**
 * LiteLLM's own `type` values (ProxyErrorTypes, CONTRACT §1.2) plus the client's transport-level types.
 * Open-ended on purpose: LiteLLM adds types between releases.
 */
export type LiteLLMErrorType =
  | "connection_error"
  | "timeout"
  | "aborted"
  | "invalid_response"
  | "invalid_request"
  | "clear_not_supported"
  | "unsupported_by_version"
  | "validation_error"
  | "not_found_error"
  | "bad_request_error"
  | "auth_error"
  | "internal_server_error"
  | "budget_exceeded"
  | "no_db_connection"
  | "expired_key"
  | "team_member_already_in_team"
  | "http_error"
  | (string & {});

/** One item of a FastAPI/pydantic 422 body. */
export interface LiteLLMValidationIssue {
  field: string;
  message: string;
  type?: string;
}

export interface LiteLLMErrorInit {
  message: string;
  status?: number;
  type: LiteLLMErrorType;
  /** LiteLLM's `error.code` (a string such as "400"), when it sent one. */
  upstreamCode?: string;
  param?: string | null;
  requestId?: string;
  method?: string;
  path?: string;
  validation?: LiteLLMValidationIssue[];
  cause?: unknown;
}

/**
 * The one error the LiteLLM client throws. `message` is already redacted and safe to show an operator.
 * `code` stays the DomainError code ("upstream"); LiteLLM's own code is `upstreamCode`.
 */
export class LiteLLMError extends UpstreamError {
  readonly type: LiteLLMErrorType;
  readonly param: string | null;
  readonly validation: LiteLLMValidationIssue[] | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;

  constructor(init: LiteLLMErrorInit) {
    super(redact(init.message), init.status, init.upstreamCode, init.requestId);
    this.type = init.type;
    this.param = init.param ?? null;
    this.validation = init.validation?.map((v) => ({ ...v, message: redact(v.message) }));
    this.method = init.method;
    this.path = init.path;
    if (init.cause !== undefined) Object.defineProperty(this, "cause", { value: init.cause, enumerable: false });
  }

  /** A log-safe summary (no bodies, no headers). */
  toJSON() {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      type: this.type,
      upstreamCode: this.upstreamCode,
      param: this.param,
      requestId: this.requestId,
      method: this.method,
      path: this.path,
      validation: this.validation,
    };
  }
}

export function isLiteLLMError(error: unknown): error is LiteLLMError {
  return error instanceof LiteLLMError;
}

const NOT_FOUND_TEXT = /\bnot found\b|does not exist|no keys found/i;

/**
 * "Does not exist" in every dialect LiteLLM speaks (§8.2): 404 anywhere, 400 on /model/delete, /model/update and
 * /model/info, a 404 `code` inside a 200 credential body, and `not_found_error` / `token_not_found_in_db` types.
 */
export function isNotFound(error: unknown): error is LiteLLMError {
  if (!isLiteLLMError(error)) return false;
  if (error.status === 404) return true;
  if (error.type === "not_found_error" || error.type === "token_not_found_in_db") return true;
  return error.status === 400 && NOT_FOUND_TEXT.test(error.message);
}

// The request never left: nothing can have happened upstream.
const NEVER_SENT = /connection refused|host name (not found|lookup failed)|host unreachable|network unreachable/i;

/**
 * A write whose outcome LiteLLM never told us: it timed out or the connection broke after the request was sent.
 * The change may or may not have been made; only asking LiteLLM again can tell (the audit reconciler does).
 */
export function isOutcomeUnknown(error: unknown): error is LiteLLMError {
  if (!isLiteLLMError(error) || error.method === "GET") return false;
  if (error.type === "timeout") return true;
  return error.type === "connection_error" && !NEVER_SENT.test(error.message);
}

/** Duplicate `key_alias` on /key/generate or /key/update (§8.9): 400, `param: "key_alias"`. */
export function isAliasConflict(error: unknown): error is LiteLLMError {
  if (!isLiteLLMError(error)) return false;
  if (error.status !== 400) return false;
  return error.param === "key_alias" || /alias\b.*\balready exists/i.test(error.message);
}

/** Enterprise-only features answer 400, 403 or 500 on open-source proxies (§8.17); the text is the stable part. */
export function isEnterpriseGated(error: unknown): error is LiteLLMError {
  if (!isLiteLLMError(error)) return false;
  if (error.status !== undefined && error.status < 400) return false;
  return /enterprise|premium user|LITELLM_LICENSE|\blicen[cs]e\b/i.test(error.message);
}

const MAX_MESSAGE = 600;

function truncate(text: string): string {
  const t = text.trim();
  return t.length > MAX_MESSAGE ? `${t.slice(0, MAX_MESSAGE)}…` : t;
}

/**
 * LiteLLM puts Python `str(dict)` into messages: "{'error': 'Model with id=x not found in db'}" (§1.2 A).
 * Keeps any prefix ("Internal Server Error, {'error': '…'}" → "Internal Server Error, …").
 */
export function unwrapPythonRepr(message: string): string {
  const match = /^([\s\S]*?)\{\s*'(?:error|message|detail)'\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\}\s*$/.exec(
    message.trim(),
  );
  if (!match) return message;
  const inner = (match[2] ?? match[3] ?? "").replace(/\\(['"\\])/g, "$1").replace(/\\n/g, "\n");
  return `${match[1]}${inner}`.trim();
}

function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    for (const k of ["message", "error", "detail", "msg"]) {
      const inner = textOf(obj[k]);
      if (inner) return inner;
    }
    try {
      return JSON.stringify(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

function parseValidation(detail: unknown[]): LiteLLMValidationIssue[] {
  return detail.map((item) => {
    const obj = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
    const loc = Array.isArray(obj.loc) ? obj.loc.map(String) : [];
    // FastAPI prefixes locations with "body"/"query"/"path"; the operator thinks in field names.
    const field = (loc[0] === "body" || loc[0] === "query" || loc[0] === "path" ? loc.slice(1) : loc).join(".") || "request";
    return {
      field,
      message: typeof obj.msg === "string" ? obj.msg : (textOf(obj) ?? "invalid"),
      type: typeof obj.type === "string" ? obj.type : undefined,
    };
  });
}

export interface ErrorContext {
  requestId?: string;
  method?: string;
  path?: string;
}

/**
 * Builds the LiteLLMError for an HTTP answer that is an error: shapes A–D, and E when `status` is 200 but the
 * body says otherwise (the body's `code` becomes the status).
 */
export function errorFromResponse(status: number, bodyText: string, contentType: string | null, ctx: ErrorContext = {}): LiteLLMError {
  let body: unknown = undefined;
  let isJson = false;
  if (bodyText.trim() !== "") {
    try {
      body = JSON.parse(bodyText);
      isJson = true;
    } catch {
      isJson = false;
    }
  }
  if (!isJson) return plainTextError(status, bodyText, contentType, ctx);
  return errorFromBody(status, body, ctx);
}

function plainTextError(status: number, text: string, contentType: string | null, ctx: ErrorContext): LiteLLMError {
  const trimmed = text.trim();
  const looksHtml = /^<(!doctype|html|head|body)/i.test(trimmed) || (contentType ?? "").includes("text/html");
  const message =
    trimmed === ""
      ? `LiteLLM answered HTTP ${status} with an empty body.`
      : looksHtml
        ? `LiteLLM answered HTTP ${status} with an HTML page (is a proxy or load balancer in front of it?).`
        : truncate(trimmed);
  return finish({ status, type: status >= 500 ? "internal_server_error" : "http_error", message }, ctx);
}

/** Shapes A, B, C and E from a parsed JSON body. */
export function errorFromBody(status: number, body: unknown, ctx: ErrorContext = {}): LiteLLMError {
  const obj = (body && typeof body === "object" && !Array.isArray(body) ? body : {}) as Record<string, unknown>;

  // C: pydantic validation, 422 {"detail":[{loc,msg,type}]}
  if (Array.isArray(obj.detail)) {
    const validation = parseValidation(obj.detail);
    const list = validation.map((v) => `${v.field}: ${v.message}`).join("; ");
    return finish({ status, type: "validation_error", message: `LiteLLM rejected the request: ${list}`, validation }, ctx);
  }

  // A: ProxyException {"error":{message,type,param,code}}
  if (obj.error && typeof obj.error === "object" && !Array.isArray(obj.error)) {
    const err = obj.error as Record<string, unknown>;
    return finish(
      {
        status,
        type: stringOrUndefined(err.type) ?? defaultType(status),
        upstreamCode: stringOrUndefined(err.code),
        param: stringOrUndefined(err.param) ?? null,
        message: textOf(err.message) ?? textOf(err) ?? `LiteLLM answered HTTP ${status}.`,
      },
      ctx,
    );
  }

  // B: HTTPException {"detail": str | {error} | {message}}
  if (obj.detail !== undefined) {
    const detailObj = obj.detail && typeof obj.detail === "object" ? (obj.detail as Record<string, unknown>) : undefined;
    return finish(
      {
        status,
        type: stringOrUndefined(detailObj?.type) ?? defaultType(status),
        param: stringOrUndefined(detailObj?.param) ?? null,
        message: textOf(obj.detail) ?? `LiteLLM answered HTTP ${status}.`,
      },
      ctx,
    );
  }

  // E (and the bare {"error": "…"} variant): the exception's attributes, possibly under HTTP 200
  const upstreamCode = stringOrUndefined(obj.code);
  const codeStatus = upstreamCode && /^\d{3}$/.test(upstreamCode) ? Number(upstreamCode) : undefined;
  const effectiveStatus = status >= 200 && status < 300 ? (codeStatus ?? 500) : status;
  const message = textOf(obj.message) ?? textOf(obj.error) ?? (bodyIsEmpty(obj) ? undefined : truncate(JSON.stringify(body)));
  return finish(
    {
      status: effectiveStatus,
      type: stringOrUndefined(obj.type) ?? defaultType(effectiveStatus),
      upstreamCode,
      param: stringOrUndefined(obj.param) ?? null,
      message: message ?? `LiteLLM answered HTTP ${status}.`,
    },
    ctx,
  );
}

function bodyIsEmpty(obj: Record<string, unknown>): boolean {
  return Object.keys(obj).length === 0;
}

function defaultType(status: number): LiteLLMErrorType {
  if (status === 404) return "not_found_error";
  if (status === 401 || status === 403) return "auth_error";
  if (status === 422) return "validation_error";
  if (status >= 500) return "internal_server_error";
  if (status >= 400) return "bad_request_error";
  return "http_error";
}

type Draft = Omit<LiteLLMErrorInit, "requestId" | "method" | "path">;

function finish(draft: Draft, ctx: ErrorContext): LiteLLMError {
  const message = truncate(unwrapPythonRepr(draft.message));
  // LiteLLM itself forces this to 429 in ProxyException, but not on every path (§1.2 A).
  const status = /No healthy deployment available/i.test(message) ? 429 : draft.status;
  return new LiteLLMError({ ...draft, status, message, requestId: ctx.requestId, method: ctx.method, path: ctx.path });
}

/**
 * Shape E detector: a 2xx body from the credential endpoints that is really an exception. Success bodies carry
 * `success: true`; failures carry the exception's `message`/`code`/`type` and no `success`.
 */
export function isErrorBody(body: unknown): boolean {
  if (!body || typeof body !== "object" || Array.isArray(body)) return false;
  const obj = body as Record<string, unknown>;
  if (obj.success === true) return false;
  return obj.success === false || "message" in obj || "code" in obj || "type" in obj || "error" in obj;
}
