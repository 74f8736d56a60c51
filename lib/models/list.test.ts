import { describe, expect, it } from "vitest";

import {
  groupRows,
  healthOf,
  healthStateFor,
  matchesHealth,
  matchesFilters,
  modelListHref,
  needsFullListing,
  parseModelListParams,
  planWindow,
  providerOf,
  sliceWindow,
  sortRows,
  toModelRow,
  type DeploymentLike,
  type ModelRow,
} from "./list";

function dep(id: string, name: string, extra: { params?: Record<string, unknown>; info?: Record<string, unknown> } = {}): DeploymentLike {
  return { model_name: name, litellm_params: { model: "openai/gpt-4o-mini", ...extra.params }, model_info: { id, db_model: true, mode: "chat", ...extra.info } };
}
const row = (id: string, alias: string, extra: Partial<ModelRow> = {}): ModelRow => ({ ...toModelRow(dep(id, alias)), ...extra });

describe("URL parameters", () => {
  it("fall back to defaults instead of failing on junk", () => {
    const p = parseModelListParams({ page: "-3", size: "7", sort: "nope", health: "bad", source: "db", q: "  gpt ", provider: ["openai", "azure"] });
    expect(p).toMatchObject({ page: 1, size: 25, sort: "alias", order: "asc", source: "db", q: "gpt", provider: "openai" });
    expect(p.health).toBeUndefined();
  });

  it("round-trip through the href, leaving defaults out", () => {
    const p = parseModelListParams({ q: "embed", mode: "embedding", page: "3", size: "50" });
    const href = modelListHref(p);
    expect(href).toBe("/models?q=embed&mode=embedding&size=50&page=3");
    expect(parseModelListParams(Object.fromEntries(new URL(href, "http://x").searchParams))).toEqual(p);
    expect(modelListHref(p, { page: 1, q: undefined, size: 25 })).toBe("/models?mode=embedding");
  });

  it("only filters LiteLLM cannot apply force a full listing", () => {
    expect(needsFullListing(parseModelListParams({ q: "x", sort: "created" }))).toBe(false);
    for (const f of ["provider", "mode", "team", "health", "source"]) {
      const value = f === "health" ? "failing" : f === "source" ? "config" : "x";
      expect(needsFullListing(parseModelListParams({ [f]: value }))).toBe(true);
    }
  });
});

describe("rows", () => {
  it("never carry secrets or api_base", () => {
    const r = toModelRow(dep("1", "a", { params: { api_key: "sk-secret-123456789", api_base: "https://h/v1?token=abc", aws_secret_access_key: "x" } }));
    expect(JSON.stringify(r)).not.toMatch(/sk-secret|token=abc|aws_secret/);
  });

  it("use the team's public alias and LiteLLM's provider", () => {
    const r = toModelRow(dep("1", "model_name_team_uuid", { info: { team_public_model_name: "team-gpt", litellm_provider: "azure" } }));
    expect(r.alias).toBe("team-gpt");
    expect(r.provider).toBe("azure");
    expect(providerOf(dep("2", "x", { params: { model: "ollama_chat/llama3" } }))).toBe("ollama_chat");
    expect(providerOf(dep("3", "x", { params: { model: "gpt-4o" } }))).toBe("openai");
  });

  it("config models are read-only", () => {
    expect(toModelRow(dep("c", "gpt-4o", { info: { db_model: false } })).source).toBe("config");
  });

  it("health comes from blocked and the last verification", () => {
    expect(healthOf(dep("1", "a", { info: { blocked: true } })).state).toBe("blocked");
    const v = { modelId: "1", expected: 1536, actual: 1536, message: null, checkedAt: "2026-01-01T00:00:00Z" };
    expect(healthOf(dep("1", "a"), { ...v, status: "verified" }).state).toBe("healthy");
    const bad = healthOf(dep("1", "a"), { ...v, actual: 768, status: "mismatch" });
    expect(bad.state).toBe("failing");
    expect(bad.detail).toContain("768");
    expect(healthOf(dep("1", "a")).state).toBe("unchecked");
  });

  it("a recorded Test Connect makes it Connected (or failing), with when; the newer of the two checks wins", () => {
    const connected = { status: "success" as const, mode: "chat", host: "vllm.ai.svc:8000", latencyMs: 412, errorKind: null, checkedAt: "2026-12-05T05:31:10.000Z" };
    const h = healthOf(dep("1", "a"), null, connected);
    expect(h).toEqual({
      state: "healthy",
      label: "Connected",
      detail: "Test Connect (chat) reached vllm.ai.svc:8000 in 412 ms at 2026-12-05 05:31 UTC.",
      checkedAt: "2026-12-05T05:31:10.000Z",
    });
    expect(healthStateFor(false, null, connected)).toBe("healthy");
    const failed = healthOf(dep("1", "a"), null, { ...connected, status: "failed", errorKind: "bad_key" });
    expect(failed).toMatchObject({ state: "failing", label: "Connection failed" });
    expect(failed.detail).toContain("(bad key)");
    // A later dimension mismatch outranks an earlier successful connection, and the other way round.
    const v = { modelId: "1", expected: 1536, actual: 3072, message: null, status: "mismatch" };
    expect(healthOf(dep("1", "a"), { ...v, checkedAt: "2026-12-05T06:00:00Z" }, connected).state).toBe("failing");
    expect(healthOf(dep("1", "a"), { ...v, checkedAt: "2026-12-04T06:00:00Z" }, connected).state).toBe("healthy");
    // Blocked stays blocked whatever was checked.
    expect(healthOf(dep("1", "a", { info: { blocked: true } }), null, connected).state).toBe("blocked");
    expect(matchesHealth(healthStateFor(false, null, connected), "healthy")).toBe(true);
    expect(matchesHealth(healthStateFor(false, null, connected), "unchecked")).toBe(false);
  });
});

describe("filters and sorting on a full listing", () => {
  const rows = [
    row("1", "b-chat", { provider: "openai" }),
    row("2", "a-embed", { mode: "embedding", provider: "azure", teamId: "t1" }),
    row("3", "c-config", { source: "config" }),
  ];
  it("filter by provider, mode, team, source, search", () => {
    const ids = (q: Record<string, string>) => rows.filter((r) => matchesFilters(r, parseModelListParams(q))).map((r) => r.id);
    expect(ids({ provider: "AZURE" })).toEqual(["2"]);
    expect(ids({ mode: "embedding" })).toEqual(["2"]);
    expect(ids({ team: "t1" })).toEqual(["2"]);
    expect(ids({ source: "config" })).toEqual(["3"]);
    expect(ids({ source: "db", q: "CHAT" })).toEqual(["1"]);
    expect(ids({ health: "unchecked" })).toEqual(["1", "2", "3"]);
    expect(ids({ health: "healthy" })).toEqual([]);
  });
  it("sorts by alias, both ways", () => {
    expect(sortRows(rows, "alias", "asc").map((r) => r.alias)).toEqual(["a-embed", "b-chat", "c-config"]);
    expect(sortRows(rows, "alias", "desc").map((r) => r.alias)).toEqual(["c-config", "b-chat", "a-embed"]);
  });
});

describe("the paging window", () => {
  it("covers the page and both neighbours, usually in one LiteLLM request", () => {
    for (const size of [25, 50, 100]) {
      for (let page = 1; page <= 500; page++) {
        const plan = planWindow(page, size);
        const start = (page - 1) * size;
        expect(plan.from).toBe(Math.max(0, start - 1));
        expect(plan.to).toBe(start + size);
        const covered = plan.blocks.map((b) => [(b.page - 1) * b.size, b.page * b.size - 1]);
        expect(covered[0]![0]).toBeLessThanOrEqual(plan.from);
        expect(covered[covered.length - 1]![1]).toBeGreaterThanOrEqual(plan.to);
        if (covered.length === 2) expect(covered[1]![0]).toBe(covered[0]![1] + 1);
        for (const b of plan.blocks) expect(b.size).toBeLessThanOrEqual(200);
      }
    }
    // 20,000 deployments, 50 a page: one request for nearly every page.
    const single = Array.from({ length: 400 }, (_, i) => planWindow(i + 1, 50)).filter((p) => p.blocks.length === 1).length;
    expect(single).toBeGreaterThan(390);
  });

  it("slices the page and its neighbours out of the fetched rows", () => {
    const all = Array.from({ length: 130 }, (_, i) => i);
    for (const page of [1, 2, 3]) {
      const plan = planWindow(page, 50);
      const fetched = plan.blocks.flatMap((b) => all.slice((b.page - 1) * b.size, b.page * b.size));
      const cut = sliceWindow(plan, fetched, page, 50);
      expect(cut.rows).toEqual(all.slice((page - 1) * 50, page * 50));
      expect(cut.previous).toBe(page === 1 ? undefined : (page - 1) * 50 - 1);
      expect(cut.next).toBe(page === 3 ? undefined : page * 50);
    }
  });
});

describe("grouping by alias, from the current page only", () => {
  it("groups adjacent deployments and says when a group spills over a page boundary", () => {
    const page = [row("1", "alpha"), row("2", "beta"), row("3", "beta"), row("4", "gamma")];
    const groups = groupRows(page, { previous: row("0", "alpha"), next: row("5", "gamma"), sortedByAlias: true });
    expect(groups.map((g) => [g.alias, g.deployments.length])).toEqual([
      ["alpha", 1],
      ["beta", 2],
      ["gamma", 1],
    ]);
    expect(groups[0]!.continuesFromPrevious).toBe(true);
    expect(groups[2]!.continuesOnNext).toBe(true);
    expect(groups[1]!.continuesOnNext || groups[1]!.continuesFromPrevious).toBe(false);
    const closed = groupRows(page, { previous: row("0", "aaa"), next: row("5", "zzz"), sortedByAlias: true });
    expect(closed[0]!.continuesFromPrevious).toBe(false);
    expect(closed[2]!.continuesOnNext).toBe(false);
  });

  it("merges an alias seen twice on the page when not sorted by alias", () => {
    const groups = groupRows([row("1", "a"), row("2", "b"), row("3", "a")], { sortedByAlias: false });
    expect(groups.map((g) => g.deployments.map((d) => d.id))).toEqual([["1", "3"], ["2"]]);
    expect(groups.every((g) => !g.continuesOnNext && !g.continuesFromPrevious)).toBe(true);
  });
});
