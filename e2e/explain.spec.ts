import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { LITELLM_URL, MASTER_KEY, STORAGE } from "./helpers/env";
import { chat, createKeyDirectly, runId } from "./helpers/keys";

/**
 * "Why is this key denied?" through the UI: each reason LiteLLM refuses a call is named, with the value that decided
 * it, and the fix link leads to the page that fixes it. The keys are made on the sandbox directly (as a consumer's
 * would be); the verdicts are checked against the real data plane in lib/explain/agreement.sandbox.test.ts.
 */
const run = runId();
const BROKE_TEAM = `team-e2e-broke-${run}`;

async function explainByAlias(page: Page, alias: string, model: string) {
  await page.goto("/keys/explain");
  await page.getByLabel("Alias", { exact: true }).check();
  await page.getByLabel("Key alias").fill(alias);
  await page.getByLabel("Model", { exact: true }).fill(model);
  await page.getByRole("button", { name: "Explain" }).click();
}

async function createTeam(request: APIRequestContext, body: Record<string, unknown>) {
  const res = await request.post(`${LITELLM_URL}/team/new`, { headers: { authorization: `Bearer ${MASTER_KEY}` }, data: body });
  expect(res.ok(), await res.text()).toBe(true);
}

test.describe("as an admin", () => {
  test.describe.configure({ mode: "serial" });
  test.use({ storageState: STORAGE.admin });

  test("a blocked key: named, and the fix link leads to Unblock; afterwards the key is allowed", async ({ page, request }) => {
    const alias = `explain-blocked-${run}`;
    const { token } = await createKeyDirectly(request, { key_alias: alias, team_id: "team-platform", blocked: true });
    await explainByAlias(page, alias, "gpt-4o-mini");
    await expect(page.getByText("Denied: the key is blocked.")).toBeVisible();
    await expect(page.getByText("LiteLLM answers: Authentication Error, Key is blocked.")).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("link", { name: /Go to the fix for “Key is not blocked”/ }).click();
    await expect(page).toHaveURL(new RegExp(`/keys/${token}$`));
    await page.getByRole("button", { name: "Unblock", exact: true }).click();
    await expect(page.getByRole("button", { name: "Block", exact: true })).toBeVisible();

    await explainByAlias(page, alias, "gpt-4o-mini");
    await expect(page.getByText("Allowed: every check LiteLLM makes passes for this key and model.")).toBeVisible();
  });

  test("an expired key", async ({ page, request }) => {
    const alias = `explain-expired-${run}`;
    const { raw } = await createKeyDirectly(request, { key_alias: alias, duration: "1s" });
    // The state the explainer reads: the gateway itself refuses the key as expired.
    await expect.poll(async () => (await chat(request, raw)).type, { timeout: 15_000 }).toBe("expired_key");
    await explainByAlias(page, alias, "gpt-4o-mini");
    await expect(page.getByText("Denied: the key has expired.")).toBeVisible();
    await expect(page.getByText(/Extend the key's expiry/)).toBeVisible();
  });

  test("a key over its budget, with the spend that decided it", async ({ page, request }) => {
    const alias = `explain-budget-${run}`;
    await createKeyDirectly(request, { key_alias: alias, max_budget: 0 });
    await explainByAlias(page, alias, "gpt-4o-mini");
    await expect(page.getByText("Denied: the key has used up its budget.")).toBeVisible();
    await expect(page.getByText(/Spend 0\.00 USD has reached the budget of 0\.00 USD/)).toBeVisible();
  });

  test("a key without the model", async ({ page, request }) => {
    const alias = `explain-model-${run}`;
    const { token } = await createKeyDirectly(request, { key_alias: alias, models: ["text-embedding-3-small"] });
    await explainByAlias(page, alias, "gpt-4o-mini");
    await expect(page.getByText("Denied: the key may not call this model.")).toBeVisible();
    await expect(page.getByText(/The key may call text-embedding-3-small; gpt-4o-mini is not among them/)).toBeVisible();
    await page.getByRole("link", { name: /Go to the fix for “Key may call the model”/ }).click();
    await expect(page).toHaveURL(new RegExp(`/keys/${token}$`));
  });

  test("a team over budget: the fix link leads to the team", async ({ page, request }) => {
    await createTeam(request, { team_id: BROKE_TEAM, team_alias: `broke-${run}`, max_budget: 0 });
    const alias = `explain-team-${run}`;
    await createKeyDirectly(request, { key_alias: alias, team_id: BROKE_TEAM });
    await explainByAlias(page, alias, "gpt-4o-mini");
    await expect(page.getByText("Denied: the key's team has used up its budget.")).toBeVisible();
    await page.getByRole("link", { name: /Go to the fix for “Team is within its budget”/ }).click();
    await expect(page).toHaveURL(new RegExp(`/teams/${BROKE_TEAM}$`));
  });

  test("a pasted key is hashed in the browser: the key never reaches the console or the address bar", async ({ page, request }) => {
    const alias = `explain-paste-${run}`;
    const { raw } = await createKeyDirectly(request, { key_alias: alias, blocked: true });
    const sent: string[] = [];
    page.on("request", (r) => sent.push(`${r.url()} ${r.postData() ?? ""}`));
    await page.goto("/keys/explain");
    await page.getByLabel("Paste the key").check();
    await page.getByLabel("Virtual key").fill(raw);
    await page.getByLabel("Model", { exact: true }).fill("gpt-4o-mini");
    await page.getByRole("button", { name: "Explain" }).click();
    await expect(page.getByText("Denied: the key is blocked.")).toBeVisible();
    await expect(page.getByText(alias, { exact: true })).toBeVisible();
    expect(sent.filter((s) => s.includes(raw))).toEqual([]);
    expect(page.url()).not.toContain(raw);
  });

  test("from a key's page: Why denied? explains that key", async ({ page, request }) => {
    const alias = `explain-from-page-${run}`;
    const { token } = await createKeyDirectly(request, { key_alias: alias, models: ["gpt-4o-mini"] });
    await page.goto(`/keys/${token}`);
    await page.getByRole("link", { name: "Why denied?" }).click();
    await expect(page).toHaveURL(/\/keys\/explain\?token=/);
    await page.getByRole("button", { name: "Explain" }).click();
    await expect(page.getByText("Allowed: every check LiteLLM makes passes for this key and model.")).toBeVisible();
  });
});

test.describe("as a team member", () => {
  test.use({ storageState: STORAGE.alphaMember });

  test("another person's key reads like a missing one", async ({ page, request }) => {
    const alias = `explain-not-mine-${run}`;
    await createKeyDirectly(request, { key_alias: alias, team_id: "team-platform" });
    await explainByAlias(page, alias, "gpt-4o-mini");
    await expect(page.getByText("Denied: LiteLLM does not know this key.")).toBeVisible();
    await expect(page.getByText("No key you can see matches.")).toBeVisible();
  });
});
