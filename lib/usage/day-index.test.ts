import { describe, expect, it } from "vitest";
import { emptyBucket, foldDay, IndexTooLargeError, TableIndex, type IndexTable } from "./day-index";
import { buildUsage, type ActivityDay, type ActivityMetrics, type UsageResult } from "./model";
import type { GroupBy } from "./schemas";

/** Deterministic pseudo-random numbers. */
function rng(seed: number) {
  return () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return seed / 2 ** 32;
  };
}

function metrics(r: () => number): ActivityMetrics {
  const requests = 1 + Math.floor(r() * 50);
  const failed = Math.floor(r() * 3);
  const p = Math.floor(r() * 5000);
  const c = Math.floor(r() * 2000);
  return { spend: Math.round(r() * 1e6) / 1e4, prompt_tokens: p, completion_tokens: c, total_tokens: p + c, api_requests: requests, successful_requests: requests - failed, failed_requests: failed };
}

function group(r: () => number, prefix: string, n: number, meta: (id: string) => Record<string, unknown>) {
  const out: Record<string, { metrics: ActivityMetrics; metadata: Record<string, unknown> }> = {};
  for (let i = 0; i < n; i++) if (r() < 0.6) out[`${prefix}${i}`] = { metrics: metrics(r), metadata: meta(`${prefix}${i}`) };
  return out;
}

const dates = Array.from({ length: 12 }, (_, i) => `2026-11-${String(20 + i).padStart(2, "0")}`).filter((d) => d <= "2026-11-30");

function answer(seed: number): ActivityDay[] {
  const r = rng(seed);
  return dates
    .filter(() => r() < 0.8) // some days have no activity at all
    .map((date) => ({
      date,
      metrics: metrics(r),
      breakdown: {
        models: {},
        model_groups: group(r, "model-", 9, () => ({})),
        providers: group(r, "prov-", 3, () => ({})),
        entities: group(r, "ent-", 12, (id) => ({ team_alias: `alias ${id}`, user_email: `${id}@example.com` })),
        api_keys: group(r, "", 15, (id) => ({ key_alias: Number(id) % 2 ? `key-${id}` : null, team_id: "t" })),
      },
    }));
}

const labels = { team: (id: string) => (id === "ent-1" ? "named team" : undefined) };

function viaIndex(table: IndexTable, results: ActivityDay[], days: string[], groupBy: GroupBy, allGroups = true, top = 5): UsageResult {
  const byDate = new Map(results.map((d) => [d.date, foldDay(table, d)]));
  const index = TableIndex.build(
    table,
    dates.map((d) => byDate.get(d) ?? emptyBucket(d)),
    1000,
  );
  return index.summarize({ days, groupBy, top, labels, allGroups });
}

function expectSame(a: UsageResult, b: UsageResult) {
  const close = (x: number, y: number) => expect(x).toBeCloseTo(y, 6);
  for (const k of Object.keys(a.totals) as (keyof UsageResult["totals"])[]) close(a.totals[k], b.totals[k]);
  expect(a.groups.map((g) => [g.id, g.label, g.href])).toEqual(b.groups.map((g) => [g.id, g.label, g.href]));
  a.groups.forEach((g, i) => {
    close(g.spend, b.groups[i]!.spend);
    close(g.requests, b.groups[i]!.requests);
    close(g.tokens, b.groups[i]!.tokens);
    close(g.share, b.groups[i]!.share);
  });
  expect(a.top.map((g) => g.id)).toEqual(b.top.map((g) => g.id));
  expect(a.series).toEqual(b.series);
  expect(a.days.map((d) => d.date)).toEqual(b.days.map((d) => d.date));
  a.days.forEach((d, i) => {
    close(d.spend, b.days[i]!.spend);
    close(d.requests, b.days[i]!.requests);
    expect(Object.keys(d.byGroup).sort()).toEqual(Object.keys(b.days[i]!.byGroup).sort());
    for (const [k, v] of Object.entries(d.byGroup)) close(v, b.days[i]!.byGroup[k]!);
  });
  expect(a.hasData).toBe(b.hasData);
}

describe("the usage index gives buildUsage's figures from prefix sums", () => {
  const cases: [IndexTable, GroupBy][] = [
    ["user", "key"],
    ["user", "model"],
    ["user", "provider"],
    ["user", "user"],
    ["team", "team"],
    ["tag", "tag"],
  ];
  for (const [table, groupBy] of cases) {
    it(`${groupBy} (from the ${table} table), over whole and partial ranges`, () => {
      for (const seed of [1, 2, 3]) {
        const results = answer(seed);
        for (const days of [dates, dates.slice(3, 8), dates.slice(-1), dates.slice(0, 1)]) {
          const direct = buildUsage({ results, days, groupBy, entity: table, top: 5, labels });
          expectSame(viaIndex(table, results, days, groupBy), direct);
          // The page's read builds only the groups it shows: the same top N, series and days, and the count.
          const shown = viaIndex(table, results, days, groupBy, false);
          expectSame(shown, { ...direct, groups: direct.top });
          expect(shown.groupCount).toBe(direct.groups.length);
        }
      }
    });
  }

  it("a day split over two LiteLLM pages folds into one bucket", () => {
    const [d] = answer(7);
    const half = (x: ActivityDay): ActivityDay => JSON.parse(JSON.stringify(x));
    const bucket = foldDay("user", half(d!), foldDay("user", half(d!)));
    const index = TableIndex.build("user", [bucket], 100);
    const r = index.summarize({ days: [d!.date], groupBy: "key", top: 3, labels });
    expect(r.totals.requests).toBe(2 * d!.metrics.api_requests);
  });

  it("covers only contiguous days it has read, and refuses more groups than its bound", () => {
    const results = answer(4);
    const byDate = new Map(results.map((d) => [d.date, foldDay("user", d)]));
    const buckets = dates.map((d) => byDate.get(d) ?? emptyBucket(d));
    const index = TableIndex.build("user", buckets, 1000);
    expect(index.covers(dates)).toBe(true);
    expect(index.covers(["2026-11-19", ...dates])).toBe(false);
    expect(index.covers([])).toBe(false);
    expect(() => TableIndex.build("user", buckets, 3)).toThrow(IndexTooLargeError);
  });

  it("no activity: empty groups, zero-filled days, no data", () => {
    const index = TableIndex.build("team", [emptyBucket("2026-11-20"), emptyBucket("2026-11-21")], 10);
    const r = index.summarize({ days: ["2026-11-20", "2026-11-21"], groupBy: "team", top: 5, labels });
    expect(r.hasData).toBe(false);
    expect(r.groups).toEqual([]);
    expect(r.days.map((d) => d.spend)).toEqual([0, 0]);
  });
});
