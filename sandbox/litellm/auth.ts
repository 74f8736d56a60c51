// Caller authentication and the non-admin route gate — CONTRACT.md §1.1.
import type http from "node:http";
import type { Access, Caller, Sandbox } from "./context";
import { detailError, proxyError } from "./errors";
import { sha256Hex } from "./util";
import type { KeyRow } from "./key-store";

/** §1.1: header order x-litellm-api-key, Authorization: Bearer, api-key, x-api-key, x-goog-api-key, Ocp-Apim-Subscription-Key. */
export function extractKey(req: http.IncomingMessage): { key: string | null; malformed: string | null } {
  const h = req.headers;
  const one = (name: string) => {
    const v = h[name];
    return typeof v === "string" && v.trim() ? v.trim() : null;
  };
  const stripBearer = (v: string) => (/^bearer\s+/i.test(v) ? v.replace(/^bearer\s+/i, "") : v);
  const lk = one("x-litellm-api-key");
  if (lk) return { key: stripBearer(lk), malformed: null };
  const authz = one("authorization");
  if (authz) {
    if (/^bearer\s+/i.test(authz)) return { key: authz.replace(/^bearer\s+/i, "").trim(), malformed: null };
    return { key: null, malformed: authz };
  }
  for (const name of ["api-key", "x-api-key", "x-goog-api-key", "ocp-apim-subscription-key"]) {
    const v = one(name);
    if (v) return { key: stripBearer(v), malformed: null };
  }
  return { key: null, malformed: null };
}

function maskForMessage(k: string): string {
  return k.length > 8 ? `${k.slice(0, 3)}...${k.slice(-4)}` : "***";
}

function lookupVirtualKey(sb: Sandbox, raw: string): KeyRow | undefined {
  const token = raw.startsWith("sk-") ? sha256Hex(raw) : raw;
  const row = sb.store.keys.get(token);
  if (row) return row;
  // 1.96.0 /key/regenerate grace_period: the old key still works until the deadline.
  const g = sb.store.keys.grace.get(token);
  if (g && g.until > Date.now()) return sb.store.keys.get(g.token);
  return undefined;
}

const ADMIN_CALLER = (kind: Caller["kind"]): Caller => ({ kind, isAdmin: true, role: "proxy_admin", userId: null, key: null });

/** Authenticate the request and apply the route gate for its access class. Throws an HttpError. */
export function authenticate(sb: Sandbox, req: http.IncomingMessage, path: string, access: Access): Caller {
  if (access === "public") return { kind: "anonymous", isAdmin: false, role: null, userId: null, key: null };
  // §1.1: no master key configured → every request is proxy_admin.
  if (sb.cfg.masterKey === null) return ADMIN_CALLER("no-master-key");
  const { key, malformed } = extractKey(req);
  if (malformed !== null) {
    throw proxyError(
      401,
      `Authentication Error, Malformed API Key passed in. Ensure Key has \`Bearer \` prefix. Passed in: ${maskForMessage(malformed)}`,
      "auth_error",
      "None",
    );
  }
  if (!key) throw proxyError(401, "Authentication Error, No api key passed in.", "auth_error", "None");
  if (key === sb.cfg.masterKey) return ADMIN_CALLER("master");

  const row = lookupVirtualKey(sb, key);
  if (!row) {
    const hash = key.startsWith("sk-") ? sha256Hex(key) : key;
    throw proxyError(
      401,
      `Authentication Error, Invalid proxy server token passed. Received API Key = ${maskForMessage(key)}, Key Hash (Token) =${hash}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
      "token_not_found_in_db",
      "None",
    );
  }
  if (row.blocked)
    throw proxyError(401, "Authentication Error, Key is blocked. Update via `/key/unblock` if you're admin.", "auth_error", "None");
  if (row.expires && Date.parse(row.expires) < Date.now()) {
    // §1.1/§3.4: expired key → 400 expired_key.
    throw proxyError(
      400,
      `Authentication Error - Expired Key. Key Expiry time ${row.expires} and current time ${new Date().toISOString()}`,
      "expired_key",
      "None",
    );
  }
  const user = row.user_id ? sb.store.users.get(row.user_id) : undefined;
  const role = user?.user_role ?? null;
  const caller: Caller = { kind: "virtual-key", isAdmin: role === "proxy_admin", role, userId: row.user_id, key: row };
  if (caller.isAdmin) return caller;

  if (access === "info" || access === "data" || access === "self-managed") return caller;
  if (access === "test-connection" && sb.cfg.modern) {
    // §2.3 S2: test_connection is admin only → 403 B.
    throw detailError(403, "Admin access required to test model connections");
  }
  // §1.1 route gate: everything else is admin only → 401.
  throw proxyError(
    401,
    `Authentication Error, Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route=${path}. Your role=${role}. Your user_id=${row.user_id}`,
    "auth_error",
    "None",
  );
}
