import fs from "node:fs";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { DATA_DIR, LITELLM_URL, MASTER_KEY, STORAGE } from "./helpers/env";
import { closeShowOnceDialog, issueKeyThroughUi, readIssuedKeys, runId, tokenOf } from "./helpers/keys";

/**
 * Runs last (the name sorts last): every raw key the suite saw must appear nowhere in what the console kept or served
 * afterwards — its log, its database files, the audit log (page and CSV), and the HTML and RSC payloads of the key pages.
 */
test.use({ storageState: STORAGE.admin });

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : entry.isFile() ? [full] : [];
  });
}

/** The raw key, and its secret part alone (in case something stripped or re-prefixed "sk-"). */
function needles(raw: string): string[] {
  return [raw, raw.replace(/^sk-/, "")];
}

test("no raw key issued during the suite is in the console's logs, database, audit rows, HTML or RSC payloads", async ({ page }) => {
  test.setTimeout(180_000);
  // Never vacuous: when run alone, issue one key through the UI first.
  if (readIssuedKeys().length === 0) {
    const issued = await issueKeyThroughUi(page, { alias: `hygiene-${runId()}`, expiry: "7 days" });
    await closeShowOnceDialog(page, issued.token);
  }
  const issued = readIssuedKeys();
  expect(issued.length).toBeGreaterThan(0);
  const consoleIssued = issued.filter((k) => k.via === "console");
  // Also every key the LiteLLM sandbox minted: the console's temporary keys (playground, dimension checks) were
  // never shown to anyone, so they must be nowhere either.
  const minted = await page.request.get(`${LITELLM_URL}/__sandbox/minted-keys`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  expect(minted.status()).toBe(200);
  const mintedKeys = ((await minted.json()) as { keys: { raw: string; alias: string | null }[] }).keys.map((k) => ({
    raw: k.raw,
    alias: k.alias ?? "(no alias)",
  }));
  const keys: { raw: string; alias: string }[] = [...issued, ...mintedKeys.filter((m) => !issued.some((i) => i.raw === m.raw))];

  const leaks: string[] = [];
  const scan = (where: string, text: string) => {
    for (const { raw, alias } of keys) {
      for (const needle of needles(raw)) if (text.includes(needle)) leaks.push(`${alias} (…${raw.slice(-4)}) in ${where}`);
    }
  };

  // 1. Everything the console printed during the suite.
  const logFile = path.join(DATA_DIR, "console.log");
  expect(fs.existsSync(logFile), `${logFile} should exist (scripts/sandbox.ts --e2e writes it)`).toBe(true);
  const log = fs.readFileSync(logFile, "utf8");
  expect(log.length).toBeGreaterThan(0);
  scan("console.log", log);

  // 2. Pages and their RSC payloads, fetched now with the admin session.
  const paths = [
    "/keys",
    "/keys?status=blocked",
    "/keys?status=expired",
    "/keys/new",
    "/audit",
    "/audit?action=key",
    "/audit?action=playground",
    "/playground",
    "/keys/explain",
    ...issued.map((k) => `/keys/${tokenOf(k.raw)}`),
  ];
  for (const p of paths) {
    const html = await page.request.get(p);
    expect(html.status(), p).toBeLessThan(500);
    scan(`HTML ${p}`, await html.text());
    const rsc = await page.request.get(p, { headers: { RSC: "1" } });
    scan(`RSC ${p}`, await rsc.text());
  }

  // 3. Every audit row, through the CSV export; it must name the issued keys by alias (so the scan saw real rows).
  const csv = await page.request.get("/api/audit/export?action=key");
  expect(csv.status()).toBe(200);
  const csvText = await csv.text();
  scan("audit CSV", csvText);
  for (const { alias, raw } of consoleIssued) {
    expect(csvText, `audit rows for ${alias}`).toContain(alias);
    expect(csvText).toContain(raw.slice(-4));
  }

  // 4. The console database on disk (PGlite data and WAL files), as bytes: a key in any table would be in them.
  const files = walk(path.join(DATA_DIR, "pglite"));
  expect(files.length).toBeGreaterThan(10);
  let bytes = 0;
  let aliasesSeenOnDisk = 0;
  for (const file of files) {
    const data = fs.readFileSync(file);
    bytes += data.length;
    for (const { raw } of keys)
      for (const needle of needles(raw)) if (data.includes(needle)) leaks.push(`…${raw.slice(-4)} in ${path.relative(DATA_DIR, file)}`);
    for (const { alias } of consoleIssued) if (alias && data.includes(alias)) aliasesSeenOnDisk++;
  }
  expect(bytes).toBeGreaterThan(0);
  // The audit rows (with aliases) did reach the files, so a stored raw key would have too.
  expect(aliasesSeenOnDisk).toBeGreaterThan(0);

  expect(leaks, `raw keys leaked:\n${leaks.join("\n")}`).toEqual([]);
});
