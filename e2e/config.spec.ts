import { expect, test, type Page } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { STORAGE, UPSTREAM_URL } from "./helpers/env";
import { uniqueSuffix } from "./helpers/wizard";

const DEMO_GPT4O_MINI = "9b0c7a3e-1f6d-4c1a-9e51-000000000001";
const DEMO_LLAMA3 = "9b0c7a3e-1f6d-4c1a-9e51-000000000003";

/** Clicks Download on /config's export and returns the file's text. */
async function downloadExport(page: Page): Promise<string> {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download", exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("config.yaml");
  return new Promise<string>((resolve, reject) => {
    void file.createReadStream().then((stream) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      stream.on("error", reject);
    });
  });
}

async function upload(page: Page, name: string, text: string, source: string) {
  await page.goto("/config?tab=plan");
  await expect(page.getByRole("heading", { name: "Config as code", level: 1 })).toBeVisible();
  await page.getByLabel("Config file").setInputFiles({ name, mimeType: "application/yaml", buffer: Buffer.from(text) });
  await page.getByLabel("Source name").fill(source);
  await page.getByRole("button", { name: "Plan", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Plan", exact: true })).toBeVisible({ timeout: 30_000 });
}

test.describe("config as code as the admin", () => {
  test.use({ storageState: STORAGE.admin });

  test("upload a config.yaml: plan shows add / change / blocked; apply the rest; listed; re-plan has no changes; audited", async ({ page }) => {
    test.setTimeout(180_000);
    const sfx = uniqueSuffix();
    const chat = `e2e-cfg-chat-${sfx}`;
    const azure = `e2e-cfg-azure-embed-${sfx}`;
    const rag = `e2e-cfg-rag-${sfx}`;
    const source = `e2e-config-${sfx}.yaml`;

    // A consumer requires the rag alias at 1024 dimensions (through a bundle: the same plan → apply path).
    const bundle = ["apiVersion: gatehouse/v1", "kind: Bundle", "consumerAliases:", `  - { alias: ${rag}, consumer: e2e-rag-${sfx}, kind: embedding, dimension: 1024, required: true }`].join("\n");
    await upload(page, "bundle.yaml", bundle, `e2e-bundle-${sfx}`);
    await expect(page.getByTestId("plan-summary")).toContainText("1 to add");
    await page.getByRole("button", { name: "Apply 1 change" }).click();
    await expect(page.getByText("1 change applied")).toBeVisible({ timeout: 30_000 });

    // First the chat model exists, so the real file can change it.
    const chatEntry = (rpm: number) => [
      `  - model_name: ${chat}`,
      "    litellm_params:",
      "      model: openai/gpt-4o-mini",
      `      api_base: ${UPSTREAM_URL}/v1`,
      "      api_key: sk-upstream-good",
      `      rpm: ${rpm}`,
      "    model_info:",
      "      mode: chat",
    ];
    await upload(page, "config.yaml", ["model_list:", ...chatEntry(10)].join("\n"), source);
    await page.getByRole("button", { name: "Apply 1 change" }).click();
    await expect(page.getByText("1 change applied")).toBeVisible({ timeout: 30_000 });

    const config = [
      "model_list:",
      ...chatEntry(20),
      `  - model_name: ${azure}`,
      "    litellm_params:",
      "      model: azure/text-embedding-3-small",
      `      api_base: ${UPSTREAM_URL}`,
      "      api_version: 2024-10-21",
      "      api_key: azure-upstream-good",
      "      output_vector_size: 1536",
      "    model_info:",
      "      mode: embedding",
      "      base_model: text-embedding-3-small",
      `  - model_name: ${rag}`,
      "    litellm_params:",
      "      model: openai/text-embedding-3-small",
      `      api_base: ${UPSTREAM_URL}/v1`,
      "      api_key: sk-upstream-good",
      "      output_vector_size: 1536",
      "    model_info:",
      "      mode: embedding",
      "litellm_settings:",
      "  drop_params: true",
    ].join("\n");
    await upload(page, "config.yaml", config, source);
    await expect(page.getByTestId("plan-summary")).toContainText("1 to add, 1 to change, 0 to remove");
    await expect(page.getByTestId("plan-summary")).toContainText("1 blocked");
    await expect(page.getByText("Note: litellm_settings: not planned")).toBeVisible();
    const planned = page.getByRole("list", { name: "Planned changes" });
    const addItem = planned.getByRole("listitem", { name: `add ${azure}` });
    await expect(addItem).toContainText("litellm_params.api_key: ••••");
    await expect(addItem).not.toContainText("azure-upstream-good");
    const changeItem = planned.getByRole("listitem", { name: `change ${chat}` });
    await expect(changeItem).toContainText("litellm_params.rpm: 10 → 20");
    const blockedItem = planned.getByRole("listitem", { name: `blocked ${rag}` });
    await expect(blockedItem).toContainText(`expects ${rag} to return 1024-dimensional vectors`);
    await expect(blockedItem.getByRole("checkbox")).toHaveCount(0);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Apply 2 changes" }).click();
    await expect(page.getByText("2 changes applied")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("progressbar", { name: "Apply progress" })).toBeVisible();
    await expect(page.getByText("2 of 2 applied")).toBeVisible();
    await expect(addItem.getByText("applied", { exact: true })).toBeVisible();
    await expect(changeItem.getByText("applied", { exact: true })).toBeVisible();

    // Re-plan the same file: nothing left to change (the blocked one stays blocked).
    await page.getByRole("button", { name: "plan again" }).click();
    await expect(page.getByTestId("plan-summary")).toContainText("0 to add, 0 to change, 0 to remove, 2 unchanged, 1 blocked");

    await page.goto(`/models?q=e2e-cfg-`);
    const table = page.getByRole("table", { name: "Deployments grouped by alias" });
    await expect(table.getByText(azure)).toBeVisible();
    await expect(table.getByText(chat)).toBeVisible();
    await expect(table.getByText(rag)).toHaveCount(0);
    await expect(table.getByText(`from ${source}`).first()).toBeVisible();

    await page.goto(`/audit?action=config.apply&target=${encodeURIComponent(source)}`);
    await expect(page.getByRole("cell", { name: "config.apply" }).first()).toBeVisible();
    await expect(page.getByText(`"name":"${azure}"`).first()).toBeAttached();
  });

  test("bad input: an unknown field and a duplicate key are named, nothing is planned or applied", async ({ page }) => {
    await upload(page, "bad.yaml", "model_list:\n  - model_name: x\n    litellm_params: { model: openai/x }\n    modelInfo: {}\n", "bad-input");
    const alert = page.getByRole("alert").filter({ hasText: "nothing is planned or applied" });
    await expect(alert).toContainText("model_list[0].modelInfo");
    await expect(alert).toContainText("did you mean model_info?");
    await expect(page.getByRole("button", { name: /^Apply/ })).toHaveCount(0);

    await upload(page, "dup.yaml", "model_list: []\nmodel_list: []\n", "bad-input");
    await expect(page.getByRole("alert").filter({ hasText: "Duplicate key" })).toBeVisible();
  });

  test("export downloads config.yaml with secrets as references, from the models list's search", async ({ page }) => {
    await page.goto("/models?q=gpt-4o-mini");
    await page.getByRole("link", { name: /^Export all \d+ matching these filters$/ }).click();
    await expect(page.getByTestId("export-selection")).toContainText("every deployment matching search “gpt-4o-mini”");
    const text = await downloadExport(page);
    expect(text).toContain("model_name: gpt-4o-mini");
    expect(text).toContain("api_key: os.environ/GPT_4O_MINI_API_KEY");
    expect(text).not.toContain("sk-upstream-good");
    expect(text).not.toContain("model_name: llama3");
  });

  test("export the models list's selection, and its current filter beyond search", async ({ page }) => {
    // The selection: tick two rows on the models list, "Export selected".
    await page.goto("/models");
    await page.locator(`[data-model-id="${DEMO_LLAMA3}"]`).getByRole("checkbox", { name: /^Select llama3 / }).check();
    await page.locator(`[data-model-id="${DEMO_GPT4O_MINI}"]`).getByRole("checkbox", { name: /^Select gpt-4o-mini / }).check();
    await page.getByRole("button", { name: "Export selected" }).click();
    await expect(page).toHaveURL(/\/config\?(.+&)?tab=export/);
    await expect(page.getByTestId("export-selection")).toHaveText("Deployments: 2 selected deployments.");
    const selected = await downloadExport(page);
    expect(selected).toContain("model_name: llama3");
    expect(selected).toContain("model_name: gpt-4o-mini");
    expect(selected).not.toContain("text-embedding-3-small");
    expect((selected.match(/- model_name:/g) ?? []).length).toBe(2);

    // Nothing ticked: said so, not silently "everything".
    await page.goto("/models");
    await page.getByRole("button", { name: "Export selected" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "No deployments were selected" })).toBeVisible();

    // The current filter (not only a search): deployments defined in LiteLLM's config.yaml, every page of them.
    await page.goto("/models?source=config");
    await expect(page.getByTestId("model-row")).toHaveCount(1);
    await page.getByRole("link", { name: "Export all 1 matching these filters" }).click();
    await expect(page.getByTestId("export-selection")).toContainText("every deployment matching defined in “config”");
    const filtered = await downloadExport(page);
    expect((filtered.match(/- model_name:/g) ?? []).length).toBe(1);
    expect(filtered).toContain("model_name: gpt-4o\n");
    expect(filtered).not.toContain("model_name: llama3");
    await expectAccessible(page);
  });

  test("drift shows where deployments come from", async ({ page }) => {
    await page.goto("/config?tab=drift");
    await expect(page.getByRole("heading", { name: "Where the live deployments come from" })).toBeVisible();
    await expect(page.getByText(/1 from LiteLLM's own config.yaml/)).toBeVisible();
    await expect(page.getByRole("cell", { name: "config.yaml · read-only" })).toBeVisible();
    await expectAccessible(page);
  });
});
