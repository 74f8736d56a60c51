/**
 * The synchronous half of the SSRF guard: no DNS, no Node built-ins, so form schemas in the
 * browser can use it too. `checkOutboundUrl` in ./ssrf.ts does the address checks.
 */

export type SsrfCode =
  | "scheme"
  | "userinfo"
  | "invalid_url"
  | "ambiguous_url"
  | "blocked_address"
  | "private_address"
  | "unresolvable"
  | "blocked_origin";

/**
 * `normalised` is the only form of the URL that may leave the console: it is what the checks looked at.
 * Sending the raw text instead lets another URL parser (LiteLLM's Python) read a different host.
 */
export type SsrfVerdict = { ok: true; url: URL; normalised: string; addresses: string[] } | { ok: false; reason: string; code: SsrfCode };

export function refuse(code: SsrfCode, reason: string): SsrfVerdict {
  return { ok: false, code, reason };
}

/**
 * Characters that URL parsers disagree on: WHATWG reads `\` as `/` and drops tabs and newlines, Python's urllib
 * does neither, so `http://127.0.0.1\@169.254.169.254/` names two different hosts. Refused outright.
 */
const AMBIGUOUS_CHARS = /[\\\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/**
 * The URL as it is sent on: the WHATWG serialisation (lower-case scheme and host, punycode, default port dropped,
 * percent-encoding applied), without the "/" the serialiser adds to a bare origin (LiteLLM appends its own paths).
 */
export function normaliseUrl(url: URL, raw: string): string {
  const bareOrigin = url.pathname === "/" && !url.search && !url.hash && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/$/i.test(raw);
  return bareOrigin ? url.origin : url.href;
}

/** http/https only, nothing parsers disagree on, no user:password@, parseable, with a host. */
export function checkUrlShape(raw: string): SsrfVerdict {
  const text = raw.trim();
  if (!text) return refuse("invalid_url", "Enter a URL, e.g. https://api.example.com/v1.");
  if (AMBIGUOUS_CHARS.test(text)) {
    return refuse(
      "ambiguous_url",
      "Remove backslashes, spaces and invisible or control characters from the URL: servers read such URLs differently, so Gatehouse refuses them.",
    );
  }
  if (text.includes("@")) {
    return refuse("userinfo", "Remove the user name and password (and any '@') from the URL; put credentials in the API key field instead.");
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    const hint = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? "" : " Include the scheme, e.g. https://";
    return refuse("invalid_url", `This is not a valid URL.${hint}`.trim());
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return refuse("scheme", `Only http:// and https:// URLs are allowed, not ${url.protocol}//.`);
  }
  if (url.username || url.password) {
    return refuse("userinfo", "Remove the user name and password from the URL; put credentials in the API key field instead.");
  }
  if (!url.hostname) return refuse("invalid_url", "The URL has no host name.");
  return { ok: true, url, normalised: normaliseUrl(url, text), addresses: [] };
}
