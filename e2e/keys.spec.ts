import { expect, test } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { LITELLM_URL, STORAGE } from "./helpers/env";
import { chat, closeShowOnceDialog, createKeyDirectly, issueKeyThroughUi, runId, shownExpiry } from "./helpers/keys";

/**
 * Virtual keys through the UI against the LiteLLM sandbox. Run it also with LITELLM_SANDBOX_VERSION=1.80.0: that
 * proxy rounds a "30d" duration to the 1st of next month, and the 30-day assertion below must still hold.
 */
const DAY = 86_400_000;
const ZONE = "America/New_York";

test.describe.configure({ mode: "serial" });
test.use({ storageState: STORAGE.admin, timezoneId: ZONE });

const run = runId();
const teamKey = { alias: `e2e-team-${run}`, raw: "", token: "" };

test("issue a team key (10 USD monthly, 30 days): shown once, works on the gateway, exact expiry", async ({ page, request }) => {
  await page.goto("/keys/new");
  await expect(page.getByTestId("expiry-preview")).toContainText(`(${ZONE})`);
  await expectAccessible(page);
  const issued = await issueKeyThroughUi(page, {
    alias: teamKey.alias,
    team: "platform",
    models: ["gpt-4o-mini"],
    budget: "10",
    period: "Monthly",
    expiry: "30 days",
  });
  Object.assign(teamKey, { raw: issued.raw, token: issued.token });

  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("You will not see this again")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Copy key" })).toBeVisible();
  await expect(dialog.getByTestId("snippet-curl")).toContainText(`curl ${LITELLM_URL}/v1/chat/completions`);
  await expect(dialog.getByTestId("snippet-curl")).toContainText(issued.raw);
  await dialog.getByRole("tab", { name: "Python" }).click();
  await expect(dialog.getByTestId("snippet-python")).toContainText(`OpenAI(base_url="${LITELLM_URL}/v1"`);
  await dialog.getByRole("tab", { name: "Node" }).click();
  await expect(dialog.getByTestId("snippet-node")).toContainText("apiKey:");
  // The expiry is an exact date and time in the operator's zone.
  await expect(dialog.getByTestId("issued-key-expires")).toContainText(`(${ZONE})`);
  await expectAccessible(page);

  expect(await chat(request, issued.raw)).toEqual({ status: 200, type: null });

  await closeShowOnceDialog(page, issued.token);
  // The key page never shows the secret again, and the URL carries only the hash.
  await expect(page.getByRole("heading", { name: teamKey.alias, level: 1 })).toBeVisible();
  expect(page.url()).not.toContain(issued.raw);
  expect(await page.content()).not.toContain(issued.raw);
  await expect(page.getByTestId("key-max-budget")).toHaveText("10 USD, monthly");
  await expect(page.getByTestId("key-budget-reset")).toBeVisible();
  await expect(page.getByTestId("key-models")).toContainText("gpt-4o-mini");
  await expect(page.getByTestId("key-owner")).toContainText("platform");
  await expect(page.getByTestId("key-expires")).toContainText(`(${ZONE})`);
  const expires = await shownExpiry(page);
  expect(Math.abs(expires - (issued.issuedAt + 30 * DAY))).toBeLessThan(60_000);
  await expectAccessible(page);
});

test("block makes the gateway refuse the key; unblock lets it through again", async ({ page, request }) => {
  await page.goto(`/keys/${teamKey.token}`);
  await page.getByRole("button", { name: "Block", exact: true }).click();
  await expect(page.getByText("Blocked", { exact: true }).first()).toBeVisible();
  expect((await chat(request, teamKey.raw)).status).toBe(401);

  await page.getByRole("button", { name: "Unblock", exact: true }).click();
  await expect(page.getByRole("button", { name: "Block", exact: true })).toBeVisible();
  expect(await chat(request, teamKey.raw)).toEqual({ status: 200, type: null });
});

test("an expiry and budget edit persists (re-read after a reload)", async ({ page }) => {
  await page.goto(`/keys/${teamKey.token}`);
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Max budget (USD)").fill("20");
  await dialog.getByLabel("Requests per minute").fill("120");
  await dialog.getByLabel("Expiry").selectOption("90d");
  await expectAccessible(page);
  const savedAt = Date.now();
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Key updated")).toBeVisible();
  await expect(dialog).toBeHidden();

  await page.reload();
  await expect(page.getByTestId("key-max-budget")).toHaveText("20 USD, monthly");
  await expect(page.getByTestId("key-limits")).toContainText("120 requests/min");
  expect(Math.abs((await shownExpiry(page)) - (savedAt + 90 * DAY))).toBeLessThan(60_000);
});

test("a key whose budget is spent gets budget_exceeded", async ({ page, request }) => {
  const alias = `e2e-tiny-${run}`;
  const issued = await issueKeyThroughUi(page, { alias, models: ["gpt-4o-mini"], budget: "0.000001", expiry: "7 days" });
  await closeShowOnceDialog(page, issued.token);
  expect((await chat(request, issued.raw)).status).toBe(200);
  expect(await chat(request, issued.raw)).toEqual({ status: 400, type: "budget_exceeded" });
  await page.reload();
  await expect(page.getByText("Budget spent")).toBeVisible();
});

test("a taken alias is refused on the alias field, and no second key appears", async ({ page }) => {
  await page.goto("/keys/new");
  await page.getByLabel("Alias").fill(teamKey.alias);
  await page.getByRole("button", { name: "Issue key" }).click();
  await expect(page.getByText(`A key with alias "${teamKey.alias}" already exists. Choose another alias.`).first()).toBeVisible();
  await expect(page.getByRole("dialog")).toBeHidden();
  await page.goto(`/keys?q=${encodeURIComponent(teamKey.alias)}`);
  await expect(page.getByTestId("key-row")).toHaveCount(1);
  // The list shows the expiry by the same rule as the key page: the operator's zone, labelled (short, for a table).
  const expires = page.getByTestId("key-row").locator("time");
  await expect(expires).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} E[SD]T$/);
  const iso = await expires.getAttribute("datetime");
  const hour = new Intl.DateTimeFormat("en-US", { timeZone: ZONE, hour: "2-digit", hourCycle: "h23" }).format(new Date(iso!));
  await expect(expires).toContainText(`, ${hour}:`);
});

test("regenerate on a proxy without the licence says so instead of failing", async ({ page }) => {
  await page.goto(`/keys/${teamKey.token}`);
  await page.getByRole("button", { name: "Regenerate", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Regenerate key" }).click();
  await expect(page.getByTestId("regenerate-error")).toHaveText(
    "This LiteLLM has no Enterprise licence, so keys cannot be regenerated. Issue a new key and delete this one.",
  );
});

test("the list searches and filters from the key index, and bulk-blocks with a result per key", async ({ page, request }) => {
  const prefix = `e2e-bulk-${run}`;
  // One owner for both, so the search works on every version (LiteLLM < 1.96 matches only exactly).
  const owner = `${prefix}-owner`;
  const a = await createKeyDirectly(request, { key_alias: `${prefix}-a`, user_id: owner, team_id: "team-platform", duration: "3d" });
  const b = await createKeyDirectly(request, { key_alias: `${prefix}-b`, user_id: owner, team_id: "team-platform", duration: "20d" });
  const listUrl = `/keys?q=${owner}&field=owner`;

  // Keys written straight to LiteLLM (not through this console) reach the key index on the scheduler's next tick.
  await expect(async () => {
    await page.goto(listUrl);
    await expect(page.getByTestId("key-row")).toHaveCount(2, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expectAccessible(page);

  await page.getByLabel("Status").selectOption("expiring");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=expiring/);
  // "Expiring within 7 days" is answered by the console's key index, which the scheduler refreshes every tick.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("key-row")).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId("key-row")).toContainText(`${prefix}-a`);
  await expect(page.getByTestId("index-note")).toContainText("From the console's key index");

  await page.goto(listUrl);
  await page.getByRole("checkbox", { name: "Select every key on this page" }).check();
  await expect(page.getByTestId("bulk-selected")).toHaveText("2 selected");
  await page.getByRole("button", { name: "Block selected", exact: true }).click();
  await expect(page.getByText("Blocked 2 of 2 — finished")).toBeVisible();
  await expect(page.getByTestId("bulk-result")).toHaveCount(2);
  await expect(page.getByTestId("bulk-result").filter({ hasText: "Done" })).toHaveCount(2);
  await expectAccessible(page);
  expect((await chat(request, a.raw)).status).toBe(401);
  expect((await chat(request, b.raw)).status).toBe(401);

  await page.goto(`${listUrl}&status=blocked`);
  await expect(page.getByTestId("key-row")).toHaveCount(2);

  // Bulk delete asks first, then reports each key.
  await page.getByRole("checkbox", { name: "Select every key on this page" }).check();
  await page.getByRole("button", { name: "Delete selected", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete keys" }).click();
  await expect(page.getByText("Deleted 2 of 2 — finished")).toBeVisible();
  await page.goto(listUrl);
  await expect(page.getByText("No keys on this page match")).toBeVisible();
});

test("a search answered by the key index: the operator's own issue and block show at once, with how fresh the index is", async ({ page }) => {
  const alias = `e2e-find-${run}-svc`;
  const issuedToken = (await issueKeyThroughUi(page, { alias, team: "platform", expiry: "7 days" })).token;
  await closeShowOnceDialog(page, issuedToken);

  // A substring from the middle of the alias, straight away: no scheduler tick has run for this key yet.
  await page.goto("/keys");
  await page.getByLabel("Search", { exact: true }).fill(`find-${run}`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`q=find-${run}`));
  await expect(page.getByTestId("key-row")).toHaveCount(1);
  await expect(page.getByTestId("key-row")).toContainText(alias);
  await expect(page.getByTestId("key-row")).toContainText(/sk-\.\.\.\w{4}/);
  await expect(page.getByTestId("index-note")).toContainText(`Found 1 key (matching “find-${run}”).`);
  await expect(page.getByTestId("index-note")).toContainText(/From the console's key index \([\d,]+ keys\), refreshed \d+ (s|min) ago\./);
  await expectAccessible(page);

  // Block it on its page; the blocked filter shows it at once, the active filter no longer does.
  await page.goto(`/keys/${issuedToken}`);
  await page.getByRole("button", { name: "Block", exact: true }).click();
  await expect(page.getByRole("button", { name: "Unblock", exact: true })).toBeVisible();
  await page.goto(`/keys?q=find-${run}&status=blocked`);
  await expect(page.getByTestId("key-row")).toHaveCount(1);
  await page.goto(`/keys?q=find-${run}&status=active`);
  await expect(page.getByText("No keys on this page match")).toBeVisible();

  // Two characters match the start of an alias only, and the page says so.
  await page.goto(`/keys?q=${encodeURIComponent("e2")}`);
  await expect(page.getByTestId("index-note")).toContainText("shorter than 3 characters matches the start of the alias");
  const aliases = await page.getByTestId("key-row").locator("td:nth-child(2)").allTextContents();
  expect(aliases.length).toBeGreaterThan(0);
  for (const a of aliases) expect(a.toLowerCase().startsWith("e2")).toBe(true);

  // Delete through the console: gone from the search at once.
  await page.goto(`/keys/${issuedToken}`);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete key" }).click();
  await expect(page).toHaveURL(/\/keys$/);
  await page.goto(`/keys?q=find-${run}`);
  await expect(page.getByText("No keys on this page match")).toBeVisible();
  await expect(page.getByTestId("index-note")).toContainText(`Found 0 keys (matching “find-${run}”).`);
});

test.describe("as a viewer", () => {
  test.use({ storageState: STORAGE.ocpViewer });

  test("reads keys but is offered no way to change or issue them", async ({ page }) => {
    await page.goto(`/keys/${teamKey.token}`);
    await expect(page.getByRole("heading", { name: teamKey.alias, level: 1 })).toBeVisible();
    await expect(page.getByTestId("key-max-budget")).toHaveText("20 USD, monthly");
    for (const name of ["Edit", "Block", "Regenerate", "Delete"])
      await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
    await page.goto("/keys");
    await expect(page.getByRole("link", { name: "Issue key" })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: "Select every key on this page" })).toBeDisabled();
    await page.goto("/keys/new");
    await expect(page.getByText("Viewers can read keys but not issue them.")).toBeVisible();
    await expectAccessible(page);
  });
});

test("delete asks for confirmation; afterwards the gateway refuses the key", async ({ page, request }) => {
  await page.goto(`/keys/${teamKey.token}`);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("cannot be undone");
  await expectAccessible(page);
  await confirm.getByRole("button", { name: "Delete key" }).click();
  await expect(page).toHaveURL(/\/keys$/);
  expect((await chat(request, teamKey.raw)).status).toBe(401);
  await page.goto(`/keys/${teamKey.token}`);
  await expect(page.getByRole("heading", { name: "Key not found" })).toBeVisible();
});
