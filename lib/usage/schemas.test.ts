import { describe, expect, it } from "vitest";
import { parseRequestLogQuery, parseUsageQuery, usageQueryToParams } from "./schemas";
import { planActivity, usageScopeFor } from "./scope";
import type { SessionUser } from "@/lib/auth/types";

describe("usage query input", () => {
  it("defaults to the last 7 days grouped by team", () => {
    const r = parseUsageQuery({});
    expect(r.ok && r.query).toMatchObject({ range: "7d", groupBy: "team", top: 10 });
  });

  it.each([
    [{ range: "custom", from: "2026-12-05", to: "2026-12-01" }, "to", "The end date is before the start date"],
    [{ range: "custom", from: "2025-01-01", to: "2026-12-01" }, "from", "Ranges are limited to 366 days; choose a later start date"],
    [{ groupBy: "colour" }, "groupBy", "Group by team, key, user, model, provider or tag"],
    [{ range: "custom" }, "from", "A custom range needs a start date"],
    [{ range: "1y" }, "range", "Choose 24h, 7d, 30d, 90d or a custom range"],
    [{ from: "2026-02-30", range: "custom", to: "2026-03-01" }, "from", "Start date must be a date (YYYY-MM-DD)"],
    [{ top: "500" }, "top", "Top is at most 100"],
    [{ key: "sk-raw" }, "key", "Key must be a key's token hash (64 hex characters)"],
    [{ tz: "Mars/Olympus" }, "tz", "Unknown time zone"],
    [{ team: "a\u0000b" }, "team", "Team has control characters"],
  ])("%o → field error on %s", (params, field, message) => {
    const r = parseUsageQuery(params as Record<string, string>);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors[field]).toContain(message);
  });

  it("request log page size out of range and spend range upside down", () => {
    const r = parseRequestLogQuery({ pageSize: "5000", minSpend: "2", maxSpend: "1" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.fieldErrors.pageSize).toEqual(["Page size is 25, 50 or 100"]);
      expect(r.fieldErrors.maxSpend).toEqual(["Maximum spend is below the minimum"]);
    }
  });

  it("round-trips to URL params without defaults", () => {
    const r = parseUsageQuery({ range: "30d", groupBy: "model", team: "team-alpha" });
    expect(r.ok && usageQueryToParams(r.query).toString()).toBe("range=30d&groupBy=model&team=team-alpha");
  });
});

const u = (role: SessionUser["role"], teams: SessionUser["teams"] = []): SessionUser => ({ id: "openshift:x", provider: "openshift", username: "x", name: "x", role, teams });

describe("usage scope", () => {
  it("admins and viewers see all; team admins their teams; members their own keys", () => {
    expect(usageScopeFor(u("admin"))).toEqual({ kind: "all" });
    expect(usageScopeFor(u("viewer"))).toEqual({ kind: "all" });
    expect(usageScopeFor(u("user", [{ teamId: "a", role: "admin" }, { teamId: "b", role: "member" }]))).toEqual({ kind: "teams", teamIds: ["a"] });
    expect(usageScopeFor(u("user", [{ teamId: "b", role: "member" }]))).toEqual({ kind: "own", userId: "openshift:x" });
  });

  it("members are scoped to their LiteLLM user in the query itself", () => {
    const p = planActivity({ kind: "own", userId: "me" }, "model", { key: "a".repeat(64) });
    expect(p).toEqual({ ok: true, plan: { entity: "user", ids: ["me"], keyHash: "a".repeat(64), model: undefined } });
    expect(planActivity({ kind: "own", userId: "me" }, "team", { user: "someone-else" })).toMatchObject({ ok: false, forbidden: true });
    expect(planActivity({ kind: "own", userId: "me" }, "team", { team: "t" })).toMatchObject({ ok: false, field: "team", forbidden: true });
  });

  it("team admins get team_ids of their teams only", () => {
    expect(planActivity({ kind: "teams", teamIds: ["a", "b"] }, "key", {})).toMatchObject({ ok: true, plan: { entity: "team", ids: ["a", "b"] } });
    expect(planActivity({ kind: "teams", teamIds: ["a"] }, "key", { team: "c" })).toMatchObject({ ok: false, forbidden: true });
    expect(planActivity({ kind: "teams", teamIds: ["a"] }, "tag", {})).toMatchObject({ ok: false, field: "groupBy" });
  });

  it("admins: filters pick the table, then the group-by", () => {
    expect(planActivity({ kind: "all" }, "model", {})).toMatchObject({ ok: true, plan: { entity: "user" } });
    expect(planActivity({ kind: "all" }, "team", {})).toMatchObject({ ok: true, plan: { entity: "team" } });
    expect(planActivity({ kind: "all" }, "key", { tag: "x" })).toMatchObject({ ok: true, plan: { entity: "tag", ids: ["x"] } });
    expect(planActivity({ kind: "all" }, "tag", { user: "u" })).toMatchObject({ ok: false, field: "groupBy" });
  });
});
