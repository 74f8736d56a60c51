// Every console page over HTTP at two sizes: two LiteLLM stand-ins (100 keys / 20 deployments and 1,000,000 / 20,000),
// two production consoles (the standalone build), signed in as the break-glass admin, each page loaded interleaved
// (shuffled order, big and small alternately) with a new search term per run. Prints one `pages-scale` line per page
// with both medians, the ratio and the LiteLLM calls one load made at each size (counted by the stand-in, background
// index refreshes excluded and reported apart), then the worst ratio.
// Run: npm run build && ./node_modules/.bin/tsx bench/pages-scale.ts   (PAGES_SCALE_RUNS=15, E2E_PORT_OFFSET shifts ports)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import bcrypt from "bcryptjs";

import { startLiteLLMSandbox, type LiteLLMSandboxHandle } from "../sandbox/litellm/server";
import { assembleStandalone } from "../scripts/standalone";

const RUNS = Number(process.env.PAGES_SCALE_RUNS ?? 15);
const WARMUP = 2;
const RATIO_GOAL = 1.5;
const MASTER = "sk-sandbox-master-key";
const PASSWORD = "pages-scale-admin";
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
const PORT_BASE = 5000 + offset + 400;
const distDir = process.env.NEXT_DIST_DIR || ".next";
/** Calls the console makes off any request's path: its deployment index and the coverage view's group health. */
const BACKGROUND = new Set(["deployment-index", "group-health", "detection"]);

interface Side {
  name: "big" | "small";
  sandbox: LiteLLMSandboxHandle;
  url: string;
  child: ChildProcess;
  cookie: string;
  log: string[];
}

interface PageSpec {
  name: string;
  path: (run: number) => string;
}

const TEAM = "team-scale";
/**
 * A new search term each run that finds the same deployments at both sizes (seed-group-0000N exists in both stand-ins):
 * a term matching nothing on the small proxy would compare an empty page with a full one.
 */
const searchTerm = (i: number) => `seed-group-0000${i % 10}`.slice(Math.floor(i / 10) % 5);
/** A key search that finds one seeded key at both sizes (seed-key-00000NN exists in both), a new one each run. */
const keyTerm = (i: number) => `key-00000${String(i % 100).padStart(2, "0")}`;
/** A seeded key and a seeded deployment that exist at both sizes. */
const KEY_TOKEN = createHash("sha256").update("sk-sandbox-seed-0000005").digest("hex");
const MODEL_ID = "seed-model-000003";
const PAGES: PageSpec[] = [
  { name: "/", path: () => "/" },
  { name: "/keys", path: () => "/keys" },
  { name: "/keys?q=", path: (i) => `/keys?q=${keyTerm(i)}` },
  { name: "/keys?q=&status=active", path: (i) => `/keys?q=${keyTerm(i + 7)}&status=active` },
  ...["active", "blocked", "expired", "expiring", "over-budget"].map((s) => ({ name: `/keys?status=${s}`, path: () => `/keys?status=${s}` })),
  { name: "/keys/[token]", path: () => `/keys/${KEY_TOKEN}` },
  { name: "/keys/explain", path: () => "/keys/explain" },
  { name: "/models", path: () => "/models" },
  { name: "/models?q=", path: (i) => `/models?q=${searchTerm(i)}` },
  { name: "/models?provider=openai", path: () => "/models?provider=openai" },
  { name: "/models?mode=chat", path: () => "/models?mode=chat" },
  { name: "/models?mode=embedding&q=", path: (i) => `/models?mode=embedding&q=${searchTerm(i + 3)}` },
  { name: `/models?team=${TEAM}`, path: () => `/models?team=${TEAM}` },
  { name: "/models?health=failing", path: () => "/models?health=failing" },
  { name: "/models?health=unchecked", path: () => "/models?health=unchecked" },
  { name: "/models?source=config", path: () => "/models?source=config" },
  { name: "/models?sort=updated&order=desc", path: () => "/models?sort=updated&order=desc" },
  { name: "/models/[id]", path: () => `/models/${MODEL_ID}` },
  { name: "/models/new", path: () => "/models/new" },
  { name: "/teams", path: () => "/teams" },
  { name: `/teams/${TEAM}`, path: () => `/teams/${TEAM}` },
  { name: "/aliases", path: () => "/aliases" },
  { name: "/aliases?tab=registry", path: () => "/aliases?tab=registry" },
  { name: "/credentials", path: () => "/credentials" },
  { name: "/audit", path: () => "/audit" },
  { name: "/settings", path: () => "/settings" },
  { name: "/keys/new", path: () => "/keys/new" },
  { name: "/playground", path: () => "/playground" },
  { name: "/usage", path: () => "/usage" },
  { name: "/usage/budgets", path: () => "/usage/budgets" },
  { name: "/usage/logs", path: () => "/usage/logs" },
  { name: "/config", path: () => "/config" },
  { name: "/config?tab=drift", path: () => "/config?tab=drift" },
  { name: "/notifications", path: () => "/notifications" },
];
/** PAGES_SCALE_ONLY=/keys,/usage (names, comma-separated) times a subset while iterating. */
const ONLY = process.env.PAGES_SCALE_ONLY?.split(",").map((x) => x.trim()).filter(Boolean);
const SELECTED = ONLY?.length ? PAGES.filter((p) => ONLY.includes(p.name)) : PAGES;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const shuffle = <T>(xs: T[]): T[] => {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

function cookiesFrom(res: Response, jar: Map<string, string>) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair!.indexOf("=");
    jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

/** Signs in through next-auth's credentials callback, like the login form does. */
async function signIn(base: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  cookiesFrom(csrf, jar);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/local`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, username: "admin", password: PASSWORD, callbackUrl: `${base}/models` }),
  });
  cookiesFrom(res, jar);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in at ${base} failed (HTTP ${res.status})`);
  return cookieHeader(jar);
}

async function startConsole(name: Side["name"], sandbox: LiteLLMSandboxHandle, port: number, standalone: string, seededKeys: number): Promise<ChildProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gatehouse-pages-scale-${name}-`));
  // The key index as the scheduler's reconcile pass leaves it (building it through LiteLLM at 1M keys takes hours of
  // ticks); the console's first tick then picks up the demo keys changed since.
  const t0 = performance.now();
  const seeded = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", path.join(import.meta.dirname, "seed-key-index.ts"), path.join(dataDir, "pglite"), String(seededKeys)], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: "" },
  });
  if (seeded.status !== 0) throw new Error(`seeding the ${name} console's key index failed`);
  console.log(`pages-scale ${name} key index seeded with ${seededKeys.toLocaleString("en-US")} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOSTNAME: "localhost",
    LITELLM_URL: sandbox.url,
    LITELLM_MASTER_KEY: MASTER,
    AUTH_SECRET: "pages-scale-secret-pages-scale-secret-0000",
    AUTH_URL: url,
    PGLITE_DIR: path.join(dataDir, "pglite"),
    CONSOLE_ADMIN_PASSWORD_HASH: bcrypt.hashSync(PASSWORD, 10),
  };
  const child = spawn(process.execPath, ["server.js"], { cwd: standalone, env, stdio: ["ignore", "pipe", "pipe"] });
  const out = fs.createWriteStream(path.join(dataDir, "console.log"));
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  await waitFor(`${url}/api/health/live`, 120_000);
  return child;
}


async function admin(sandbox: LiteLLMSandboxHandle, method: string, p: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${MASTER}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<unknown>;
}

interface Load {
  ms: number;
  calls: string[];
  background: number;
}

async function load(side: Side, pagePath: string): Promise<Load> {
  await admin(side.sandbox, "DELETE", "/__sandbox/requests");
  const t0 = performance.now();
  const res = await fetch(`${side.url}${pagePath}`, { headers: { cookie: side.cookie }, redirect: "manual" });
  const html = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${side.name} ${pagePath}: HTTP ${res.status} ${res.headers.get("location") ?? ""}`);
  if (html.length < 500) throw new Error(`${side.name} ${pagePath}: a ${html.length}-byte page`);
  const log = (await admin(side.sandbox, "GET", "/__sandbox/requests")) as { requests: { method: string; path: string; query: string; purpose?: string }[] };
  const own = log.requests.filter((r) => !BACKGROUND.has(r.purpose ?? ""));
  return { ms, calls: own.map((r) => `${r.method} ${r.path}${r.query}`), background: log.requests.length - own.length };
}

async function main() {
  const standalone = path.join(distDir, "standalone");
  if (!fs.existsSync(path.join(standalone, "server.js"))) {
    console.error(`pages-scale: no production build in ${distDir} (run npm run build first)`);
    process.exit(1);
  }
  assembleStandalone(distDir, standalone);

  const seedStart = performance.now();
  const [bigSandbox, smallSandbox] = await Promise.all([
    startLiteLLMSandbox({ port: PORT_BASE, masterKey: MASTER, stateFile: null, seed: "demo", seedKeys: 1_000_000, seedModels: 20_000 }),
    startLiteLLMSandbox({ port: PORT_BASE + 1, masterKey: MASTER, stateFile: null, seed: "demo", seedKeys: 100, seedModels: 20 }),
  ]);
  for (const sb of [bigSandbox, smallSandbox]) await admin(sb, "POST", "/team/new", { team_id: TEAM, team_alias: "scale", max_budget: 100 });
  console.log(`pages-scale stand-ins seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const sides: Side[] = [];
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const c of children) c.kill("SIGTERM");
  };
  process.on("exit", stop);
  try {
    for (const [i, [name, sandbox]] of ([
      ["big", bigSandbox],
      ["small", smallSandbox],
    ] as const).entries()) {
      const port = PORT_BASE + 10 + i;
      const child = await startConsole(name, sandbox, port, standalone, name === "big" ? 1_000_000 : 100);
      children.push(child);
      const url = `http://localhost:${port}`;
      sides.push({ name, sandbox, url, child, cookie: await signIn(url), log: [] });
    }
    const [big, small] = sides as [Side, Side];

    const times = new Map<string, { big: number[]; small: number[] }>();
    const calls = new Map<string, { big: string[][]; small: string[][] }>();
    let background = 0;
    for (let run = -WARMUP; run < RUNS; run++) {
      for (const page of shuffle(SELECTED)) {
        const order = Math.random() < 0.5 ? [big, small] : [small, big];
        for (const side of order) {
          const result = await load(side, page.path(run + WARMUP));
          background += result.background;
          if (run < 0) continue;
          const t = times.get(page.name) ?? { big: [], small: [] };
          t[side.name].push(result.ms);
          times.set(page.name, t);
          const c = calls.get(page.name) ?? { big: [], small: [] };
          c[side.name].push(result.calls);
          calls.set(page.name, c);
        }
      }
    }

    let worst = { ratio: 0, page: "" };
    let callsDiffer = 0;
    let duplicates = 0;
    for (const page of SELECTED) {
      const t = times.get(page.name)!;
      const c = calls.get(page.name)!;
      const mBig = median(t.big);
      const mSmall = median(t.small);
      const ratio = mBig / mSmall;
      if (ratio > worst.ratio) worst = { ratio, page: page.name };
      const nBig = median(c.big.map((x) => x.length));
      const nSmall = median(c.small.map((x) => x.length));
      if (nBig !== nSmall) callsDiffer++;
      const dup = [...c.big, ...c.small].some((list) => new Set(list).size !== list.length);
      if (dup) duplicates++;
      const example = c.big.find((x) => x.length === nBig) ?? [];
      console.log(
        `pages-scale ${page.name} big median ${mBig.toFixed(1)} ms small median ${mSmall.toFixed(1)} ms ratio ${ratio.toFixed(3)} ` +
          `litellm calls big ${nBig} small ${nSmall}${dup ? " DUPLICATE CALL" : ""} [${example.map((x) => x.split("?")[0]).join(", ")}]`,
      );
    }
    const loads = SELECTED.length * (RUNS + WARMUP) * 2;
    console.log(`pages-scale background calls (deployment index, group health, version/master-key detection) during the run: ${background} over ${loads} page loads`);
    console.log(
      `pages-scale worst ratio ${worst.ratio.toFixed(3)} (${worst.page}; goal <= ${RATIO_GOAL}); pages whose LiteLLM calls differ by size: ${callsDiffer}; pages with a repeated call: ${duplicates}; runs ${RUNS}`,
    );
    stop();
    await Promise.all([bigSandbox.close(), smallSandbox.close()]);
    process.exit(worst.ratio <= RATIO_GOAL && callsDiffer === 0 && duplicates === 0 ? 0 : 1);
  } catch (error) {
    stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
