import { expect, test as setup } from "@playwright/test";
import { ADMIN_PASSWORD, STORAGE } from "./helpers/env";

/** Signs in through the real login flow once per role and saves the session for the other specs. */
setup("sign in as the break-glass admin", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("**/models");
  await page.goto("/settings");
  await expect(page.getByTestId("litellm-status")).toBeVisible();
  await page.context().storageState({ path: STORAGE.admin });
});
