import { expect, test } from "@playwright/test";
import { expectAccessible } from "./helpers/a11y";
import { STORAGE } from "./helpers/env";
import { expectSignedIn, setOpenShiftGroups, signInWithOpenShift } from "./helpers/sso";

/** Group bindings edited in Settings take effect at the next sign-in; the seed file's bindings stay read-only. */

test.describe("as a console admin", () => {
  test.use({ storageState: STORAGE.ocpAdmin });
  test.afterEach(async ({ request }) => {
    await setOpenShiftGroups(request, "no-groups", []);
  });

  test("a new binding grants access at the next sign-in, deleting it takes it away", async ({ page, browser, request }) => {
    await setOpenShiftGroups(request, "no-groups", ["qa-auditors"]);
    await page.goto("/settings");
    await expect(page.getByTestId("binding-row").filter({ hasText: "gatehouse-admins" })).toContainText("Seed file");
    const form = page.getByRole("form", { name: "Add a group binding" });
    await form.getByLabel("Group").fill("qa-auditors");
    await form.getByLabel("Grants").click();
    await page.getByRole("option", { name: "Viewer (read-only)" }).click();
    await expectAccessible(page);
    await form.getByRole("button", { name: "Add binding" }).click();
    const row = page.getByTestId("binding-row").filter({ hasText: "qa-auditors" });
    await expect(row).toContainText("Viewer (read-only)");
    await expect(row).toContainText("Console");

    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const user = await ctx.newPage();
    await signInWithOpenShift(user, "no-groups");
    await expect(user).toHaveURL(/localhost:\d+\/$/);
    await expectSignedIn(user);
    await ctx.close();

    await row.getByRole("button", { name: /Delete binding qa-auditors/ }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete binding" }).click();
    await expect(row).toHaveCount(0);

    const ctx2 = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const again = await ctx2.newPage();
    await signInWithOpenShift(again, "no-groups");
    await expect(again).toHaveURL(/\/denied$/);
    await ctx2.close();

    await page.goto("/audit?action=binding.&actor=ocp-admin");
    await expect(page.getByTestId("audit-row").filter({ hasText: "qa-auditors" })).toHaveCount(2);
  });

  test("a team binding needs a team, and a duplicate of a seed binding is refused", async ({ page }) => {
    await page.goto("/settings");
    const form = page.getByRole("form", { name: "Add a group binding" });
    await form.getByLabel("Group").fill("team-alpha");
    await form.getByRole("button", { name: "Add binding" }).click();
    await expect(form.getByText("Choose the LiteLLM team this group joins")).toBeVisible();
    await form.getByLabel("Team", { exact: true }).click();
    await page.getByRole("option", { name: "alpha (team-alpha)" }).click();
    await form.getByRole("button", { name: "Add binding" }).click();
    await expect(page.getByText("Group team-alpha already grants Team team-alpha (member) (from the seed file)")).toBeVisible();
  });

  test("imports YAML and reports the bad line of an invalid file", async ({ page }) => {
    await page.goto("/settings");
    await page.getByRole("button", { name: "Import YAML" }).click();
    const dialog = page.getByRole("dialog", { name: "Import group bindings" });
    await dialog.getByLabel("Bindings YAML").fill("teamBindings:\n  - { group: beta-leads, role: admin }\n");
    await dialog.getByRole("button", { name: "Import" }).click();
    await expect(dialog.getByText(/line 2: teamBindings\[0\]\.teamId: teamId is required/)).toBeVisible();
    await dialog.getByLabel("Bindings YAML").fill("teamBindings:\n  - { group: beta-leads, teamId: team-beta, role: admin }\n");
    await dialog.getByRole("button", { name: "Import" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("binding-row").filter({ hasText: "beta-leads" })).toContainText("Team team-beta (team admin)");

    await page.getByRole("button", { name: "Export YAML" }).click();
    const exported = page.getByRole("dialog", { name: "Group bindings as YAML" }).getByLabel("YAML", { exact: true });
    await expect(exported).toHaveValue(/\{ group: beta-leads, teamId: team-beta, role: admin \}/);
    await expect(exported).toHaveValue(/adminGroups: \[ gatehouse-admins \]/);
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: STORAGE.ocpViewer });

  test("sees the bindings read-only", async ({ page }) => {
    await page.goto("/settings");
    await expect(page.getByTestId("binding-row").first()).toBeVisible();
    await expect(page.getByRole("form", { name: "Add a group binding" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Delete binding/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Import YAML" })).toHaveCount(0);
    await expectAccessible(page);
  });
});
