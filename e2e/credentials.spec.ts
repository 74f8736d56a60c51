import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { LITELLM_URL, MASTER_KEY, STORAGE, UPSTREAM_URL } from "./helpers/env";

/** Credentials: list (never a value), create with per-provider fields, rotate, delete blocked while used. */
const AUTH = { authorization: `Bearer ${MASTER_KEY}` };

async function stored(request: APIRequestContext, name: string) {
  const res = await request.get(`${LITELLM_URL}/credentials/by_name/${encodeURIComponent(name)}`, { headers: AUTH });
  return res.ok() ? ((await res.json()) as { credential_values: Record<string, string>; credential_info: Record<string, unknown> }) : null;
}

const row = (page: Page, name: string) => page.locator(`[data-testid="credential-row"][data-name="${name}"]`);

test.describe("credentials", () => {
  test.use({ storageState: STORAGE.admin });

  test("the list shows which fields are configured and how many models use each, never a value", async ({ page }) => {
    await page.goto("/credentials");
    await expect(page.getByRole("heading", { name: "Credentials", level: 1 })).toBeVisible();
    const demo = row(page, "upstream-openai");
    await expect(demo).toContainText("OpenAI");
    await expect(demo).toContainText("api_key: •••• configured");
    await expect(demo).toContainText("1 model");
    await expect(demo.getByRole("link", { name: "text-embedding-3-small" })).toBeVisible();
    const html = await page.content();
    expect(html).not.toContain("sk-upstream-good");
    // LiteLLM's own masking keeps the first 4 characters; those must not reach the browser either.
    expect(html).not.toContain("sk-u****");
    await expectAccessible(page);
  });

  test("create with per-provider fields, rotate, delete blocked while a model uses it, then delete", async ({ page, request }) => {
    const name = `e2e-azure-${Date.now()}`;
    await page.goto("/credentials");
    await page.getByRole("button", { name: "New credential" }).click();
    const dialog = page.getByRole("dialog", { name: "New credential" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    // The fields follow the provider.
    await dialog.getByLabel("Provider").selectOption("OpenAI");
    await expect(dialog.getByLabel(/^OpenAI API Key/)).toBeVisible();
    await dialog.getByLabel("Provider").selectOption("Azure");
    await expect(dialog.getByLabel(/^OpenAI API Key/)).toHaveCount(0);
    await expect(dialog.getByLabel(/^Azure API Key/)).toHaveAttribute("type", "password");
    await expect(dialog.getByLabel(/^API Version/)).toBeVisible();
    // API Base is required for Azure: the server says so on the field.
    await dialog.getByLabel(/^Azure API Key/).fill("azure-upstream-good");
    await dialog.getByRole("button", { name: "Create credential" }).click();
    await expect(dialog.getByText("Enter API Base")).toBeVisible();
    await dialog.getByLabel(/^API Base/).fill(`${UPSTREAM_URL}`);
    await dialog.getByLabel("Description (optional)").fill("e2e Azure stand-in");
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Create credential" }).click();
    await expect(dialog).toBeHidden();

    const created = row(page, name);
    await expect(created).toContainText("Azure");
    await expect(created).toContainText("api_key: •••• configured");
    await expect(created).toContainText("api_base: •••• configured");
    await expect(created).toContainText("0 models");
    expect(await page.content()).not.toContain("azure-upstream-good");
    expect(await stored(request, name)).toMatchObject({ credential_values: { api_key: "azur****" }, credential_info: { custom_llm_provider: "azure" } });

    // Rotate: a new key, the rest kept.
    await page.getByRole("button", { name: `Rotate ${name}` }).click();
    const rotate = page.getByRole("dialog", { name: `Rotate ${name}` });
    await expect(rotate.getByLabel(/^Azure API Key/)).toHaveValue("");
    await rotate.getByLabel(/^Azure API Key/).fill("rotated-azure-key-0001");
    await rotate.getByRole("button", { name: "Save new values" }).click();
    await expect(rotate).toBeHidden();
    expect(await stored(request, name)).toMatchObject({
      credential_values: { api_key: "rota****", api_base: expect.stringMatching(/^http\*{4}$/) },
      credential_info: { description: "e2e Azure stand-in" },
    });

    // A deployment uses it: delete is blocked and lists it.
    const alias = `e2e-uses-${Date.now()}`;
    const res = await request.post(`${LITELLM_URL}/model/new`, {
      headers: AUTH,
      data: { model_name: alias, litellm_params: { model: "azure/gpt-4o-mini", litellm_credential_name: name }, model_info: { mode: "chat" } },
    });
    expect(res.ok()).toBeTruthy();
    const modelId = ((await res.json()) as { model_id: string }).model_id;
    // Written straight to LiteLLM (as another replica would): the console sees it at its next index refresh.
    await expect(async () => {
      await page.reload();
      await expect(row(page, name)).toContainText("1 model", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.getByRole("button", { name: `Delete ${name}` }).click();
    const blocked = page.getByRole("alertdialog");
    await expect(blocked).toContainText(`${name} is in use`);
    await expect(blocked.getByTestId("credential-used-by")).toContainText(alias);
    await expect(blocked.getByRole("button", { name: "Delete credential" })).toHaveCount(0);
    await expectAccessible(page);
    await blocked.getByRole("button", { name: "Close" }).click();
    expect(await stored(request, name)).not.toBeNull();

    // Unused again: delete works.
    expect((await request.post(`${LITELLM_URL}/model/delete`, { headers: AUTH, data: { id: modelId } })).ok()).toBeTruthy();
    await expect(async () => {
      await page.reload();
      await expect(row(page, name)).toContainText("0 models", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.getByRole("button", { name: `Delete ${name}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete credential" }).click();
    await expect(row(page, name)).toHaveCount(0);
    expect(await stored(request, name)).toBeNull();
  });
});
