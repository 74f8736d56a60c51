import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./helpers/a11y";
import { LITELLM_URL, MASTER_KEY, OPENSHIFT_URL, STORAGE } from "./helpers/env";
import { expectNoLeaks, expectSignedIn, setOpenShiftGroups, signInWithOidc, signInWithOpenShift } from "./helpers/sso";

/**
 * Single sign-on against the sandbox identity providers: the fake OpenShift OAuth server and oidc-provider.
 * Roles and teams come from sandbox/group-bindings.yaml and are recomputed at every sign-in.
 */
const PLATFORM_NAV = ["Overview", "Models", "Credentials", "Virtual keys", "Teams", "Usage", "Consumer aliases", "Config as code", "Audit log", "Notifications", "Settings"];
/** Admins also get the playground (right after Models). */
const ADMIN_NAV = ["Overview", "Models", "Playground", ...PLATFORM_NAV.slice(2)];

async function navLabels(page: Page): Promise<string[]> {
  const nav = await expectSignedIn(page);
  return (await nav.getByRole("link").allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

async function openUserMenu(page: Page) {
  await page.getByTestId("user-menu").click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  return menu;
}

async function litellmTeamMembers(request: import("@playwright/test").APIRequestContext, teamId: string): Promise<string[]> {
  const res = await request.get(`${LITELLM_URL}/team/info`, { params: { team_id: teamId }, headers: { authorization: `Bearer ${MASTER_KEY}` } });
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { team_info: { members_with_roles: { user_id: string }[] } };
  return body.team_info.members_with_roles.map((m) => m.user_id);
}

test.describe("the login page", () => {
  test("offers exactly the configured providers", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in with OpenShift" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in with Sandbox OIDC" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Break-glass admin" })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Sign in with/ })).toHaveCount(2);
    await expectAccessible(page);
  });
});

test.describe("sign in with OpenShift", () => {
  const cases = [
    { username: "ocp-admin", home: /localhost:\d+\/$/, nav: ADMIN_NAV, role: "Admin" },
    { username: "ocp-viewer", home: /localhost:\d+\/$/, nav: PLATFORM_NAV, role: "Viewer" },
    { username: "alpha-admin", home: /localhost:\d+\/$/, nav: ["Overview", "My keys", "My teams", "Playground", "Usage", "Team audit log", "Notifications"], role: "User" },
    { username: "alpha-member", home: /localhost:\d+\/$/, nav: ["Overview", "My keys", "My teams", "Playground", "Usage"], role: "User" },
    { username: "multi-team", home: /localhost:\d+\/$/, nav: ["Overview", "My keys", "My teams", "Playground", "Usage"], role: "User" },
  ];
  for (const c of cases) {
    test(`${c.username} lands on the right home with the right navigation`, async ({ page }) => {
      await signInWithOpenShift(page, c.username);
      await expect(page).toHaveURL(c.home);
      expect(await navLabels(page)).toEqual(c.nav);
      const menu = await openUserMenu(page);
      await expect(menu).toContainText(`${c.username} · via openshift`);
      await expect(menu).toContainText(c.role);
      await page.keyboard.press("Escape");
      await expectNoLeaks(page);
    });
  }

  test("multi-team sees both of its teams and nothing else", async ({ page }) => {
    await signInWithOpenShift(page, "multi-team");
    await expectSignedIn(page);
    await page.goto("/teams");
    await expect(page.getByRole("heading", { name: "My teams", level: 1 })).toBeVisible();
    await expect(page.getByTestId("team-row")).toHaveCount(2);
    await expect(page.getByTestId("team-row").nth(0)).toContainText("team-alpha");
    await expect(page.getByTestId("team-row").nth(1)).toContainText("team-beta");
  });

  for (const username of ["unmapped", "no-groups"]) {
    test(`${username} (no mapped group) lands on /denied without a session`, async ({ page }) => {
      await signInWithOpenShift(page, username);
      await expect(page).toHaveURL(/\/denied$/);
      await expect(page.getByRole("heading", { name: "You have no access to Gatehouse", level: 1 })).toBeVisible();
      await expectAccessible(page);
      await page.goto("/keys");
      await expect(page).toHaveURL(/\/login/);
    });
  }
});

test.describe("roles are recomputed at every sign-in", () => {
  test.afterEach(async ({ request }) => {
    await setOpenShiftGroups(request, "ocp-admin", ["gatehouse-admins"]);
    await setOpenShiftGroups(request, "multi-team", ["team-alpha", "team-beta"]);
  });

  test("leaving the admin group removes admin at the next sign-in", async ({ page, request, browser }) => {
    await signInWithOpenShift(page, "ocp-admin");
    await expect(page).toHaveURL(/localhost:\d+\/$/);
    expect(await navLabels(page)).toEqual(ADMIN_NAV);

    await setOpenShiftGroups(request, "ocp-admin", ["team-alpha"]);
    const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const again = await fresh.newPage();
    await signInWithOpenShift(again, "ocp-admin");
    await expect(again).toHaveURL(/localhost:\d+\/$/);
    expect(await navLabels(again)).toEqual(["Overview", "My keys", "My teams", "Playground", "Usage"]);
    await again.goto("/settings");
    await expect(again.getByText("You do not have access to this page")).toBeVisible();
    await fresh.close();
  });

  test("team membership in LiteLLM follows the groups: added, then removed when the group is gone", async ({ page, request, browser }) => {
    await signInWithOpenShift(page, "multi-team");
    await expectSignedIn(page);
    expect(await litellmTeamMembers(request, "team-alpha")).toContain("openshift:multi-team");
    expect(await litellmTeamMembers(request, "team-beta")).toContain("openshift:multi-team");

    await setOpenShiftGroups(request, "multi-team", ["team-beta"]);
    const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const again = await fresh.newPage();
    await signInWithOpenShift(again, "multi-team");
    await expectSignedIn(again);
    expect(await litellmTeamMembers(request, "team-alpha")).not.toContain("openshift:multi-team");
    expect(await litellmTeamMembers(request, "team-beta")).toContain("openshift:multi-team");
    // Teams without a binding are never touched.
    expect(await litellmTeamMembers(request, "team-platform")).toEqual(["user-alice"]);
    await fresh.close();
  });
});

test.describe("sign in with OIDC", () => {
  test("oidc-admin becomes an admin", async ({ page }) => {
    await signInWithOidc(page, "oidc-admin");
    await expect(page).toHaveURL(/localhost:\d+\/$/);
    expect(await navLabels(page)).toEqual(ADMIN_NAV);
    const menu = await openUserMenu(page);
    await expect(menu).toContainText("oidc-admin · via oidc");
  });

  test("oidc-member (Keycloak-style /team-beta) becomes a member of team-beta", async ({ page, request }) => {
    await signInWithOidc(page, "oidc-member");
    await expect(page).toHaveURL(/localhost:\d+\/$/);
    expect(await navLabels(page)).toEqual(["Overview", "My keys", "My teams", "Playground", "Usage"]);
    await page.goto("/teams");
    await expect(page.getByTestId("team-row")).toHaveCount(1);
    await expect(page.getByTestId("team-row")).toContainText("team-beta");
    expect(await litellmTeamMembers(request, "team-beta")).toContain("oidc:oidc-member");
  });

  test("declining at the identity provider ends on a clear page, without a session", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in with Sandbox OIDC" }).click();
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page).toHaveURL(/\/auth-error\?error=/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Access denied|Sign-in was not completed/);
    await expectNoLeaks(page);
    await expectAccessible(page);
    await page.goto("/models");
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("tampered sign-in responses fail cleanly", () => {
  test("a forged state is rejected: clear page, no token text, no session", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in with OpenShift" }).click();
    await page.locator("#inputUsername").fill("ocp-admin");
    await page.locator("#inputPassword").fill("sandbox");
    // Catch the OAuth server's redirect back to the console (redirects themselves cannot be routed).
    let callback: string | undefined;
    await page.route(`${OPENSHIFT_URL}/oauth/authorize/login`, async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      callback = response.headers()["location"];
      await route.fulfill({ status: 200, contentType: "text/plain", body: "intercepted by the test" });
    });
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => callback).toBeTruthy();
    await page.unroute(`${OPENSHIFT_URL}/oauth/authorize/login`);
    const forged = new URL(callback!);
    expect(forged.pathname).toBe("/api/auth/callback/openshift");
    expect(forged.searchParams.get("code")).toBeTruthy();
    forged.searchParams.set("state", `forged-${Date.now()}`);
    await page.goto(forged.toString());
    await expect(page).toHaveURL(/\/auth-error\?error=Configuration$/);
    await expect(page.getByRole("heading", { name: "Sign-in could not be completed", level: 1 })).toBeVisible();
    await expectNoLeaks(page);
    await expect(page.getByText(forged.searchParams.get("code")!)).toHaveCount(0);
    await expectAccessible(page);
    await page.goto("/models");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a redirect_uri that differs from the registered one fails at the token exchange", async ({ page }) => {
    await page.goto("/login");
    let authorize: string | undefined;
    await page.route(`${OPENSHIFT_URL}/oauth/authorize?**`, async (route) => {
      authorize = route.request().url();
      await route.abort();
    });
    await page.getByRole("button", { name: "Sign in with OpenShift" }).click();
    await expect.poll(() => authorize).toBeTruthy();
    await page.unroute(`${OPENSHIFT_URL}/oauth/authorize?**`);
    const tampered = new URL(authorize!);
    // Still prefix-matched by the OAuth server (so it issues a code), but not what the console exchanges it with.
    tampered.searchParams.set("redirect_uri", `${tampered.searchParams.get("redirect_uri")}?via=tampered`);
    await page.goto(tampered.toString());
    await page.locator("#inputUsername").fill("ocp-admin");
    await page.locator("#inputPassword").fill("sandbox");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/auth-error\?error=/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Sign-in could not be completed|Sign-in was not completed/);
    await expectNoLeaks(page);
    await page.goto("/models");
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("the audit log", () => {
  test.use({ storageState: STORAGE.admin });

  async function signinRows(page: Page, actor: string, outcome: string) {
    await page.goto(`/audit?action=signin&actor=${actor}&outcome=${outcome}`);
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
    return page.getByTestId("audit-row").count();
  }

  test("every sign-in writes exactly one row; failures and denials are recorded", async ({ page, browser }) => {
    const before = await signinRows(page, "alpha-member", "success");
    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const member = await ctx.newPage();
    await signInWithOpenShift(member, "alpha-member");
    await expectSignedIn(member);
    await ctx.close();
    expect(await signinRows(page, "alpha-member", "success")).toBe(before + 1);
    expect(await signinRows(page, "unmapped", "refused")).toBeGreaterThanOrEqual(1);
    expect(await signinRows(page, "unknown", "failure")).toBeGreaterThanOrEqual(1);
    await expectNoLeaks(page);
  });
});
