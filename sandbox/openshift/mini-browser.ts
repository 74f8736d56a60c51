/**
 * A tiny cookie-keeping "browser" for tests that drive a real sign-in through Auth.js and a sandbox
 * IdP without Playwright: requests to `appOrigin` go to an in-process handler, the rest over HTTP.
 * Test-only helper; it understands just the sandboxes' own HTML forms.
 */

export type AppHandler = (req: Request) => Promise<Response>;

export interface Step {
  method: string;
  url: string;
  status: number;
  location: string | null;
}

export class MiniBrowser {
  readonly history: Step[] = [];
  private readonly jars = new Map<string, Map<string, string>>();

  constructor(
    private readonly appOrigin: string,
    private readonly app: AppHandler,
  ) {}

  cookies(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map()));
    return jar;
  }

  async request(url: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<Response> {
    const u = new URL(url);
    const jar = this.cookies(u.origin);
    const headers = new Headers();
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    if (init.body) headers.set("content-type", "application/x-www-form-urlencoded");
    const method = init.method ?? "GET";
    const req = new Request(u, { method, headers, body: init.body?.toString(), redirect: "manual" });
    const res = u.origin === this.appOrigin ? await this.app(req) : await fetch(req);
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    const location = res.headers.get("location");
    this.history.push({ method, url: u.toString(), status: res.status, location: location ? new URL(location, u).toString() : null });
    return res;
  }

  /** Makes the request, then follows 3xx redirects with GET; returns the final response and URL. */
  async go(url: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<{ res: Response; url: string }> {
    let res = await this.request(url, init);
    let current = url;
    for (let i = 0; i < 20 && res.status >= 300 && res.status < 400 && res.headers.get("location"); i++) {
      current = new URL(res.headers.get("location")!, current).toString();
      res = await this.request(current);
    }
    return { res, url: current };
  }

  /** Fills the page's (single) POST form: hidden fields as rendered plus the given fields, then submits. */
  async submitForm(pageUrl: string, html: string, fields: Record<string, string>): Promise<{ res: Response; url: string }> {
    const action = /<form[^>]*method="post"[^>]*action="([^"]+)"/i.exec(html)?.[1];
    if (!action) throw new Error(`no POST form on ${pageUrl}`);
    const body = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) body.set(m[1], unescapeHtml(m[2]));
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return this.go(new URL(unescapeHtml(action), pageUrl).toString(), { method: "POST", body });
  }
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
