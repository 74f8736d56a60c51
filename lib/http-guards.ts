/**
 * Checks proxy.ts runs on every request before Next.js decodes it, and the Content-Security-Policy it sets.
 * Pure functions on headers, so they are unit-tested without a server.
 */

/** The request path, for the console layout's route-access check (set by proxy.ts; clients cannot set it). */
export const PATH_HEADER = "x-gatehouse-path";

/** Must match `experimental.serverActions.bodySizeLimit` in next.config.ts. */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export type RequestRefusal = { status: 403 | 413; message: string };

/**
 * A server action call: Next marks them with a Next-Action header (fetch), or a form posts to a page without
 * JavaScript. Route handlers under /api (Auth.js callbacks, which identity providers may POST to) are not actions.
 */
export function isServerActionRequest(method: string, pathname: string, headers: Headers): boolean {
  if (method !== "POST") return false;
  if (headers.has("next-action")) return true;
  if (pathname.startsWith("/api/")) return false;
  const type = headers.get("content-type") ?? "";
  return type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Refusals for server-action POSTs that Next.js would otherwise answer with a 500 from its decoder: another origin
 * (CSRF; the browser's Origin or Sec-Fetch-Site says so) → 403, a declared body over the limit → 413.
 */
export function refuseServerAction(method: string, pathname: string, headers: Headers): RequestRefusal | null {
  if (!isServerActionRequest(method, pathname, headers)) return null;
  const origin = headers.get("origin");
  const hosts = [headers.get("x-forwarded-host"), headers.get("host")].filter((h): h is string => Boolean(h)).map((h) => h.split(",")[0]!.trim().toLowerCase());
  if (headers.get("sec-fetch-site") === "cross-site" || (origin !== null && (origin === "null" || !hosts.includes(hostOf(origin) ?? "")))) {
    return { status: 403, message: "Cross-origin requests to console actions are refused." };
  }
  const length = Number(headers.get("content-length") ?? "0");
  if (Number.isFinite(length) && length > SERVER_ACTION_BODY_LIMIT_BYTES) {
    return { status: 413, message: `Console actions accept at most ${SERVER_ACTION_BODY_LIMIT_BYTES / 1024 / 1024} MB.` };
  }
  return null;
}

/** 16 random bytes, base64: a fresh nonce per response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts only with this response's nonce (and what those load: 'strict-dynamic'); everything else from the console's
 * own origin. Inline style attributes stay allowed (Radix positions popovers with them).
 */
export function contentSecurityPolicy(nonce: string, options: { development?: boolean } = {}): string {
  const dev = options.development === true;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
