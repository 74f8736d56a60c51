import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { STORAGE, UPSTREAM_URL } from "./helpers/env";
import {
  aliasFindings,
  back,
  chatThroughSandbox,
  chooseMode,
  chooseProvider,
  embedThroughSandbox,
  expectStep,
  fillConnection,
  fillModel,
  modelInfo,
  next,
  openWizard,
  runTestConnect,
  saveModel,
  setUpstreamFaults,
  testConnectionCalls,
  uniqueSuffix,
  type WizardMode,
} from "./helpers/wizard";

test.use({ storageState: STORAGE.admin });

interface ModelSpec {
  provider: string;
  alias: string;
  model: string;
  mode: WizardMode;
  dimension?: string;
  connection: Record<string, string>;
}

/** Provider → model → connection → limits → Test Connect (must succeed) → review → save; returns the deployment id. */
async function addThroughWizard(page: Page, spec: ModelSpec): Promise<string> {
  await openWizard(page);
  await chooseProvider(page, spec.provider);
  await fillModel(page, { alias: spec.alias, model: spec.model, mode: spec.mode, dimension: spec.dimension });
  await next(page);
  await fillConnection(page, spec.connection);
  await next(page);
  await expectStep(page, "Limits, pricing and defaults");
  await next(page);
  const status = await runTestConnect(page);
  await expect(status).toContainText(/Connected in \d+ ms/);
  await next(page);
  await saveModel(page);
  await expect(page.getByTestId("wizard-success")).toContainText(`Saved ${spec.alias}`);
  return (await page.getByTestId("saved-model-id").textContent())!.trim();
}

async function expectListed(page: Page, request: APIRequestContext, alias: string, modelId: string) {
  await page.goto(`/models?q=${encodeURIComponent(alias)}`);
  await expect(page.locator(`[data-testid="model-row"][data-model-id="${modelId}"]`)).toBeVisible();
  const stored = (await modelInfo(request)).find((d) => d.model_info.id === modelId);
  expect(stored?.model_name).toBe(alias);
}

test.describe("Add Model wizard", () => {
  test("OpenAI chat: validated steps, Back keeps values, cost-map pre-fill, Test Connect, masked review, saved, listed and answering", async ({
    page,
    request,
  }) => {
    // As long as its siblings below (every step, five accessibility scans, Test Connect, save, a gateway call).
    test.setTimeout(120_000);
    const alias = `e2e-wiz-openai-${uniqueSuffix()}`;
    await openWizard(page);
    await expectAccessible(page);
    await expect(page.getByRole("radio", { name: "Azure OpenAI", exact: true })).toBeVisible();
    // The full LiteLLM list is searchable and keyboard reachable.
    await page.getByLabel("Search providers").fill("deepinfra");
    await expect(page.getByRole("radio", { name: /DeepInfra/i })).toBeVisible();
    await page.getByLabel("Search providers").fill("");
    await next(page);
    await expect(page.getByText("Choose a provider")).toBeVisible();
    await chooseProvider(page, "OpenAI");

    await next(page);
    await expect(page.getByText("Enter the public alias clients will call")).toBeVisible();
    await expect(page.getByText("Enter the upstream model")).toBeVisible();
    await expect(page.getByLabel("Public alias")).toHaveAttribute("aria-invalid", "true");
    await fillModel(page, { alias, model: "gpt-4o-mini" });
    // Mode comes from the cost map.
    await expect(page.getByRole("radio", { name: /^Chat – / })).toBeChecked();
    await expect(page.getByTestId("cost-map-defaults")).toContainText("mode chat");
    await expectAccessible(page);
    await next(page);

    await fillConnection(page, { "API key": "sk-upstream-good", "API base URL (optional)": `${UPSTREAM_URL}/v1` });
    await expect(page.getByLabel("API key", { exact: true })).toHaveAttribute("type", "password");
    await expect(page.getByLabel("API key", { exact: true })).toHaveAttribute("autocomplete", "off");
    await expectAccessible(page);
    await back(page);
    await expectStep(page, "Model and mode");
    await expect(page.getByLabel("Public alias")).toHaveValue(alias);
    await expect(page.getByLabel(/^Upstream model/)).toHaveValue("gpt-4o-mini");
    await next(page);
    await expect(page.getByLabel("API key", { exact: true })).toHaveValue("sk-upstream-good");
    await next(page);

    await expectStep(page, "Limits, pricing and defaults");
    await expect(page.getByLabel("Input cost per token")).not.toHaveValue("");
    await page.getByLabel("Advanced litellm_params (JSON)").fill('{"stream_timeout": 30,}');
    await next(page);
    await expect(page.getByText(/Advanced JSON must be a JSON object: .*position/)).toBeVisible();
    await page.getByLabel("Advanced litellm_params (JSON)").fill('{"stream_timeout": 30}');
    await page.getByLabel("Requests per minute").fill("120");
    await expectAccessible(page);
    await next(page);

    const before = (await testConnectionCalls(request)).length;
    const status = await runTestConnect(page);
    await expect(status).toContainText(/Connected in \d+ ms/);
    await expect(page.getByTestId("test-connect-curl")).toContainText("${OPENAI_API_KEY}");
    await expect(page.getByTestId("test-connect-curl")).not.toContainText("sk-upstream-good");
    const calls = await testConnectionCalls(request);
    expect(calls.length).toBe(before + 1);
    expect(calls.at(-1)!.body).toMatchObject({ mode: "chat", litellm_params: { model: "openai/gpt-4o-mini", api_key: "***" } });
    await expectAccessible(page);
    await next(page);

    await expectStep(page, "Review and save");
    const reviewed = page.getByTestId("review-request");
    await expect(reviewed).toContainText(`"model_name": "${alias}"`);
    await expect(reviewed).toContainText('"rpm": 120');
    await expect(reviewed).toContainText('"stream_timeout": 30');
    await expect(reviewed).toContainText(/"api_key": "••••\w{0,4}"/);
    await expect(reviewed).not.toContainText("sk-upstream-good");
    await page.getByRole("tab", { name: "config.yaml" }).click();
    await expect(page.getByTestId("review-yaml")).toContainText("api_key: os.environ/OPENAI_API_KEY");
    await expect(page.getByTestId("review-yaml")).not.toContainText("sk-upstream-good");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Save model" }).click();
    await expect(page.getByTestId("wizard-success")).toContainText(`Saved ${alias}`);
    const modelId = (await page.getByTestId("saved-model-id").textContent())!.trim();
    expect(await page.content()).not.toContain("sk-upstream-good");

    await expectListed(page, request, alias, modelId);
    const reply = await chatThroughSandbox(request, alias);
    expect(reply.choices[0]!.message.content).toContain("Sandbox reply from gpt-4o-mini");
  });

  test("Azure OpenAI chat, Ollama and an OpenAI-compatible vLLM endpoint: tested, saved, listed and answering chat", async ({ page, request }) => {
    test.setTimeout(120_000);
    const sfx = uniqueSuffix();
    const specs: ModelSpec[] = [
      {
        provider: "Azure OpenAI",
        alias: `e2e-wiz-azure-chat-${sfx}`,
        model: "gpt-4o",
        mode: "chat",
        connection: { "API base URL": UPSTREAM_URL, "API version": "2024-10-21", "API key": "azure-upstream-good" },
      },
      { provider: "Ollama", alias: `e2e-wiz-ollama-${sfx}`, model: "llama3", mode: "chat", connection: { "API base URL": UPSTREAM_URL } },
      {
        provider: "vLLM",
        alias: `e2e-wiz-vllm-${sfx}`,
        model: "granite-3.3-8b-instruct",
        mode: "chat",
        connection: { "API base URL": `${UPSTREAM_URL}/open/v1`, "API key": "placeholder-not-checked" },
      },
    ];
    for (const spec of specs) {
      const modelId = await addThroughWizard(page, spec);
      await expectListed(page, request, spec.alias, modelId);
      const reply = await chatThroughSandbox(request, spec.alias);
      expect(reply.choices[0]!.message.content).toContain("Sandbox reply from");
    }
    const stored = await modelInfo(request);
    expect(stored.find((d) => d.model_name === `e2e-wiz-ollama-${sfx}`)?.litellm_params.model).toBe("ollama_chat/llama3");
    expect(stored.find((d) => d.model_name === `e2e-wiz-vllm-${sfx}`)?.litellm_params.model).toBe("hosted_vllm/granite-3.3-8b-instruct");
  });

  test("an Azure embedding model is tested as an embedding, saved with its mode and verified by a real call", async ({ page, request }) => {
    const alias = `e2e-wiz-azure-embed-${uniqueSuffix()}`;
    await openWizard(page);
    await chooseProvider(page, "Azure OpenAI");
    await fillModel(page, { alias, model: "text-embedding-3-small" });
    // Mode and dimension come from the cost map (azure/text-embedding-3-small → the OpenAI base model's 1536).
    await expect(page.getByRole("radio", { name: /^Embedding – / })).toBeChecked();
    await expect(page.getByLabel("Output dimension (output_vector_size)")).toHaveValue("1536");
    await next(page);
    await fillConnection(page, { "API base URL": UPSTREAM_URL, "API version": "2024-10-21", "API key": "azure-upstream-good" });
    await expect(page.getByTestId("advice-params.api_base")).toContainText("internal gateway");
    await next(page);
    await next(page);
    const status = await runTestConnect(page);
    await expect(status).toContainText(/Connected in \d+ ms/);
    await expect(status).toContainText("answered a test embedding request");
    const last = (await testConnectionCalls(request)).at(-1)!;
    expect(last.body).toMatchObject({ mode: "embedding", litellm_params: { model: "azure/text-embedding-3-small" } });
    await next(page);
    await saveModel(page);
    await expect(page.getByTestId("wizard-success")).toContainText(`Saved ${alias}`);
    await expect(page.getByTestId("verification-badge")).toHaveText("Verified 1536");
    await expectAccessible(page);
    const modelId = (await page.getByTestId("saved-model-id").textContent())!.trim();
    const stored = (await modelInfo(request)).find((d) => d.model_info.id === modelId)!;
    expect(stored.model_info).toMatchObject({ mode: "embedding" });
    const vectors = await embedThroughSandbox(request, alias);
    expect(vectors.data[0]!.embedding).toHaveLength(1536);
  });

  test("failures are explained: bad key, os.environ/ value, wrong Azure deployment, unreachable host", async ({ page, request }) => {
    test.setTimeout(120_000);
    // Bad key.
    await openWizard(page);
    await chooseProvider(page, "OpenAI");
    await fillModel(page, { alias: `e2e-wiz-badkey-${uniqueSuffix()}`, model: "gpt-4o-mini", mode: "chat" });
    await next(page);
    await fillConnection(page, { "API key": "sk-wrong-key-123456", "API base URL (optional)": `${UPSTREAM_URL}/v1` });
    await next(page);
    await next(page);
    let status = await runTestConnect(page);
    await expect(status).toContainText("The provider rejected the API key.");
    await expect(page.getByTestId("test-connect-curl")).not.toContainText("sk-wrong-key-123456");
    await expect(page.getByTestId("test-connect-error")).not.toContainText("sk-wrong-key-123456");
    await expectAccessible(page);

    // An os.environ/ reference is saved as is but never sent to Test Connect: refused on the field.
    const calls = (await testConnectionCalls(request)).length;
    await page.getByRole("button", { name: /Connection and credentials/ }).click();
    await page.getByLabel("API key", { exact: true }).fill("os.environ/OPENAI_API_KEY");
    await next(page);
    await next(page);
    await page.getByRole("button", { name: /Run Test Connect|Test again/ }).click();
    await expectStep(page, "Connection and credentials");
    await expect(page.getByText(/LiteLLM resolves os\.environ\/ references only in its own environment; Test Connect would send the literal text/)).toBeVisible();
    await expect(page.getByLabel("API key", { exact: true })).toHaveAttribute("aria-invalid", "true");
    expect((await testConnectionCalls(request)).length).toBe(calls);

    // Wrong Azure deployment name.
    await openWizard(page);
    await chooseProvider(page, "Azure OpenAI");
    await fillModel(page, { alias: `e2e-wiz-nodeploy-${uniqueSuffix()}`, model: "no-such-deployment", mode: "chat" });
    await next(page);
    await fillConnection(page, { "API base URL": UPSTREAM_URL, "API version": "2024-10-21", "API key": "azure-upstream-good" });
    await next(page);
    await next(page);
    status = await runTestConnect(page);
    await expect(status).toContainText("Azure has no deployment with this name in that resource.");
    await expect(status).toContainText("Azure AI Foundry → Deployments");

    // Unreachable host: the upstream drops every connection.
    await openWizard(page);
    await chooseProvider(page, "vLLM");
    await fillModel(page, { alias: `e2e-wiz-down-${uniqueSuffix()}`, model: "granite-3.3-8b-instruct", mode: "chat" });
    await next(page);
    await fillConnection(page, { "API base URL": `${UPSTREAM_URL}/open/v1` });
    await next(page);
    await next(page);
    await setUpstreamFaults(request, { drop: true });
    try {
      status = await runTestConnect(page);
      await expect(status).toContainText(/LiteLLM could not reach the server at 127\.0\.0\.1:\d+/);
    } finally {
      await setUpstreamFaults(request, null);
    }
  });

  test("SSRF: metadata, loopback, IPv6 loopback and private api_base values are refused on the field before any request leaves", async ({
    page,
    request,
  }) => {
    await openWizard(page);
    await chooseProvider(page, "vLLM");
    await fillModel(page, { alias: `e2e-wiz-ssrf-${uniqueSuffix()}`, model: "granite-3.3-8b-instruct", mode: "chat" });
    await next(page);
    const before = await testConnectionCalls(request);
    const field = page.getByLabel("API base URL", { exact: true });
    const cases: [string, RegExp][] = [
      ["http://169.254.169.254/", /169\.254\.169\.254 is a (cloud metadata|link-local) address/],
      ["http://127.0.0.1:4000", /127\.0\.0\.1 is a loopback address/],
      ["http://[::1]/", /::1 is a loopback address/],
      ["http://10.0.0.5/", /10\.0\.0\.5 is a private address/],
    ];
    for (const [url, message] of cases) {
      await field.fill(url);
      await next(page);
      await expectStep(page, "Connection and credentials");
      await expect(page.getByText(message)).toBeVisible();
      await expect(field).toHaveAttribute("aria-invalid", "true");
    }
    await expectAccessible(page);
    const after = await testConnectionCalls(request);
    expect(after.length).toBe(before.length);
    expect(JSON.stringify(after)).not.toMatch(/169\.254|10\.0\.0\.5|\[::1\]|127\.0\.0\.1:4000/);
  });

  test("issue 5: a consumer's 1536-dim embedding alias — chat, no dimension and 3072 are blocked, 1536 is saved and verified, a second deployment needs confirmation", async ({
    page,
    request,
  }) => {
    test.setTimeout(150_000);
    const alias = `e2e-wiz-rag-${uniqueSuffix()}`;
    // The consumer's expectation, registered through the aliases UI.
    await page.goto("/aliases?tab=registry");
    await page.getByRole("button", { name: "Add alias" }).click();
    const dialog = page.getByRole("dialog", { name: "Add consumer alias" });
    await dialog.getByLabel("Alias", { exact: true }).fill(alias);
    await dialog.getByLabel("Consumer", { exact: true }).fill("rag-pipeline");
    await dialog.getByLabel("Kind", { exact: true }).click();
    await page.getByRole("option", { name: "Embedding" }).click();
    await dialog.getByLabel("Dimension", { exact: true }).fill("1536");
    await dialog.getByRole("button", { name: "Add alias" }).click();
    await expect(dialog).toBeHidden();

    // The coverage view's link pre-fills alias, mode and dimension.
    await openWizard(page, `?alias=${alias}&mode=embedding&dimension=1536`);
    await chooseProvider(page, "Azure OpenAI");
    await expect(page.getByLabel("Public alias")).toHaveValue(alias);
    await expect(page.getByRole("radio", { name: /^Embedding – / })).toBeChecked();
    await expect(page.getByLabel("Output dimension (output_vector_size)")).toHaveValue("1536");
    await fillModel(page, { model: "text-embedding-3-small" });

    // As chat: the live check says it will be blocked, and save refuses.
    await chooseMode(page, "chat");
    await expect((await aliasFindings(page)).locator('[data-severity="block"]')).toContainText("rag-pipeline expects");
    await next(page);
    await fillConnection(page, { "API base URL": UPSTREAM_URL, "API version": "2024-10-21", "API key": "azure-upstream-good" });
    await next(page);
    await next(page);
    await next(page);
    await saveModel(page);
    await expect(page.getByTestId("save-refused")).toContainText("rag-pipeline expects");
    await expect(page.getByTestId("save-findings").locator('[data-severity="block"]').first()).toContainText("rag-pipeline expects");

    // Embedding without a dimension: refused on the field.
    await page.getByRole("button", { name: /Model and mode/ }).click();
    await chooseMode(page, "embedding");
    await page.getByLabel("Output dimension (output_vector_size)").fill("");
    await next(page);
    await expectStep(page, "Model and mode");
    await expect(page.getByText("Embedding models need a dimension (output_vector_size)")).toBeVisible();

    // 3072: the consumer expects 1536.
    await page.getByLabel("Output dimension (output_vector_size)").fill("3072");
    await expect((await aliasFindings(page)).locator('[data-severity="block"]').first()).toContainText("1536");
    await page.getByRole("button", { name: /Review and save/ }).click();
    await saveModel(page);
    await expect(page.getByTestId("save-refused")).toContainText("but this deployment returns 3072");
    expect((await modelInfo(request)).some((d) => d.model_name === alias)).toBe(false);

    // 1536: the refusal for 3072 no longer stands above a body that says 1536; saved and verified by a real call.
    await page.getByRole("button", { name: /Model and mode/ }).click();
    await page.getByLabel("Output dimension (output_vector_size)").fill("1536");
    await page.getByRole("button", { name: /Review and save/ }).click();
    await expect(page.getByTestId("review-request")).toContainText('"output_vector_size": 1536');
    await expect(page.getByTestId("save-refused")).toHaveCount(0);
    await saveModel(page);
    await expect(page.getByTestId("wizard-success")).toContainText(`Saved ${alias}`);
    await expect(page.getByTestId("verification-badge")).toHaveText("Verified 1536");

    // A second deployment under the same alias joins the load-balancing group only after confirmation.
    await page.getByRole("button", { name: "Add another model" }).click();
    await expectStep(page, "Provider");
    await chooseProvider(page, "Azure OpenAI");
    await fillModel(page, { alias, model: "text-embedding-3-small", mode: "embedding", dimension: "1536" });
    await expect((await aliasFindings(page)).locator('[data-severity="confirm"]')).toContainText("load-balancing group");
    await next(page);
    await fillConnection(page, { "API base URL": UPSTREAM_URL, "API version": "2024-10-21", "API key": "azure-upstream-good" });
    await next(page);
    await next(page);
    await next(page);
    await expect(page.getByTestId("group-notice")).toContainText("already served by 1 deployment");
    await saveModel(page);
    const confirm = page.getByRole("alertdialog", { name: "Add to the load-balancing group?" });
    await expect(confirm).toBeVisible();
    await expectAccessible(page);
    await confirm.getByRole("button", { name: "Add to the group and save" }).click();
    await expect(page.getByTestId("wizard-success")).toContainText("now has 2 deployments");
    expect((await modelInfo(request)).filter((d) => d.model_name === alias)).toHaveLength(2);
  });
});
