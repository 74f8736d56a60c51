import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { startUpstream } from "@/sandbox/upstream/server";

import { isLiteLLMError } from "./errors";
import { createLiteLLMClient, type LiteLLMClient } from "./index";
import { mergeDailyResults } from "./spend";

type Sandbox = Awaited<ReturnType<typeof startLiteLLMSandbox>>;
type Upstream = Awaited<ReturnType<typeof startUpstream>>;

const today = () => new Date().toISOString().slice(0, 10);
let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream({ port: 0 });
});
afterAll(async () => {
  await upstream?.close();
});

describe.each(["1.80.0", "1.96.0"])("spend API against LiteLLM %s", (version) => {
  let sandbox: Sandbox;
  let client: LiteLLMClient;
  let rawKey: string;
  const masterKey = "sk-sandbox-master-0123456789";

  beforeAll(async () => {
    sandbox = await startLiteLLMSandbox({ port: 0, masterKey, version, seed: "demo", upstreamUrl: upstream.url });
    client = createLiteLLMClient({ baseUrl: sandbox.url, masterKey, timeoutMs: 10_000 });
    const key = await client.keys.generate({ team_id: "team-platform", key_alias: `spend-${version}` });
    rawKey = key.key;
    await client.dataPlane.embeddings({ apiKey: rawKey, model: "text-embedding-3-small", input: "hello" });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("reads the request log through the route this version has", async () => {
    const d = today();
    const page = await client.spend.logs({ keyHash: rawKey, start_date: `${d} 00:00:00`, end_date: `${d} 23:59:59`, pageSize: 10 });
    expect(page.totalCount).toBe(1);
    expect(page.data[0]).toMatchObject({ model_group: "text-embedding-3-small", status: "success" });
    const path = version === "1.96.0" ? "/spend/logs/v2" : "/spend/logs/ui";
    expect(sandbox.requests.some((r) => r.path === path)).toBe(true);
  });

  it("refuses more than 100 logs per page on 1.80 before calling", async () => {
    const d = today();
    const call = client.spend.logs({ start_date: `${d} 00:00:00`, end_date: `${d} 23:59:59`, pageSize: 500 });
    if (version === "1.80.0") await expect(call).rejects.toMatchObject({ type: "invalid_request" });
    else await expect(call).resolves.toBeTruthy();
  });

  it("reads daily activity for users (aggregated when available), teams and tags", async () => {
    const d = today();
    const users = await client.spend.dailyActivity({ entity: "user", startDate: d, endDate: d });
    expect(users.endpoint).toBe(version === "1.96.0" ? "/user/daily/activity/aggregated" : "/user/daily/activity");
    const teams = await client.spend.dailyActivity({ entity: "team", startDate: d, endDate: d, ids: ["team-platform"] });
    expect(teams.results[0]!.breakdown.entities["team-platform"]!.metrics.api_requests).toBe(1);
    expect(teams.partial).toBe(false);
  });

  it("pages and merges days, and says when it stopped early", async () => {
    const d = today();
    const key2 = await client.keys.generate({ team_id: "team-search", key_alias: `spend2-${version}` });
    await client.dataPlane.embeddings({ apiKey: key2.key, model: "text-embedding-3-small", input: "x" });
    const r = await client.spend.dailyActivity({ entity: "team", startDate: d, endDate: d, pageSize: 1, maxPages: 1 });
    expect(r.partial).toBe(true);
    const all = await client.spend.dailyActivity({ entity: "team", startDate: d, endDate: d, pageSize: 1, maxPages: 5 });
    expect(all.partial).toBe(false);
    expect(all.results).toHaveLength(1);
    expect(Object.keys(all.results[0]!.breakdown.entities).sort()).toEqual(["team-platform", "team-search"]);
  });
});

it("without a database LiteLLM's own error comes through as a LiteLLMError", async () => {
  const sb = await startLiteLLMSandbox({ port: 0, database: false, seed: "none" });
  try {
    const client = createLiteLLMClient({ baseUrl: sb.url, masterKey: sb.masterKey!, retries: 0 });
    const err = await client.spend.dailyActivity({ entity: "user", startDate: today(), endDate: today() }).catch((e) => e);
    expect(isLiteLLMError(err)).toBe(true);
    expect(err.status).toBe(500);
    expect(err.message).toContain("DB not connected");
  } finally {
    await sb.close();
  }
});

it("mergeDailyResults sums a date split across pages", () => {
  const m = (spend: number) => ({ spend, prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, successful_requests: 1, failed_requests: 0, api_requests: 1 });
  const day = (spend: number, team: string) => ({
    date: "2026-01-01",
    metrics: m(spend),
    breakdown: { models: {}, model_groups: {}, providers: {}, api_keys: {}, entities: { [team]: { metrics: m(spend), metadata: {} } } },
  });
  const [one] = mergeDailyResults([day(1, "a"), day(2, "a"), day(3, "b")]);
  expect(one!.metrics.spend).toBe(6);
  expect(one!.breakdown.entities.a!.metrics.spend).toBe(3);
  expect(one!.breakdown.entities.b!.metrics.api_requests).toBe(1);
});
