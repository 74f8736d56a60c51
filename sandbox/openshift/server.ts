/**
 * A fake OpenShift OAuth server + user API for offline development and tests (design/auth.md §5.2).
 * One node:http server plays both the API server (`/apis/user.openshift.io/v1/users/~`,
 * `/.well-known/oauth-authorization-server`) and the OAuth route (`/oauth/*`).
 * It encodes our reading of OpenShift's docs and osin source, not real cluster behaviour.
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { defaultClients, defaultUsers, type FakeClient, type FakeUser } from "./fixtures";

export type { FakeClient, FakeUser } from "./fixtures";
export * from "./fixtures";

export interface OpenShiftSandboxOptions {
  port?: number;
  host?: string;
  clients?: FakeClient[];
  users?: FakeUser[];
  /** Show an "Authorize Access" scope-approval page after login (once per user, client and scope). */
  consent?: boolean;
  /** Show an identity-provider chooser before the login form. */
  idpChooser?: boolean;
  tokenTtlSeconds?: number;
  /** Force this HTTP status from `users/~` (e.g. 500). */
  userinfoStatus?: number;
  /** Answer every valid authorize request with this OAuth error (e.g. "access_denied"). */
  deny?: string;
}

export interface OpenShiftSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
  setUsers(u: FakeUser[]): void;
  setUserGroups(username: string, groups: string[]): void;
}

const CODE_TTL_MS = 5 * 60 * 1000;
const PENDING_TTL_MS = 10 * 60 * 1000;
const MAX_BODY = 64 * 1024;
const USER_SCOPES = new Set(["user:info", "user:check-access", "user:full", "user:list-projects", "user:list-scoped-projects"]);
const SA_PREFIX = "system:serviceaccount:";
export const USERS_TILDE_PATH = "/apis/user.openshift.io/v1/users/~";

/** The request parameters a login form carries between steps. */
interface AuthorizeRequest {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scope: string;
  state: string;
  code_challenge: string;
  code_challenge_method: string;
}

interface CodeRecord {
  clientId: string;
  redirectUri: string;
  scope: string;
  username: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  expiresAt: number;
}

interface TokenRecord {
  username: string;
  scope: string;
  expiresAt: number;
}

const AUTHORIZE_FIELDS = [
  "client_id",
  "redirect_uri",
  "response_type",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
] as const;

export async function startOpenShiftSandbox(opts: OpenShiftSandboxOptions = {}): Promise<OpenShiftSandbox> {
  const host = opts.host ?? "127.0.0.1";
  const clients = opts.clients ?? defaultClients();
  let users = opts.users ?? defaultUsers();
  const tokenTtl = opts.tokenTtlSeconds ?? 86_400;
  const codes = new Map<string, CodeRecord>();
  const tokens = new Map<string, TokenRecord>();
  const pendingApprovals = new Map<string, { username: string; req: AuthorizeRequest; expiresAt: number }>();
  const approvals = new Set<string>();
  let baseUrl = "";

  const findUser = (name: string) => users.find((u) => u.name === name);

  // ---- authorize validation (shared by GET /oauth/authorize and the login/approve POSTs) ----

  type Validation =
    | { ok: true; client: FakeClient; req: AuthorizeRequest }
    | { ok: false; status: 400; error: string; description: string }
    | { ok: false; redirect: string };

  function validateAuthorize(params: URLSearchParams): Validation {
    const req = Object.fromEntries(AUTHORIZE_FIELDS.map((f) => [f, params.get(f) ?? ""])) as unknown as AuthorizeRequest;
    const client = clients.find((c) => c.id === req.client_id);
    if (!client)
      return {
        ok: false,
        status: 400,
        error: "unauthorized_client",
        description: "The client is not authorized to request a token using this method.",
      };
    if (!req.redirect_uri || !client.redirectUris.some((r) => req.redirect_uri.startsWith(r))) {
      return {
        ok: false,
        status: 400,
        error: "invalid_request",
        description:
          "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed: redirect_uri is not registered for this client.",
      };
    }
    const back = (error: string, description: string) => ({
      ok: false as const,
      redirect: errorRedirect(req, error, description),
    });
    if (req.response_type !== "code")
      return back(
        "unsupported_response_type",
        "The authorization server does not support obtaining an authorization code using this method.",
      );
    const scopeError = checkScopes(client, req.scope || "user:full");
    if (scopeError) return back("invalid_scope", scopeError);
    if (req.code_challenge && req.code_challenge_method && !["plain", "S256"].includes(req.code_challenge_method)) {
      return back("invalid_request", "code_challenge_method transform algorithm not supported (plain or S256)");
    }
    if (opts.deny) return back(opts.deny, "The resource owner or authorization server denied the request.");
    return {
      ok: true,
      client,
      req: { ...req, scope: req.scope || "user:full" },
    };
  }

  function checkScopes(client: FakeClient, scope: string): string | null {
    const list = scope.split(" ").filter(Boolean);
    const saNamespace = client.id.startsWith(SA_PREFIX) ? client.id.slice(SA_PREFIX.length).split(":")[0] : null;
    for (const s of list) {
      const role = /^role:[^:]+:([^:]+)(:!)?$/.exec(s);
      if (saNamespace !== null) {
        const allowed = s === "user:info" || s === "user:check-access" || (role !== null && role[1] === saNamespace);
        if (!allowed) return `scope ${s} is not allowed for service account client ${client.id}`;
      } else if (!USER_SCOPES.has(s) && role === null) {
        return `scope ${s} is not recognized`;
      }
    }
    return null;
  }

  function errorRedirect(req: AuthorizeRequest, error: string, description: string): string {
    const u = new URL(req.redirect_uri);
    u.searchParams.set("error", error);
    u.searchParams.set("error_description", description);
    if (req.state) u.searchParams.set("state", req.state);
    return u.toString();
  }

  function issueCode(req: AuthorizeRequest, username: string): string {
    const code = randomToken(32);
    codes.set(code, {
      clientId: req.client_id,
      redirectUri: req.redirect_uri,
      scope: req.scope,
      username,
      codeChallenge: req.code_challenge,
      codeChallengeMethod: req.code_challenge ? req.code_challenge_method || "plain" : "",
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    const u = new URL(req.redirect_uri);
    u.searchParams.set("code", code);
    if (req.state) u.searchParams.set("state", req.state);
    return u.toString();
  }

  // ---- handlers ----

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", baseUrl);
    const path = url.pathname;
    const method = req.method ?? "GET";

    if (method === "GET" && path === "/healthz") return text(res, 200, "ok");

    if (method === "GET" && path === "/.well-known/oauth-authorization-server") {
      return json(res, 200, {
        issuer: baseUrl,
        authorization_endpoint: `${baseUrl}/oauth/authorize`,
        token_endpoint: `${baseUrl}/oauth/token`,
        scopes_supported: [...USER_SCOPES],
        response_types_supported: ["code", "token"],
        grant_types_supported: ["authorization_code", "implicit"],
        code_challenge_methods_supported: ["plain", "S256"],
      });
    }

    if (method === "GET" && path === "/oauth/authorize") {
      const v = validateAuthorize(url.searchParams);
      if (!v.ok)
        return "redirect" in v
          ? redirect(res, v.redirect)
          : json(res, v.status, {
              error: v.error,
              error_description: v.description,
            });
      if (opts.idpChooser && !url.searchParams.get("idp")) return html(res, 200, idpChooserPage(url));
      return html(res, 200, loginPage(v.req, url.searchParams.get("idp") ?? "htpasswd"));
    }

    if (method === "POST" && path === "/oauth/authorize/login") {
      const form = await readForm(req);
      const v = validateAuthorize(form);
      if (!v.ok)
        return "redirect" in v
          ? redirect(res, v.redirect)
          : json(res, v.status, {
              error: v.error,
              error_description: v.description,
            });
      const user = findUser(form.get("username") ?? "");
      if (!user || user.password !== (form.get("password") ?? "")) {
        return html(res, 200, loginPage(v.req, form.get("idp") ?? "htpasswd", "Invalid login or password. Please try again."));
      }
      const approvalKey = `${user.name}|${v.client.id}|${v.req.scope}`;
      if (opts.consent && !approvals.has(approvalKey)) {
        const then = randomToken(16);
        pendingApprovals.set(then, {
          username: user.name,
          req: v.req,
          expiresAt: Date.now() + PENDING_TTL_MS,
        });
        return html(res, 200, consentPage(v.req, then, user.name));
      }
      return redirect(res, issueCode(v.req, user.name));
    }

    if (method === "POST" && path === "/oauth/authorize/approve") {
      const form = await readForm(req);
      const pending = pendingApprovals.get(form.get("then") ?? "");
      pendingApprovals.delete(form.get("then") ?? "");
      if (!pending || pending.expiresAt < Date.now())
        return html(res, 400, page("Error", "<p>The approval request expired. Start the login again.</p>"));
      if (form.get("deny") !== null)
        return redirect(res, errorRedirect(pending.req, "access_denied", "The resource owner denied the request."));
      approvals.add(`${pending.username}|${pending.req.client_id}|${pending.req.scope}`);
      return redirect(res, issueCode(pending.req, pending.username));
    }

    if (method === "POST" && path === "/oauth/token") return tokenEndpoint(req, res);

    if (method === "GET" && path === USERS_TILDE_PATH) {
      if (opts.userinfoStatus)
        return json(
          res,
          opts.userinfoStatus,
          k8sStatus(opts.userinfoStatus, "InternalError", "Internal error occurred: sandbox forced failure"),
        );
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
      const record = token ? tokens.get(token) : undefined;
      const user = record && record.expiresAt > Date.now() ? findUser(record.username) : undefined;
      if (!user) return json(res, 401, k8sStatus(401, "Unauthorized", "Unauthorized"));
      return json(res, 200, userObject(user));
    }

    const adminGroups = /^\/__sandbox\/users\/([^/]+)\/groups$/.exec(path);
    if (method === "POST" && adminGroups) {
      const name = decodeURIComponent(adminGroups[1]);
      const body = (await readJson(req)) as { groups?: unknown } | null;
      if (!body || !Array.isArray(body.groups) || !body.groups.every((g) => typeof g === "string")) {
        return json(res, 400, { error: 'body must be {"groups": ["..."]}' });
      }
      if (!findUser(name)) return json(res, 404, { error: `no such user: ${name}` });
      setUserGroups(name, body.groups as string[]);
      return json(res, 200, userObject(findUser(name)!));
    }

    return json(res, 404, k8sStatus(404, "NotFound", "the server could not find the requested resource"));
  }

  async function tokenEndpoint(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const form = await readForm(req);
    const fail = (status: number, error: string, description: string) => json(res, status, { error, error_description: description });

    // osin getClientAuth: form credentials first, then HTTP Basic split on the first ":" WITHOUT URL-decoding.
    let clientId: string;
    let clientSecret: string;
    if (form.get("client_id") !== null) {
      clientId = form.get("client_id") ?? "";
      clientSecret = form.get("client_secret") ?? "";
    } else {
      const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
      if (!basic) return fail(400, "invalid_request", "The request is missing client authentication.");
      const decoded = Buffer.from(basic, "base64").toString("utf8");
      const idx = decoded.indexOf(":");
      if (idx < 0) return fail(400, "invalid_request", "Invalid Authorization header.");
      clientId = decoded.slice(0, idx);
      clientSecret = decoded.slice(idx + 1);
    }
    const client = clients.find((c) => c.id === clientId);
    if (!client || client.secret !== clientSecret) {
      return fail(400, "unauthorized_client", "The client is not authorized to request a token using this method.");
    }

    if (form.get("grant_type") !== "authorization_code")
      return fail(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
    const code = form.get("code") ?? "";
    const record = codes.get(code);
    codes.delete(code); // single use, even when the exchange below fails
    if (!record || record.expiresAt < Date.now() || record.clientId !== client.id) {
      return fail(
        400,
        "invalid_grant",
        "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
      );
    }
    if ((form.get("redirect_uri") ?? "") !== record.redirectUri) return fail(400, "invalid_request", "Redirect uri is different");
    if (record.codeChallenge) {
      const verifier = form.get("code_verifier") ?? "";
      if (!verifier) return fail(400, "invalid_request", "code_verifier is required");
      const computed = record.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
      if (computed !== record.codeChallenge) return fail(400, "invalid_grant", "code_verifier failed comparison with code_challenge");
    }

    const accessToken = `sha256~${randomToken(32)}`;
    tokens.set(accessToken, {
      username: record.username,
      scope: record.scope,
      expiresAt: Date.now() + tokenTtl * 1000,
    });
    return json(res, 200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: tokenTtl,
      scope: record.scope,
    });
  }

  function setUserGroups(username: string, groups: string[]): void {
    users = users.map((u) => (u.name === username ? { ...u, groups: [...groups] } : u));
  }

  // ---- start ----

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (!res.headersSent)
        json(res, status, {
          error: status === 500 ? "server_error" : "invalid_request",
          error_description: err instanceof Error ? err.message : "error",
        });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === "127.0.0.1" || host === "::1" || host === "0.0.0.0" ? "localhost" : host;
  baseUrl = `http://${urlHost}:${port}`;

  return {
    url: baseUrl,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    setUsers(u: FakeUser[]) {
      users = u.map((x) => ({ ...x, groups: [...x.groups] }));
    },
    setUserGroups,
  };
}

// ---- helpers ----

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

/** Stable per-name uid so tests can assert it; real clusters mint a random one per User object. */
function uidFor(name: string): string {
  const h = createHash("sha256").update(`openshift-sandbox:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function userObject(user: FakeUser) {
  return {
    kind: "User",
    apiVersion: "user.openshift.io/v1",
    metadata: { name: user.name, uid: uidFor(user.name) },
    ...(user.fullName ? { fullName: user.fullName } : {}),
    identities: [`htpasswd:${user.name}`],
    groups: [...user.groups, "system:authenticated", "system:authenticated:oauth"],
  };
}

function k8sStatus(code: number, reason: string, message: string) {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    code,
  };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, "request body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  try {
    return JSON.parse(await readBody(req));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    return null;
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    pragma: "no-cache",
  });
  res.end(JSON.stringify(body));
}

function text(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(body);
}

function html(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
  });
  res.end(body);
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(302, { location, "cache-control": "no-store" });
  res.end();
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function hiddenFields(req: AuthorizeRequest): string {
  return AUTHORIZE_FIELDS.map((f) => `<input type="hidden" name="${f}" value="${esc(req[f])}">`).join("\n      ");
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#151515}
label{display:block;margin-top:1rem;font-weight:600}input[type=text],input[type=password]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.25rem;padding:.5rem 1.25rem;font-size:1rem}.error{color:#a30000;border:1px solid #a30000;padding:.5rem;margin-top:1rem}
.banner{font-size:.8rem;color:#6a6e73}</style></head>
<body>
<p class="banner">OpenShift sandbox (fake OAuth server for development)</p>
${body}
</body></html>`;
}

function loginPage(req: AuthorizeRequest, idp: string, error?: string): string {
  return page(
    "Log in · OpenShift sandbox",
    `<main>
  <h1>Log in to your account</h1>
  ${error ? `<div class="error" role="alert" id="error">${esc(error)}</div>` : ""}
  <form method="post" action="/oauth/authorize/login">
      ${hiddenFields(req)}
      <input type="hidden" name="idp" value="${esc(idp)}">
      <label for="inputUsername">Username</label>
      <input type="text" id="inputUsername" name="username" autocomplete="username" required autofocus>
      <label for="inputPassword">Password</label>
      <input type="password" id="inputPassword" name="password" autocomplete="current-password" required>
      <button type="submit">Log in</button>
  </form>
</main>`,
  );
}

function idpChooserPage(url: URL): string {
  const link = (idp: string) => {
    const u = new URL(url);
    u.searchParams.set("idp", idp);
    return `<li><a href="${esc(u.pathname + u.search)}">${esc(idp)}</a></li>`;
  };
  return page("Log in with · OpenShift sandbox", `<main><h1>Log in with…</h1><ul>${link("htpasswd")}${link("ldap")}</ul></main>`);
}

function consentPage(req: AuthorizeRequest, then: string, username: string): string {
  const scopes = req.scope
    .split(" ")
    .filter(Boolean)
    .map((s) => `<li><label><input type="checkbox" name="scope" value="${esc(s)}" checked disabled> ${esc(s)}</label></li>`)
    .join("");
  return page(
    "Authorize Access · OpenShift sandbox",
    `<main>
  <h1>Authorize Access</h1>
  <p>${req.client_id.startsWith(SA_PREFIX) ? "Service account" : "Client"} <strong>${esc(req.client_id)}</strong> is requesting permission to access your account (<strong>${esc(username)}</strong>).</p>
  <form method="post" action="/oauth/authorize/approve">
    <input type="hidden" name="then" value="${esc(then)}">
    <fieldset><legend>Requested permissions</legend><ul>${scopes}</ul></fieldset>
    <button type="submit" name="approve" value="1">Allow selected permissions</button>
    <button type="submit" name="deny" value="1">Deny</button>
  </form>
</main>`,
  );
}
