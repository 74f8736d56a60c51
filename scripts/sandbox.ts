/**
 * `npm run sandbox`: the LiteLLM stand-in, the upstream model stand-in, the dev identity providers
 * and the console, wired together on fixed local ports. Ctrl-C stops everything.
 *
 *   --e2e      the ports and fresh in-memory state the Playwright suite uses (console via `next start`)
 *   --prod     build if needed and run `next start` instead of `next dev`
 *   --version  LiteLLM personality (1.96.0 default, or 1.80.0)
 *   --no-console  start only the stand-ins
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import bcrypt from "bcryptjs";
import { startLiteLLMSandbox } from "../sandbox/litellm/server";
import { OIDC_REDIRECT_URIS, startOidcSandbox } from "../sandbox/oidc/server";
import { defaultClients, startOpenShiftSandbox } from "../sandbox/openshift/server";
import { startCatchers } from "../sandbox/catchers/server";
import { startUpstream } from "../sandbox/upstream/server";
import { assembleStandalone } from "./standalone";

const args = new Set(process.argv.slice(2));
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const e2e = args.has("--e2e");
const prod = args.has("--prod") || e2e;
const version = argValue("--version") ?? process.env.LITELLM_SANDBOX_VERSION ?? "1.96.0";

export const SANDBOX_ADMIN_PASSWORD = process.env.SANDBOX_ADMIN_PASSWORD ?? "gatehouse-sandbox-admin";
// E2E_PORT_OFFSET lets several e2e runs share one machine (each with its own NEXT_DIST_DIR).
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
/** Each port with what listens there and the variable that moves it (named when the port is taken). */
const portSpecs = e2e
  ? {
      console: { port: 3100 + offset, role: "console", variable: "E2E_PORT_OFFSET" },
      litellm: { port: 4010 + offset, role: "LiteLLM sandbox", variable: "E2E_PORT_OFFSET" },
      upstream: { port: 4110 + offset, role: "upstream stand-in", variable: "E2E_PORT_OFFSET" },
      openshift: { port: 4210 + offset, role: "OpenShift OAuth stand-in", variable: "E2E_PORT_OFFSET" },
      oidc: { port: 4310 + offset, role: "OIDC stand-in", variable: "E2E_PORT_OFFSET" },
      catcher: { port: 4410 + offset, role: "webhook catcher", variable: "E2E_PORT_OFFSET" },
      smtp: { port: 4425 + offset, role: "SMTP catcher", variable: "E2E_PORT_OFFSET" },
    }
  : {
      console: { port: envPort("PORT", 3000), role: "console", variable: "PORT" },
      litellm: { port: envPort("LITELLM_SANDBOX_PORT", 4000), role: "LiteLLM sandbox", variable: "LITELLM_SANDBOX_PORT" },
      upstream: { port: envPort("UPSTREAM_SANDBOX_PORT", 4100), role: "upstream stand-in", variable: "UPSTREAM_SANDBOX_PORT" },
      openshift: { port: envPort("OPENSHIFT_SANDBOX_PORT", 4200), role: "OpenShift OAuth stand-in", variable: "OPENSHIFT_SANDBOX_PORT" },
      oidc: { port: envPort("OIDC_SANDBOX_PORT", 4300), role: "OIDC stand-in", variable: "OIDC_SANDBOX_PORT" },
      catcher: { port: envPort("CATCHER_SANDBOX_PORT", 4400), role: "webhook catcher", variable: "CATCHER_SANDBOX_PORT" },
      smtp: { port: envPort("SMTP_SANDBOX_PORT", 2525), role: "SMTP catcher", variable: "SMTP_SANDBOX_PORT" },
    };
const ports = Object.fromEntries(Object.entries(portSpecs).map(([name, spec]) => [name, spec.port])) as Record<keyof typeof portSpecs, number>;

function envPort(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`sandbox: ${variable}=${raw} is not a port number (1–65535).`);
    process.exit(1);
  }
  return port;
}

/** Resolves when nothing listens on the port (on any address the stand-ins use). */
function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code !== "EADDRINUSE" && error.code !== "EACCES"));
    probe.once("listening", () => probe.close(() => resolve(true)));
    probe.listen({ port, host, exclusive: true });
  });
}

async function assertPortsFree() {
  const taken: string[] = [];
  for (const spec of Object.values(portSpecs)) {
    if (args.has("--no-console") && spec.role === "console") continue;
    // The console listens on localhost (may be ::1), the stand-ins on 127.0.0.1: check both.
    const free = (await portIsFree(spec.port, "127.0.0.1")) && (await portIsFree(spec.port, "localhost"));
    if (!free) taken.push(`  port ${spec.port} (${spec.role}) is already in use — stop what listens there, or set ${spec.variable} to move it`);
  }
  if (taken.length) {
    console.error(`sandbox: cannot start:\n${taken.join("\n")}`);
    process.exit(1);
  }
}
const dataDir = path.resolve(e2e ? (offset ? `data/e2e-${offset}` : "data/e2e") : "data/sandbox");
const masterKey = process.env.LITELLM_MASTER_KEY ?? "sk-sandbox-master-key";

function persistentSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** A clone installed with --ignore-scripts has no Prisma client yet: generate it before the console imports it. */
function ensurePrismaClient() {
  if (fs.existsSync(path.join("generated", "prisma", "client.ts"))) return;
  console.log("Generating the Prisma client (first run)…");
  const result = spawnSync(path.resolve("node_modules/.bin/prisma"), ["generate"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("`prisma generate` failed; run ./node_modules/.bin/prisma generate and try again");
}

async function main() {
  await assertPortsFree();
  ensurePrismaClient();
  if (e2e) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });

  const upstream = await startUpstream({ port: ports.upstream, host: "127.0.0.1" });
  const litellm = await startLiteLLMSandbox({
    port: ports.litellm,
    host: "127.0.0.1",
    masterKey,
    version,
    stateFile: e2e ? null : path.join(dataDir, "litellm-state.json"),
    seed: "demo",
    upstreamUrl: upstream.url,
    enterprise: args.has("--enterprise"),
    database: !args.has("--no-db"),
    // e2e: prompts are kept in the spend log so the audited reveal can be tested.
    storePrompts: e2e || args.has("--store-prompts"),
  });
  const consoleUrl = `http://localhost:${ports.console}`;
  // Register this console's callbacks too: with E2E_PORT_OFFSET the console is not on 3000/3100.
  // The teams sandbox/group-bindings.yaml binds the OpenShift fixture groups to; members join at sign-in.
  for (const team of [
    { team_id: "team-alpha", team_alias: "alpha", models: ["gpt-4o-mini", "text-embedding-3-small"], max_budget: 100 },
    { team_id: "team-beta", team_alias: "beta", models: ["gpt-4o-mini"], max_budget: 50 },
  ]) {
    await fetch(`${litellm.url}/team/new`, {
      method: "POST",
      headers: { Authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
      body: JSON.stringify(team),
    }); // "already exists" on a kept state file is fine
  }
  const openshift = await startOpenShiftSandbox({
    port: ports.openshift,
    host: "127.0.0.1",
    clients: defaultClients().map((c) => ({ ...c, redirectUris: [...c.redirectUris, `${consoleUrl}/api/auth/callback/openshift`] })),
  });
  const catchers = await startCatchers({ httpPort: ports.catcher, smtpPort: ports.smtp, host: "127.0.0.1" });
  const oidc = await startOidcSandbox({ port: ports.oidc, redirectUris: [...OIDC_REDIRECT_URIS, `${consoleUrl}/api/auth/callback/oidc`] });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    LITELLM_URL: litellm.url,
    LITELLM_PUBLIC_URL: litellm.url,
    LITELLM_MASTER_KEY: masterKey,
    AUTH_SECRET: process.env.AUTH_SECRET ?? persistentSecret(path.join(dataDir, "auth-secret")),
    AUTH_URL: consoleUrl,
    PGLITE_DIR: path.join(dataDir, "pglite"),
    CONSOLE_ADMIN_PASSWORD_HASH: bcrypt.hashSync(SANDBOX_ADMIN_PASSWORD, 10),
    OPENSHIFT_API_URL: `http://localhost:${ports.openshift}`,
    OPENSHIFT_CLIENT_ID: "system:serviceaccount:gatehouse:gatehouse-console",
    OPENSHIFT_CLIENT_SECRET: "sandbox-sa-token",
    OIDC_ISSUER: oidc.url,
    OIDC_CLIENT_ID: "gatehouse-console",
    OIDC_CLIENT_SECRET: "sandbox-oidc-secret",
    OIDC_GROUPS_CLAIM: "groups",
    OIDC_DISPLAY_NAME: "Sandbox OIDC",
    GROUP_BINDINGS_FILE: path.resolve("sandbox/group-bindings.yaml"),
    // Only the upstream stand-in's and the webhook catcher's exact host:port are allowed on loopback; everything else stays refused.
    ALLOWED_API_BASE_HOSTS: `127.0.0.1:${ports.upstream},localhost:${ports.upstream},127.0.0.1:${ports.catcher}`,
    SCHEDULER_INTERVAL_SECONDS: process.env.SCHEDULER_INTERVAL_SECONDS ?? (e2e ? "5" : "60"),
    NOTIFY_TIMEOUT_MS: process.env.NOTIFY_TIMEOUT_MS ?? (e2e ? "3000" : "10000"),
    // e2e specs also write to LiteLLM directly (as another replica would): a short refresh keeps them quick.
    ...(e2e ? { DEPLOYMENT_INDEX_REFRESH_MS: process.env.DEPLOYMENT_INDEX_REFRESH_MS ?? "1000" } : {}),
    // e2e plays the OpenShift router (one trusted hop): specs send X-Forwarded-For as the router would append it.
    ...(e2e ? { TRUSTED_PROXY_COUNT: "1" } : {}),
  };
  delete env.DATABASE_URL;
  // e2e: the audit reconciler checks a timed-out write 25 s after it started (LiteLLM's late answer lands by then).
  if (e2e) Object.assign(env, { AUDIT_RECONCILE_GRACE_MS: "25000", AUDIT_RECONCILE_INTERVAL_MS: "5000" });

  let child: ChildProcess | undefined;
  const stopAll = async (code: number) => {
    child?.kill("SIGTERM");
    await Promise.allSettled([litellm.close(), upstream.close(), openshift.close(), oidc.close(), catchers.close()]);
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  if (!args.has("--no-console")) {
    const nextBin = path.resolve("node_modules/.bin/next");
    const distDir = process.env.NEXT_DIST_DIR || ".next";
    if (prod && !fs.existsSync(path.join(distDir, "BUILD_ID"))) {
      console.log("Building the console (first run)…");
      const build = spawn(nextBin, ["build"], { stdio: "inherit", env });
      const code = await new Promise<number>((resolve) => build.on("exit", (c) => resolve(c ?? 1)));
      if (code !== 0) return stopAll(code);
    }
    const standaloneDir = path.join(distDir, "standalone");
    if (e2e && fs.existsSync(path.join(standaloneDir, "server.js"))) {
      // What the container runs: the standalone server, assembled exactly as the Containerfile does.
      assembleStandalone(distDir, standaloneDir);
      child = spawn(process.execPath, ["server.js"], {
        cwd: standaloneDir,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...env, PORT: String(ports.console), HOSTNAME: "localhost", NODE_ENV: "production" },
      });
    } else {
      child = spawn(nextBin, [prod ? "start" : "dev", "-H", "localhost", "-p", String(ports.console)], {
        stdio: e2e ? ["ignore", "pipe", "pipe"] : "inherit",
        env,
      });
    }
    if (e2e) {
      // The secret-hygiene test scans everything the console printed during the suite.
      const log = fs.createWriteStream(path.join(dataDir, "console.log"));
      child.stdout?.on("data", (chunk) => (process.stdout.write(chunk), log.write(chunk)));
      child.stderr?.on("data", (chunk) => (process.stderr.write(chunk), log.write(chunk)));
    }
    child.on("exit", (code) => void stopAll(code ?? 0));
  }

  console.log(`
Gatehouse sandbox
  console        ${consoleUrl}
  sign in        break-glass admin: username "admin", password "${SANDBOX_ADMIN_PASSWORD}"
                 or "Sign in with OpenShift" as ocp-admin / ocp-viewer / alpha-admin / alpha-member / multi-team / no-groups (password "sandbox")
  LiteLLM        ${litellm.url}  (sandbox stand-in v${version}, master key ${masterKey === "sk-sandbox-master-key" ? masterKey : "from LITELLM_MASTER_KEY"})
  upstream       ${upstream.url}  (OpenAI-compatible stand-in; api key sk-upstream-good)
  OpenShift      http://localhost:${ports.openshift}   OIDC ${oidc.url}
  catchers       what notifications sent: ${catchers.httpUrl}/ (JSON at ${catchers.httpUrl}/messages)
                 webhook channel URL ${catchers.httpUrl}/hook/<any name>; e-mail channel SMTP host 127.0.0.1 port ${catchers.smtpPort}
Press Ctrl-C to stop.`);
}

main().catch((error) => {
  console.error(`sandbox: ${(error as Error).message}`);
  process.exit(1);
});
