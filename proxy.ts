import { NextResponse, type NextRequest } from "next/server";

import { processFacts } from "@/lib/env";
import { contentSecurityPolicy, newNonce, PATH_HEADER, refuseServerAction } from "@/lib/http-guards";

/**
 * Runs before Next.js handles a request:
 * - refuses server-action POSTs from another origin (403) or declaring a body over the limit (413), which Next's own
 *   decoder would answer with a 500;
 * - sets the Content-Security-Policy with a fresh script nonce (Next adds it to its own scripts; the root layout to
 *   the theme script) and tells the console layout the path (for the 403 of a forbidden page);
 * - redirects anonymous visitors to /login. That is an optimisation only: every page, server action and route
 *   handler checks the session itself.
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const PUBLIC_PREFIXES = ["/login", "/denied", "/auth-error", "/api/auth", "/api/health", "/_next", "/favicon"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const refusal = refuseServerAction(request.method, pathname, request.headers);
  if (refusal) return NextResponse.json({ error: refusal.message }, { status: refusal.status });

  const isPublic = PUBLIC_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(prefix + "/") || pathname.startsWith(prefix));
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name) || request.cookies.getAll().some((c) => c.name.startsWith(name + ".")));
  if (!isPublic && !hasSession) {
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = pathname === "/" ? "" : `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }

  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { development: processFacts.isDevelopment() });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  headers.set(PATH_HEADER, pathname);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
