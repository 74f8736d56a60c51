import { expect, type APIRequestContext, type Page } from "@playwright/test";

import { LITELLM_URL, MASTER_KEY, UPSTREAM_URL } from "./env";

/** Drives the Add Model wizard at /models/new by its labels and roles. */

export async function openWizard(page: Page, query = "") {
  await page.goto(`/models/new${query}`);
  await expect(page.getByRole("heading", { name: "Add model", level: 1 })).toBeVisible();
}

export function currentStep(page: Page) {
  return page.getByRole("navigation", { name: "Add model steps" }).locator('li[aria-current="step"]');
}

export async function expectStep(page: Page, title: string) {
  await expect(currentStep(page)).toContainText(title);
  await expect(page.getByRole("heading", { name: title, level: 2 })).toBeVisible();
}

/**
 * A toast that sits over the button pauses while the pointer hovers it (sonner), so a click aimed through it would
 * wait forever: move the pointer away and let toasts expire first.
 */
async function clearToasts(page: Page) {
  await page.mouse.move(0, 0);
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 30_000 });
}

export async function next(page: Page) {
  await clearToasts(page);
  await page.getByRole("button", { name: /^Next: / }).click();
}

export async function back(page: Page) {
  await page.getByRole("button", { name: "Back", exact: true }).click();
}

export async function chooseProvider(page: Page, label: string, search?: string) {
  await expectStep(page, "Provider");
  if (search) await page.getByLabel("Search providers").fill(search);
  await page.getByRole("radio", { name: label, exact: true }).check();
  await next(page);
  await expectStep(page, "Model and mode");
}

export type WizardMode = "chat" | "embedding";

const MODE_RADIO: Record<WizardMode, RegExp> = { chat: /^Chat – /, embedding: /^Embedding – / };

export async function chooseMode(page: Page, mode: WizardMode) {
  await page.getByRole("radio", { name: MODE_RADIO[mode] }).check();
}

export async function fillModel(page: Page, opts: { alias?: string; model: string; mode?: WizardMode; dimension?: string }) {
  if (opts.alias !== undefined) await page.getByLabel("Public alias").fill(opts.alias);
  await page.getByLabel(/^Upstream model/).fill(opts.model);
  if (opts.mode) await chooseMode(page, opts.mode);
  if (opts.dimension !== undefined) await page.getByLabel("Output dimension (output_vector_size)").fill(opts.dimension);
}

/**
 * The live alias check's findings for the inputs as they are now (the wizard marks them "current" only when the check
 * for exactly these inputs has answered): wait on that state, then assert the findings. Generous because the check is
 * a server action that a loaded machine may answer slowly; nothing here waits for a fixed time.
 */
export async function aliasFindings(page: Page) {
  await expect(page.getByTestId("alias-check")).toHaveAttribute("data-state", "current", { timeout: 60_000 });
  return page.getByTestId("alias-findings");
}

/** Fills provider fields by their exact labels (password inputs included). */
export async function fillConnection(page: Page, fields: Record<string, string>) {
  await expectStep(page, "Connection and credentials");
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
}

/** From the connection step: Next through limits to Test Connect, run it, and wait for the outcome. */
export async function runTestConnect(page: Page) {
  await expectStep(page, "Test Connect");
  await page.getByRole("button", { name: /Run Test Connect|Test again/ }).click();
  const status = page.getByTestId("test-connect-status");
  await expect(status).not.toContainText("Asking LiteLLM", { timeout: 30_000 });
  return status;
}

export async function saveModel(page: Page) {
  await expectStep(page, "Review and save");
  await expect(page.getByTestId("review-request")).toBeVisible();
  await clearToasts(page);
  await page.getByRole("button", { name: "Save model" }).click();
}

// ---------- the sandbox, called directly ----------

export interface SandboxRequest {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export async function sandboxRequests(request: APIRequestContext): Promise<SandboxRequest[]> {
  const res = await request.get(`${LITELLM_URL}/__sandbox/requests`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { requests: SandboxRequest[] }).requests;
}

export async function testConnectionCalls(request: APIRequestContext): Promise<SandboxRequest[]> {
  return (await sandboxRequests(request)).filter((r) => r.path === "/health/test_connection");
}

export async function modelInfo(request: APIRequestContext) {
  const res = await request.get(`${LITELLM_URL}/model/info`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { data: { model_name: string; litellm_params: Record<string, unknown>; model_info: Record<string, unknown> }[] }).data;
}

export async function chatThroughSandbox(request: APIRequestContext, alias: string) {
  const res = await request.post(`${LITELLM_URL}/v1/chat/completions`, {
    headers: { authorization: `Bearer ${MASTER_KEY}` },
    data: { model: alias, messages: [{ role: "user", content: "hello from the wizard e2e" }] },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { choices: { message: { content: string } }[] };
}

export async function embedThroughSandbox(request: APIRequestContext, alias: string) {
  const res = await request.post(`${LITELLM_URL}/v1/embeddings`, {
    headers: { authorization: `Bearer ${MASTER_KEY}` },
    data: { model: alias, input: "hello from the wizard e2e" },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { data: { embedding: number[] }[] };
}

/** The upstream stand-in's fault switch (e.g. drop every connection to look unreachable). */
export async function setUpstreamFaults(request: APIRequestContext, faults: Record<string, unknown> | null) {
  const res = faults
    ? await request.post(`${UPSTREAM_URL}/__sandbox/faults`, { data: faults })
    : await request.delete(`${UPSTREAM_URL}/__sandbox/faults`);
  expect(res.ok()).toBe(true);
}

export function uniqueSuffix(): string {
  return Date.now().toString(36).slice(-5);
}
