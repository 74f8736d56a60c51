import { expect, test, type Page } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { STORAGE, UPSTREAM_HOST } from "./helpers/env";
import { expectStep, fillModel, next, openWizard, chooseProvider, testConnectionCalls, uniqueSuffix } from "./helpers/wizard";

/** Issue 12's security findings, as a user (or an attacker with a browser) meets them. */

/** Collects Content-Security-Policy violations the browser reports for a page. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

test.describe("as an admin", () => {
  test.use({ storageState: STORAGE.admin });

  test("the wizard refuses the backslash api_base (parser differential) and a 201-character alias on their fields; nothing leaves", async ({
    page,
    request,
  }) => {
    await openWizard(page);
    await chooseProvider(page, "vLLM");
    await fillModel(page, { alias: "a".repeat(201), model: "granite-3.3-8b-instruct", mode: "chat" });
    await next(page);
    await expectStep(page, "Model and mode");
    await expect(page.getByText("An alias is at most 200 characters")).toBeVisible();
    await expect(page.getByLabel("Public alias")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Public alias").fill(`e2e-sec-${uniqueSuffix()}`);
    await next(page);

    const before = await testConnectionCalls(request);
    const field = page.getByLabel("API base URL", { exact: true });
    await field.fill(`http://${UPSTREAM_HOST}\\@169.254.169.254/v1`);
    await next(page);
    await expectStep(page, "Connection and credentials");
    await expect(page.getByText(/Remove backslashes, spaces and invisible or control characters/)).toBeVisible();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await field.fill(`http://${UPSTREAM_HOST}@169.254.169.254/v1`);
    await next(page);
    await expect(page.getByText(/Remove the user name and password \(and any '@'\)/)).toBeVisible();
    await expectAccessible(page);
    const after = await testConnectionCalls(request);
    expect(after.length).toBe(before.length);
    expect(JSON.stringify(after)).not.toContain("169.254");
  });

  test("a credential name with '..' segments is refused on the field", async ({ page }) => {
    await page.goto("/credentials");
    await page.getByRole("button", { name: "New credential" }).click();
    const dialog = page.getByRole("dialog", { name: "New credential" });
    await dialog.getByLabel("Name", { exact: true }).fill("../../x");
    await dialog.getByLabel("Provider").selectOption("OpenAI");
    await dialog.getByLabel(/^OpenAI API Key/).fill("sk-e2e-never-sent-123456");
    await dialog.getByRole("button", { name: "Create credential" }).click();
    await expect(dialog.getByText("Each part between slashes needs a name: no empty, '.' or '..' parts")).toBeVisible();
    await expect(dialog.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  });

  test("pages run under a nonce Content-Security-Policy without a single violation", async ({ page }) => {
    const violations = cspViolations(page);
    const response = await page.goto("/models");
    const csp = response!.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("default-src 'self'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, "script-src has a nonce").toBeTruthy();
    expect(csp).toContain("'strict-dynamic'");
    // Every script the server sent (Next's and the theme script) carries this response's nonce; later ones are
    // loaded by those ('strict-dynamic').
    const scriptTags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scriptTags.length).toBeGreaterThan(0);
    expect(scriptTags.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    // The app still works: client navigation, a dialog, the theme switch.
    await page.getByRole("link", { name: "Virtual keys" }).first().click();
    await expect(page).toHaveURL(/\/keys/);
    await page.goto("/aliases?tab=registry");
    await page.getByRole("button", { name: "Add alias" }).click();
    await expect(page.getByRole("dialog", { name: "Add consumer alias" })).toBeVisible();
    await page.keyboard.press("Escape");
    await page.goto("/login");
    const second = await page.goto("/models");
    expect(second!.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
    expect(violations).toEqual([]);
  });

  test("server actions from another origin answer 403 and oversized ones 413, before Next's decoder", async ({ page, request }) => {
    await page.goto("/keys");
    const crossOrigin = await request.post("/keys", {
      headers: { "next-action": "0123456789abcdef", origin: "https://evil.example", "content-type": "text/plain;charset=UTF-8" },
      data: "[]",
    });
    expect(crossOrigin.status()).toBe(403);
    const oversized = await request.post("/keys", {
      headers: { "next-action": "0123456789abcdef", "content-type": "text/plain;charset=UTF-8" },
      data: Buffer.alloc(2 * 1024 * 1024 + 1, 0x61),
    });
    expect(oversized.status()).toBe(413);
  });
});

test.describe("forbidden pages", () => {
  test("a team member opening the credentials page gets HTTP 403 and the panel, with a way back", async ({ browser }) => {
    const context = await browser.newContext({ storageState: STORAGE.alphaMember });
    const page = await context.newPage();
    const response = await page.goto("/credentials");
    expect(response!.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    await expect(page.getByText("Credentials are visible to console admins and viewers.")).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: "Back to the console" }).click();
    await expect(page.getByTestId("litellm-status")).toBeVisible();
    const allowed = await page.goto("/keys");
    expect(allowed!.status()).toBe(200);
    await context.close();
  });

  test("a viewer opening Add model gets HTTP 403 with the reason", async ({ browser }) => {
    const context = await browser.newContext({ storageState: STORAGE.ocpViewer });
    const page = await context.newPage();
    const response = await page.goto("/models/new");
    expect(response!.status()).toBe(403);
    await expect(page.getByText("Only console admins can add models.")).toBeVisible();
    await context.close();
  });
});

test.describe("break-glass sign-in", () => {
  // The e2e console trusts one proxy hop, like behind the OpenShift router: the router appends the address it saw
  // (here 198.51.100.77) after whatever the client wrote itself.
  test("rotating the client's own X-Forwarded-For entries does not reset the per-address limit", async ({ page }) => {
    const username = `intruder-${uniqueSuffix()}`;
    await page.goto("/login");
    for (let i = 1; i <= 6; i++) {
      await page.setExtraHTTPHeaders({ "x-forwarded-for": `203.0.113.${i}, 198.51.100.77` });
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill(`guess-${i}`);
      // Wait for this attempt's answer: the message of the previous one may read the same.
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
        page.getByRole("button", { name: "Sign in", exact: true }).click(),
      ]);
      const expected = i <= 5 ? "Wrong username or password." : /Too many failed sign-in attempts for this account from your address/;
      await expect(page.getByTestId("signin-error")).toHaveText(expected);
    }
  });
});
