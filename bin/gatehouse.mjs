#!/usr/bin/env node
// `npx gatehouse <command>`: runs scripts/gatehouse.ts (the subcommand dispatcher) with tsx, under the
// react-server condition so the console's server-only modules load outside Next.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
let tsx;
try {
  tsx = require.resolve("tsx", { paths: [root] });
} catch {
  console.error("gatehouse: the CLI needs tsx (a devDependency): run `npm install` in the Gatehouse checkout.");
  process.exit(1);
}
const child = spawn(process.execPath, ["--conditions=react-server", "--import", tsx, path.join(root, "scripts", "gatehouse.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: root,
});
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
