import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { startUpstream } from "@/sandbox/upstream/server";
import { createLiteLLMClient } from "@/lib/litellm";
import type { SessionUser } from "@/lib/auth/types";
import { GROUP_BY } from "./schemas";

vi.mock("server-only", () => ({}));
const { getUsageSummary } = await import("./service");
const { createUsageIndex } = await import("./index-store");

type Sandbox = Awaited<ReturnType<typeof startLiteLLMSandbox>>;
const admin: SessionUser = { id: "openshift:admin", provider: "openshift", username: "admin", name: "admin", role: "admin", teams: [] };

let up: Awaited<ReturnType<typeof startUpstream>>;
let sb: Sandbox;
let litellm: ReturnType<typeof createLiteLLMClient>;
let calls: string[] = [];

beforeAll(async () => {
  up = await startUpstream({ port: 0 });
  // Recorded calls plus a synthetic 90-day segment, so every range and group has data.
  sb = await startLiteLLMSandbox({ port: 0, upstreamUrl: up.url, seedSpend: { rows: 3000, days: 90, keys: 40, teams: 5, models: 12 } });
  litellm = createLiteLLMClient({
    baseUrl: sb.url,
    masterKey: sb.masterKey!,
    retries: 0,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(new URL(String(input)).pathname);
      return fetch(input, init);
    }) as typeof fetch,
  });
  const k = await litellm.keys.generate({ team_id: "team-platform", user_id: "openshift:member", key_alias: "index-key" });
  for (let i = 0; i < 2; i++) await litellm.dataPlane.embeddings({ apiKey: k.key, model: "text-embedding-3-small", input: "hi" });
});
afterAll(async () => {
  await sb?.close();
  await up?.close();
});

describe("the usage index against the sandbox", () => {
  it("answers the unfiltered admin view with LiteLLM's own figures, without calling LiteLLM on the page", async () => {
    const index = createUsageIndex({ litellm: () => litellm, refreshMs: 60_000 });
    expect(index.read(["2026-01-01"], "team")).toBeNull(); // cold
    await index.refresh();
    expect(index.status()).toMatchObject({ lastError: null, tooLarge: null, days: { user: 93, team: 93, tag: 93 } });
    for (const preset of ["24h", "7d", "30d", "90d"] as const) {
      for (const groupBy of GROUP_BY) {
        const live = await getUsageSummary({ ctx: { user: admin }, range: { preset }, groupBy, deps: { litellm, index: null } });
        calls = [];
        const warm = await getUsageSummary({ ctx: { user: admin }, range: { preset }, groupBy, deps: { litellm, index } });
        expect(calls).toEqual([]);
        expect(warm.source.kind).toBe("index");
        expect(warm.litellmCalls).toBe(0);
        expect(live.source.kind).toBe("live");
        expect(warm.result.totals.requests).toBe(live.result.totals.requests);
        expect(warm.result.totals.spend).toBeCloseTo(live.result.totals.spend, 9);
        expect(warm.result.top.map((g) => [g.id, g.label])).toEqual(live.result.top.map((g) => [g.id, g.label]));
        expect(warm.result.groupCount).toBe(live.result.groups.length);
        expect(warm.result.days.map((d) => d.requests)).toEqual(live.result.days.map((d) => d.requests));
      }
    }
    // The CSV asks for every group.
    const csv = await getUsageSummary({ ctx: { user: admin }, range: { preset: "90d" }, groupBy: "key", allGroups: true, deps: { litellm, index } });
    expect(csv.result.groups.length).toBe(csv.result.groupCount);
    index.stop();
  });

  it("filters, scoped users and stale or oversized indexes read LiteLLM directly", async () => {
    let t = Date.now();
    const index = createUsageIndex({ litellm: () => litellm, refreshMs: 1_000, now: () => t });
    await index.refresh();
    const filtered = await getUsageSummary({ ctx: { user: admin }, range: { preset: "7d" }, groupBy: "model", filters: { team: "team-platform" }, deps: { litellm, index } });
    expect(filtered.source.kind).toBe("live");
    const member: SessionUser = { ...admin, id: "openshift:member", role: "user", teams: [{ teamId: "team-platform", role: "member" }] };
    const own = await getUsageSummary({ ctx: { user: member }, range: { preset: "7d" }, groupBy: "key", deps: { litellm, index } });
    expect(own.source.kind).toBe("live");
    expect(own.result.top.map((g) => g.label)).toEqual(["index-key"]);
    // Older than three refresh intervals: not used (LiteLLM down shows as down, not as old figures).
    t += 3_500;
    expect(index.read([new Date(t).toISOString().slice(0, 10)], "key")).toBeNull();
    index.stop();

    const small = createUsageIndex({ litellm: () => litellm, maxIds: 3 });
    await small.refresh();
    expect(small.status().tooLarge).toMatch(/groups \(the index keeps at most 3\)/);
    const fallback = await getUsageSummary({ ctx: { user: admin }, range: { preset: "7d" }, groupBy: "key", deps: { litellm, index: small } });
    expect(fallback.source.kind).toBe("live");
    small.stop();
  });
});
