import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./helpers/a11y";
import { STORAGE } from "./helpers/env";

/** The Teams page: LiteLLM teams with members, models, budget and the console's key policy. */

async function fillNumber(page: Page, label: string | RegExp, value: string) {
  const input = page.getByLabel(label);
  await input.fill(value);
}

test.describe("as a console admin", () => {
  test.use({ storageState: STORAGE.ocpAdmin });

  test("lists every LiteLLM team with members, models, budget and policy", async ({ page }) => {
    await page.goto("/teams");
    await expect(page.getByRole("heading", { name: "Teams", level: 1 })).toBeVisible();
    const alpha = page.getByTestId("team-row").filter({ hasText: "team-alpha" });
    await expect(alpha).toContainText("gpt-4o-mini");
    await expect(alpha).toContainText("of $100");
    const search = page.getByTestId("team-row").filter({ hasText: "team-search" });
    await expect(search).toContainText("text-embedding-3-small");
    await expect(search).toContainText("(no budget)");
    await expect(search).toContainText("No policy yet: members cannot issue keys");
    await expect(page.getByTestId("team-row").filter({ hasText: "team-platform" })).toContainText("All proxy models");
    await expectAccessible(page);
  });

  test("creates a team, then sets and edits its key policy (caps validated, never clamped)", async ({ page }) => {
    await page.goto("/teams");
    await page.getByRole("button", { name: "New team" }).click();
    const dialog = page.getByRole("dialog", { name: "New team" });
    await dialog.getByLabel("Team name").fill("Gamma");
    await dialog.getByLabel("Team id (optional)").fill("Team Gamma");
    await dialog.getByLabel("gpt-4o-mini").check();
    await dialog.getByLabel("Team budget (USD, optional)").fill("40");
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Create team" }).click();
    await expect(dialog.getByText("Lower-case letters, digits")).toBeVisible();
    await dialog.getByLabel("Team id (optional)").fill("team-gamma");
    await dialog.getByRole("button", { name: "Create team" }).click();

    await expect(page).toHaveURL(/\/teams\/team-gamma$/);
    await expect(page.getByRole("heading", { name: "Gamma", level: 1 })).toBeVisible();
    await expect(page.getByText("No policy yet: members cannot issue keys")).toBeVisible();
    await expect(page.getByText("No group is bound to this team")).toBeVisible();

    await page.getByRole("button", { name: "Set policy" }).click();
    const policy = page.getByRole("dialog", { name: "Key policy for Gamma" });
    await fillNumber(page, "Max budget per key (USD)", "0");
    await fillNumber(page, "Max key lifetime (days)", "2.5");
    await policy.getByRole("button", { name: "Save policy" }).click();
    await expect(policy.getByText("Max budget per key must be greater than 0")).toBeVisible();
    await expect(policy.getByText("Max key lifetime must be a whole number")).toBeVisible();
    await expect(policy.getByText("Allow at least one model")).toBeVisible();

    // Above the team's own budget: the server names the cap instead of lowering the value.
    await fillNumber(page, "Max budget per key (USD)", "50");
    await fillNumber(page, "Max key lifetime (days)", "14");
    await fillNumber(page, "Max active keys per member", "2");
    await policy.getByLabel("gpt-4o-mini").check();
    await policy.getByRole("button", { name: "Save policy" }).click();
    await expect(policy.getByText("Max budget per key ($50) is above the team's budget ($40).")).toBeVisible();

    await fillNumber(page, "Max budget per key (USD)", "5");
    await expectAccessible(page);
    await policy.getByRole("button", { name: "Save policy" }).click();
    await expect(policy).toBeHidden();
    const summary = page.getByTestId("team-policy");
    await expect(summary).toContainText("$5");
    await expect(summary).toContainText("14 days (expiry required)");
    await expect(summary).toContainText("gpt-4o-mini");
    await expect(summary).toContainText("Max active keys per member2");

    await page.getByRole("button", { name: "Edit policy" }).click();
    await page.getByRole("switch", { name: "Members may issue their own keys" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Save policy" }).click();
    await expect(summary).toContainText("No (team admins only)");

    await page.goto("/audit?action=team.&team=team-gamma");
    // Two saves, and the save the server refused (above the team's budget): refusals are audited too.
    const policyRows = page.getByTestId("audit-row").filter({ hasText: "team.policy.update" });
    await expect(policyRows).toHaveCount(3);
    await expect(policyRows.filter({ hasText: "refused" })).toHaveCount(1);
    await expect(page.getByTestId("audit-row").filter({ hasText: "team.create" })).toHaveCount(1);
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: STORAGE.ocpViewer });

  test("reads every team but cannot create teams or edit policies", async ({ page }) => {
    await page.goto("/teams");
    await expect(page.getByTestId("team-row").filter({ hasText: "team-search" })).toBeVisible();
    await expect(page.getByRole("button", { name: "New team" })).toHaveCount(0);
    await page.getByRole("link", { name: "alpha", exact: true }).click();
    await expect(page.getByRole("heading", { name: "alpha", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: /policy/i })).toHaveCount(0);
    await expectAccessible(page);
  });
});

test.describe("as a team member", () => {
  test.use({ storageState: STORAGE.alphaMember });

  test("sees only their own team, with its members and policy", async ({ page }) => {
    await page.goto("/teams");
    await expect(page.getByRole("heading", { name: "My teams", level: 1 })).toBeVisible();
    await expect(page.getByTestId("team-row")).toHaveCount(1);
    await expect(page.getByTestId("team-row")).toContainText("You: member");
    await page.getByRole("link", { name: "alpha", exact: true }).click();
    await expect(page.getByTestId("team-member-row").filter({ hasText: "openshift:alpha-member" })).toBeVisible();
    await expect(page.getByText("team-alpha-admins")).toBeVisible();
    await expect(page.getByRole("button", { name: /policy/i })).toHaveCount(0);
    await expectAccessible(page);
  });

  test("cannot open another team", async ({ page }) => {
    for (const teamId of ["team-beta", "team-platform"]) {
      await page.goto(`/teams/${teamId}`);
      await expect(page.getByText("You can only see the teams you belong to.")).toBeVisible();
    }
    await page.goto("/settings");
    await expect(page.getByText("You do not have access to this page")).toBeVisible();
  });
});
