/**
 * The synchronous half of the SSRF guard: no DNS, no Node built-ins, so form schemas in the
 * browser can use it too. `checkApiBase` in ./ssrf.ts does the address checks.
 */

export type SsrfCode = "scheme" | "userinfo" | "invalid_url" | "blocked_address" | "private_address" | "unresolvable" | "blocked_origin";

export type SsrfVerdict = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string; code: SsrfCode };

export function refuse(code: SsrfCode, reason: string): SsrfVerdict {
  return { ok: false, code, reason };
}

/** http/https only, no user:password@, parseable, with a host. */
export function checkUrlShape(raw: string): SsrfVerdict {
  const text = raw.trim();
  if (!text) return refuse("invalid_url", "Enter a URL, e.g. https://api.example.com/v1.");
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
  return { ok: true, url, addresses: [] };
}
