import { expect, test, type APIRequestContext } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { LITELLM_URL, MASTER_KEY, STORAGE, UPSTREAM_URL } from "./helpers/env";

/** The models list, a deployment's page, edit and delete — against the e2e sandbox's demo seed. */
const AUTH = { authorization: `Bearer ${MASTER_KEY}` };
const CONFIG_MODEL_ID = "9b0c7a3e-1f6d-4c1a-9e51-0000000000c1";

async function sandboxModel(request: APIRequestContext, id: string) {
  const res = await request.get(`${LITELLM_URL}/model/info?litellm_model_id=${encodeURIComponent(id)}`, { headers: AUTH });
  if (!res.ok()) return null;
  const body = (await res.json()) as { data: { model_name: string; litellm_params: Record<string, unknown> }[] };
  return body.data[0] ?? null;
}

async function addModel(request: APIRequestContext, name: string, params: Record<string, unknown>) {
  const res = await request.post(`${LITELLM_URL}/model/new`, {
    headers: AUTH,
    data: { model_name: name, litellm_params: { model: "ollama_chat/llama3", api_base: UPSTREAM_URL, ...params }, model_info: { mode: "chat" } },
  });
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { model_id: string }).model_id;
}

async function setFaults(request: APIRequestContext, rules: unknown[]) {
  const res = await request.post(`${LITELLM_URL}/__sandbox/faults`, { headers: AUTH, data: rules });
  expect(res.ok()).toBeTruthy();
}

test.describe("models list and detail", () => {
  test.use({ storageState: STORAGE.admin });

  test("the demo models appear grouped by alias with their badges", async ({ page }) => {
    await page.goto("/models");
    await expect(page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();
    const group = (alias: string) => page.locator(`[data-testid="model-group"][data-alias="${alias}"]`);
    for (const alias of ["gpt-4o", "gpt-4o-mini", "llama3", "text-embedding-3-small"]) await expect(group(alias)).toBeVisible();
    await expect(group("gpt-4o")).toContainText("config.yaml · read-only");
    await expect(group("gpt-4o").getByText("config.yaml · read-only")).toHaveAttribute("title", "Defined in LiteLLM's config.yaml; change it there.");
    const embedding = group("text-embedding-3-small");
    await expect(embedding).toContainText("embedding");
    await expect(embedding).toContainText("openai");
    await expect(embedding).toContainText("DB");
    await expect(embedding).toContainText("upstream-openai");
    await expect(embedding).toContainText("Not checked");
    await expect(group("llama3")).toContainText("ollama_chat");
    await expect(page.getByTestId("models-range")).toContainText("page 1 of");
    expect(await page.content()).not.toContain("sk-upstream-good");
    await expectAccessible(page);
  });

  test("search and filters live in the URL", async ({ page }) => {
    await page.goto("/models?q=embedding");
    await expect(page.getByTestId("model-group")).toHaveCount(1);
    await expect(page.locator('[data-testid="model-group"][data-alias="text-embedding-3-small"]')).toBeVisible();
    await expect(page.getByLabel("Search", { exact: true })).toHaveValue("embedding");

    await page.goto("/models");
    await page.getByLabel("Defined in", { exact: true }).selectOption("config");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/source=config/);
    await expect(page.getByTestId("model-group")).toHaveCount(1);
    await expect(page.locator('[data-testid="model-group"][data-alias="gpt-4o"]')).toBeVisible();

    await page.goto("/models?mode=embedding");
    await expect(page.getByLabel("Mode", { exact: true })).toHaveValue("embedding");
    await expect(page.locator('[data-testid="model-group"][data-alias="gpt-4o-mini"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="model-group"][data-alias="text-embedding-3-small"]')).toBeVisible();

    await page.goto("/models?q=no-such-model-anywhere");
    await expect(page.getByRole("heading", { name: "No deployments match these filters" })).toBeVisible();
    await expectAccessible(page);
  });

  test("the config-only model is read-only and says why", async ({ page }) => {
    await page.goto("/models?source=config");
    await page.locator('[data-testid="model-group"][data-alias="gpt-4o"]').getByRole("link", { name: "openai/gpt-4o" }).click();
    await expect(page).toHaveURL(new RegExp(`/models/${CONFIG_MODEL_ID}$`));
    await expect(page.getByRole("heading", { name: "gpt-4o", level: 1 })).toBeVisible();
    await expect(page.getByText("Defined in LiteLLM's config.yaml; change it there.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
    // LiteLLM strips api_key; nothing secret reaches the page.
    expect(await page.content()).not.toContain("sk-upstream-good");
    await expectAccessible(page);
  });

  test("a DB model's page: settings, credential, group, Test Connect and its dimension", async ({ page }) => {
    await page.goto("/models?q=text-embedding");
    await page.locator('[data-testid="model-group"][data-alias="text-embedding-3-small"]').getByRole("link", { name: "openai/text-embedding-3-small" }).click();
    await expect(page.getByRole("heading", { name: "text-embedding-3-small", level: 1 })).toBeVisible();
    await expect(page.getByTestId("model-params")).toContainText("litellm_credential_name");
    await expect(page.getByRole("link", { name: "upstream-openai" })).toBeVisible();
    await expect(page.getByTestId("group-members")).toContainText("(this one)");
    await expect(page.getByTestId("verification-badge")).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit" })).toBeVisible();
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByTestId("test-connect-status")).toContainText("Connected in", { timeout: 30_000 });
    await expectAccessible(page);
  });

  test("edit rpm, clear a field, then delete with a typed confirmation — all persisted in LiteLLM", async ({ page, request }) => {
    const alias = `e2e-edit-${Date.now()}`;
    const id = await addModel(request, alias, { timeout: 30, rpm: 10 });

    await page.goto(`/models/${id}`);
    await expect(page.getByRole("heading", { name: alias, level: 1 })).toBeVisible();
    await expect(page.getByTestId("group-members")).toContainText("(this one)");
    await expectAccessible(page);

    // 1. rpm: PATCHed in place.
    await page.getByRole("button", { name: "Edit" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit deployment" });
    await expect(dialog.getByLabel("Timeout (seconds)")).toHaveValue("30");
    await dialog.getByLabel("Requests per minute (rpm)").fill("120");
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Deployment updated")).toBeVisible();
    await expect(page.getByTestId("model-params")).toContainText("120");
    expect((await sandboxModel(request, id))?.litellm_params).toMatchObject({ rpm: 120, timeout: 30 });

    // 2. An emptied timeout really goes (LiteLLM ignores null, so the deployment is re-created without it).
    await page.getByRole("button", { name: "Edit" }).click();
    await dialog.getByLabel("Timeout (seconds)").fill("");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(page).not.toHaveURL(new RegExp(`/models/${id}$`));
    await expect(page.getByRole("heading", { name: alias, level: 1 })).toBeVisible();
    const newId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
    expect(await sandboxModel(request, id)).toBeNull();
    const stored = await sandboxModel(request, newId);
    expect(stored?.model_name).toBe(alias);
    expect(stored?.litellm_params.rpm).toBe(120);
    expect(stored?.litellm_params.timeout ?? null).toBeNull();
    await expect(page.getByTestId("model-params")).not.toContainText("timeout");

    // 3. Delete: the button stays disabled until the alias is typed exactly.
    await page.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("alertdialog");
    await expect(confirm).toContainText(`Delete this deployment of ${alias}?`);
    const del = confirm.getByRole("button", { name: "Delete deployment" });
    await confirm.getByLabel(`Type ${alias} to confirm`).fill(alias.slice(0, -1));
    await expect(del).toBeDisabled();
    await confirm.getByLabel(`Type ${alias} to confirm`).fill(alias);
    await expect(del).toBeEnabled();
    await expectAccessible(page);
    await del.click();
    await expect(page).toHaveURL(/\/models$/);
    expect(await sandboxModel(request, newId)).toBeNull();
    await expect(page.locator(`[data-testid="model-group"][data-alias="${alias}"]`)).toHaveCount(0);
  });

  test("LiteLLM down: the last known deployments stay, and the page says they are getting old; then recovery", async ({ page, request }) => {
    await page.goto("/models");
    await expect(page.getByTestId("index-freshness")).toContainText(/deployments as of \d+ s ago/);
    try {
      await setFaults(request, [
        { route: "/v2/model/info", drop: true },
        { route: "/model/info", drop: true },
      ]);
      // The e2e console refreshes every second (DEPLOYMENT_INDEX_REFRESH_MS): stale after three missed refreshes.
      await expect(async () => {
        await page.reload();
        await expect(page.getByTestId("index-freshness").getByRole("status")).toContainText("LiteLLM did not answer the last refresh", { timeout: 1_000 });
      }).toPass({ timeout: 30_000 });
      await expect(page.locator('[data-testid="model-group"][data-alias="llama3"]')).toBeVisible();
      await expectAccessible(page);
    } finally {
      await setFaults(request, []);
    }
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("index-freshness").getByRole("status")).toHaveCount(0, { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  });

  test("a deployment another replica added appears within the refresh interval; this console's own delete at once", async ({ page, request }) => {
    const alias = `e2e-elsewhere-${Date.now()}`;
    const id = await addModel(request, alias, {});
    await expect(async () => {
      await page.goto(`/models?q=${alias}&provider=ollama_chat`);
      await expect(page.locator(`[data-testid="model-group"][data-alias="${alias}"]`)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.goto(`/models/${id}`);
    await page.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.getByLabel(`Type ${alias} to confirm`).fill(alias);
    await confirm.getByRole("button", { name: "Delete deployment" }).click();
    await expect(page).toHaveURL(/\/models$/);
    await page.goto(`/models?q=${alias}`);
    await expect(page.getByRole("heading", { name: "No deployments match these filters" })).toBeVisible();
  });
});
