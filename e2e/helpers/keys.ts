import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { expect, type APIRequestContext, type Page } from "@playwright/test";

import { DATA_DIR, LITELLM_URL, MASTER_KEY } from "./env";

/**
 * The keys specs' own record of every raw key they saw, so the secret-hygiene spec (which runs last) can look for
 * them in everything the console kept or served. One "raw<TAB>alias" per line, under the run's data dir (gitignored,
 * wiped at the start of each e2e run).
 */
export const ISSUED_KEYS_FILE = path.join(DATA_DIR, "issued-keys.txt");

export interface IssuedRecord {
  raw: string;
  alias: string;
  /** "console": issued through Gatehouse (so audited); "litellm": made on the proxy directly by a spec. */
  via: "console" | "litellm";
}

export function recordIssuedKey(raw: string, alias: string, via: IssuedRecord["via"] = "console") {
  fs.mkdirSync(path.dirname(ISSUED_KEYS_FILE), { recursive: true });
  fs.appendFileSync(ISSUED_KEYS_FILE, `${raw}\t${alias}\t${via}\n`);
}

export function readIssuedKeys(): IssuedRecord[] {
  if (!fs.existsSync(ISSUED_KEYS_FILE)) return [];
  return fs
    .readFileSync(ISSUED_KEYS_FILE, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [raw, alias, via] = line.split("\t");
      return { raw: raw!, alias: alias ?? "", via: via === "litellm" ? "litellm" : "console" };
    });
}

/** LiteLLM's key id: sha256 of the raw key. */
export function tokenOf(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}

/** A unique suffix so reruns against a reused sandbox never collide on aliases. */
export function runId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** Calls the gateway's data plane with a virtual key. */
export async function chat(
  request: APIRequestContext,
  key: string,
  model = "gpt-4o-mini",
): Promise<{ status: number; type: string | null }> {
  const res = await request.post(`${LITELLM_URL}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${key}` },
    data: { model, messages: [{ role: "user", content: "hello" }] },
    failOnStatusCode: false,
  });
  const body = (await res.json().catch(() => ({}))) as { error?: { type?: string } };
  return { status: res.status(), type: body.error?.type ?? null };
}

/** Creates keys straight through LiteLLM's admin API (fixtures for list and bulk tests), recording them too. */
export async function createKeyDirectly(
  request: APIRequestContext,
  body: Record<string, unknown>,
): Promise<{ raw: string; token: string }> {
  const res = await request.post(`${LITELLM_URL}/key/generate`, { headers: { authorization: `Bearer ${MASTER_KEY}` }, data: body });
  expect(res.status()).toBe(200);
  const json = (await res.json()) as { key: string; token: string };
  recordIssuedKey(json.key, String(body.key_alias ?? ""), "litellm");
  return { raw: json.key, token: json.token };
}

/** Deletes keys straight through LiteLLM's admin API, so a spec's fixtures don't count against later specs' caps. */
export async function deleteKeysDirectly(request: APIRequestContext, tokens: string[]): Promise<void> {
  if (tokens.length === 0) return;
  const res = await request.post(`${LITELLM_URL}/key/delete`, { headers: { authorization: `Bearer ${MASTER_KEY}` }, data: { keys: tokens } });
  expect(res.status()).toBe(200);
}

export interface IssueThroughUi {
  alias: string;
  /** Team name as shown in the picker (default: the first team). */
  team?: string;
  models?: string[];
  budget?: string;
  period?: "None (lifetime budget)" | "Daily" | "Weekly" | "Monthly";
  expiry?: "7 days" | "30 days" | "90 days";
}

/** Fills /keys/new, issues, reads the key from the show-once dialog, records it and closes the dialog. */
export async function issueKeyThroughUi(page: Page, opts: IssueThroughUi): Promise<{ raw: string; token: string; issuedAt: number }> {
  await fillIssueForm(page, opts);
  const issuedAt = Date.now();
  await page.getByRole("button", { name: "Issue key" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("You will not see this again")).toBeVisible();
  const raw = (await dialog.getByTestId("issued-key").textContent())?.trim() ?? "";
  expect(raw).toMatch(/^sk-[A-Za-z0-9_-]{16,}$/);
  recordIssuedKey(raw, opts.alias);
  return { raw, token: tokenOf(raw), issuedAt };
}

/** Opens /keys/new and fills the form (without submitting it). */
export async function fillIssueForm(page: Page, opts: IssueThroughUi): Promise<void> {
  await page.goto("/keys/new");
  await expect(page.getByRole("heading", { name: "Issue a virtual key", level: 1 })).toBeVisible();
  await page.getByRole("radio", { name: /^Team Spend counts/ }).check();
  if (opts.team) {
    await page.getByRole("combobox", { name: "Team" }).click();
    await page.getByRole("option", { name: new RegExp(`^${opts.team}\\b`) }).click();
  }
  await page.getByLabel("Alias").fill(opts.alias);
  for (const model of opts.models ?? []) {
    await page.getByRole("textbox", { name: "Search models" }).fill(model);
    await page.getByRole("checkbox", { name: model, exact: true }).check();
  }
  if (opts.budget !== undefined) await page.getByLabel("Max budget (USD)").fill(opts.budget);
  if (opts.period) {
    await page.getByRole("combobox", { name: "Budget period" }).click();
    await page.getByRole("option", { name: opts.period, exact: true }).click();
  }
  await page.getByRole("radio", { name: opts.expiry ?? "30 days", exact: true }).check();
}

export async function closeShowOnceDialog(page: Page, token: string) {
  await page.getByRole("button", { name: "I have copied the key" }).click();
  await expect(page).toHaveURL(new RegExp(`/keys/${token}$`));
}

/** The exact expiry the key page shows, from the <time dateTime> attribute. */
export async function shownExpiry(page: Page): Promise<number> {
  const iso = await page.getByTestId("key-expires").getAttribute("datetime");
  expect(iso).toBeTruthy();
  return Date.parse(iso!);
}
