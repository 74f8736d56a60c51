// Small helpers shared by the LiteLLM sandbox modules.
import { createHash, randomBytes, randomUUID } from "node:crypto";

export const nowIso = () => new Date().toISOString();
export const uuid = () => randomUUID();

export function sha256Hex(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** §3.5: a string starting with `sk-` is a raw key and gets hashed; anything else is taken as the hash. */
export function toToken(keyOrHash: string): string {
  return keyOrHash.startsWith("sk-") ? sha256Hex(keyOrHash) : keyOrHash;
}

/** §3.5: `key_name` = "sk-...<last4>". */
export function keyName(raw: string): string {
  return `sk-...${raw.slice(-4)}`;
}

/** §3.5: `LENGTH_OF_LITELLM_GENERATED_KEY` = 16 `token_urlsafe` bytes → 22 url-safe characters. */
export function newRawKey(): string {
  return `sk-${randomBytes(16).toString("base64url")}`;
}

/**
 * §2.1/§3.11: LiteLLM returns litellm_params encrypted (nacl secretbox + base64). The sandbox fakes it:
 * nonce + XOR keystream, base64url — never equal to the plaintext, different on every call.
 */
export function fakeEncrypt(plain: string, salt: string): string {
  const nonce = randomBytes(24);
  const data = Buffer.from(plain, "utf8");
  const out = Buffer.alloc(data.length + 16);
  let block = Buffer.alloc(0);
  for (let i = 0; i < data.length; i++) {
    if (i % 32 === 0) block = createHash("sha256").update(salt).update(nonce).update(String(i)).digest();
    out[i] = data[i] ^ block[i % 32];
  }
  createHash("sha256").update(nonce).update(data).digest().copy(out, data.length, 0, 16); // fake MAC
  return Buffer.concat([nonce, out]).toString("base64url");
}

export function encryptParams(params: Record<string, unknown>, salt: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === "string" ? fakeEncrypt(v, salt) : v;
  return out;
}

/** "1.96.0" >= "1.81.3" */
export function versionGte(a: string, b: string): boolean {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Replace secret-looking fields by "***" before anything goes to the request log. */
const SECRET_FIELDS = new Set([
  "api_key",
  "key",
  "new_key",
  "new_master_key",
  "client_secret",
  "vertex_credentials",
  "aws_secret_access_key",
  "aws_session_token",
  "azure_ad_token",
  "password",
  "master_key",
]);

export function redactForLog(v: unknown, depth = 0): unknown {
  if (depth > 8) return "…";
  if (Array.isArray(v)) return v.map((x) => redactForLog(x, depth + 1));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === "credential_values" && x && typeof x === "object") {
        out[k] = Object.fromEntries(Object.keys(x as object).map((kk) => [kk, "***"]));
      } else if (k === "keys" && Array.isArray(x)) {
        out[k] = x.map((s) => (typeof s === "string" && s.startsWith("sk-") ? "***" : s));
      } else if (SECRET_FIELDS.has(k) && typeof x === "string") {
        out[k] = "***";
      } else out[k] = redactForLog(x, depth + 1);
    }
    return out;
  }
  return v;
}
