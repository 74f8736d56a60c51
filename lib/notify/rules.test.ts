import { describe, expect, it } from "vitest";

import { DAY_MS, budgetCrossed, dedupeKey, durationCrossed, expiryCrossed, formatInstant, planDeliveries, renderNotice, type Notice, type RuleLike } from "./rules";
import { channelInputSchema, recipientsSchema, ruleInputSchema } from "./schemas";
import { signWebhook, verifyWebhook } from "./signature";

const now = new Date("2026-12-04T12:00:00Z");
const inDays = (d: number) => new Date(now.getTime() + d * DAY_MS);

function keyNotice(threshold: number, expiresAt = inDays(3)): Notice {
  return {
    event: "key_expiring",
    threshold,
    subjectType: "key",
    subjectId: "a".repeat(64),
    subjectLabel: "billing-svc",
    teamId: "team-alpha",
    occurrence: String(expiresAt.getTime()),
    facts: { expiresAt: expiresAt.toISOString(), userId: "u1" },
  };
}
const rule = (id: string, threshold: number, channelIds = ["c1"]): RuleLike => ({ id, event: "key_expiring", threshold, teamId: null, channelIds });

describe("thresholds", () => {
  it("expiry: within (now, now + N days]; already expired or later is not crossed", () => {
    expect(expiryCrossed(inDays(3), now, 7)).toBe(true);
    expect(expiryCrossed(inDays(7), now, 7)).toBe(true);
    expect(expiryCrossed(new Date(inDays(7).getTime() + 1), now, 7)).toBe(false);
    expect(expiryCrossed(new Date(now.getTime() - 1), now, 7)).toBe(false);
    expect(expiryCrossed(null, now, 7)).toBe(false);
  });

  it("budget: spend ≥ X % of a positive budget; no budget is never crossed", () => {
    expect(budgetCrossed(8, 10, 80)).toBe(true);
    expect(budgetCrossed(7.99, 10, 80)).toBe(false);
    expect(budgetCrossed(10, 10, 100)).toBe(true);
    expect(budgetCrossed(0.3 * 3, 1.125, 80)).toBe(true); // 0.8 exactly despite floating point
    expect(budgetCrossed(50, null, 80)).toBe(false);
    expect(budgetCrossed(50, 0, 80)).toBe(false);
  });

  it("durations: a condition true for M minutes", () => {
    expect(durationCrossed(new Date(now.getTime() - 5 * 60_000), now, 5)).toBe(true);
    expect(durationCrossed(new Date(now.getTime() - 4 * 60_000), now, 5)).toBe(false);
  });

  it("a key that crosses 14 and 7 days at once is told once, at 7; a second channel gets its own message", () => {
    const planned = planDeliveries([
      { rule: rule("r14", 14, ["c1", "c2"]), notice: keyNotice(14) },
      { rule: rule("r7", 7, ["c1"]), notice: keyNotice(7) },
    ]);
    expect(planned.map((p) => [p.channelId, p.notice.threshold]).sort()).toEqual([
      ["c1", 7],
      ["c2", 14],
    ]);
  });

  it("budgets keep the highest crossed percentage", () => {
    const n = (threshold: number): Notice => ({ ...keyNotice(0), event: "key_budget", threshold, occurrence: "10" });
    const planned = planDeliveries([
      { rule: { ...rule("a", 80), event: "key_budget" }, notice: n(80) },
      { rule: { ...rule("b", 100), event: "key_budget" }, notice: n(100) },
    ]);
    expect(planned.map((p) => p.notice.threshold)).toEqual([100]);
  });

  it("the dedupe key names channel, event, subject, threshold and occurrence — not the rule — so a changed expiry is a new message", () => {
    const a = dedupeKey("c1", keyNotice(7));
    expect(a).toBe(dedupeKey("c1", { ...keyNotice(7) }));
    expect(a).not.toBe(dedupeKey("c1", keyNotice(7, inDays(4))));
    expect(a).not.toBe(dedupeKey("c2", keyNotice(7)));
  });
});

describe("time zones", () => {
  it("writes the exact UTC instant and the readers' local time", () => {
    const iso = "2026-12-08T23:30:00.000Z";
    expect(formatInstant(iso, "UTC")).toBe("2026-12-08T23:30:00.000Z (Tue, 8 Dec 2026, 23:30 UTC)");
    expect(formatInstant(iso, "Europe/Berlin")).toBe("2026-12-08T23:30:00.000Z (Wed, 9 Dec 2026, 00:30 CET)");
    expect(formatInstant(iso, "America/New_York")).toBe("2026-12-08T23:30:00.000Z (Tue, 8 Dec 2026, 18:30 GMT-5)");
  });

  it("thresholds are absolute instants: the time zone changes the words, never whether a key is told", () => {
    const expires = new Date("2026-12-11T11:59:00Z"); // 6 d 23 h 59 min after now
    expect(expiryCrossed(expires, now, 7)).toBe(true);
    const berlin = renderNotice(keyNotice(7, expires), { now, timeZone: "Europe/Berlin", link: "https://gh.example/keys/x?extend=1" });
    const tokyo = renderNotice(keyNotice(7, expires), { now, timeZone: "Asia/Tokyo", link: null });
    expect(berlin.text).toContain("2026-12-11T11:59:00.000Z (Fri, 11 Dec 2026, 12:59 CET)");
    expect(tokyo.text).toContain("(Fri, 11 Dec 2026, 20:59 GMT+9)");
    expect(berlin.text).toContain("in 6 days 23 h");
    expect(berlin.text).toContain("Extend it: https://gh.example/keys/x?extend=1");
    expect(berlin.subject).toBe("Virtual key billing-svc expires in 6 days 23 h");
  });
});

describe("signature", () => {
  it("signs t.body with HMAC-SHA256 and verifies in constant time, refusing other bodies, secrets and old timestamps", () => {
    const body = JSON.stringify({ event: "key_expiring" });
    const header = signWebhook(body, "s".repeat(32), 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    // Known answer, so receivers in other languages can check their implementation against it.
    expect(signWebhook("{}", "secret-secret-16", 1)).toBe("t=1,v1=033d4abb8ee0175783d434f088e5c4964f854df6e8f27751cefd9d2b2e923bd9");
    expect(verifyWebhook(body, header, "s".repeat(32), 1_800_000_100)).toBe(true);
    expect(verifyWebhook(body + " ", header, "s".repeat(32), 1_800_000_100)).toBe(false);
    expect(verifyWebhook(body, header, "t".repeat(32), 1_800_000_100)).toBe(false);
    expect(verifyWebhook(body, header, "s".repeat(32), 1_800_001_000)).toBe(false);
  });
});

describe("bad input", () => {
  it("names the malformed e-mail address", () => {
    const r = recipientsSchema.safeParse("ops@example.com, not-an-address");
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('"not-an-address" is not an e-mail address (name@example.com).');
    expect(recipientsSchema.parse("A@x.org; b@y.org a@x.org")).toEqual(["a@x.org", "b@y.org"]);
  });

  it("webhooks need a URL without spaces or backslashes and a 16-character signing secret; e-mail needs a host and a sender", () => {
    const web = channelInputSchema.safeParse({ kind: "webhook", name: "ops", url: "https://x.example/a\\b", signingSecret: "short" });
    expect(web.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["url", "A URL has no spaces or backslashes."],
      ["signingSecret", "At least 16 characters: the receiver checks X-Gatehouse-Signature with it."],
    ]);
    const mail = channelInputSchema.safeParse({ kind: "email", name: "mail", smtpHost: "smtp example", from: "nope" });
    expect(mail.error!.issues.map((i) => i.path.join("."))).toEqual(["smtpHost", "from"]);
    expect(channelInputSchema.safeParse({ kind: "slack", name: "a\u0007b", url: "https://hooks.slack.com/x" }).success).toBe(false);
  });

  it("rules: thresholds within range; outage and alias rules are global only", () => {
    const uuid = "3f1c2a9e-8d2b-4c1a-9f3e-2b7d6c5a4e31";
    expect(ruleInputSchema.safeParse({ event: "key_expiring", threshold: 0, channelIds: [uuid] }).error!.issues[0]!.message).toBe("1 to 365 days.");
    expect(ruleInputSchema.safeParse({ event: "litellm_unreachable", threshold: 5, teamId: "team-a", channelIds: [uuid] }).success).toBe(false);
    expect(ruleInputSchema.safeParse({ event: "key_budget", threshold: 80, teamId: "team-a", channelIds: [] }).error!.issues[0]!.message).toBe("Pick at least one channel.");
  });
});
