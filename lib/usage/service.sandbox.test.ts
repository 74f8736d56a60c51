import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { startUpstream } from "@/sandbox/upstream/server";
import { createLiteLLMClient } from "@/lib/litellm";
import type { SessionUser } from "@/lib/auth/types";

vi.mock("server-only", () => ({}));
const { getUsageSummary, loadUsage } = await import("./service");
const { getTeamBudgets } = await import("./budgets");
const { listRequestLogs } = await import("./logs");

type Sandbox = Awaited<ReturnType<typeof startLiteLLMSandbox>>;
const u = (role: SessionUser["role"], id: string, teams: SessionUser["teams"] = []): SessionUser => ({ id, provider: "openshift", username: id, name: id, role, teams });
const admin = u("admin", "openshift:admin");

let up: Awaited<ReturnType<typeof startUpstream>>;
let sb: Sandbox;
let litellm: ReturnType<typeof createLiteLLMClient>;

beforeAll(async () => {
  up = await startUpstream({ port: 0 });
  sb = await startLiteLLMSandbox({ port: 0, upstreamUrl: up.url });
  litellm = createLiteLLMClient({ baseUrl: sb.url, masterKey: sb.masterKey!, retries: 0 });
  const mine = await litellm.keys.generate({ team_id: "team-platform", user_id: "openshift:member", key_alias: "member-key" });
  const other = await litellm.keys.generate({ team_id: "team-search", user_id: "openshift:other", key_alias: "other-key" });
  for (const k of [mine.key, mine.key, other.key]) await litellm.dataPlane.embeddings({ apiKey: k, model: "text-embedding-3-small", input: "hi" });
});
afterAll(async () => {
  await sb?.close();
  await up?.close();
});

describe("getUsageSummary against the sandbox", () => {
  it("admins see every team; members only their own keys; team admins their team", async () => {
    const all = await getUsageSummary({ ctx: { user: admin }, range: { preset: "7d" }, groupBy: "team", deps: { litellm } });
    expect(all.result.totals.requests).toBe(3);
    expect(all.result.groups.map((g) => g.label).sort()).toEqual(["platform", "search"]);

    const member = u("user", "openshift:member", [{ teamId: "team-platform", role: "member" }]);
    const own = await getUsageSummary({ ctx: { user: member }, range: { preset: "7d" }, groupBy: "key", deps: { litellm } });
    expect(own.result.groups.map((g) => g.label)).toEqual(["member-key"]);
    expect(own.result.totals.requests).toBe(2);

    const teamAdmin = u("user", "openshift:ta", [{ teamId: "team-search", role: "admin" }]);
    const team = await getUsageSummary({ ctx: { user: teamAdmin }, range: { preset: "7d" }, groupBy: "key", deps: { litellm } });
    expect(team.result.groups.map((g) => g.label)).toEqual(["other-key"]);
    await expect(getUsageSummary({ ctx: { user: teamAdmin }, range: { preset: "7d" }, groupBy: "key", filters: { team: "team-platform" }, deps: { litellm } })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("the request log of a member holds only their own requests", async () => {
    const member = u("user", "openshift:member", [{ teamId: "team-platform", role: "member" }]);
    const page = await listRequestLogs({ ctx: { user: member }, query: { range: "24h", page: 1, pageSize: 50 } as never, deps: { litellm } });
    expect(page.total).toBe(2);
    expect(page.rows.every((r) => r.keyAlias === "member-key")).toBe(true);
  });

  it("team budgets carry a forecast for every visible team", async () => {
    const rows = await getTeamBudgets({ ctx: { user: admin }, deps: { litellm } });
    expect(rows.map((r) => r.id).sort()).toEqual(["team-platform", "team-search"]);
    expect(rows[0]!.forecast.sentence).toMatch(/[Tt]eam (platform|search)/);
  });

  it("LiteLLM without a database and LiteLLM down become states, not errors", async () => {
    const nodb = await startLiteLLMSandbox({ port: 0, database: false, seed: "none" });
    try {
      const client = createLiteLLMClient({ baseUrl: nodb.url, masterKey: nodb.masterKey!, retries: 0 });
      const out = await loadUsage({ ctx: { user: admin }, range: { preset: "7d" }, groupBy: "team", deps: { litellm: client } });
      expect(out).toMatchObject({ kind: "unavailable", reason: "no-database" });
    } finally {
      await nodb.close();
    }
    const down = createLiteLLMClient({ baseUrl: "http://127.0.0.1:9", masterKey: "sk-x", retries: 0, timeoutMs: 2000 });
    const out = await loadUsage({ ctx: { user: admin }, range: { preset: "7d" }, groupBy: "model", deps: { litellm: down } });
    expect(out).toMatchObject({ kind: "unavailable", reason: "unreachable" });
  });

  it("bad filter combinations are field errors", async () => {
    const out = await loadUsage({ ctx: { user: admin }, range: { preset: "7d" }, groupBy: "tag", filters: { user: "x" }, deps: { litellm } });
    expect(out).toMatchObject({ kind: "invalid", fieldErrors: { groupBy: [expect.stringContaining("Grouping by tag")] } });
  });
});
