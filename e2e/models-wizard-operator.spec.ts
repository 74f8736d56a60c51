import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { LITELLM_URL, MASTER_KEY, STORAGE, UPSTREAM_URL } from "./helpers/env";
import {
  chatThroughSandbox,
  chooseProvider,
  expectStep,
  fillConnection,
  fillModel,
  modelInfo,
  next,
  openWizard,
  runTestConnect,
  saveModel,
  testConnectionCalls,
  uniqueSuffix,
} from "./helpers/wizard";

test.use({ storageState: STORAGE.admin });

interface UpstreamRequest {
  path: string;
  model: string | null;
  extraHeaders: Record<string, string>;
}

async function upstreamRequests(request: APIRequestContext): Promise<UpstreamRequest[]> {
  const res = await request.get(`${UPSTREAM_URL}/__sandbox/requests`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { requests: UpstreamRequest[] }).requests;
}

async function throughTestToReview(page: Page) {
  await next(page);
  await expectStep(page, "Limits, pricing and defaults");
  await next(page);
  const status = await runTestConnect(page);
  await expect(status).toContainText(/Connected in \d+ ms/);
  await next(page);
  await expectStep(page, "Review and save");
}

// Issue 12, "What the operator flows found": each runbook flow that did not hold, through the UI.
test.describe("Add Model wizard: operator flows", () => {
  test("a custom auth header in the runbook's {api_key} format is kept out of /model/info and still sent upstream", async ({ page, request }) => {
    test.setTimeout(120_000);
    const alias = `e2e-wiz-hdr-${uniqueSuffix()}`;
    const secret = `hdr1-secret-${uniqueSuffix()}-value`;
    await openWizard(page);
    await chooseProvider(page, "vLLM");
    await fillModel(page, { alias, model: "granite-3.3-8b-instruct", mode: "chat" });
    await next(page);
    await fillConnection(page, { "API base URL": `${UPSTREAM_URL}/open/v1`, "API key": secret });
    await page.getByText("Custom upstream auth header (optional)").click();
    await expect(page.getByTestId("auth-header-storage")).toContainText("not stored in the deployment's extra_headers");
    await page.getByLabel("Header name", { exact: true }).fill("X-API-Key");
    await page.getByLabel("Header value format", { exact: true }).fill("{api_key}");
    await expectAccessible(page);
    await throughTestToReview(page);
    await expect(page.getByTestId("review-notes")).toContainText("stored in a LiteLLM credential created on save");
    await expect(page.getByTestId("review-request")).toContainText(`"litellm_credential_name": "${alias}-auth-header-<id>"`);
    await expect(page.getByTestId("review-request")).not.toContainText(secret);
    await saveModel(page);
    await expect(page.getByTestId("wizard-success")).toContainText(`Saved ${alias}`);
    const modelId = (await page.getByTestId("saved-model-id").textContent())!.trim();

    // /model/info returns extra_headers unmasked (as LiteLLM does): the secret must simply not be there.
    const stored = (await modelInfo(request)).find((d) => d.model_info.id === modelId)!;
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored.litellm_params.extra_headers ?? null).toBeNull();
    expect(stored.litellm_params.litellm_credential_name).toBe(`${alias}-auth-header-${modelId.replace(/-/g, "").slice(0, 8)}`);

    // The gateway still sends the header, from the credential, to the upstream.
    await chatThroughSandbox(request, alias);
    const seen = (await upstreamRequests(request)).filter((r) => r.model === "granite-3.3-8b-instruct" && r.extraHeaders["x-api-key"]);
    expect(seen.at(-1)?.extraHeaders["x-api-key"]).toBe(`${secret.slice(0, 4)}***`);

    // The model page shows the masked settings and the credential, never the header value.
    await page.goto(`/models/${encodeURIComponent(modelId)}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(alias);
    expect(await page.content()).not.toContain(secret);
  });

  test("an in-cluster KubeRay endpoint is refused by policy with the allow-list setting named, not with a DNS error", async ({ page, request }) => {
    await openWizard(page);
    await chooseProvider(page, "vLLM");
    await fillModel(page, { alias: `e2e-wiz-ray-${uniqueSuffix()}`, model: "granite-3.3-8b-instruct", mode: "chat" });
    await next(page);
    const before = await testConnectionCalls(request);
    const field = page.getByLabel("API base URL", { exact: true });
    await field.fill("http://ray-service-head-svc.ray-service.svc.cluster.local:8000/v1");
    await next(page);
    await expectStep(page, "Connection and credentials");
    const message = page.getByText(/ray-service-head-svc\.ray-service\.svc\.cluster\.local is an in-cluster service name/);
    await expect(message).toBeVisible();
    await expect(message).toContainText("ALLOWED_API_BASE_HOSTS=.svc.cluster.local");
    await expect(page.getByText(/ENOTFOUND|Could not resolve/)).toHaveCount(0);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    // A private address names the CIDR setting instead.
    await field.fill("http://10.128.4.17:8000/v1");
    await next(page);
    await expect(page.getByText(/10\.128\.4\.17 is a private address/)).toContainText("ALLOWED_API_BASE_CIDRS=10.128.4.17/32");
    await expectAccessible(page);
    expect((await testConnectionCalls(request)).length).toBe(before.length);
  });

  test("DeepSeek offers the optional API base URL; saved with it, tested, and Health says Connected with the time", async ({ page, request }) => {
    test.setTimeout(120_000);
    const alias = `e2e-wiz-deepseek-${uniqueSuffix()}`;
    await openWizard(page);
    await chooseProvider(page, "DeepSeek");
    await fillModel(page, { alias, model: "deepseek-chat", mode: "chat" });
    await next(page);
    await expect(page.getByLabel("API base URL (optional)", { exact: true })).toBeVisible();
    await fillConnection(page, { "API key": "sk-upstream-good", "API base URL (optional)": `${UPSTREAM_URL}/v1` });
    await throughTestToReview(page);
    await expect(page.getByTestId("review-request")).toContainText(`"api_base": "${UPSTREAM_URL}/v1"`);
    await saveModel(page);
    await expect(page.getByTestId("wizard-success")).toContainText(`Saved ${alias}`);
    const modelId = (await page.getByTestId("saved-model-id").textContent())!.trim();
    const stored = (await modelInfo(request)).find((d) => d.model_info.id === modelId)!;
    expect(stored.litellm_params).toMatchObject({ model: "deepseek/deepseek-chat", api_base: `${UPSTREAM_URL}/v1` });

    // The wizard's successful Test Connect of exactly this draft is the deployment's first health record.
    await page.goto(`/models/${encodeURIComponent(modelId)}`);
    const badge = page.getByLabel("Badges").getByTestId("health-badge");
    await expect(badge).toHaveAttribute("data-health", "healthy");
    await expect(badge).toContainText(/^Connected/);
    await expect(badge.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
    await expect(badge.locator("time")).toContainText(/[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} UTC$/);
    await expect(page.getByTestId("last-test-connect")).toContainText(/Last Test Connect: connected \(chat, 127\.0\.0\.1:\d+, \d+ ms\) at [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} UTC\./);
    await page.goto(`/models?q=${encodeURIComponent(alias)}`);
    const row = page.locator(`[data-testid="model-row"][data-model-id="${modelId}"]`);
    await expect(row.getByTestId("health-badge")).toContainText("Connected");
  });

  test("Test Connect on a deployment's page records its health: Not checked becomes Connected, with the time", async ({ page, request }) => {
    test.setTimeout(120_000);
    const alias = `e2e-wiz-health-${uniqueSuffix()}`;
    // Added directly on LiteLLM (as another tool would): the console has never checked it.
    const modelId = `e2e-health-${uniqueSuffix()}-${Date.now()}`;
    const res = await request.post(`${LITELLM_URL}/model/new`, {
      headers: { authorization: `Bearer ${MASTER_KEY}` },
      data: {
        model_name: alias,
        litellm_params: { model: "hosted_vllm/granite-3.3-8b-instruct", api_base: `${UPSTREAM_URL}/open/v1` },
        model_info: { id: modelId, mode: "chat" },
      },
    });
    expect(res.ok(), await res.text()).toBe(true);
    await page.goto(`/models/${encodeURIComponent(modelId)}`);
    const badge = page.getByLabel("Badges").getByTestId("health-badge");
    await expect(badge).toHaveText("Not checked");
    await expect(page.getByTestId("last-test-connect")).toHaveText("No Test Connect recorded for this deployment yet.");
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByTestId("test-connect-status")).toContainText(/Connected in \d+ ms/, { timeout: 30_000 });
    await expect(badge).toContainText(/^Connected/);
    await expect(badge.locator("time")).toContainText(/ UTC$/);
    await expect(page.getByTestId("last-test-connect")).toContainText("Last Test Connect: connected (chat");
    await page.goto(`/models?q=${encodeURIComponent(alias)}&health=healthy`);
    await expect(page.locator(`[data-testid="model-row"][data-model-id="${modelId}"]`).getByTestId("health-badge")).toContainText("Connected");
  });
});
