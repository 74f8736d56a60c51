/**
 * A generic OIDC identity provider for offline development and tests, built on oidc-provider
 * (panva, OpenID-certified): real discovery, JWKS, signed id_token with a `groups` claim, PKCE.
 * Login pages are our own (labelled fields, same ids as the OpenShift sandbox); consent is
 * auto-granted as for a first-party client. Prints "Unsupported runtime" on Node 20: harmless.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface OidcAccount {
  sub: string;
  name: string;
  email: string;
  groups: string[];
}

export const OIDC_CLIENT_ID = "gatehouse-console";
export const OIDC_CLIENT_SECRET = "sandbox-oidc-secret";
export const OIDC_REDIRECT_URIS = ["http://localhost:3000/api/auth/callback/oidc", "http://localhost:3100/api/auth/callback/oidc"];

/** Any non-empty password is accepted for these accounts; unknown usernames are rejected. */
export const OIDC_ACCOUNTS: OidcAccount[] = [
  {
    sub: "oidc-admin",
    name: "OIDC Admin",
    email: "oidc-admin@example.test",
    groups: ["gatehouse-admins"],
  },
  // Keycloak "full group path" style; the console strips the leading "/".
  {
    sub: "oidc-member",
    name: "OIDC Member",
    email: "oidc-member@example.test",
    groups: ["/team-beta"],
  },
];

export interface OidcSandboxOptions {
  port?: number;
  /** Host name used in the issuer URL (default "localhost"); the server itself binds 127.0.0.1. */
  issuerHost?: string;
  accounts?: OidcAccount[];
  redirectUris?: string[];
}

export interface OidcSandbox {
  /** The issuer, e.g. http://localhost:4300 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startOidcSandbox(opts: OidcSandboxOptions = {}): Promise<OidcSandbox> {
  const accounts = opts.accounts ?? OIDC_ACCOUNTS;
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${opts.issuerHost ?? "localhost"}:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: opts.redirectUris ?? OIDC_REDIRECT_URIS,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: {
      openid: ["sub"],
      profile: ["name", "preferred_username"],
      email: ["email", "email_verified"],
      groups: ["groups"],
    },
    // Put scope-granted claims (groups) into the id_token itself, like Keycloak's group mapper.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    ttl: { AuthorizationCode: 300, AccessToken: 3600, IdToken: 3600, Interaction: 3600, Session: 8 * 3600, Grant: 8 * 3600 },
    async findAccount(_ctx: unknown, id: string) {
      const account = accounts.find((a) => a.sub === id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: account.sub,
            name: account.name,
            preferred_username: account.sub,
            email: account.email,
            email_verified: true,
            groups: account.groups,
          };
        },
      };
    },
  });
  const providerCallback = provider.callback();

  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    const match = /^\/interaction\/([^/]+)(\/login|\/abort)?$/.exec(path);
    if (!match) return providerCallback(req, res);
    handleInteraction(req, res, match[2] ?? "").catch(() => {
      if (!res.headersSent) {
        res.writeHead(400, { "content-type": "text/html; charset=utf-8" });
        res.end(page("Error", '<p role="alert">This sign-in request expired or is invalid. Start again from the application.</p>'));
      } else res.end();
    });
  });

  async function handleInteraction(req: http.IncomingMessage, res: http.ServerResponse, action: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (action === "/abort") {
      return provider.interactionFinished(
        req,
        res,
        {
          error: "access_denied",
          error_description: "End-User aborted interaction",
        },
        { mergeWithLastSubmission: false },
      );
    }
    if (details.prompt.name === "consent") {
      // First-party client: grant what was asked without a consent page.
      const grant = details.grantId
        ? ((await provider.Grant.find(details.grantId)) ??
          new provider.Grant({
            accountId: details.session!.accountId!,
            clientId: String(details.params.client_id),
          }))
        : new provider.Grant({
            accountId: details.session!.accountId!,
            clientId: String(details.params.client_id),
          });
      const missing = details.prompt.details;
      if (Array.isArray(missing.missingOIDCScope)) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
      if (Array.isArray(missing.missingOIDCClaims)) grant.addOIDCClaims(missing.missingOIDCClaims as string[]);
      if (missing.missingResourceScopes && typeof missing.missingResourceScopes === "object") {
        for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes as Record<string, string[]>))
          grant.addResourceScope(indicator, scopes.join(" "));
      }
      return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    }
    if (details.prompt.name !== "login") throw new Error(`unsupported prompt ${details.prompt.name}`);

    if (req.method === "POST" && action === "/login") {
      const form = new URLSearchParams(await readBody(req));
      const username = (form.get("username") ?? "").trim();
      const account = accounts.find((a) => a.sub === username);
      if (!account || !form.get("password")) {
        return sendHtml(res, 200, loginPage(details.uid, username, "Invalid username or password."));
      }
      return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
    }
    return sendHtml(res, 200, loginPage(details.uid, typeof details.params.login_hint === "string" ? details.params.login_hint : ""));
  }

  return {
    url: issuer,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error("body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sendHtml(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
  });
  res.end(body);
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.25rem;padding:.5rem 1.25rem;font-size:1rem}.error{color:#a30000;border:1px solid #a30000;padding:.5rem;margin-top:1rem}</style></head>
<body><p>OIDC sandbox (development identity provider)</p>${body}</body></html>`;
}

function loginPage(uid: string, username: string, error?: string): string {
  return page(
    "Sign in · OIDC sandbox",
    `<main>
  <h1>Sign in</h1>
  ${error ? `<div class="error" role="alert">${esc(error)}</div>` : ""}
  <form method="post" action="/interaction/${esc(uid)}/login">
    <label for="inputUsername">Username</label>
    <input type="text" id="inputUsername" name="username" autocomplete="username" value="${esc(username)}" required autofocus>
    <label for="inputPassword">Password</label>
    <input type="password" id="inputPassword" name="password" autocomplete="current-password" required>
    <button type="submit">Log in</button>
  </form>
  <p><a href="/interaction/${esc(uid)}/abort">Cancel</a></p>
</main>`,
  );
}
