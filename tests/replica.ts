import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

import { processFacts } from "@/lib/env";

/**
 * Starts one "console replica": a worker script under the server's module conditions, configured only by `env`.
 * It prints "ready" once started, waits for a line on stdin ("go"), and prints its JSON result on its last line.
 */
export function startReplica<T>(script: string, args: string[], env: Record<string, string>): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; done: Promise<T> } {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
    env: { PATH: processFacts.path(), NODE_ENV: "production", ...env },
  });
  let out = "";
  let err = "";
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (chunk) => {
    out += chunk;
    if (out.includes("ready\n")) markReady();
  });
  child.stderr.on("data", (chunk) => (err += chunk));
  const done = new Promise<T>((resolve, reject) =>
    child.on("exit", () => {
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as T);
      } catch {
        reject(new Error(`replica printed no result: ${out} ${err}`));
      }
    }),
  );
  return { child, ready, done };
}
