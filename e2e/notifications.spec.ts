import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { expectAccessible } from "./helpers/a11y";
import { CATCHER_URL, LITELLM_URL, MASTER_KEY, SMTP_PORT, STORAGE } from "./helpers/env";
import { chat, createKeyDirectly, runId } from "./helpers/keys";
import { setAlphaKeyPolicy } from "./helpers/sso";

/**
 * Notifications end to end: a "7 days" rule and a key that expires in 3 days → one signed webhook and one e-mail in
 * the sandbox catchers, with the key's alias and exact expiry and no secret; the next tick sends nothing; the notice's
 * link lets the key's owner extend it within the team policy in one click; the overview shows the key and a team at
 * 80 % of its budget.
 */
test.describe.configure({ mode: "serial" });

const id = runId();
const alias = `notify-${id}`;
const hookPath = `/hook/e2e-${id}`;
let token = "";
let raw = "";
let expires = "";
let link = "";

interface Caught {
  webhooks: { path: string; headers: Record<string, string>; body: Record<string, unknown>; raw: string }[];
  emails: { to: string[]; subject: string; text: string; raw: string }[];
}

async function caught(request: APIRequestContext): Promise<Caught> {
  return (await (await request.get(`${CATCHER_URL}/messages`)).json()) as Caught;
}
// The channel's test message goes to the same hook: count only the notices about this key.
const mine = (c: Caught) => ({
  webhooks: c.webhooks.filter((w) => w.path === hookPath && (w.body.subject as { label?: string } | undefined)?.label === alias),
  emails: c.emails.filter((m) => m.subject.includes(alias)),
});

async function litellm(request: APIRequestContext, path: string, data: unknown) {
  const res = await request.post(`${LITELLM_URL}${path}`, { headers: { authorization: `Bearer ${MASTER_KEY}` }, data });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

async function runTick(page: Page) {
  // The in-server scheduler may be mid-tick (then this one is skipped): press until a tick of our own finishes.
  await expect(async () => {
    await page.getByRole("button", { name: "Run a tick now" }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Tick done/ })).toBeVisible({ timeout: 20_000 });
  }).toPass({ timeout: 90_000 });
}

test("team-alpha's key policy (lifetime 14 days) is set", async ({ browser }) => {
  await setAlphaKeyPolicy(browser, STORAGE.ocpAdmin);
});

test.describe("as an admin", () => {
  test.use({ storageState: STORAGE.admin });

  test("channels refuse bad input with a field error and keep what was typed", async ({ page }) => {
    await page.goto("/notifications");
    await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "New channel" }).click();
    const form = page.getByRole("form", { name: "New channel" });
    await form.getByLabel("Name").fill("private hook");
    await form.getByLabel("Webhook URL").fill("http://10.0.0.5/hook");
    await form.getByLabel("Signing secret").fill("e2e-signing-secret-123");
    await form.getByRole("button", { name: "Save channel" }).click();
    await expect(form.getByText(/private address/i)).toBeVisible();
    await expect(form.getByLabel("Webhook URL")).toHaveValue("http://10.0.0.5/hook");
    await form.getByLabel("Webhook URL").fill("http://127.0.0.1:9/hook");
    await form.getByRole("button", { name: "Save channel" }).click();
    await expect(form.getByText(/loopback/i)).toBeVisible();

    await form.getByLabel("Channel type").selectOption("email");
    await form.getByLabel("SMTP host").fill("127.0.0.1");
    await form.getByLabel("SMTP port").fill(String(SMTP_PORT));
    await form.getByLabel("From address").fill("gatehouse@example.com");
    await form.getByLabel("Also send to (optional)").fill("ops@example.com, not-an-address");
    await form.getByRole("button", { name: "Save channel" }).click();
    await expect(form.getByText('"not-an-address" is not an e-mail address (name@example.com).')).toBeVisible();
    await form.getByRole("button", { name: "Cancel" }).click();
    await expectAccessible(page);
  });

  test("a 7-day rule sends one webhook and one e-mail for a key expiring in 3 days, then nothing", async ({ page, request }) => {
    await litellm(request, "/user/update", { user_id: "openshift:alpha-member", user_email: "alpha-member@example.com" });
    await page.goto("/notifications");

    await page.getByRole("button", { name: "New channel" }).click();
    let form = page.getByRole("form", { name: "New channel" });
    await form.getByLabel("Name").fill(`hook ${id}`);
    await form.getByLabel("Webhook URL").fill(`${CATCHER_URL}${hookPath}`);
    await form.getByLabel("Signing secret").fill("e2e-signing-secret-123");
    await form.getByRole("button", { name: "Save channel" }).click();
    await expect(page.getByTestId("channel-row").filter({ hasText: `hook ${id}` })).toContainText("127.0.0.1");
    // Write-only: the URL's path never comes back to the browser.
    expect(await page.content()).not.toContain(hookPath);

    await page.getByRole("button", { name: "New channel" }).click();
    form = page.getByRole("form", { name: "New channel" });
    await form.getByLabel("Channel type").selectOption("email");
    await form.getByLabel("Name").fill(`mail ${id}`);
    await form.getByLabel("SMTP host").fill("127.0.0.1");
    await form.getByLabel("SMTP port").fill(String(SMTP_PORT));
    await form.getByLabel("From address").fill("gatehouse@example.com");
    await form.getByRole("button", { name: "Save channel" }).click();
    await expect(page.getByTestId("channel-row").filter({ hasText: `mail ${id}` })).toBeVisible();

    await page.getByRole("button", { name: `Send a test message to hook ${id}` }).click();
    await expect(page.getByText("Test message sent.")).toBeVisible();

    await page.getByRole("button", { name: "New rule" }).click();
    const rule = page.getByRole("form", { name: "New rule" });
    await rule.getByLabel("When").selectOption("key_expiring");
    await rule.getByLabel("Threshold (days)").fill("7");
    await rule.getByRole("checkbox", { name: `hook ${id}` }).check();
    await rule.getByRole("checkbox", { name: `mail ${id}` }).check();
    await rule.getByRole("button", { name: "Save rule" }).click();
    await expect(page.getByTestId("rule-row").filter({ hasText: `hook ${id}, mail ${id}` })).toContainText("Key expires within 7 days");

    const key = await createKeyDirectly(request, { key_alias: alias, user_id: "openshift:alpha-member", team_id: "team-alpha", duration: "3d", max_budget: 5, models: ["gpt-4o-mini"] });
    raw = key.raw;
    token = key.token;
    const info = (await (await request.get(`${LITELLM_URL}/key/info?key=${token}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).json()) as {
      info: { expires: string };
    };
    expires = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(info.info.expires) ? info.info.expires : `${info.info.expires}Z`).toISOString();

    await runTick(page);
    await expect.poll(async () => mine(await caught(request)).webhooks.length, { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => mine(await caught(request)).emails.length, { timeout: 60_000 }).toBe(1);

    const { webhooks, emails } = mine(await caught(request));
    const hook = webhooks[0]!;
    expect(hook.headers["x-gatehouse-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(hook.body).toMatchObject({ event: "key_expiring", threshold: 7, subject: { type: "key", id: token, label: alias } });
    expect((hook.body.facts as { expiresAt: string }).expiresAt).toBe(expires);
    link = String(hook.body.link);
    expect(link).toMatch(new RegExp(`/keys/${token}\\?extend=1$`));
    expect(emails[0]!.to).toContain("alpha-member@example.com");
    expect(emails[0]!.text).toContain(alias);
    expect(emails[0]!.text).toContain(expires);
    for (const text of [hook.raw, emails[0]!.raw]) {
      expect(text).not.toContain(raw);
      expect(text).not.toMatch(/sk-[A-Za-z0-9_-]{10,}/);
    }

    // The next ticks send nothing more.
    await runTick(page);
    await runTick(page);
    expect(mine(await caught(request)).webhooks).toHaveLength(1);
    expect(mine(await caught(request)).emails).toHaveLength(1);

    await page.reload();
    const rows = page.getByTestId("delivery-row").filter({ hasText: alias });
    await expect(rows).toHaveCount(2);
    for (const row of await rows.all()) await expect(row).toContainText("sent");
    await expectAccessible(page);
  });

  test("the keys list's 'expiring within 7 days' filter reads the key index and says how fresh it is", async ({ page }) => {
    await page.goto(`/keys?status=expiring&q=${alias}&field=alias`);
    await expect(page.getByTestId("key-row")).toHaveCount(1);
    await expect(page.getByTestId("key-row")).toContainText(alias);
    await expect(page.getByTestId("index-note")).toContainText(`Found 1 key (expiring within 7 days, matching “${alias}”). From the console's key index`);
  });

  test("the overview shows the expiring key and a team at 80 % of its budget", async ({ page, request }) => {
    const teamId = `e2e-spend-${id}`;
    await litellm(request, "/team/new", { team_id: teamId, team_alias: `spend-${id}`, max_budget: 1000 });
    const key = await createKeyDirectly(request, { key_alias: `spend-key-${id}`, team_id: teamId });
    expect((await chat(request, key.raw)).status).toBe(200);
    const team = (await (await request.get(`${LITELLM_URL}/team/info?team_id=${teamId}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).json()) as {
      team_info: { spend: number };
    };
    expect(team.team_info.spend).toBeGreaterThan(0);
    await litellm(request, "/team/update", { team_id: teamId, max_budget: team.team_info.spend / 0.85 });

    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await expect(page.getByTestId("overview-litellm")).toContainText("Connected");
    await expect(page.getByTestId("overview-expiring")).toContainText(alias);
    await expect(page.getByTestId("overview-team-budgets").getByTestId("overview-team").filter({ hasText: `spend-${id}` })).toContainText("85 %");
    await page.getByTestId("overview-expiring").getByRole("link", { name: "All of them" }).click();
    await expect(page).toHaveURL(/\/keys\?status=expiring/);
    await page.goto("/");
    await page.getByTestId("overview-team-budgets").getByRole("link", { name: "Teams", exact: true }).click();
    await expect(page).toHaveURL(/\/teams\?budget=80$/);
    await expect(page.getByRole("main")).toContainText(`spend-${id}`);
    await page.goto("/");
    await expectAccessible(page);
  });
});

test.describe("as the key's owner (alpha-member)", () => {
  test.use({ storageState: STORAGE.alphaMember });

  test("the notice's link extends the key within the team's policy in one click", async ({ page, request }) => {
    expect(link).not.toBe("");
    await page.goto(new URL(link).pathname + new URL(link).search);
    const card = page.getByTestId("extend-card");
    await expect(card).toContainText("This key expires soon");
    // 14-day lifetime cap − (a little under) 3 days left → 11 more days at most.
    await card.getByRole("button", { name: /^Extend by 1[01] days$/ }).click();
    await expect(page.getByTestId("extend-result")).toContainText("Extended");
    const info = (await (await request.get(`${LITELLM_URL}/key/info?key=${token}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).json()) as {
      info: { expires: string };
    };
    const after = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(info.info.expires) ? info.info.expires : `${info.info.expires}Z`);
    expect(after - Date.parse(expires)).toBeGreaterThan(9.9 * 86_400_000);
    expect(after - Date.now()).toBeLessThanOrEqual(14 * 86_400_000);
    await expectAccessible(page);
  });

  test("members see their own expiring key on the overview, and no notifications page", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("overview-expiring")).toBeVisible();
    await expect(page.getByTestId("overview-audit")).toHaveCount(0);
    await page.goto("/notifications");
    await expect(page.getByText("Notifications are managed by admins and team admins.")).toBeVisible();
  });
});
