// `npm install` generates the Prisma client, so `npm run sandbox`, `npm run dev` and `npm start` work on a fresh clone.
// The container's deps stage installs from package.json alone (no schema yet): it generates later, in its build stage.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

if (!fs.existsSync(path.join("prisma", "schema.prisma"))) process.exit(0);
const prisma = path.join("node_modules", ".bin", process.platform === "win32" ? "prisma.cmd" : "prisma");
const result = spawnSync(prisma, ["generate"], { stdio: "inherit", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
if (result.status !== 0) {
  console.error("postinstall: `prisma generate` failed; run it yourself with ./node_modules/.bin/prisma generate");
  process.exit(result.status ?? 1);
}
