import { expect, test } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { CONSOLE_URL, LITELLM_URL, MASTER_KEY, STORAGE } from "./helpers/env";
import { fillIssueForm, runId } from "./helpers/keys";

/**
 * Issue 15 through the UI: a key LiteLLM creates after the console stopped waiting is found by the reconciler and
 * shown in the audit log with its hash, flagged; the integrity check reports the chain. The e2e console reconciles
 * timed-out writes after 25 s (scripts/sandbox.ts), LiteLLM's timeout is the default 15 s.
 */
test.describe.configure({ mode: "serial" });
test.use({ storageState: STORAGE.admin });

const alias = `e2e-late-${runId()}`;

test("LiteLLM answers after the timeout: the operator is told it is being checked, then the audit log shows `reconciled: created` with the key's hash", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  await fillIssueForm(page, { alias, team: "platform", expiry: "7 days" });
  // LiteLLM creates the key, but only after the console's 15 s timeout.
  const fault = await request.post(`${LITELLM_URL}/__sandbox/faults`, {
    headers: { authorization: `Bearer ${MASTER_KEY}` },
    data: [{ route: "/key/generate", latencyMs: 18_000, times: 1 }],
  });
  expect(fault.ok()).toBe(true);
  await page.getByRole("button", { name: "Issue key" }).click();

  const notice = page.getByRole("status").filter({ hasText: "The outcome is being checked" });
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText("cannot be recovered");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expectAccessible(page);

  await notice.getByRole("link", { name: "Open this request in the audit log" }).click();
  await expect(page).toHaveURL(/\/audit\?request=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("audit-row").first()).toContainText(alias);

  // The reconciler asks LiteLLM once the grace period is over; the page shows its answer.
  const reconciled = page.getByTestId("audit-row").filter({ hasText: "reconciled: created" });
  await expect(async () => {
    await page.reload();
    await expect(reconciled).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 120_000, intervals: [3_000] });

  const list = await request.get(`${LITELLM_URL}/key/list?key_alias=${alias}&return_full_object=true`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  const keys = ((await list.json()) as { keys: { token: string; key_alias: string }[] }).keys.filter((k) => k.key_alias === alias);
  expect(keys).toHaveLength(1);
  const token = keys[0]!.token;
  await expect(reconciled).toContainText(token);
  await expect(reconciled).toContainText("The secret was never shown and cannot be recovered");
  // The request's intent, written before LiteLLM was called, is listed with it.
  await expect(page.getByTestId("audit-row").filter({ hasText: "Recorded before LiteLLM was called" })).toContainText(alias);
  await expectAccessible(page);

  // The flagged key is one click from delete or regenerate.
  await reconciled.getByRole("link", { name: "Delete or regenerate it" }).click();
  await expect(page).toHaveURL(new RegExp(`/keys/${token}$`));
  await expect(page.getByRole("heading", { name: alias, level: 1 })).toBeVisible();
});

test("the audit log lists the flagged key under `reconciled`, and the integrity check finds the chain intact", async ({ page }) => {
  await page.goto("/audit?outcome=reconciled");
  await expect(page.getByTestId("audit-row").filter({ hasText: alias })).toContainText("reconciled: created");
  await page.getByRole("button", { name: "Verify integrity" }).click();
  const result = page.getByRole("status").filter({ hasText: "Audit chain intact" });
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result).toContainText(/\d+ rows verified/);
});

test("a playground chat (a route handler, not a server action) is written ahead: its intent and completion, never its prompt", async ({ page }) => {
  const prompt = `e2e-private-question-${runId()}`;
  await page.goto("/playground?model=gpt-4o-mini");
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("definition").filter({ hasText: /\d+ in, \d+ out/ })).toBeVisible();

  // Newest first: the completion (the call, with its tokens), then its intent, linked by the request id. The
  // completion is written when the stream's last line has gone out, so it may land a moment after the page shows it.
  const completion = page.getByTestId("audit-row").first();
  await expect(async () => {
    await page.goto("/audit?action=playground");
    await expect(completion).toContainText("playground.call", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(completion).toContainText("success");
  await completion.getByRole("link", { name: /all rows of this request/ }).click();
  await expect(page).toHaveURL(/\/audit\?request=[0-9a-f-]{36}$/);
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "Recorded before LiteLLM was called" })).toContainText("playground.chat");
  await expect(page.getByRole("main")).not.toContainText(prompt);
  await expect(page.getByRole("main")).toContainText("characters, not recorded");
});

test("a sign-in refused because the audit log cannot be written ends on a page that says so", async ({ browser }) => {
  // Reaching it needs the console's database down (unit tests do that); this is the page the refusal redirects to,
  // as an anonymous visitor sees it.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`${CONSOLE_URL}/auth-error?error=AuditUnavailable`);
  await expect(page.getByRole("heading", { name: "Sign-in refused: the audit log is unavailable" })).toBeVisible();
  await expect(page.getByText(/records every sign-in before it lets anyone in/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to sign in" })).toBeVisible();
  await expectAccessible(page);
  await context.close();
});

test.describe("times", () => {
  test.use({ timezoneId: "Asia/Kolkata" });

  test("audit rows show their time in the operator's zone, labelled with it, like every other page", async ({ page }) => {
    await page.goto("/audit");
    const time = page.getByTestId("audit-row").first().locator("time");
    // The console learns the browser's zone and renders the page again in it (UTC until then, labelled UTC).
    await expect(time).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2}:\d{2} GMT\+5:30 \(Asia\/(Kolkata|Calcutta)\)$/); // Chromium names it by its older alias
    const iso = await time.getAttribute("datetime");
    const wall = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Kolkata", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso!));
    await expect(time).toContainText(`, ${wall}:`);
  });
});
