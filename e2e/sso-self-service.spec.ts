import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectAccessible } from "./helpers/a11y";
import { LITELLM_URL, MASTER_KEY, STORAGE } from "./helpers/env";
import { deleteKeysDirectly, runId } from "./helpers/keys";
import { setAlphaKeyPolicy } from "./helpers/sso";

/**
 * Team self-service keys end to end: an admin sets team-alpha's policy on the Teams page, then alpha-member (signed
 * in with OpenShift) issues keys. A member whose teams have self-service off learns it before any form; requests
 * above a cap (the policy's, or the team's own LiteLLM budget) are rejected with the cap named; the picker offers the
 * team's models only and the server refuses others; the team comes from the session, so a forged team id is refused.
 */
test.describe.configure({ mode: "serial" });

const run = runId();
const ALPHA_MEMBER = "openshift:alpha-member";
const admin = { authorization: `Bearer ${MASTER_KEY}` };

/** alpha-member's active team-alpha keys, straight from LiteLLM (other specs make some for their own fixtures). */
async function clearAlphaMemberKeys(request: APIRequestContext) {
  const res = await request.get(`${LITELLM_URL}/key/list`, {
    params: { user_id: ALPHA_MEMBER, team_id: "team-alpha", size: 100, return_full_object: "true" },
    headers: admin,
  });
  expect(res.ok(), await res.text()).toBe(true);
  const { keys } = (await res.json()) as { keys: { token: string }[] };
  await deleteKeysDirectly(request, keys.map((k) => k.token));
}

async function setAlphaBudget(request: APIRequestContext, maxBudget: number) {
  const res = await request.post(`${LITELLM_URL}/team/update`, { data: { team_id: "team-alpha", max_budget: maxBudget }, headers: admin });
  expect(res.ok(), await res.text()).toBe(true);
}

test.describe("self-service off: said before the form", () => {
  test("the policy switch says what it does; with members off, alpha-member is told who can issue and gets no form", async ({ browser }) => {
    await setAlphaKeyPolicy(browser, STORAGE.ocpAdmin, { membersCanIssue: false });
    const ctx = await browser.newContext({ storageState: STORAGE.alphaMember });
    const page = await ctx.newPage();
    await page.goto("/keys/new");
    const panel = page.getByTestId("self-service-panel");
    await expect(panel).toContainText("Team alpha lets only its team admins issue keys; members cannot issue their own.");
    await expect(panel).toContainText('Ask a team admin of alpha for a key, or a console admin to turn on "Members may issue their own keys"');
    await expect(page.getByLabel("Alias")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Issue key" })).toHaveCount(0);
    await expectAccessible(page);
    await ctx.close();
  });

  test("a member of a team with no policy at all is told which team and who can set one", async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: STORAGE.multiTeam });
    const page = await ctx.newPage();
    await page.goto("/keys/new");
    const panel = page.getByTestId("self-service-panel");
    await expect(panel).toContainText("Team beta has no self-service key policy yet, so keys cannot be issued for it here.");
    await expect(panel).toContainText("A console admin can set one on the team's page (Teams → beta → Set policy).");
    await expect(panel).toContainText("Team alpha lets only its team admins issue keys");
    await expect(page.getByRole("button", { name: "Issue key" })).toHaveCount(0);
    await ctx.close();
  });
});

test("an admin sets team-alpha's key policy", async ({ browser }) => {
  await setAlphaKeyPolicy(browser, STORAGE.ocpAdmin);
});

test.describe("as alpha-member", () => {
  test.use({ storageState: STORAGE.alphaMember });

  async function fillBasics(page: Page, alias: string, budget: string, expiry: string, caps = "models: gpt-4o-mini") {
    await page.goto("/keys/new");
    await expect(page.getByRole("heading", { name: "Issue a virtual key", level: 1 })).toBeVisible();
    await expect(page.getByText(new RegExp(`^Caps for alpha: .*${caps}; 2 active keys per member\\.$`))).toBeVisible();
    await expect(page.getByTestId("self-service-panel")).toHaveCount(0);
    await page.getByLabel("Alias").fill(alias);
    await page.getByLabel("Max budget (USD)").fill(budget);
    await page.getByRole("radio", { name: expiry }).check();
    await page.getByRole("checkbox", { name: "gpt-4o-mini", exact: true }).check();
  }

  test("a budget above the cap is rejected with the cap named", async ({ page }) => {
    await fillBasics(page, "alpha-over-budget", "50", "7 days");
    await expect(page.getByText("Caps for alpha: max 10 USD per key; expiry within 14 days; models: gpt-4o-mini; 2 active keys per member.")).toBeVisible();
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

  test("a request within every cap issues the key, shown once", async ({ page, request }) => {
    // Independent of other specs' fixtures: alpha-member's other active keys would count against the 2-key cap.
    await clearAlphaMemberKeys(request);
    await fillBasics(page, `alpha-within-caps-${run}`, "5", "7 days");
    await page.getByRole("button", { name: "Issue key" }).click();
    await expect(page.getByRole("dialog")).toContainText(/sk-/);
  });
});

test.describe("the team's own limits in LiteLLM", () => {
  test("'All of the team's models': the picker offers the team's models only, and a replayed request for another is refused and audited", async ({ browser }) => {
    await setAlphaKeyPolicy(browser, STORAGE.ocpAdmin, { allTeamModels: true });
    const adminCtx = await browser.newContext({ storageState: STORAGE.ocpAdmin });
    const adminPage = await adminCtx.newPage();
    // The choice round-trips: the dialog opens on it again.
    await adminPage.goto("/teams/team-alpha");
    await adminPage.getByRole("button", { name: "Edit policy" }).click();
    await expect(adminPage.getByRole("dialog").getByRole("radio", { name: "All of the team's models" })).toBeChecked();
    await adminPage.keyboard.press("Escape");

    const ctx = await browser.newContext({ storageState: STORAGE.alphaMember });
    const page = await ctx.newPage();
    await page.goto("/keys/new");
    await expect(page.getByText(/^Caps for alpha: .*all of the team's models;/)).toBeVisible();
    // team-alpha has gpt-4o-mini and text-embedding-3-small in LiteLLM; the gateway also serves llama3 and gpt-4o.
    await expect(page.getByRole("checkbox", { name: "text-embedding-3-small", exact: true })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "gpt-4o-mini", exact: true })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "llama3", exact: true })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: "gpt-4o", exact: true })).toHaveCount(0);

    const alias = `alpha-other-model-${run}`;
    await page.getByLabel("Alias").fill(alias);
    await page.getByLabel("Max budget (USD)").fill("5");
    await page.getByRole("radio", { name: "7 days" }).check();
    await page.getByRole("checkbox", { name: "gpt-4o-mini", exact: true }).check();
    await page.route("**/keys/new", async (route) => {
      const req = route.request();
      if (req.method() !== "POST" || !req.headers()["next-action"]) return route.continue();
      const body = req.postData() ?? "";
      expect(body).toContain('"models":["gpt-4o-mini"]');
      await route.continue({ postData: body.replace('"models":["gpt-4o-mini"]', '"models":["llama3"]') });
    });
    await page.getByRole("button", { name: "Issue key" }).click();
    await expect(page.getByText("llama3 is not among alpha's models in LiteLLM; pick from the team's models.").first()).toBeVisible();
    await ctx.close();

    await adminPage.goto(`/audit?action=key.issue`);
    const row = adminPage.getByTestId("audit-row").filter({ hasText: alias });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("refused");
    await adminCtx.close();
  });

  test("the team's own max_budget caps a key when it is lower than the policy's, and the error names it", async ({ browser, request }) => {
    await setAlphaBudget(request, 4);
    try {
      const ctx = await browser.newContext({ storageState: STORAGE.alphaMember });
      const page = await ctx.newPage();
      await page.goto("/keys/new");
      await expect(page.getByText(/^Caps for alpha: max 4 USD per key \(the team's own budget in LiteLLM; the policy allows 10\);/)).toBeVisible();
      await page.getByLabel("Alias").fill(`alpha-team-budget-${run}`);
      await page.getByLabel("Max budget (USD)").fill("5");
      await page.getByRole("radio", { name: "7 days" }).check();
      await page.getByRole("button", { name: "Issue key" }).click();
      await expect(
        page.getByText("Max budget 5 USD is above alpha's own budget in LiteLLM of 4 USD (lower than its policy cap of 10 USD per key).").first(),
      ).toBeVisible();
      await ctx.close();
    } finally {
      await setAlphaBudget(request, 100);
    }
  });

  test("team-alpha's usual policy is back for other specs", async ({ browser }) => {
    await setAlphaKeyPolicy(browser, STORAGE.ocpAdmin);
  });
});
