import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SessionUser } from "@/lib/auth/types";
import { createLiteLLMClient } from "@/lib/litellm";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { startUpstream } from "@/sandbox/upstream/server";

import { loadSpendCard, spendHref } from "./spend";

/**
 * The overview's spend card against the LiteLLM sandbox: real calls through the gateway today, backdated spend
 * (the sandbox's backfill) for yesterday and the previous week, each role's scope, and the states.
 */
type Sandbox = Awaited<ReturnType<typeof startLiteLLMSandbox>>;
const u = (role: SessionUser["role"], id: string, teams: SessionUser["teams"] = []): SessionUser => ({ id, provider: "openshift", username: id, name: id, role, teams });
const admin = u("admin", "openshift:admin");
const viewer = u("viewer", "openshift:viewer");
const member = u("user", "openshift:member", [{ teamId: "team-platform", role: "member" }]);
const searchAdmin = u("user", "openshift:ta", [{ teamId: "team-search", role: "admin" }]);

let up: Awaited<ReturnType<typeof startUpstream>>;
let sb: Sandbox;
let litellm: ReturnType<typeof createLiteLLMClient>;
const spendOf = { member: 0, other: 0 };
let otherKey = "";
const now = new Date();

async function backfill(body: unknown) {
  const res = await fetch(`${sb.url}/__sandbox/spend/backfill`, {
    method: "POST",
    headers: { Authorization: `Bearer ${sb.masterKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

beforeAll(async () => {
  up = await startUpstream({ port: 0 });
  sb = await startLiteLLMSandbox({ port: 0, upstreamUrl: up.url });
  litellm = createLiteLLMClient({ baseUrl: sb.url, masterKey: sb.masterKey!, retries: 0 });
  const mine = await litellm.keys.generate({ team_id: "team-platform", user_id: "openshift:member", key_alias: "member-key" });
  const other = await litellm.keys.generate({ team_id: "team-search", user_id: "openshift:other", key_alias: "other-key" });
  otherKey = other.key;
  for (const k of [mine.key, mine.key, other.key]) await litellm.dataPlane.embeddings({ apiKey: k, model: "text-embedding-3-small", input: "hello there" });
  const today = now.toISOString().slice(0, 10);
  for (const r of (await litellm.spend.dailyActivity({ entity: "user", startDate: today, endDate: today })).results) {
    for (const [user, e] of Object.entries(r.breakdown.entities ?? {})) {
      if (user === "openshift:member") spendOf.member += e.metrics.spend;
      if (user === "openshift:other") spendOf.other += e.metrics.spend;
    }
  }
});
afterAll(async () => {
  await sb?.close();
  await up?.close();
});

describe("loadSpendCard", () => {
  it("counts today's calls through the gateway for admins and viewers: everything", async () => {
    expect(spendOf.member).toBeGreaterThan(0);
    expect(spendOf.other).toBeGreaterThan(0);
    for (const user of [admin, viewer]) {
      const card = await loadSpendCard({ user, litellm, now });
      expect(card).toMatchObject({ state: "ok", scope: "all", href: "/usage?range=7d", partial: null });
      if (card.state !== "ok") throw new Error("unreachable");
      expect(card.comparison.today.spend).toBeCloseTo(spendOf.member + spendOf.other, 10);
      expect(card.comparison.last7.spend).toBeCloseTo(spendOf.member + spendOf.other, 10);
    }
  });

  it("members see their own keys only; team admins their teams only", async () => {
    const own = await loadSpendCard({ user: member, litellm, now });
    expect(own).toMatchObject({ state: "ok", scope: "own", href: "/usage?range=7d&groupBy=key" });
    if (own.state !== "ok") throw new Error("unreachable");
    expect(own.comparison.today.spend).toBeCloseTo(spendOf.member, 10);

    const team = await loadSpendCard({ user: searchAdmin, litellm, now });
    expect(team).toMatchObject({ state: "ok", scope: "teams", href: "/usage?range=7d&team=team-search" });
    if (team.state !== "ok") throw new Error("unreachable");
    expect(team.comparison.today.spend).toBeCloseTo(spendOf.other, 10);
  });

  it("compares with yesterday and the 7 days before from LiteLLM's daily totals", async () => {
    const before = await loadSpendCard({ user: searchAdmin, litellm, now });
    if (before.state !== "ok") throw new Error("unreachable");
    // 1 USD a day on team-search's key for the 14 days before today (the first of them is outside the window).
    await backfill({ key: otherKey, days: 14, per_day: 1 });
    const card = await loadSpendCard({ user: searchAdmin, litellm, now });
    if (card.state !== "ok") throw new Error("unreachable");
    expect(card.comparison.yesterday.spend).toBeCloseTo(1, 6);
    expect(card.comparison.today.spend).toBeCloseTo(before.comparison.today.spend, 10);
    expect(card.comparison.last7.spend).toBeCloseTo(6 + spendOf.other, 6);
    expect(card.comparison.previous7.spend).toBeCloseTo(7, 6);
    expect(card.comparison.todayChange).toMatchObject({ kind: "down" });
    // The member's own figures do not move.
    const own = await loadSpendCard({ user: member, litellm, now });
    if (own.state !== "ok") throw new Error("unreachable");
    expect(own.comparison.previous7.spend).toBe(0);
    expect(own.comparison.weekChange).toEqual({ kind: "new" });
  });

  it("says so when LiteLLM has no database, and when it is down", async () => {
    const nodb = await startLiteLLMSandbox({ port: 0, database: false, seed: "none" });
    try {
      const client = createLiteLLMClient({ baseUrl: nodb.url, masterKey: nodb.masterKey!, retries: 0 });
      const card = await loadSpendCard({ user: admin, litellm: client, now });
      expect(card).toMatchObject({ state: "unavailable", reason: "no-database", message: expect.stringContaining("LiteLLM has no database") });
    } finally {
      await nodb.close();
    }
    const down = createLiteLLMClient({ baseUrl: "http://127.0.0.1:9", masterKey: "sk-x", retries: 0, timeoutMs: 2000 });
    expect(await loadSpendCard({ user: member, litellm: down, now })).toMatchObject({ state: "unavailable", reason: "unreachable", href: "/usage?range=7d&groupBy=key" });
  });
});

describe("spendHref", () => {
  it("links to /usage over 7 days, filtered to what the card counted", () => {
    expect(spendHref(admin)).toBe("/usage?range=7d");
    expect(spendHref(member)).toBe("/usage?range=7d&groupBy=key");
    expect(spendHref(searchAdmin)).toBe("/usage?range=7d&team=team-search");
    const twoTeams = u("user", "openshift:two", [
      { teamId: "a b", role: "admin" },
      { teamId: "c", role: "admin" },
    ]);
    expect(spendHref(twoTeams)).toBe("/usage?range=7d");
    expect(spendHref(u("user", "openshift:one", [{ teamId: "a b", role: "admin" }]))).toBe("/usage?range=7d&team=a%20b");
  });
});
