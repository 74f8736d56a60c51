import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The LiteLLM stand-in in its own process, as LiteLLM is in production: its seeded state is not on the bench's heap
 * or event loop, so the console's work is measured alone. `seedArgs` are the stand-in's seed flags
 * (e.g. ["--seed-models", "20000"]); it listens on a free port and its state lives in a temporary directory.
 */
export async function startSandboxProcess(options: { masterKey: string; seedArgs: string[] }): Promise<{ url: string; close: () => Promise<void> }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-litellm-"));
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["sandbox/litellm/main.ts", "--reset", "--seed", "none", ...options.seedArgs], {
    env: { ...process.env, LITELLM_SANDBOX_PORT: "0", LITELLM_MASTER_KEY: options.masterKey, LITELLM_SANDBOX_STATE: path.join(stateDir, "state.json") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.once("exit", () => child.kill("SIGKILL"));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`the LiteLLM sandbox exited (${code}) before it listened`)));
  });
  return {
    url,
    close: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
