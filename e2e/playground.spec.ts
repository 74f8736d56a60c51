import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { LITELLM_URL, MASTER_KEY, STORAGE, UPSTREAM_URL } from "./helpers/env";
import { runId } from "./helpers/keys";

/**
 * The playground through the UI against the sandbox gateway: embeddings checked against the consumer registry, a
 * streamed chat answer, two models side by side, a member kept to their team's models, bad input, and a stream that
 * breaks mid-way. Every call's temporary key must be gone afterwards.
 */
const run = runId();

async function temporaryKeysLeft(request: APIRequestContext): Promise<number> {
  const res = await request.get(`${LITELLM_URL}/key/list`, {
    params: { key_alias: "gatehouse-playground-", substring_matching: "true", size: "100", return_full_object: "true" },
    headers: { authorization: `Bearer ${MASTER_KEY}` },
  });
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { keys: { key_alias?: string | null }[] };
  return body.keys.filter((k) => k.key_alias?.startsWith("gatehouse-playground-")).length;
}

async function choose(page: Page, label: string, model: string) {
  await page.getByLabel(label, { exact: true }).selectOption(model);
}

test.describe("as an admin", () => {
  test.describe.configure({ mode: "serial" });
  test.use({ storageState: STORAGE.admin });

  test("an embedding model: the vector's length, checked against the consumer registry", async ({ page, request }) => {
    // Register what a consumer expects of this alias, through the aliases page.
    await page.goto("/aliases?tab=registry");
    await page.getByRole("button", { name: "Add alias" }).click();
    const dialog = page.getByRole("dialog", { name: "Add consumer alias" });
    await dialog.getByLabel("Alias", { exact: true }).fill("text-embedding-3-small");
    await dialog.getByLabel("Consumer", { exact: true }).fill(`pg-rag-${run}`);
    await dialog.getByLabel("Kind", { exact: true }).click();
    await page.getByRole("option", { name: "Embedding" }).click();
    await dialog.getByLabel("Dimension", { exact: true }).fill("1536");
    await dialog.getByRole("button", { name: "Add alias" }).click();
    await expect(dialog).toBeHidden();

    await page.goto("/playground?model=text-embedding-3-small");
    await expect(page.getByRole("heading", { level: 1, name: "Playground" })).toBeVisible();
    await page.getByLabel("Text to embed").fill("The quick brown fox");
    await page.getByRole("button", { name: "Embed" }).click();
    await expect(page.getByTestId("vector-length")).toHaveText("1536");
    await expect(page.getByText("Dimension matches")).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(`pg-rag-${run}.*1536.*Matches`) })).toBeVisible();
    await expectAccessible(page);
    expect(await temporaryKeysLeft(request)).toBe(0);
  });

  test("a chat model: the answer streams in, with latency, tokens and the deployment that answered", async ({ page, request }) => {
    await page.goto("/playground?model=gpt-4o-mini");
    await page.getByLabel("System prompt (optional)").fill("Answer briefly.");
    await page.getByLabel("Prompt", { exact: true }).fill("Say hello to the operators");
    await page.getByRole("button", { name: "Send" }).click();
    const answer = page.getByTestId("answer");
    await expect(answer).not.toHaveText(/No answer yet|Waiting/);
    await expect(page.getByText("Answered by")).toBeVisible();
    await expect(page.getByText("9b0c7a3e-1f6d-4c1a-9e51-000000000001")).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: /\d+ in, \d+ out/ })).toBeVisible();
    // The snippet names a placeholder, never a key.
    await page.getByText("Call it yourself (curl, Python)").click();
    await expect(page.getByText(/Bearer \$LITELLM_API_KEY/)).toBeVisible();
    await expect(page.locator("pre").first()).not.toContainText(/sk-[A-Za-z0-9]{8}/);
    expect(await temporaryKeysLeft(request)).toBe(0);
  });

  test("two models side by side for the same prompt", async ({ page }) => {
    await page.goto("/playground?model=gpt-4o-mini");
    await page.getByLabel("Compare with a second model (same prompt, side by side)").check();
    await choose(page, "Second model", "gpt-4o");
    await page.getByLabel("Prompt", { exact: true }).fill("Compare me");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "gpt-4o-mini" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "gpt-4o", exact: true })).toBeVisible();
    const answers = page.getByTestId("answer");
    await expect(answers).toHaveCount(2);
    for (const answer of await answers.all()) await expect(answer).not.toHaveText(/No answer yet|Waiting/);
  });

  test("bad input: an empty prompt, a prompt over the stated limit, a model that no longer exists", async ({ page }) => {
    await page.goto("/playground?model=gpt-4o-mini");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByText("Write a prompt.")).toBeVisible();
    await expect(page.getByLabel("Prompt", { exact: true })).toBeFocused();

    await page.getByLabel("Prompt", { exact: true }).fill("x".repeat(32_001));
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByText(/At most 32,000 characters/).first()).toBeVisible();

    await page.goto("/playground?model=ghost-model-that-was-deleted");
    await expect(page.getByText("You cannot try ghost-model-that-was-deleted")).toBeVisible();
    await expect(page.getByText(/LiteLLM has no model named ghost-model-that-was-deleted/)).toBeVisible();
  });

  test("the model picker: the page sends the first names only; the search finds a model on the server and the choice sticks", async ({ page }) => {
    await page.goto("/playground");
    const picker = page.getByLabel("Model", { exact: true });
    // The interactive view loads after hydration: wait for its options before reading them.
    await expect(picker.locator("option").first()).toBeAttached();
    const listed = await picker.locator("option").count();
    expect(listed).toBeLessThanOrEqual(50);
    await expect(page.getByTestId("picker-note")).toHaveText(/^(\d+ models?\.|Showing the first 50 names; type to find the others\.)$/);

    await page.getByLabel("Find a model").fill("EMBEDDING-3-sm");
    await expect(page.getByTestId("picker-note")).toHaveText("1 model matching “EMBEDDING-3-sm”.");
    // The match, and the current choice kept on top so the select never loses its value.
    await expect(picker.locator('option[value="text-embedding-3-small"]')).toBeAttached();
    expect(await picker.locator("option").count()).toBeLessThanOrEqual(2);
    await choose(page, "Model", "text-embedding-3-small");
    await expect(page.getByLabel("Text to embed")).toBeVisible();

    await page.getByLabel("Find a model").fill(`no-such-model-${run}`);
    await expect(page.getByTestId("picker-note")).toHaveText(`No model you may try matches “no-such-model-${run}”.`);
    // The chosen model stays selected while the search shows nothing else.
    await expect(picker).toHaveValue("text-embedding-3-small");
    await expect(picker.locator("option")).toHaveCount(1);
    await expectAccessible(page);
  });

  test("the gateway breaks mid-stream: the partial answer stays with an error, the temporary key is still deleted", async ({
    page,
    request,
  }) => {
    const faults = await request.post(`${UPSTREAM_URL}/__sandbox/faults`, { data: { streamDropAfter: 2 } });
    expect(faults.ok()).toBe(true);
    try {
      await page.goto("/playground?model=gpt-4o-mini");
      await page.getByLabel("Prompt", { exact: true }).fill("Tell me a long story about gateways and budgets");
      await page.getByRole("button", { name: "Send" }).click();
      await expect(page.getByText("The answer stopped part-way")).toBeVisible();
      await expect(page.getByTestId("answer")).not.toHaveText(/No answer yet|Waiting/);
      await expect(page.getByText("The part that arrived is kept above. The temporary key was deleted.")).toBeVisible();
    } finally {
      await request.delete(`${UPSTREAM_URL}/__sandbox/faults`);
    }
    expect(await temporaryKeysLeft(request)).toBe(0);
  });
});

test.describe("as a team member", () => {
  test.use({ storageState: STORAGE.alphaMember });

  test("sees only the team's models, is told the team pays, and is told why another model is out of reach", async ({ page }) => {
    await page.goto("/playground?model=llama3");
    await expect(page.getByText("You cannot try llama3")).toBeVisible();
    await expect(page.getByText(/None of your teams \(team-alpha\) may use llama3/)).toBeVisible();
    // The interactive view loads after hydration: wait for its options before reading them.
    await expect(page.getByLabel("Model", { exact: true }).locator("option")).toHaveCount(2);
    const options = await page.getByLabel("Model", { exact: true }).locator("option").allTextContents();
    expect(options.map((o) => o.split(" (")[0]).sort()).toEqual(["gpt-4o-mini", "text-embedding-3-small"]);
    await expect(page.getByText("Counts against team alpha's budget")).toBeVisible();

    // The picker's search is scoped on the server too: another team's model is not found.
    await page.getByLabel("Find a model").fill("llama");
    await expect(page.getByTestId("picker-note")).toHaveText("No model you may try matches “llama”.");
    await page.getByLabel("Find a model").fill("");
    await expect(page.getByLabel("Model", { exact: true }).locator("option")).toHaveCount(2);

    await choose(page, "Model", "gpt-4o-mini");
    await page.getByLabel("Prompt", { exact: true }).fill("hello from a member");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByTestId("answer")).not.toHaveText(/No answer yet|Waiting/);
    await expect(page.getByText("The call failed")).toHaveCount(0);
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: STORAGE.ocpViewer });

  test("is told viewers cannot call models", async ({ page }) => {
    await page.goto("/playground");
    await expect(page.getByText("Viewers can read the console but not call models.")).toBeVisible();
  });
});
