import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { LITELLM_URL, MASTER_KEY, OPENSHIFT_URL } from "./env";

/** The fake OpenShift's fixture users (sandbox/openshift/fixtures.ts) all use this password. */
export const SANDBOX_PASSWORD = "sandbox";

/** LiteLLM teams the sandbox group bindings point at (sandbox/group-bindings.yaml). */
export const FIXTURE_TEAMS = [
  { team_id: "team-alpha", team_alias: "alpha", models: ["gpt-4o-mini", "text-embedding-3-small"], max_budget: 100 },
  { team_id: "team-beta", team_alias: "beta", models: ["gpt-4o-mini"], max_budget: 50 },
] as const;

/** Creates the bound teams in the sandbox LiteLLM if they are missing (the demo seed has only platform/search). */
export async function ensureFixtureTeams(request: APIRequestContext) {
  for (const team of FIXTURE_TEAMS) {
    const info = await request.get(`${LITELLM_URL}/team/info`, { params: { team_id: team.team_id }, headers: { authorization: `Bearer ${MASTER_KEY}` } });
    if (info.ok()) continue;
    const created = await request.post(`${LITELLM_URL}/team/new`, { data: team, headers: { authorization: `Bearer ${MASTER_KEY}` } });
    expect(created.ok(), await created.text()).toBe(true);
  }
}

/** Sets a fixture user's groups in the fake OpenShift (its admin route); they apply at the next sign-in. */
export async function setOpenShiftGroups(request: APIRequestContext, username: string, groups: string[]) {
  const res = await request.post(`${OPENSHIFT_URL}/__sandbox/users/${encodeURIComponent(username)}/groups`, { data: { groups } });
  expect(res.ok(), await res.text()).toBe(true);
}

/** Clicks "Sign in with <provider>" on /login and fills the identity provider's login form. */
async function signInThrough(page: Page, button: string, username: string, password: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: button }).click();
  await page.locator("#inputUsername").fill(username);
  await page.locator("#inputPassword").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

export async function signInWithOpenShift(page: Page, username: string, password = SANDBOX_PASSWORD) {
  await signInThrough(page, "Sign in with OpenShift", username, password);
}

export async function signInWithOidc(page: Page, username: string, password = "any-password") {
  await signInThrough(page, "Sign in with Sandbox OIDC", username, password);
}

/** Waits for the console shell (signed in) and returns the main navigation. */
export async function expectSignedIn(page: Page) {
  await expect(page.getByTestId("litellm-status")).toBeVisible();
  return page.getByRole("navigation", { name: /main/i });
}

/** Text that must never reach a page: tokens, codes, stack traces. */
export const LEAK_PATTERNS = [/sha256~/, /eyJ[\w-]+\.[\w-]+\.[\w-]+/, /\bat\s+\S+\s+\(.*:\d+:\d+\)/, /access_token/, /code_verifier/, /sandbox-sa-token/, /sandbox-oidc-secret/];

export async function expectNoLeaks(page: Page) {
  const html = await page.content();
  for (const pattern of LEAK_PATTERNS) expect(html, `page leaks ${pattern}`).not.toMatch(pattern);
}

/**
 * As ocp-admin, sets team-alpha's key policy on the Teams page: max 10 USD per key, 14 days' lifetime, 2 active keys
 * per member, gpt-4o-mini only (or all of the team's models), members may issue (unless told otherwise).
 */
export async function setAlphaKeyPolicy(
  browser: Browser,
  storageState: string,
  { membersCanIssue = true, allTeamModels = false }: { membersCanIssue?: boolean; allTeamModels?: boolean } = {},
) {
  const ctx = await browser.newContext({ storageState });
  const page = await ctx.newPage();
  await page.goto("/teams/team-alpha");
  await page.getByRole("button", { name: /(Set|Edit) policy/ }).click();
  const dialog = page.getByRole("dialog", { name: "Key policy for alpha" });
  await dialog.getByLabel("Max budget per key (USD)").fill("10");
  await dialog.getByLabel("Max key lifetime (days)").fill("14");
  await dialog.getByLabel("Max active keys per member").fill("2");
  if (allTeamModels) {
    await dialog.getByRole("radio", { name: "All of the team's models" }).check();
    await expect(dialog.getByRole("checkbox", { name: "gpt-4o-mini" })).toHaveCount(0);
  } else {
    await dialog.getByRole("radio", { name: "Only the models ticked below" }).check();
    const model = dialog.getByRole("checkbox", { name: "gpt-4o-mini" });
    if ((await model.getAttribute("aria-checked")) !== "true") await model.click();
    const embedding = dialog.getByRole("checkbox", { name: "text-embedding-3-small" });
    if ((await embedding.getAttribute("aria-checked")) === "true") await embedding.click();
  }
  const members = dialog.getByRole("switch", { name: "Members may issue their own keys" });
  if ((await members.getAttribute("aria-checked")) !== String(membersCanIssue)) await members.click();
  // The switch's description says what the state it shows means.
  await expect(dialog.getByTestId("members-can-issue-state")).toHaveText(
    membersCanIssue
      ? "On: members issue their own keys for this team, within these caps."
      : "Off: only team admins and console admins issue keys for this team.",
  );
  await dialog.getByRole("button", { name: "Save policy" }).click();
  // Another spec may have set the same policy already: the console refuses a save that changes nothing.
  const unchanged = page.getByText("Nothing changed: the policy already has these values.").first();
  await expect(async () => {
    if (await unchanged.isVisible()) await dialog.getByRole("button", { name: "Close" }).first().click();
    await expect(dialog).toBeHidden({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const summary = page.getByTestId("team-policy");
  await expect(summary).toContainText("14 days (expiry required)");
  await expect(summary).toContainText(allTeamModels ? "All of the team's models" : "gpt-4o-mini");
  await expect(summary).toContainText(membersCanIssue ? "Yes" : "No (team admins only)");
  await ctx.close();
}
