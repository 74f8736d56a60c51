import fs from "node:fs";

import { expect, test, type APIRequestContext } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { LITELLM_URL, MASTER_KEY, STORAGE } from "./helpers/env";
import { chat, closeShowOnceDialog, createKeyDirectly, issueKeyThroughUi, runId } from "./helpers/keys";

/**
 * Usage and spend end to end: calls through the sandbox gateway show up in /usage (totals, chart, top-N), the request
 * log (detail, audited reveal), the key and team pages and the CSV export; a member sees only their own keys; a team
 * with steady spend gets a forecast date.
 */
const ZONE = "Europe/Berlin";
test.describe.configure({ mode: "serial" });

const run = runId();
const issued = { raw: "", token: "", alias: `usage-${run}` };

async function embed(request: APIRequestContext, key: string) {
  const res = await request.post(`${LITELLM_URL}/v1/embeddings`, {
    headers: { authorization: `Bearer ${key}` },
    data: { model: "text-embedding-3-small", input: "hello usage" },
    failOnStatusCode: false,
  });
  return res.status();
}

test.describe("as the admin", () => {
  test.use({ storageState: STORAGE.admin, timezoneId: ZONE });

  test("calls through the gateway appear in /usage: totals, chart, top-N, filters in the URL", async ({ page, request }) => {
    test.setTimeout(150_000); // issues a key through the UI, calls the gateway, then walks the page: slow on a shared machine
    const key = await issueKeyThroughUi(page, { alias: issued.alias, team: "platform" });
    Object.assign(issued, { raw: key.raw, token: key.token });
    await closeShowOnceDialog(page, key.token);
    expect((await chat(request, key.raw)).status).toBe(200);
    expect(await embed(request, key.raw)).toBe(200);
    expect((await chat(request, key.raw, "no-such-model")).status).toBe(400);

    await page.goto(`/usage?key=${key.token}&groupBy=model`);
    // The browser's zone goes into the URL (and the form keeps it).
    await expect(page).toHaveURL(/tz=Europe%2FBerlin/);
    const totals = page.getByLabel("Totals");
    await expect(totals.getByText("3", { exact: true })).toBeVisible();
    await expect(totals.getByText("2 succeeded · 1 failed")).toBeVisible();
    await expect(page.getByText("Daily spend (USD) by model")).toBeVisible();
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    const top = page.getByRole("table", { name: "Top models by spend" });
    await expect(top.getByRole("link", { name: "gpt-4o-mini" })).toBeVisible();
    await expect(top.getByRole("link", { name: "text-embedding-3-small" })).toBeVisible();
    await expect(top.getByRole("link", { name: "no-such-model" })).toBeVisible();
    // A table alternative of the chart for screen readers and keyboard users.
    await page.getByText("Chart data as a table").click();
    await expect(page.getByRole("table", { name: /Daily spend by model/ })).toBeVisible();
    await expectAccessible(page);

    // Change the grouping through the form: it lands in the URL, and the top-N row links to the key's page.
    await page.getByLabel("Group by").selectOption("key");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/groupBy=key/);
    const byKey = page.getByRole("table", { name: "Top keys by spend" });
    await byKey.getByRole("link", { name: issued.alias }).click();
    await expect(page).toHaveURL(new RegExp(`/keys/${key.token}$`));
  });

  test("the key and team pages have a usage section", async ({ page }) => {
    await page.goto(`/keys/${issued.token}`);
    const section = page.getByTestId("usage-section");
    await expect(section.getByRole("heading", { name: "Usage of this key (last 30 days)" })).toBeVisible();
    await expect(section.getByText("2 succeeded · 1 failed")).toBeVisible();
    await expect(section.getByRole("heading", { name: "Budget forecast" })).toBeVisible();
    await expect(section.getByText(/has no budget; it spent/)).toBeVisible();

    await page.goto("/teams/team-platform");
    const team = page.getByTestId("usage-section");
    await expect(team.getByRole("heading", { name: "Usage of this team (last 30 days)" })).toBeVisible();
    await expect(team.getByRole("table", { name: "Top keys by spend" }).getByRole("link", { name: issued.alias })).toBeVisible();
  });

  test("the request log lists the calls, shows a failure's detail and reveals bodies only with a reason", async ({ page }) => {
    await page.goto(`/usage/logs?key=${issued.token}&tz=${encodeURIComponent(ZONE)}`);
    const table = page.getByRole("table", { name: /3 requests, newest first/ });
    await expect(table).toBeVisible();
    await expect(table.getByText("failure", { exact: true })).toBeVisible();
    await page.getByLabel("Status").selectOption("failure");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/status=failure/);
    await expect(page.getByRole("table", { name: /^1 requests/ })).toBeVisible();
    await page.getByRole("link", { name: /Details of request/ }).click();
    await expect(page.getByRole("heading", { name: /^Request / })).toBeVisible();
    await expect(page.getByText(/Invalid model name passed in model=no-such-model/)).toBeVisible();

    // A successful call's prompt, behind the reveal.
    await page.goto(`/usage/logs?key=${issued.token}&status=success&model=gpt-4o-mini&tz=${encodeURIComponent(ZONE)}`);
    await page.getByRole("link", { name: /Details of request/ }).click();
    await page.getByRole("button", { name: "Reveal prompt and response" }).click();
    await expect(page.getByText("Say why you need to see the bodies (at least 3 characters)")).toBeVisible();
    await page.getByLabel("Reason for revealing the prompt and response").fill("e2e: checking what was sent");
    await page.getByRole("button", { name: "Reveal prompt and response" }).click();
    await expect(page.getByText("Revealed and recorded in the audit log")).toBeVisible();
    await expect(page.locator("pre").first()).toContainText("hello");
  });

  test("the unfiltered view is read from the usage index and says how old its figures are", async ({ page }) => {
    // The first unfiltered view reads LiteLLM and starts the index in the background; later views read the index.
    await page.goto(`/usage?groupBy=key&range=24h&tz=${encodeURIComponent(ZONE)}`);
    await expect(page.getByRole("heading", { name: "All usage" })).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("usage-freshness")).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByTestId("usage-freshness")).toHaveText(/^Figures as of \d+ (s|min) ago/);
    await expect(page.getByRole("heading", { name: "All usage" })).toBeVisible();
  });

  test("CSV export of the usage query", async ({ page }) => {
    await page.goto(`/usage?key=${issued.token}&groupBy=model&tz=${encodeURIComponent(ZONE)}`);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    const text = fs.readFileSync((await file.path())!, "utf8");
    expect(text.split("\n")[0]).toBe("date,model,group_id,spend_usd,requests,successes,failures,prompt_tokens,completion_tokens,total_tokens");
    expect(text).toContain("gpt-4o-mini");
    expect(text).toContain("no-such-model");
    expect(file.suggestedFilename()).toMatch(/^gatehouse-usage-.*-by-model\.csv$/);
  });

  test("bad input gets field errors, never a 5xx", async ({ page }) => {
    const res = await page.goto(`/usage?range=custom&from=2026-12-05&to=2026-12-01&tz=${encodeURIComponent(ZONE)}`);
    expect(res?.status()).toBe(200);
    await expect(page.getByText("The end date is before the start date").first()).toBeVisible();
    // What was typed stays in the form.
    await expect(page.getByLabel("From (custom)")).toHaveValue("2026-12-05");
    await page.goto(`/usage?groupBy=colour&tz=${encodeURIComponent(ZONE)}`);
    await expect(page.getByText("Group by team, key, user, model, provider or tag").first()).toBeVisible();
    await page.goto(`/usage?range=custom&from=2024-01-01&to=2026-01-01&tz=${encodeURIComponent(ZONE)}`);
    await expect(page.getByText("Ranges are limited to 366 days; choose a later start date").first()).toBeVisible();
    const logs = await page.goto(`/usage/logs?pageSize=5000&tz=${encodeURIComponent(ZONE)}`);
    expect(logs?.status()).toBe(200);
    await expect(page.getByText("Page size is 25, 50 or 100").first()).toBeVisible();
  });

  test("a team with steady spend gets a forecast date", async ({ page, request }) => {
    const teamId = `usage-forecast-${run}`;
    const alias = `forecast-${run}`;
    const created = await request.post(`${LITELLM_URL}/team/new`, {
      headers: { authorization: `Bearer ${MASTER_KEY}` },
      data: { team_id: teamId, team_alias: alias, max_budget: 100 },
    });
    expect(created.status()).toBe(200);
    const key = await createKeyDirectly(request, { team_id: teamId, key_alias: `forecast-key-${run}` });
    const backfill = await request.post(`${LITELLM_URL}/__sandbox/spend/backfill`, {
      headers: { authorization: `Bearer ${MASTER_KEY}` },
      data: { key: key.raw, days: 7, per_day: 5 },
    });
    expect(backfill.status()).toBe(200);
    // 35 USD spent, 65 left at 5 USD a day: 13 days from now.
    const fmt = (ms: number) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: ZONE }).format(new Date(ms));
    const candidates = [fmt(Date.now() + 13 * 86_400_000), fmt(Date.now() + 13 * 86_400_000 + 3_600_000)];
    await page.goto(`/usage/budgets?tz=${encodeURIComponent(ZONE)}`);
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: alias, exact: true }) });
    await expect(row).toContainText(/35\.00 USD of 100\.00 USD/);
    await expect(row).toContainText(new RegExp(`At the last 7 days' rate, team ${alias} reaches its 100 USD budget on (${candidates.join("|")})\\.`));
    await expect(row).toContainText("5.00 USD/day");
  });
});

test.describe("as a team member (alpha-member)", () => {
  test.use({ storageState: STORAGE.alphaMember });

  test("sees only their own keys' usage, and another team's URL gets nothing", async ({ page, request }) => {
    const mine = await createKeyDirectly(request, { team_id: "team-alpha", user_id: "openshift:alpha-member", key_alias: `usage-mine-${run}` });
    const peers = await createKeyDirectly(request, { team_id: "team-alpha", user_id: "openshift:alpha-peer", key_alias: `usage-peer-${run}` });
    expect((await chat(request, mine.raw)).status).toBe(200);
    expect((await chat(request, peers.raw)).status).toBe(200);

    await page.goto("/usage?groupBy=key&range=24h");
    await expect(page.getByRole("heading", { name: "Your keys' usage" })).toBeVisible();
    const top = page.getByRole("table", { name: "Top keys by spend" });
    await expect(top.getByRole("link", { name: `usage-mine-${run}` })).toBeVisible();
    await expect(top.getByText(`usage-peer-${run}`)).toHaveCount(0);
    await expect(top.getByText(issued.alias)).toHaveCount(0);

    // Editing the URL to another team's usage is refused on the server.
    await page.goto("/usage?team=team-beta");
    await expect(page.getByText("You see the usage of your own keys only, not a team's")).toBeVisible();
    const csv = await page.request.get("/api/usage/export?team=team-beta");
    expect(csv.status()).toBe(403);
    // The peer's key in the request log: nothing.
    await page.goto(`/usage/logs?key=${peers.token}`);
    await expect(page.getByRole("heading", { name: "No requests" })).toBeVisible();
  });
});
