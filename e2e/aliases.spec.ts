import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./helpers/a11y";
import { STORAGE } from "./helpers/env";

const THREE_ALIASES = `consumer: rag-pipeline
aliases:
  - alias: text-embedding-3-small
    kind: embedding
    dimension: 1536
    required: true
  - alias: team-chat-default
    kind: chat
    required: true
  - alias: rag-embed-large
    kind: embedding
    dimension: 3072
    required: false
`;

test.describe("consumer aliases as the admin", () => {
  test.use({ storageState: STORAGE.admin });

  test("create, edit and delete an alias; an embedding without a dimension is refused on the field", async ({ page }) => {
    await page.goto("/aliases?tab=registry");
    await expect(page.getByRole("heading", { name: "Consumer aliases", level: 1 })).toBeVisible();
    await expect(page.getByText("No consumer aliases registered")).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Add alias" }).click();
    const dialog = page.getByRole("dialog", { name: "Add consumer alias" });
    await dialog.getByLabel("Alias", { exact: true }).fill("docs-embed");
    await dialog.getByLabel("Consumer", { exact: true }).fill("docs-search");
    await dialog.getByLabel("Kind", { exact: true }).click();
    await page.getByRole("option", { name: "Embedding" }).click();
    await dialog.getByRole("button", { name: "Add alias" }).click();
    const dimension = dialog.getByLabel("Dimension", { exact: true });
    await expect(dialog.getByText("Embedding aliases need the vector size the consumer expects, e.g. 1536")).toBeVisible();
    await expect(dimension).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page);

    await dimension.fill("768");
    await dialog.getByRole("button", { name: "Add alias" }).click();
    await expect(page.getByText("Registered docs-embed for docs-search")).toBeVisible();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId("registry-row").filter({ hasText: "docs-embed" });
    await expect(row).toContainText("docs-search");
    await expect(row).toContainText("768");

    await page.getByRole("button", { name: "Edit docs-embed for docs-search" }).click();
    const edit = page.getByRole("dialog", { name: "Edit docs-embed" });
    await expect(edit.getByLabel("Dimension", { exact: true })).toHaveValue("768");
    await edit.getByLabel("Dimension", { exact: true }).fill("1024");
    await edit.getByLabel("Note (optional)").fill("nomic v2 index");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Updated docs-embed for docs-search")).toBeVisible();
    await expect(row).toContainText("1024");
    await expect(row).toContainText("nomic v2 index");

    await page.getByRole("button", { name: "Delete docs-embed for docs-search" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete docs-embed?" });
    await expect(confirm).toContainText("LiteLLM is not changed");
    await expectAccessible(page);
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText("Deleted docs-embed for docs-search")).toBeVisible();
    await expect(page.getByTestId("registry-row")).toHaveCount(0);
  });

  test("import 3 aliases: preview, apply, coverage lists the 2 missing first with links to the wizard; export holds them", async ({
    page,
  }) => {
    await page.goto("/aliases?tab=transfer");
    await page.getByLabel("Registry file (YAML or JSON)").fill(THREE_ALIASES);
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByTestId("import-preview");
    await expect(preview.getByTestId("import-added")).toContainText("Added (3)");
    for (const alias of ["text-embedding-3-small", "team-chat-default", "rag-embed-large"]) {
      await expect(preview.getByTestId("import-added")).toContainText(`${alias} (rag-pipeline)`);
    }
    await expect(preview.getByTestId("import-changed")).toContainText("Changed (0)");
    await expect(preview.getByTestId("import-unchanged")).toContainText("Unchanged (0)");
    await expect(preview.getByTestId("import-removed")).toHaveCount(0);
    await expectAccessible(page);

    // Nothing is written by the preview.
    await page.getByRole("tab", { name: /Registry/ }).click();
    await expect(page.getByText("No consumer aliases registered")).toBeVisible();
    await page.getByRole("tab", { name: "Import / Export" }).click();
    await expect(page.getByLabel("Registry file (YAML or JSON)")).toHaveValue(THREE_ALIASES);

    await preview.getByRole("button", { name: "Apply import" }).click();
    await expect(page.getByText("Imported: 3 added, 0 changed, 0 removed")).toBeVisible();

    // Applying switches to the coverage view: problems (in red) first, the served alias below.
    await expect(page.getByRole("tab", { name: /Coverage/ })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("heading", { name: "Needs attention (2)" })).toBeVisible();
    const rows = page.getByTestId("coverage-row");
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toHaveAttribute("data-status", "missing");
    await expect(rows.nth(0)).toContainText("team-chat-default");
    await expect(rows.nth(0)).toContainText("No deployment serves team-chat-default.");
    await expect(rows.nth(1)).toHaveAttribute("data-status", "missing");
    await expect(rows.nth(1)).toContainText("rag-embed-large");
    await expect(rows.nth(2)).toHaveAttribute("data-status", "ok");
    await expect(rows.nth(2)).toContainText("text-embedding-3-small");
    await expect(rows.nth(2)).toContainText("Embedding, 1536 dimensions");
    await expect(rows.nth(0).getByRole("link", { name: /Register this alias/ })).toHaveAttribute(
      "href",
      "/models/new?alias=team-chat-default&mode=chat",
    );
    await expect(rows.nth(1).getByRole("link", { name: /Register this alias/ })).toHaveAttribute(
      "href",
      "/models/new?alias=rag-embed-large&mode=embedding&dimension=3072",
    );
    await expect(page.getByTestId("coverage-summary")).toContainText("3 expected aliases: 2 missing, 0 mismatched, 0 unhealthy, 1 OK.");
    await expectAccessible(page);

    // The coverage view is the default tab on a fresh visit too.
    await page.goto("/aliases");
    await expect(page.getByTestId("coverage-row").first()).toHaveAttribute("data-status", "missing");

    // Deleting a required alias LiteLLM serves warns.
    await page.getByRole("tab", { name: /Registry/ }).click();
    await expect(page.getByTestId("registry-row")).toHaveCount(3);
    await page.getByLabel("Search aliases").fill("rag-embed");
    await expect(page.getByTestId("registry-row")).toHaveCount(1);
    await page.getByLabel("Search aliases").fill("");
    await page.getByRole("button", { name: "Delete text-embedding-3-small for rag-pipeline" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete text-embedding-3-small?" });
    await expect(confirm).toContainText("rag-pipeline requires text-embedding-3-small and LiteLLM serves it");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("registry-row")).toHaveCount(3);

    // Export through the download link: the same three entries, in a file the import reads back.
    await page.getByRole("tab", { name: "Import / Export" }).click();
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download YAML" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("gatehouse-consumer-aliases.yaml");
    const yaml = fs.readFileSync((await file.path())!, "utf8");
    expect(yaml).toContain("consumer: rag-pipeline");
    for (const alias of ["text-embedding-3-small", "team-chat-default", "rag-embed-large"]) expect(yaml).toContain(`alias: ${alias}`);
    expect(yaml).toContain("dimension: 3072");
    const json = await page.request.get("/api/aliases/export?format=json");
    expect(json.status()).toBe(200);
    expect((await json.json()).aliases).toHaveLength(3);

    // Re-importing the export changes nothing.
    await page.getByLabel("Registry file (YAML or JSON)").fill(yaml);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("import-unchanged")).toContainText("Unchanged (3)");
    await expect(page.getByText("Nothing to change.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Apply import" })).toBeDisabled();
    await expectAccessible(page);
  });

  test("a broken file is reported by entry and field, and nothing is imported", async ({ page }) => {
    await page.goto("/aliases?tab=transfer");
    await page.getByLabel("Registry file (YAML or JSON)").fill("aliases:\n  - alias: x\n    consumer: c\n    kind: embeding\n");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("import-preview")).toContainText('aliases[0].kind: "embeding" is not a kind');
    await expect(page.getByRole("button", { name: "Apply import" })).toHaveCount(0);
    await expectAccessible(page);
  });
});

test("the export needs a session", async ({ request }) => {
  const res = await request.get("/api/aliases/export?format=yaml", { maxRedirects: 0 });
  expect(res.status()).toBe(307);
  expect(res.headers()["location"]).toContain("/login");
  expect(await res.text()).not.toContain("aliases:");
});

test.describe("as a viewer (OpenShift ocp-viewer)", () => {
  test.use({ storageState: STORAGE.ocpViewer });

  test("reads coverage and the registry and can export, but cannot change anything", async ({ page }) => {
    await page.goto("/aliases");
    await expect(page.getByTestId("coverage-row")).toHaveCount(3);
    await expect(page.getByTestId("coverage-row").first()).toHaveAttribute("data-status", "missing");
    await expect(page.getByRole("link", { name: /Register this alias/ })).toHaveCount(0);
    await expectAccessible(page);

    await page.getByRole("tab", { name: /Registry/ }).click();
    await expect(page.getByTestId("registry-row")).toHaveCount(3);
    await expect(page.getByRole("button", { name: "Add alias" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Edit|Delete) / })).toHaveCount(0);

    await page.getByRole("tab", { name: "Export" }).click();
    await expect(page.getByLabel("Registry file (YAML or JSON)")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Download JSON" })).toBeVisible();
    await expectAccessible(page);
    const json = await page.request.get("/api/aliases/export?format=json");
    expect((await json.json()).aliases).toHaveLength(3);
  });
});

test.describe("as a team member (OpenShift alpha-member)", () => {
  test.use({ storageState: STORAGE.alphaMember });

  test("is told the page is for admins and viewers, and cannot export", async ({ page }) => {
    await page.goto("/aliases");
    await expect(page.getByText("Consumer aliases are visible to console admins and viewers.")).toBeVisible();
    await expectAccessible(page);
    expect((await page.request.get("/api/aliases/export?format=yaml")).status()).toBe(403);
  });
});
