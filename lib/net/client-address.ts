import type { IncomingMessage, Server } from "node:http";

/**
 * The client's address, taken from the trusted proxy hop (TRUSTED_PROXY_COUNT) instead of the first
 * X-Forwarded-For entry, which the client writes itself.
 *
 * Next.js only exposes headers, and sets X-Forwarded-For to the socket address only when the request has none. So
 * the Node server stamps every request, before Next sees it, with the full chain: the X-Forwarded-For entries as
 * received plus the socket's peer address last (overwriting any value a client sent under that name).
 */
export const CLIENT_CHAIN_HEADER = "x-gatehouse-client-chain";

const MAX_CHAIN_ENTRIES = 32;

type HeaderBag = Record<string, string | string[] | undefined>;

/** Appends the socket's peer to the received X-Forwarded-For entries, in a header only the server can set. */
export function stampClientChain(req: { headers: HeaderBag; socket?: { remoteAddress?: string | undefined } | null }): void {
  const received = req.headers["x-forwarded-for"];
  const entries = (Array.isArray(received) ? received.join(",") : (received ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(-MAX_CHAIN_ENTRIES);
  const peer = req.socket?.remoteAddress;
  req.headers[CLIENT_CHAIN_HEADER] = [...entries, peer ?? "unknown"].join(", ");
}

let installed = false;

/** Called once at start (instrumentation): every HTTP server in this process stamps its requests. */
export function installClientChainStamp(serverClass: { prototype: Server }): void {
  if (installed) return;
  installed = true;
  const original = serverClass.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  serverClass.prototype.emit = function emit(this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") stampClientChain(args[0] as IncomingMessage);
    return original.call(this, event, ...args);
  } as Server["emit"];
}

/** "::ffff:10.0.0.1" → "10.0.0.1"; "[::1]:1234" and "10.0.0.1:1234" lose the port. */
function cleanAddress(entry: string): string {
  let a = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(a)) a = a.slice(7);
  return a.slice(0, 64);
}

/**
 * The address `trustedProxyCount` hops before this server: 0 = the socket peer, 1 = the address the one proxy in
 * front (e.g. the OpenShift router) appended, and so on. When the chain is shorter than that, the first entry.
 */
export function clientAddress(headers: Headers, trustedProxyCount: number): string | null {
  const stamped = headers.get(CLIENT_CHAIN_HEADER);
  const chain = (stamped ?? headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  const index = Math.max(0, chain.length - 1 - trustedProxyCount);
  const address = cleanAddress(chain[index]!);
  return address && address !== "unknown" ? address : null;
}
