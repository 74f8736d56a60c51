import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { LITELLM_URL, MASTER_KEY, STORAGE } from "./helpers/env";
import { chat, createKeyDirectly, deleteKeysDirectly, runId } from "./helpers/keys";

/**
 * The overview's spend card: calls through the sandbox gateway show up in today's and the 7 days' spend, scoped like
 * the usage pages — admins everything, team admins their team, members their own keys — and the card links to
 * /usage. (The expiring key and the team at 80 % are in notifications.spec.ts.)
 */
test.describe.configure({ mode: "serial" });

const id = runId();
type Who = "admin" | "alphaAdmin" | "alphaMember";
const WHO: Who[] = ["admin", "alphaAdmin", "alphaMember"];
const before: Record<Who, { today: number; week: number }> = { admin: { today: 0, week: 0 }, alphaAdmin: { today: 0, week: 0 }, alphaMember: { today: 0, week: 0 } };
const cost = { own: 0, other: 0 };
const created: string[] = [];

// alpha-member's fixture key would count against team-alpha's active-keys-per-member cap in later specs.
test.afterAll(async ({ request }) => {
  await deleteKeysDirectly(request, created);
});

async function figures(page: Page) {
  const card = page.getByTestId("overview-spend");
  await expect(card.getByTestId("spend-today-value")).toBeVisible();
  const read = async (testId: string) => Number(await card.getByTestId(testId).getAttribute("data-spend"));
  return { today: await read("spend-today-value"), week: await read("spend-week-value") };
}

async function asUser<T>(browser: Browser, who: Who, fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: STORAGE[who] });
  try {
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    return await fn(page);
  } finally {
    await context.close();
  }
}

async function keySpend(request: APIRequestContext, token: string): Promise<number> {
  const res = await request.get(`${LITELLM_URL}/key/info?key=${token}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { info: { spend: number } }).info.spend;
}

test("each role's spend card before the calls", async ({ browser }) => {
  for (const who of WHO) before[who] = await asUser(browser, who, figures);
});

test("calls through the gateway: one of alpha-member's team-alpha keys, one key of nobody's team", async ({ request }) => {
  const own = await createKeyDirectly(request, { key_alias: `overview-own-${id}`, team_id: "team-alpha", user_id: "openshift:alpha-member" });
  const other = await createKeyDirectly(request, { key_alias: `overview-other-${id}`, user_id: `e2e-overview-${id}` });
  created.push(own.token, other.token);
  for (const key of [own.raw, own.raw, other.raw]) expect((await chat(request, key)).status).toBe(200);
  cost.own = await keySpend(request, own.token);
  cost.other = await keySpend(request, other.token);
  expect(cost.own).toBeGreaterThan(0);
  expect(cost.other).toBeGreaterThan(0);
});

test("admins see every call; team admins their team's; members their own keys'", async ({ browser }) => {
  const expected: Record<Who, number> = { admin: cost.own + cost.other, alphaAdmin: cost.own, alphaMember: cost.own };
  for (const who of WHO) {
    await asUser(browser, who, async (page) => {
      const after = await figures(page);
      expect(after.today - before[who].today, who).toBeCloseTo(expected[who], 9);
      expect(after.week - before[who].week, who).toBeCloseTo(expected[who], 9);
      await expect(page.getByTestId("overview-spend")).toContainText(
        who === "admin" ? "All keys and teams." : who === "alphaAdmin" ? "The teams you administer." : "Your own keys.",
      );
    });
  }
});

test("the card says how today compares and links to the usage page over 7 days", async ({ browser }) => {
  await asUser(browser, "admin", async (page) => {
    const card = page.getByTestId("overview-spend");
    await expect(card.getByTestId("spend-today")).toContainText(/up \d[\d,]* %|down \d[\d,]* %|about the same|nothing was spent in the previous period/);
    await expect(card.getByTestId("spend-today")).toContainText("yesterday");
    await expectAccessible(page);
    await card.getByRole("link", { name: "Usage" }).click();
    await expect(page).toHaveURL(/\/usage\?range=7d$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });
  await asUser(browser, "alphaAdmin", async (page) => {
    await page.getByTestId("overview-spend").getByRole("link", { name: "Usage" }).click();
    await expect(page).toHaveURL(/\/usage\?range=7d&team=team-alpha$/);
  });
});
