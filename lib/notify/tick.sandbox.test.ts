import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { AuditInput } from "@/lib/audit/service";
import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import { clientFor, ADMIN, member } from "@/lib/keys/testing";
import type { LiteLLMClient } from "@/lib/litellm";
import { startCatchers, type Catchers } from "@/sandbox/catchers/server";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";

import { channelInputSchema } from "./schemas";
import { createChannel, createRule, getNotificationSetup, resendDelivery, sendTestMessage, type NotifyServiceDeps } from "./service";
import { verifyWebhook } from "./signature";
import { runTick, type TickDeps } from "./tick";

/** One scheduler tick end to end: LiteLLM sandbox → key index → rule → webhook + e-mail in the sandbox catchers. */
const MASTER = "sk-sandbox-master-key";
const SECRET = "a-webhook-signing-secret";
const AUTH_SECRET = "t".repeat(40);

let sandbox: Awaited<ReturnType<typeof startLiteLLMSandbox>>;
let catchers: Catchers;
let db: Database;
let client: LiteLLMClient;
const audits: AuditInput[] = [];
const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-notify-"));
let clock = Date.now();

function tickDeps(database: Database): TickDeps {
  const port = new URL(catchers.httpUrl).port;
  return {
    prisma: database.prisma,
    litellm: client,
    now: () => new Date(clock),
    authSecret: AUTH_SECRET,
    consoleUrl: "http://localhost:3000",
    timeZone: "Europe/Berlin",
    timeoutMs: 700,
    ssrf: { allowedHosts: [`127.0.0.1:${port}`], allowedCidrs: [], blockedOrigins: [sandbox.url, "http://localhost:3000"] },
    audit: async (a) => void audits.push(a),
    keyIndex: { reconcilePages: 50 },
  };
}

function serviceDeps(database: Database): NotifyServiceDeps {
  const t = tickDeps(database);
  return { prisma: database.prisma, authSecret: AUTH_SECRET, ssrf: t.ssrf, audit: t.audit, tickDeps: async () => t, runTickNow: async () => ({ ran: false, reason: "n/a" }) };
}

async function litellm(pathname: string, body: unknown) {
  const res = await fetch(`${sandbox.url}${pathname}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${MASTER}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  sandbox = await startLiteLLMSandbox({ port: 0, masterKey: MASTER, stateFile: null, reset: true, seed: "demo" });
  catchers = await startCatchers({ httpPort: 0, smtpPort: 0 });
  db = await openDatabase({ kind: "pglite", dir: dbDir });
  await migrateDatabase(db);
  client = clientFor(sandbox.url, MASTER);
});

afterAll(async () => {
  await db?.close();
  await sandbox?.close();
  await catchers?.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

describe("a 7-day rule and a key that expires in 3 days", () => {
  let rawKey = "";
  let expires = "";

  it("sends one signed webhook and one e-mail with the alias and exact expiry, and no secret", async () => {
    const deps = serviceDeps(db);
    const hook = await createChannel({
      ctx: { user: ADMIN },
      input: channelInputSchema.parse({ kind: "webhook", name: "ops hook", url: `${catchers.httpUrl}/hook/ops`, signingSecret: SECRET }),
      deps,
    });
    const mail = await createChannel({
      ctx: { user: ADMIN },
      input: channelInputSchema.parse({ kind: "email", name: "ops mail", smtpHost: "127.0.0.1", smtpPort: catchers.smtpPort, from: "gatehouse@example.com", recipients: "" }),
      deps,
    });
    await createRule({ ctx: { user: ADMIN }, input: { event: "key_expiring", threshold: 7, channelIds: [hook.id, mail.id] }, deps });

    await litellm("/user/new", { user_id: "owner-1", user_email: "owner@example.com", auto_create_key: false });
    const created = (await litellm("/key/generate", { key_alias: "billing-svc", user_id: "owner-1", duration: "3d" })) as { key: string; expires: string };
    rawKey = created.key;
    expires = new Date(created.expires.endsWith("Z") ? created.expires : `${created.expires}Z`).toISOString();

    const summary = await runTick(tickDeps(db));
    expect(summary).toMatchObject({ litellmReachable: true, enqueued: 2, sent: 2, failed: 0 });
    expect(catchers.webhooks).toHaveLength(1);
    expect(catchers.emails).toHaveLength(1);

    const hookMsg = catchers.webhooks[0]!;
    expect(verifyWebhook(hookMsg.raw, hookMsg.headers["x-gatehouse-signature"]!, SECRET, Math.floor(clock / 1000))).toBe(true);
    expect(hookMsg.body).toMatchObject({ event: "key_expiring", threshold: 7, subject: { type: "key", label: "billing-svc" }, facts: { expiresAt: expires } });
    expect(catchers.emails[0]!.to).toEqual(["owner@example.com"]);
    expect(catchers.emails[0]!.text).toContain(`"billing-svc"`);
    expect(catchers.emails[0]!.text).toContain(expires);
    for (const text of [hookMsg.raw, catchers.emails[0]!.raw]) {
      expect(text).not.toContain(rawKey);
      expect(text).not.toMatch(/sk-[A-Za-z0-9_-]{8,}/);
    }
  });

  it("sends nothing on the next tick, nor after a restart", async () => {
    clock += 60_000;
    expect(await runTick(tickDeps(db))).toMatchObject({ enqueued: 0, sent: 0 });
    await db.close();
    db = await openDatabase({ kind: "pglite", dir: dbDir });
    await migrateDatabase(db);
    clock += 60_000;
    expect(await runTick(tickDeps(db))).toMatchObject({ enqueued: 0, sent: 0 });
    expect(catchers.webhooks).toHaveLength(1);
    expect(catchers.emails).toHaveLength(1);
    expect(audits.filter((a) => a.action === "notification.deliver" && a.outcome === "success")).toHaveLength(2);
  });
});

describe("bad input and failing channels", () => {
  it("refuses private and loopback webhook URLs unless allowed", async () => {
    const deps = serviceDeps(db);
    for (const url of ["http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest"]) {
      await expect(
        createChannel({ ctx: { user: ADMIN }, input: channelInputSchema.parse({ kind: "slack", name: "x", url }), deps }),
      ).rejects.toMatchObject({ fieldErrors: { url: [expect.stringMatching(/loopback|private|metadata|link-local|never sends/i)] } });
    }
  });

  it("accepts a private webhook address once the allow-list opens it; a name is checked by what it resolves to", async () => {
    const base = serviceDeps(db);
    const input = channelInputSchema.parse({ kind: "slack", name: "in-cluster", url: "http://10.1.2.3/hook" });
    await expect(createChannel({ ctx: { user: ADMIN }, input, deps: base })).rejects.toMatchObject({ fieldErrors: { url: [expect.stringMatching(/private/i)] } });
    const allowed = { ...base, ssrf: { ...base.ssrf, allowedCidrs: ["10.1.0.0/16"] } };
    const created = await createChannel({ ctx: { user: ADMIN }, input, deps: allowed });
    expect(created.id).toBeTruthy();
    // A public-looking name that resolves to a private address is refused like the address itself.
    const rebinding = { ...base, lookup: async () => ["192.168.7.7"] };
    await expect(
      createChannel({ ctx: { user: ADMIN }, input: channelInputSchema.parse({ kind: "slack", name: "sneaky", url: "https://hooks.example.com/x" }), deps: rebinding }),
    ).rejects.toMatchObject({ fieldErrors: { url: [expect.stringMatching(/private/i)] } });
    await db.prisma.notificationChannel.delete({ where: { id: created.id } });
  });

  it("checks the address again when sending: a name that now resolves to a private address is refused, and says so", async () => {
    const deps = { ...serviceDeps(db), lookup: async () => ["93.184.215.14"] };
    const ch = await createChannel({
      ctx: { user: ADMIN },
      input: channelInputSchema.parse({ kind: "slack", name: "rebinding", url: "https://hooks.example.com/services/T0/B0/secret-token" }),
      deps,
    });
    const t = { ...tickDeps(db), lookup: async () => ["127.0.0.1"] };
    const result = await sendTestMessage({ ctx: { user: ADMIN }, input: { id: ch.id }, deps: { ...deps, tickDeps: async () => t } });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/Refused by the address guard/);
    expect(result.error).not.toContain("secret-token");
    await db.prisma.notificationChannel.delete({ where: { id: ch.id } });
  });

  it("a channel that times out is retried, then marked failed, without holding up the tick", async () => {
    const deps = serviceDeps(db);
    const slow = await createChannel({
      ctx: { user: ADMIN },
      input: channelInputSchema.parse({ kind: "webhook", name: "slow hook", url: `${catchers.httpUrl}/hook/slow`, signingSecret: SECRET }),
      deps,
    });
    await createRule({ ctx: { user: ADMIN }, input: { event: "key_expiring", threshold: 14, channelIds: [slow.id] }, deps });
    const started = Date.now();
    const first = await runTick(tickDeps(db));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(first).toMatchObject({ enqueued: 1, sent: 0, retrying: 1 });
    const row = await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: slow.id } });
    expect(row.lastError).toMatch(/did not answer within 1 s/);
    expect(row.lastError).not.toContain("/hook/slow");
    for (let i = 0; i < 5; i++) {
      clock += 60 * 60_000;
      await runTick(tickDeps(db));
    }
    const failed = await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: slow.id } });
    expect(failed).toMatchObject({ status: "failed", attempts: 4 });

    // The log shows it with its error; resend queues it again.
    const setup = await getNotificationSetup({ user: ADMIN, deps });
    expect(setup.deliveries.find((d) => d.id === failed.id)).toMatchObject({ status: "failed", canResend: true });
    await resendDelivery({ ctx: { user: ADMIN }, input: { id: failed.id }, deps });
    expect(await db.prisma.notificationDelivery.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: "pending", attempts: 0 });
  }, 60_000);

  it("test messages go out at once; team admins manage only their team's channels", async () => {
    const deps = serviceDeps(db);
    const ch = await createChannel({
      ctx: { user: member("alpha-admin", "team-alpha", "admin") },
      input: channelInputSchema.parse({ kind: "slack", name: "alpha slack", teamId: "team-alpha", url: `${catchers.httpUrl}/hook/alpha` }),
      deps,
    });
    expect(await sendTestMessage({ ctx: { user: member("alpha-admin", "team-alpha", "admin") }, input: { id: ch.id }, deps })).toEqual({ status: "sent", error: null });
    expect(catchers.webhooks.at(-1)!.body).toMatchObject({ text: expect.stringContaining("test message") });
    await expect(sendTestMessage({ ctx: { user: member("beta-admin", "team-beta", "admin") }, input: { id: ch.id }, deps })).rejects.toThrow(/Only admins of team team-alpha/);
    await expect(
      createChannel({ ctx: { user: member("alpha-member", "team-alpha") }, input: channelInputSchema.parse({ kind: "slack", name: "x", teamId: "team-alpha", url: `${catchers.httpUrl}/hook/x` }), deps }),
    ).rejects.toThrow(/Only admins of team team-alpha/);
    const view = await getNotificationSetup({ user: member("alpha-admin", "team-alpha", "admin"), deps });
    expect(view.channels.map((c) => c.name)).toEqual(["alpha slack"]);
    expect(JSON.stringify(view)).not.toContain("/hook/alpha");
  });
  it("a malformed owner address from LiteLLM is left out and named; the channel's own recipients still get the notice", async () => {
    const deps = serviceDeps(db);
    const onlyOwner = await createChannel({
      ctx: { user: ADMIN },
      input: channelInputSchema.parse({ kind: "email", name: "owners only", smtpHost: "127.0.0.1", smtpPort: catchers.smtpPort, from: "gatehouse@example.com", recipients: "" }),
      deps,
    });
    const withOps = await createChannel({
      ctx: { user: ADMIN },
      input: channelInputSchema.parse({ kind: "email", name: "owners and ops", smtpHost: "127.0.0.1", smtpPort: catchers.smtpPort, from: "gatehouse@example.com", recipients: "ops@example.com" }),
      deps,
    });
    await createRule({ ctx: { user: ADMIN }, input: { event: "key_expiring", threshold: 2, channelIds: [onlyOwner.id, withOps.id] }, deps });
    await litellm("/user/new", { user_id: "owner-bad-mail", user_email: "owner@@example", auto_create_key: false });
    await litellm("/key/generate", { key_alias: "bad-mail-svc", user_id: "owner-bad-mail", duration: "1d" });
    const mails = catchers.emails.length;
    clock += 60_000;
    await runTick(tickDeps(db));
    const failed = await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: onlyOwner.id, subjectLabel: "bad-mail-svc" } });
    expect(failed.lastError).toContain('is not an e-mail address ("owner@@example")');
    const sent = catchers.emails.slice(mails).filter((m) => m.subject.includes("bad-mail-svc"));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toEqual(["ops@example.com"]);
  });
});
