/**
 * One redaction pass applied to every upstream error, log line and audit detail.
 * Patterns from the security checklist (design/auth.md §7): virtual and provider keys,
 * OpenShift tokens, bearer tokens, key=value secrets, AWS access keys, URL userinfo and JWTs.
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/sk-[A-Za-z0-9_-]{8,}/g, "sk-***"],
  [/sha256~[A-Za-z0-9_-]{20,}/g, "sha256~***"],
  [/\bBearer\s+[^\s"',]+/gi, "Bearer ***"],
  [/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, "***jwt***"],
  [/AKIA[0-9A-Z]{16}/g, "AKIA***"],
  [/(\/\/)[^/\s:@]+:[^/\s@]+@/g, "$1***@"],
  [
    /((?:api[_-]?key|secret|password|passwd|token|client_secret|access_key|secret_access_key|authorization)["']?\s*[:=]\s*["']?)([^\s"',}&]+)/gi,
    "$1***",
  ],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const SECRET_KEY = /^(api[_-]?key|.*secret.*|.*password.*|.*token.*|authorization|key|raw_?key|vertex_credentials|aws_secret_access_key|aws_session_token|credential_values)$/i;

/** Deep-redacts a JSON-like value: secret-named fields are replaced, strings are scrubbed. */
export function redactValue<T>(value: T, depth = 0): T {
  if (depth > 8) return "[truncated]" as T;
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) && v != null && v !== "" ? "***" : redactValue(v, depth + 1);
    }
    return out as T;
  }
  return value;
}

/** "sk-...abcd": the only form of a virtual key the console shows after creation. */
export function lastFour(secret: string): string {
  return secret.length >= 4 ? secret.slice(-4) : "";
}
