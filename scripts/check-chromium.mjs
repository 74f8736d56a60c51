// The e2e suite drives Debian's Chromium; Playwright's own browser download cannot work here.
// As root (CI, a fresh container) install it with apt-get; otherwise print the exact command and fail.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const installCommand = "apt-get update && apt-get install -y chromium";

if (!fs.existsSync(chromium)) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const canApt = fs.existsSync("/usr/bin/apt-get");
  if (isRoot && canApt && chromium === "/usr/bin/chromium") {
    console.log(`Chromium not found at ${chromium}: installing Debian's chromium (${installCommand})`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: ["ignore", "ignore", "inherit"], env }) : update;
    if (install.status !== 0 || !fs.existsSync(chromium)) {
      console.error(`Installing chromium failed (exit ${install.status}). Install it yourself:  ${installCommand}`);
      process.exit(1);
    }
  } else {
    console.error(`Chromium not found at ${chromium}. Install it with:  sudo sh -c '${installCommand}'`);
    process.exit(1);
  }
}
