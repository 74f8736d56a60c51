// Conformance of the sandbox's spend log and daily activity with CONTRACT.md §2.8 (shapes from openapi-1.96.0.json).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstream, type UpstreamHandle } from "../upstream/server";
import { DEMO, startLiteLLMSandbox, type LiteLLMSandboxHandle } from "./server";
import { ScaleSegment } from "./spend-store";
import { apiClient, type Api } from "./testing";

let up: UpstreamHandle;
let ll: LiteLLMSandboxHandle;
let admin: Api;
let key: Api;
let token: string;

const today = () => new Date().toISOString().slice(0, 10);
const range = () => {
  const d = today();
  return `start_date=${d}%2000:00:00&end_date=${d}%2023:59:59`;
};

beforeAll(async () => {
  up = await startUpstream({ port: 0 });
  ll = await startLiteLLMSandbox({ port: 0, upstreamUrl: up.url, enterprise: true, storePrompts: false });
  admin = apiClient(ll.url, ll.masterKey);
  const r = await admin("POST", "/key/generate", { team_id: DEMO.teams.platform, user_id: DEMO.users.alice, key_alias: "spend-test", tags: ["billing-a"] });
  token = r.json.token;
  key = apiClient(ll.url, r.json.key);
  expect((await key("POST", "/v1/chat/completions", { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })).status).toBe(200);
  expect((await key("POST", "/v1/embeddings", { model: "text-embedding-3-small", input: "hello" })).status).toBe(200);
  expect((await key("POST", "/v1/chat/completions", { model: "no-such-model", messages: [] })).status).toBe(400);
});
afterAll(async () => {
  await ll?.close();
  await up?.close();
});

describe("§2.8 the spend log keeps one row per request", () => {
  it("/spend/logs/v2 pages rows newest first with LiteLLM's envelope", async () => {
    const r = await admin("GET", `/spend/logs/v2?${range()}&api_key=${token}&page_size=2`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ total: 3, page: 1, page_size: 2, total_pages: 2 });
    expect(r.json.data).toHaveLength(2);
    const [newest] = r.json.data;
    expect(newest).toMatchObject({ status: "failure", model_group: "no-such-model", spend: 0, api_key: token, team_id: DEMO.teams.platform });
    expect(newest.metadata.error_information.error_code).toBe("400");
    const p2 = await admin("GET", `/spend/logs/v2?${range()}&api_key=${token}&page_size=2&page=2`);
    const oldest = p2.json.data[0];
    expect(oldest).toMatchObject({ call_type: "acompletion", model_group: "gpt-4o-mini", custom_llm_provider: "openai", status: "success" });
    expect(oldest.prompt_tokens).toBeGreaterThan(0);
    expect(oldest.spend).toBeGreaterThan(0);
    expect(oldest.request_tags).toEqual(["billing-a"]);
    expect(oldest.metadata.user_api_key_alias).toBe("spend-test");
    // Bodies are not kept unless store_prompts_in_spend_logs is on.
    expect(oldest.messages).toBe("{}");
  });

  it("filters by status, model group, team and spend range; sorts by spend", async () => {
    const q = `${range()}&api_key=${token}`;
    expect((await admin("GET", `/spend/logs/v2?${q}&status_filter=failure`)).json.total).toBe(1);
    expect((await admin("GET", `/spend/logs/v2?${q}&model_group=text-embedding-3-small`)).json.total).toBe(1);
    expect((await admin("GET", `/spend/logs/v2?${q}&team_id=${DEMO.teams.search}`)).json.total).toBe(0);
    const paid = await admin("GET", `/spend/logs/v2?${q}&min_spend=0.000000000001`);
    expect(paid.json.total).toBeGreaterThanOrEqual(1);
    expect(paid.json.data.every((r: { status: string }) => r.status === "success")).toBe(true);
    const asc = await admin("GET", `/spend/logs/v2?${q}&sort_by=spend&sort_order=asc`);
    expect(asc.json.data[0].spend).toBe(0);
  });

  it("requires both dates (400 shape A) and validates page_size ≤ 1000 (422 shape C)", async () => {
    const r = await admin("GET", "/spend/logs/v2");
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ message: "Start date and end date are required", type: "bad_request", code: "400" });
    const big = await admin("GET", `/spend/logs/v2?${range()}&page_size=1001`);
    expect(big.status).toBe(422);
    expect(big.json.detail[0].loc).toEqual(["query", "page_size"]);
    const bad = await admin("GET", "/spend/logs/v2?start_date=2025-01-01&end_date=2025-01-02");
    expect(bad.status).toBe(500);
    expect(bad.json.error.message).toContain("does not match format '%Y-%m-%d %H:%M:%S'");
  });

  it("the deprecated /spend/logs lists a key's rows and summarizes a date range by day", async () => {
    const r = await admin("GET", `/spend/logs?api_key=${token}`);
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(3);
    const d = today();
    const s = await admin("GET", `/spend/logs?start_date=${d}&end_date=${d}&api_key=${token}`);
    // end_date is midnight (strptime "%Y-%m-%d"), so today's rows are outside [d 00:00, d 00:00].
    expect(Array.isArray(s.json)).toBe(true);
  });
});

describe("§2.8 daily activity reads the daily tables", () => {
  it("/user/daily/activity: per-date metrics with model, provider, key and entity breakdowns", async () => {
    const d = today();
    const r = await admin("GET", `/user/daily/activity?start_date=${d}&end_date=${d}&api_key=${token}`);
    expect(r.status).toBe(200);
    const day = r.json.results[0];
    expect(day.date).toBe(d);
    expect(day.metrics).toMatchObject({ api_requests: 3, successful_requests: 2, failed_requests: 1 });
    expect(Object.keys(day.breakdown.model_groups).sort()).toEqual(["gpt-4o-mini", "no-such-model", "text-embedding-3-small"]);
    expect(day.breakdown.api_keys[token].metadata).toEqual({ key_alias: "spend-test", team_id: DEMO.teams.platform });
    expect(day.breakdown.entities[DEMO.users.alice].metrics.api_requests).toBe(3);
    expect(day.breakdown.providers.openai.api_key_breakdown[token]).toBeDefined();
    expect(r.json.metadata).toMatchObject({ total_api_requests: 3, total_failed_requests: 1, page: 1, total_pages: 1, has_more: false });
    expect(r.json.metadata.total_spend).toBeCloseTo(day.metrics.spend, 10);
  });

  it("/team/daily/activity and /tag/daily/activity group by team and tag", async () => {
    const d = today();
    const t = await admin("GET", `/team/daily/activity?start_date=${d}&end_date=${d}&team_ids=${DEMO.teams.platform}`);
    expect(t.json.results[0].breakdown.entities[DEMO.teams.platform]).toMatchObject({ metadata: { team_alias: "platform" } });
    const none = await admin("GET", `/team/daily/activity?start_date=${d}&end_date=${d}&team_ids=${DEMO.teams.search}`);
    expect(none.json.results).toEqual([]);
    const g = await admin("GET", `/tag/daily/activity?start_date=${d}&end_date=${d}&tags=billing-a`);
    expect(g.json.results[0].breakdown.entities["billing-a"].metrics.api_requests).toBe(3);
  });

  it("missing dates → 400 {detail:{error}}; the aggregated view has no pagination", async () => {
    const r = await admin("GET", "/team/daily/activity");
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ detail: { error: "Please provide start_date and end_date" } });
    const d = today();
    const a = await admin("GET", `/user/daily/activity/aggregated?start_date=${d}&end_date=${d}`);
    expect(a.status).toBe(200);
    expect(a.json.metadata).toMatchObject({ page: 1, total_pages: 1, has_more: false });
  });

  it("a virtual key of an internal user sees only its own user's activity", async () => {
    const d = today();
    const other = await admin("POST", "/key/generate", { user_id: DEMO.users.bob });
    const bob = apiClient(ll.url, other.json.key);
    const r = await bob("GET", `/user/daily/activity?start_date=${d}&end_date=${d}&user_id=${DEMO.users.alice}`);
    expect(r.status).toBe(200);
    expect(r.json.results).toEqual([]);
    expect((await bob("GET", `/team/daily/activity?start_date=${d}&end_date=${d}`)).status).toBe(401);
  });

  it("/global/spend/report groups spend by team per day (Enterprise)", async () => {
    const d = today();
    const r = await admin("GET", `/global/spend/report?start_date=${d}&end_date=${d}&group_by=team`);
    expect(r.status).toBe(200);
    expect(r.json[0].group_by_day).toBe(d);
    expect(r.json[0].teams.find((t: { team_name: string }) => t.team_name === "platform").total_spend).toBeGreaterThan(0);
    const k = await admin("GET", `/global/spend/report?start_date=${d}&end_date=${d}&group_by=api_key`);
    expect(k.json.some((e: { api_key: string }) => e.api_key === token)).toBe(true);
  });
});

describe("§4 spend needs LiteLLM's database", () => {
  it("without a database every spend route answers LiteLLM's own error", async () => {
    const nodb = await startLiteLLMSandbox({ port: 0, database: false, seed: "none" });
    try {
      const api = apiClient(nodb.url, nodb.masterKey);
      const d = today();
      const a = await api("GET", `/user/daily/activity?start_date=${d}&end_date=${d}`);
      expect(a.status).toBe(500);
      expect(a.json).toEqual({ detail: { error: "DB not connected. See https://docs.litellm.ai/docs/proxy/virtual_keys" } });
      const l = await api("GET", `/spend/logs/v2?${range()}`);
      expect(l.status).toBe(401);
      expect(l.json.error.message).toBe("Prisma Client is not initialized");
      expect((await api("GET", "/health/readiness")).json.db).toBe("Not connected");
    } finally {
      await nodb.close();
    }
  });
});

describe("1.80.0 personality", () => {
  it("has /spend/logs/ui (≤ 100 per page) but neither /spend/logs/v2 nor the aggregated view", async () => {
    const old = await startLiteLLMSandbox({ port: 0, version: "1.80.0", seed: "none" });
    try {
      const api = apiClient(old.url, old.masterKey);
      expect((await api("GET", `/spend/logs/v2?${range()}`)).status).toBe(404);
      expect((await api("GET", `/spend/logs/ui?${range()}`)).status).toBe(200);
      expect((await api("GET", `/spend/logs/ui?${range()}&page_size=101`)).status).toBe(422);
      const d = today();
      expect((await api("GET", `/user/daily/activity/aggregated?start_date=${d}&end_date=${d}`)).status).toBe(404);
      expect((await api("GET", `/user/daily/activity?start_date=${d}&end_date=${d}`)).status).toBe(200);
    } finally {
      await old.close();
    }
  });
});

describe("scale seed", () => {
  it("aggregates equal the rows they summarize, and logs page by time without a scan", () => {
    const seg = new ScaleSegment({ rows: 200_000, days: 90, keys: 100, teams: 5, models: 20, endMs: Date.UTC(2026, 0, 1) });
    let requests = 0;
    let spend = 0;
    for (const r of seg.daily("team", { startDate: "2025-01-01", endDate: "2026-12-31" })) {
      requests += r.api_requests;
      spend += r.spend;
    }
    expect(requests).toBe(200_000);
    let rowSpend = 0;
    for (let i = 0; i < 200_000; i++) rowSpend += seg.row(i).spend;
    expect(spend).toBeCloseTo(rowSpend, 6);
    // Rows are time-ordered, so a time range maps to an index range.
    expect(seg.timeOf(1)).toBeGreaterThanOrEqual(seg.timeOf(0));
    const lo = seg.lowerBound(Date.UTC(2025, 11, 1));
    expect(seg.timeOf(lo)).toBeGreaterThanOrEqual(Date.UTC(2025, 11, 1));
    expect(seg.timeOf(lo - 1)).toBeLessThan(Date.UTC(2025, 11, 1));
  });

  it("serves daily activity and logs over a seeded proxy", async () => {
    const big = await startLiteLLMSandbox({ port: 0, seed: "none", seedSpend: { rows: 100_000, days: 90, keys: 50, teams: 5, models: 10 } });
    try {
      const api = apiClient(big.url, big.masterKey);
      const end = today();
      const start = new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 10);
      const t = await api("GET", `/team/daily/activity?start_date=${start}&end_date=${end}&page_size=100000`);
      expect(t.json.metadata.total_api_requests).toBe(100_000);
      const l = await api("GET", `/spend/logs/v2?start_date=${start}%2000:00:00&end_date=${end}%2023:59:59&page_size=5`);
      expect(l.json.total).toBe(100_000);
      expect(Date.parse(l.json.data[0].startTime)).toBeGreaterThanOrEqual(Date.parse(l.json.data[4].startTime));
      const one = await api("GET", `/spend/logs/v2?start_date=${start}%2000:00:00&end_date=${end}%2023:59:59&request_id=${l.json.data[0].request_id}`);
      expect(one.json.data[0]).toEqual(l.json.data[0]);
    } finally {
      await big.close();
    }
  });
});
