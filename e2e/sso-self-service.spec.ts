import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./helpers/a11y";
import { STORAGE } from "./helpers/env";
import { setAlphaKeyPolicy } from "./helpers/sso";

/**
 * Team self-service keys end to end: an admin sets team-alpha's policy on the Teams page, then alpha-member (signed
 * in with OpenShift) issues keys. Requests above a cap are rejected with the cap named; the team comes from the
 * session, so a forged team id in the server-action request is refused.
 */
test.describe.configure({ mode: "serial" });

test("an admin sets team-alpha's key policy", async ({ browser }) => {
  await setAlphaKeyPolicy(browser, STORAGE.ocpAdmin);
});

test.describe("as alpha-member", () => {
  test.use({ storageState: STORAGE.alphaMember });

  async function fillBasics(page: Page, alias: string, budget: string, expiry: string) {
    await page.goto("/keys/new");
    await expect(page.getByRole("heading", { name: "Issue a virtual key", level: 1 })).toBeVisible();
    await expect(page.getByText("Caps for alpha: max 10 USD per key; expiry within 14 days; models: gpt-4o-mini; 2 active keys per member.")).toBeVisible();
    await page.getByLabel("Alias").fill(alias);
    await page.getByLabel("Max budget (USD)").fill(budget);
    await page.getByRole("radio", { name: expiry }).check();
    await page.getByRole("checkbox", { name: "gpt-4o-mini", exact: true }).check();
  }

  test("a budget above the cap is rejected with the cap named", async ({ page }) => {
    await fillBasics(page, "alpha-over-budget", "50", "7 days");
    await page.getByRole("button", { name: "Issue key" }).click();
    await expect(page.getByText("Max budget 50 USD is above alpha's cap of 10 USD per key.").first()).toBeVisible();
    await expectAccessible(page);
  });

  test("an expiry beyond the cap is rejected with the cap named", async ({ page }) => {
    await fillBasics(page, "alpha-too-long", "5", "30 days");
    await page.getByRole("button", { name: "Issue key" }).click();
    await expect(page.getByText("An expiry 30 days away is beyond alpha's cap of 14 days per key.").first()).toBeVisible();
  });

  test("another team is not offered, and a forged team id is refused by the server", async ({ page }) => {
    await fillBasics(page, "alpha-forged", "5", "7 days");
    await page.getByLabel("Team", { exact: true }).click();
    await expect(page.getByRole("option")).toHaveText([/alpha/]);
    await page.keyboard.press("Escape");
    // Rewrite the server-action request in flight: the client is never trusted with the team.
    await page.route("**/keys/new", async (route) => {
      const request = route.request();
      if (request.method() !== "POST" || !request.headers()["next-action"]) return route.continue();
      const body = request.postData() ?? "";
      expect(body).toContain('"teamId":"team-alpha"');
      await route.continue({ postData: body.replace('"teamId":"team-alpha"', '"teamId":"team-beta"') });
    });
    await page.getByRole("button", { name: "Issue key" }).click();
    await expect(page.getByText("You are not a member of team team-beta.").first()).toBeVisible();
  });

  test("a request within every cap issues the key, shown once", async ({ page }) => {
    await fillBasics(page, "alpha-within-caps", "5", "7 days");
    await page.getByRole("button", { name: "Issue key" }).click();
    await expect(page.getByRole("dialog")).toContainText(/sk-/);
  });
});
