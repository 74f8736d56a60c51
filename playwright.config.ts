import { defineConfig } from "@playwright/test";

/**
 * The e2e suite runs against the production build (`next start`) and the sandbox stand-ins,
 * all started by `scripts/sandbox.ts --e2e` on their e2e ports, with Debian's Chromium.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const CONSOLE_URL = `http://localhost:${3100 + offset}`;

export default defineConfig({
  testDir: "./e2e",
  outputDir: offset ? `./test-results-${offset}` : "./test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["./e2e/summary-reporter.ts"]],
  use: {
    baseURL: CONSOLE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", use: { browserName: "chromium" }, dependencies: ["setup"], testIgnore: /auth\.setup\.ts/ },
  ],
  webServer: {
    command: "./node_modules/.bin/tsx scripts/sandbox.ts --e2e",
    url: `${CONSOLE_URL}/api/health/live`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { NEXT_TELEMETRY_DISABLED: "1", E2E_LOG_FILE: "data/e2e-console.log" },
  },
});
