import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

/** The production server refuses to start with one clear line when configuration is missing. */
const distDir = process.env.NEXT_DIST_DIR || ".next";
const serverDir = path.join(distDir, "standalone");

async function startWithout(variable: string): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: "3999",
    HOSTNAME: "localhost",
    LITELLM_URL: "http://127.0.0.1:4999",
    LITELLM_MASTER_KEY: "sk-startup-test",
    AUTH_SECRET: "s".repeat(40),
    AUTH_URL: "http://localhost:3999",
    PGLITE_DIR: path.resolve("data/startup-test-pglite"),
  };
  delete env[variable];
  const child = spawn(process.execPath, ["server.js"], { cwd: serverDir, env });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => (child.kill("SIGKILL"), resolve(null)), 30_000);
    child.on("exit", (c) => (clearTimeout(timer), resolve(c)));
  });
  return { code, stderr };
}

for (const variable of ["AUTH_SECRET", "LITELLM_URL"]) {
  test(`missing ${variable}: the server refuses to start and names it`, async () => {
    expect(fs.existsSync(path.join(serverDir, "server.js")), "the standalone build (npm run build) must exist").toBe(true);
    const { code, stderr } = await startWithout(variable);
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n").filter((line) => line.includes("gatehouse:"));
    expect(lines).toEqual([`gatehouse: Invalid configuration: ${variable}: is required${variable === "AUTH_SECRET" ? " (32+ random characters, e.g. `openssl rand -base64 32`)" : ""}`]);
  });
}
