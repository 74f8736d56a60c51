import { describe, expect, it } from "vitest";
import { buildUsage, failureRate, MAX_SERIES, OTHER_SERIES, usageCsv, type ActivityDay } from "./model";

const m = (spend: number, requests = 1, failed = 0) => ({
  spend,
  prompt_tokens: 10 * requests,
  completion_tokens: 5 * requests,
  total_tokens: 15 * requests,
  successful_requests: requests - failed,
  failed_requests: failed,
  api_requests: requests,
});

function day(date: string, entities: Record<string, number>, keys: Record<string, { spend: number; team: string | null; alias?: string }> = {}): ActivityDay {
  const total = Object.values(entities).reduce((s, v) => s + v, 0);
  return {
    date,
    metrics: m(total, Object.keys(entities).length),
    breakdown: {
      models: {},
      model_groups: { "gpt-4o-mini": { metrics: m(total) } },
      providers: { openai: { metrics: m(total) } },
      entities: Object.fromEntries(Object.entries(entities).map(([k, v]) => [k, { metrics: m(v), metadata: { team_alias: `alias-${k}` } }])),
      api_keys: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, { metrics: m(v.spend), metadata: { team_id: v.team, key_alias: v.alias ?? null } }])),
    },
  };
}

const labels = { team: (id: string) => (id === "t1" ? "alpha" : undefined) };

describe("the usage query model", () => {
  it("totals, a zero-filled daily series and groups by spend", () => {
    const r = buildUsage({
      results: [day("2026-12-02", { t1: 3, t2: 1 }), day("2026-12-04", { t1: 1 })],
      days: ["2026-12-02", "2026-12-03", "2026-12-04"],
      groupBy: "team",
      entity: "team",
      top: 10,
      labels,
    });
    expect(r.totals.spend).toBe(5);
    expect(r.totals.requests).toBe(3);
    expect(r.days.map((d) => d.spend)).toEqual([4, 0, 1]);
    expect(r.groups.map((g) => [g.id, g.label, g.spend])).toEqual([
      ["t1", "alpha", 4],
      ["t2", "alias-t2", 1],
    ]);
    expect(r.groups[0]!.href).toBe("/teams/t1");
    expect(r.groups[0]!.share).toBeCloseTo(0.8);
    expect(r.days[0]!.byGroup).toEqual({ t1: 3, t2: 1 });
    expect(r.hasData).toBe(true);
  });

  it("no data: zero totals, every day present, no groups", () => {
    const r = buildUsage({ results: [], days: ["2026-12-01", "2026-12-02"], groupBy: "key", entity: "user", top: 5, labels });
    expect(r.hasData).toBe(false);
    expect(r.days).toHaveLength(2);
    expect(r.groups).toEqual([]);
    expect(failureRate(r.totals)).toBe(0);
  });

  it("groups by key with aliases and links, and by team from the keys on the user table", () => {
    const token = "a".repeat(64);
    const results = [day("2026-12-01", { u1: 2 }, { [token]: { spend: 1.5, team: "t1", alias: "ci" }, ["b".repeat(64)]: { spend: 0.5, team: null } })];
    const byKey = buildUsage({ results, days: ["2026-12-01"], groupBy: "key", entity: "user", top: 10, labels });
    expect(byKey.groups[0]).toMatchObject({ id: token, label: "ci", href: `/keys/${token}` });
    const byTeam = buildUsage({ results, days: ["2026-12-01"], groupBy: "team", entity: "user", top: 10, labels });
    expect(byTeam.groups.map((g) => [g.label, g.spend])).toEqual([
      ["alpha", 1.5],
      ["No team", 0.5],
    ]);
  });

  it("groups by model and provider; ignores days outside the range", () => {
    const results = [day("2026-11-30", { u: 9 }), day("2026-12-01", { u: 2 })];
    const r = buildUsage({ results, days: ["2026-12-01"], groupBy: "model", entity: "user", top: 10, labels });
    expect(r.totals.spend).toBe(2);
    expect(r.groups[0]).toMatchObject({ id: "gpt-4o-mini", href: "/models?q=gpt-4o-mini" });
    expect(buildUsage({ results, days: ["2026-12-01"], groupBy: "provider", entity: "user", top: 10, labels }).groups[0]!.id).toBe("openai");
  });

  it("stacks at most MAX_SERIES groups and folds the rest into Other; top-N cuts the table", () => {
    const entities = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`t${i}`, 10 - i]));
    const r = buildUsage({ results: [day("2026-12-01", entities)], days: ["2026-12-01"], groupBy: "team", entity: "team", top: 3, labels });
    expect(r.series).toHaveLength(MAX_SERIES + 1);
    expect(r.series.at(-1)!.id).toBe(OTHER_SERIES);
    expect(r.days[0]!.byGroup[OTHER_SERIES]).toBe(4 + 3 + 2);
    expect(r.top).toHaveLength(3);
    expect(r.groups).toHaveLength(9);
  });

  it("CSV has daily rows and group rows, and neutralises spreadsheet formulas", () => {
    const r = buildUsage({ results: [day("2026-12-01", { "=cmd": 1 })], days: ["2026-12-01"], groupBy: "tag", entity: "tag", top: 3, labels });
    const csv = usageCsv(r, "Tag");
    expect(csv.split("\n")[0]).toBe("date,tag,group_id,spend_usd,requests,successes,failures,prompt_tokens,completion_tokens,total_tokens");
    expect(csv).toContain("2026-12-01,(all),,1.000000,1,1,0,10,5,15");
    expect(csv).toContain("'=cmd");
  });
});
