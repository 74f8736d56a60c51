// The five error body shapes of LiteLLM (CONTRACT.md §1.2) plus pydantic-style request validation.

export type ErrorBody = unknown;

/** Thrown by handlers; the router turns it into a response. */
export class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly body: ErrorBody,
    public readonly contentType = "application/json",
  ) {
    super(typeof body === "string" ? body : JSON.stringify(body));
  }
}

/** Python `repr()` of a string: single quotes unless the text holds a single quote and no double quote. */
function pyStr(s: string): string {
  if (s.includes("'") && !s.includes('"')) return `"${s.replace(/\\/g, "\\\\")}"`;
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Python `str(dict)` — what LiteLLM puts in `message` when an HTTPException detail was a dict (§1.2 shape A). */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "string") return pyStr(v);
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  if (typeof v === "object") {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${pyStr(k)}: ${pyRepr(x)}`)
      .join(", ")}}`;
  }
  return String(v);
}

/** Shape A — ProxyException: `{"error":{message,type,param,code:"<string>"}}` (§1.2). */
export function proxyBody(status: number, message: string, type: string | null, param: string | null = null) {
  // §1.2: any message mentioning "No healthy deployment available" is forced to 429.
  const code = message.includes("No healthy deployment available") ? 429 : status;
  return { error: { message, type, param, code: String(code) } };
}

export function proxyError(status: number, message: string, type: string | null, param: string | null = null): HttpError {
  const body = proxyBody(status, message, type, param);
  return new HttpError(Number(body.error.code), body);
}

/** Shape B — bare FastAPI HTTPException: `{"detail": str | {error} | {message}}` (§1.2). */
export function detailError(status: number, detail: unknown): HttpError {
  return new HttpError(status, { detail });
}

/** Shape D — uncaught exception: text/plain 500 (§1.2). */
export function plainTextError(): HttpError {
  return new HttpError(500, "Internal Server Error", "text/plain; charset=utf-8");
}

/** Shape E — handler *returned* the exception: HTTP 200 with its attributes as JSON (§1.2, §2.2). */
export function returnedExceptionBody(status: number, message: string, type: string, param: string | null = "None") {
  return {
    message,
    type,
    param,
    code: String(status),
    provider_specific_fields: null,
    headers: {},
    openai_code: null,
  };
}

// ---- Shape C: pydantic v2 validation lists (§1.2) ----

export interface ValidationItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export function validationError(items: ValidationItem[]): HttpError {
  return new HttpError(422, { detail: items });
}

type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Collects pydantic-like errors, then throws one 422 with all of them. */
export class Validator {
  items: ValidationItem[] = [];

  missing(loc: (string | number)[], input: unknown) {
    this.items.push({ type: "missing", loc, msg: "Field required", input });
  }

  /** Required string field. Returns the value when valid. */
  reqString(obj: Obj, field: string, loc: (string | number)[]): string | undefined {
    const v = obj[field];
    if (v === undefined) {
      this.missing([...loc, field], obj);
      return undefined;
    }
    return this.optString(obj, field, loc) ?? undefined;
  }

  optString(obj: Obj, field: string, loc: (string | number)[]): string | null | undefined {
    const v = obj[field];
    if (v === undefined || v === null) return v as null | undefined;
    if (typeof v !== "string") {
      this.items.push({
        type: "string_type",
        loc: [...loc, field],
        msg: "Input should be a valid string",
        input: v,
      });
      return undefined;
    }
    return v;
  }

  reqDict(obj: Obj, field: string, loc: (string | number)[]): Obj | undefined {
    const v = obj[field];
    if (v === undefined) {
      this.missing([...loc, field], obj);
      return undefined;
    }
    return this.optDict(obj, field, loc) ?? undefined;
  }

  optDict(obj: Obj, field: string, loc: (string | number)[]): Obj | null | undefined {
    const v = obj[field];
    if (v === undefined || v === null) return v as null | undefined;
    if (!isObj(v)) {
      this.items.push({
        type: "dict_type",
        loc: [...loc, field],
        msg: "Input should be a valid dictionary",
        input: v,
      });
      return undefined;
    }
    return v;
  }

  optNumber(obj: Obj, field: string, loc: (string | number)[]): number | null | undefined {
    const v = obj[field];
    if (v === undefined || v === null) return v as null | undefined;
    // pydantic (lax mode) coerces numeric strings; §8.21 says clients should still send numbers.
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      this.items.push({
        type: "float_parsing",
        loc: [...loc, field],
        msg: "Input should be a valid number, unable to parse string as a number",
        input: v,
      });
      return undefined;
    }
    return n;
  }

  optStringList(obj: Obj, field: string, loc: (string | number)[]): string[] | null | undefined {
    const v = obj[field];
    if (v === undefined || v === null) return v as null | undefined;
    if (!Array.isArray(v)) {
      this.items.push({
        type: "list_type",
        loc: [...loc, field],
        msg: "Input should be a valid list",
        input: v,
      });
      return undefined;
    }
    let ok = true;
    v.forEach((x, i) => {
      if (typeof x !== "string") {
        ok = false;
        this.items.push({
          type: "string_type",
          loc: [...loc, field, i],
          msg: "Input should be a valid string",
          input: x,
        });
      }
    });
    return ok ? (v as string[]) : undefined;
  }

  literal(obj: Obj, field: string, loc: (string | number)[], allowed: readonly string[]): string | null | undefined {
    const v = obj[field];
    if (v === undefined || v === null) return v as null | undefined;
    if (typeof v !== "string" || !allowed.includes(v)) {
      const expected =
        allowed.length > 1
          ? `${allowed
              .slice(0, -1)
              .map((a) => `'${a}'`)
              .join(", ")} or '${allowed[allowed.length - 1]}'`
          : `'${allowed[0]}'`;
      this.items.push({
        type: "literal_error",
        loc: [...loc, field],
        msg: `Input should be ${expected}`,
        input: v,
        ctx: { expected },
      });
      return undefined;
    }
    return v;
  }

  /** Integer query parameter with optional bounds (FastAPI `Query(ge=, le=)`). */
  queryInt(q: URLSearchParams, name: string, def: number, ge?: number, le?: number): number {
    const raw = q.get(name);
    if (raw === null || raw === "") return def;
    if (!/^-?\d+$/.test(raw.trim())) {
      this.items.push({
        type: "int_parsing",
        loc: ["query", name],
        msg: "Input should be a valid integer, unable to parse string as an integer",
        input: raw,
      });
      return def;
    }
    const n = Number(raw);
    if (ge !== undefined && n < ge) {
      this.items.push({
        type: "greater_than_equal",
        loc: ["query", name],
        msg: `Input should be greater than or equal to ${ge}`,
        input: raw,
        ctx: { ge },
      });
      return def;
    }
    if (le !== undefined && n > le) {
      this.items.push({
        type: "less_than_equal",
        loc: ["query", name],
        msg: `Input should be less than or equal to ${le}`,
        input: raw,
        ctx: { le },
      });
      return def;
    }
    return n;
  }

  queryBool(q: URLSearchParams, name: string, def = false): boolean {
    const raw = q.get(name);
    if (raw === null || raw === "") return def;
    const t = raw.toLowerCase();
    if (["true", "1", "yes", "on", "t", "y"].includes(t)) return true;
    if (["false", "0", "no", "off", "f", "n"].includes(t)) return false;
    this.items.push({
      type: "bool_parsing",
      loc: ["query", name],
      msg: "Input should be a valid boolean, unable to interpret input",
      input: raw,
    });
    return def;
  }

  throwIfAny() {
    if (this.items.length) throw validationError(this.items);
  }
}

/** FastAPI's answer when a required JSON body is absent or not an object. */
export function requireBodyObject(body: unknown): Obj {
  if (body === undefined) throw validationError([{ type: "missing", loc: ["body"], msg: "Field required", input: null }]);
  if (!isObj(body)) {
    throw validationError([
      {
        type: "model_attributes_type",
        loc: ["body"],
        msg: "Input should be a valid dictionary or object to extract fields from",
        input: body,
      },
    ]);
  }
  return body;
}
