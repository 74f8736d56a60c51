/**
 * First-load JS per route of the last production build, gzip-compressed, as the browser downloads it:
 * the root main files plus every client entry chunk of the route's layouts and page.
 * Prints one line per route, the shared part (root main files + root layout, and + the console layout) so
 * regressions there stay visible, and the largest route on a line with the word "largest"; exits 1 above the budget.
 *
 *   ./node_modules/.bin/tsx bench/first-load-js.ts [--budget-kb 150]
 */
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

const distDir = process.env.NEXT_DIST_DIR || ".next";
const budgetArg = process.argv.indexOf("--budget-kb");
const budgetKb = budgetArg > 0 ? Number(process.argv[budgetArg + 1]) : 150;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name === "page_client-reference-manifest.js") out.push(full);
  }
  return out;
}

const sizeCache = new Map<string, number>();
function gzipSize(file: string): number {
  if (!sizeCache.has(file)) sizeCache.set(file, zlib.gzipSync(fs.readFileSync(path.join(distDir, file)), { level: 9 }).length);
  return sizeCache.get(file)!;
}

const serverApp = path.join(distDir, "server", "app");
if (!fs.existsSync(serverApp)) {
  console.error(`No production build in ${distDir}: run \`npm run build\` first.`);
  process.exit(2);
}
const buildManifest = JSON.parse(fs.readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };

const sumKb = (files: Iterable<string>) => [...new Set(files)].reduce((sum, file) => sum + gzipSize(file), 0) / 1024;

const rows: { route: string; kb: number }[] = [];
// Entry chunks of shared layouts, keyed by layout module ("[project]/app/layout"); identical in every route's manifest.
const layoutFiles = new Map<string, string[]>();
for (const manifestFile of walk(serverApp)) {
  const sandbox = { globalThis: {} as Record<string, unknown> };
  vm.runInNewContext(fs.readFileSync(manifestFile, "utf8"), sandbox);
  const manifests = (sandbox.globalThis.__RSC_MANIFEST ?? {}) as Record<string, { entryJSFiles?: Record<string, string[]> }>;
  for (const [route, manifest] of Object.entries(manifests)) {
    if (route.includes("_global-error") || route.includes("_not-found")) continue;
    const files = new Set(buildManifest.rootMainFiles);
    for (const [entry, chunks] of Object.entries(manifest.entryJSFiles ?? {})) {
      for (const chunk of chunks) files.add(chunk);
      if (entry.endsWith("/layout") && !layoutFiles.has(entry)) layoutFiles.set(entry, chunks);
    }
    rows.push({ route: route.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/", kb: sumKb(files) });
  }
}
rows.sort((a, b) => b.kb - a.kb);
for (const row of rows) console.log(`first-load-js ${row.route.padEnd(28)} ${row.kb.toFixed(1)} KB`);
const rootMainKb = sumKb(buildManifest.rootMainFiles);
const rootLayout = [...buildManifest.rootMainFiles, ...(layoutFiles.get("[project]/app/layout") ?? [])];
const rootLayoutKb = sumKb(rootLayout);
console.log(
  `first-load-js shared root+layout ${rootLayoutKb.toFixed(1)} KB (root main ${rootMainKb.toFixed(1)} KB + root layout ${(rootLayoutKb - rootMainKb).toFixed(1)} KB)`,
);
const consoleLayout = layoutFiles.get("[project]/app/(console)/layout");
if (consoleLayout) {
  const shellKb = sumKb([...rootLayout, ...consoleLayout]);
  console.log(
    `first-load-js shared root+layout+console-shell ${shellKb.toFixed(1)} KB (console shell ${(shellKb - rootLayoutKb).toFixed(1)} KB)`,
  );
}
const largest = rows[0];
if (!largest) {
  console.error("No routes found in the build.");
  process.exit(2);
}
console.log(
  `first-load-js largest ${largest.route} ${largest.kb.toFixed(1)} KB (budget ${budgetKb} KB) ratio ${(largest.kb / budgetKb).toFixed(2)}`,
);
if (largest.kb > budgetKb) process.exit(1);
