import { expect, test as setup } from "@playwright/test";
import { ADMIN_PASSWORD, STORAGE } from "./helpers/env";
import { ensureFixtureTeams, expectSignedIn, signInWithOpenShift } from "./helpers/sso";

/** Signs in through the real login flow once per role and saves the session for the other specs. */
setup("sign in as the break-glass admin", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("litellm-status")).toBeVisible();
  await page.context().storageState({ path: STORAGE.admin });
});

/** The OpenShift fixture users (sandbox/openshift/fixtures.ts), signed in through "Sign in with OpenShift". */
const OPENSHIFT_USERS = [
  { username: "ocp-admin", storage: STORAGE.ocpAdmin, home: /localhost:\d+\/$/ },
  { username: "ocp-viewer", storage: STORAGE.ocpViewer, home: /localhost:\d+\/$/ },
  { username: "alpha-admin", storage: STORAGE.alphaAdmin, home: /localhost:\d+\/$/ },
  { username: "alpha-member", storage: STORAGE.alphaMember, home: /localhost:\d+\/$/ },
  { username: "multi-team", storage: STORAGE.multiTeam, home: /localhost:\d+\/$/ },
] as const;

setup.describe("OpenShift users", () => {
  setup.beforeAll(async ({ request }) => {
    // The sandbox bindings point at team-alpha/team-beta; sign-in adds the users to them in LiteLLM.
    await ensureFixtureTeams(request);
  });

  for (const user of OPENSHIFT_USERS) {
    setup(`sign in with OpenShift as ${user.username}`, async ({ page }) => {
      await signInWithOpenShift(page, user.username);
      await expectSignedIn(page);
      await expect(page).toHaveURL(user.home);
      await page.context().storageState({ path: user.storage });
    });
  }
});
