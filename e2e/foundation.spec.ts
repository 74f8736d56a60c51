import { expect, test } from "@playwright/test";
import { expectAccessible } from "./helpers/a11y";
import { ADMIN_PASSWORD, LITELLM_URL, STORAGE, UPSTREAM_HOST } from "./helpers/env";

test.describe("signed in as the break-glass admin", () => {
  test.use({ storageState: STORAGE.admin });

  test("sees the shell, the LiteLLM connection and every section", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await expect(page.getByTestId("litellm-status")).toContainText(`Connected to LiteLLM v1.96.0 at ${LITELLM_URL}`);
    const nav = page.getByRole("navigation", { name: /main/i });
    for (const label of ["Models", "Credentials", "Virtual keys", "Teams", "Consumer aliases", "Audit log", "Settings"]) {
      await expect(nav.getByRole("link", { name: label })).toBeVisible();
    }
    await expectAccessible(page);
  });

  test("settings show the effective configuration and never a secret", async ({ page }) => {
    await page.goto("/settings");
    await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
    await expect(page.getByTestId("settings-litellm-version")).toHaveText("v1.96.0");
    await expect(page.getByTestId("settings-database-kind")).toHaveText("Embedded (PGlite)");
    await expect(page.getByText(UPSTREAM_HOST).first()).toBeVisible();
    const html = await page.content();
    expect(html).not.toContain("sk-sandbox-master-key");
    expect(html).not.toContain("sandbox-sa-token");
    expect(html).not.toMatch(/\$2[aby]\$\d\d\$/);
    await expectAccessible(page);
  });

  test("the audit log records sign-ins", async ({ page }) => {
    await page.goto("/audit?action=signin");
    await expect(page.getByTestId("audit-row").first()).toContainText("signin");
    await expectAccessible(page);
  });

  test("keyboard: skip link and command palette", async ({ page }) => {
    await page.goto("/settings");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: /skip to content/i })).toBeFocused();
    await page.keyboard.press("Control+k");
    await page.getByRole("dialog", { name: "Command palette" }).getByRole("combobox").fill("audit");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/audit/);
  });
});

test("anonymous visitors are sent to the login page", async ({ page }) => {
  await page.goto("/models");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fmodels/);
  await expectAccessible(page);
});

test("sign in and sign out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/localhost:\d+\/$/);
  await page.goto("/settings");
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login/);
});

test.describe("wrong admin password", () => {
  // A private forwarded address so this lock-out does not affect the other specs.
  test.use({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" } });

  test("shows a clear error, then rate-limits after 5 tries", async ({ page }) => {
    await page.goto("/login");
    // Wait for each server action to answer: the previous error stays on screen meanwhile.
    const submit = async (password: string) => {
      await page.getByLabel("Username").fill("admin");
      await page.getByLabel("Password").fill(password);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
        page.getByRole("button", { name: "Sign in", exact: true }).click(),
      ]);
    };
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submit(`wrong-${attempt}`);
      await expect(page.getByTestId("signin-error")).toHaveText("Wrong username or password.");
    }
    await submit(ADMIN_PASSWORD);
    await expect(page.getByTestId("signin-error")).toContainText("Too many failed sign-in attempts");
    await expect(page).toHaveURL(/\/login/);
  });

  test("every failure and the lock-out are in the audit log", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: STORAGE.admin });
    const page = await admin.newPage();
    await page.goto("/audit?action=signin&outcome=failure");
    await expect(page.getByTestId("audit-row").filter({ hasText: "203.0.113.77" })).toHaveCount(5);
    await page.goto("/audit?action=signin&outcome=refused");
    await expect(page.getByTestId("audit-row").filter({ hasText: "203.0.113.77" }).first()).toContainText("rate_limited");
    await admin.close();
  });
});
