// The e2e suite drives Debian's Chromium; Playwright's own browser download cannot work here.
import fs from "node:fs";

const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(path)) {
  console.error(`Chromium not found at ${path}. Install it with:  sudo apt-get update && sudo apt-get install -y chromium`);
  process.exit(1);
}
