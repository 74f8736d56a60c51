import { describe, expect, it } from "vitest";
import { budgetUsedPct, forecastBudget } from "./forecast";

const now = Date.parse("2026-12-04T12:00:00Z");
const base = { subject: "team alpha", spend: 30, maxBudget: 100, budgetDuration: null, budgetResetAt: null };

describe("budget forecast", () => {
  it("steady spend: states the date the budget is reached", () => {
    const f = forecastBudget({ ...base, recentDailySpend: [5, 5, 5, 5, 5, 5, 5] }, now, "UTC");
    expect(f.kind).toBe("reaches");
    expect(f.ratePerDay).toBe(5);
    // 70 USD left at 5 a day = 14 days → 18 Dec
    expect(f.sentence).toBe("At the last 7 days' rate, team alpha reaches its 100 USD budget on 18 Dec.");
  });

  it("averages over 7 days even with less history (missing days count as zero)", () => {
    const f = forecastBudget({ ...base, recentDailySpend: [7, 7] }, now, "UTC");
    expect(f.ratePerDay).toBe(2);
  });

  it("says 'not within this period' when the budget resets first", () => {
    const f = forecastBudget({ ...base, budgetDuration: "30d", budgetResetAt: "2026-12-10T00:00:00Z", recentDailySpend: [5, 5, 5, 5, 5, 5, 5] }, now, "UTC");
    expect(f.kind).toBe("not-within-period");
    expect(f.sentence).toBe("At the last 7 days' rate, team alpha does not reach its 100 USD budget within this period (it resets on 10 Dec).");
  });

  it("no spend in the last 7 days", () => {
    const f = forecastBudget({ ...base, recentDailySpend: [0, 0, 0] }, now, "UTC");
    expect(f.kind).toBe("no-spend");
    expect(f.ratePerDay).toBe(0);
    expect(f.sentence).toContain("No spend in the last 7 days");
  });

  it("budget already exceeded", () => {
    const f = forecastBudget({ ...base, spend: 120, recentDailySpend: [10] }, now, "UTC");
    expect(f.kind).toBe("exceeded");
    expect(f.sentence).toContain("has reached its 100 USD budget");
    expect(budgetUsedPct(120, 100)).toBe(120);
  });

  it("no budget: only the burn rate", () => {
    const f = forecastBudget({ ...base, maxBudget: null, recentDailySpend: [14] }, now, "UTC");
    expect(f.kind).toBe("no-budget");
    expect(f.sentence).toContain("2.00 USD a day");
  });

  it("far-off dates without a reset are 'not within the next year'", () => {
    const f = forecastBudget({ ...base, recentDailySpend: [0.01] }, now, "UTC");
    expect(f.kind).toBe("not-within-period");
    expect(f.sentence).toContain("within the next year");
  });

  it("the date is the operator's local date", () => {
    // 70 USD at 5/day from 12:00Z = 18 Dec 12:00Z, which is 19 Dec in Auckland (+13).
    const f = forecastBudget({ ...base, recentDailySpend: [5, 5, 5, 5, 5, 5, 5] }, now, "Pacific/Auckland");
    expect(f.sentence).toContain("on 19 Dec");
  });
});
