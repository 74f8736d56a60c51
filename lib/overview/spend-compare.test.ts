import { describe, expect, it } from "vitest";

import { addDays } from "@/lib/usage/range";

import { changeOf, compareSpend, describeChange, spendWindow } from "./spend-compare";

describe("spendWindow", () => {
  it("reads today and the 13 UTC days before, whatever the hour", () => {
    expect(spendWindow(Date.parse("2026-12-05T00:00:00Z"))).toEqual({ from: "2026-11-22", to: "2026-12-05", today: "2026-12-05" });
    expect(spendWindow(Date.parse("2026-12-05T23:59:59.999Z"))).toEqual({ from: "2026-11-22", to: "2026-12-05", today: "2026-12-05" });
  });

  it("crosses month and year ends", () => {
    expect(spendWindow(Date.parse("2027-01-03T12:00:00Z"))).toEqual({ from: "2026-12-21", to: "2027-01-03", today: "2027-01-03" });
    expect(spendWindow(Date.parse("2028-03-01T08:00:00Z")).from).toBe("2028-02-17"); // leap year
  });
});

describe("changeOf", () => {
  it("gives a whole percentage of the previous period", () => {
    expect(changeOf(12.5, 10)).toEqual({ kind: "up", percent: 25 });
    expect(changeOf(7.5, 10)).toEqual({ kind: "down", percent: 25 });
    expect(changeOf(30, 10)).toEqual({ kind: "up", percent: 200 });
    expect(changeOf(0, 10)).toEqual({ kind: "down", percent: 100 });
  });

  it("says 'about the same' when the change rounds to 0 %", () => {
    expect(changeOf(10.04, 10)).toEqual({ kind: "same" });
    expect(changeOf(9.96, 10)).toEqual({ kind: "same" });
    expect(changeOf(10.06, 10)).toEqual({ kind: "up", percent: 1 });
  });

  it("gives no percentage when nothing was spent before", () => {
    expect(changeOf(0.0001, 0)).toEqual({ kind: "new" });
    expect(changeOf(0, 0)).toEqual({ kind: "none" });
    // Float noise from summing many tiny costs is not spend.
    expect(changeOf(1e-12, 0)).toEqual({ kind: "none" });
  });

  it("works for tiny amounts (sub-cent embedding calls)", () => {
    expect(changeOf(0.00003, 0.00002)).toEqual({ kind: "up", percent: 50 });
  });

  it("never reports negative spend", () => {
    expect(changeOf(-1, 0)).toEqual({ kind: "none" });
  });
});

describe("compareSpend", () => {
  const today = "2026-12-05";
  const day = (date: string, spend: number) => ({ date, spend });

  it("splits a 14-day series into today/yesterday and the last 7 days/the 7 before", () => {
    const days = [
      day("2026-11-22", 1), // first day of the previous 7
      day("2026-11-28", 2), // last day of the previous 7
      day("2026-11-29", 4), // first day of the last 7
      day("2026-12-04", 8), // yesterday (in the last 7)
      day("2026-12-05", 16), // today
    ];
    const c = compareSpend(days, today);
    expect(c.today).toEqual({ from: today, to: today, spend: 16 });
    expect(c.yesterday).toEqual({ from: "2026-12-04", to: "2026-12-04", spend: 8 });
    expect(c.last7).toEqual({ from: "2026-11-29", to: today, spend: 28 });
    expect(c.previous7).toEqual({ from: "2026-11-22", to: "2026-11-28", spend: 3 });
    expect(c.todayChange).toEqual({ kind: "up", percent: 100 });
    expect(c.weekChange).toEqual({ kind: "up", percent: 833 });
  });

  it("ignores days outside the window and counts missing days as nothing", () => {
    const c = compareSpend([day("2026-11-21", 100), day("2026-12-06", 100), day("2026-12-03", 5)], today);
    expect(c.today.spend).toBe(0);
    expect(c.yesterday.spend).toBe(0);
    expect(c.last7.spend).toBe(5);
    expect(c.previous7.spend).toBe(0);
    expect(c.todayChange).toEqual({ kind: "none" });
    expect(c.weekChange).toEqual({ kind: "new" });
  });

  it("adds up many small costs without losing them", () => {
    const fixed = Array.from({ length: 14 }, (_, i) => day(addDays(today, -i), 0.1));
    const c = compareSpend(fixed, today);
    expect(c.last7.spend).toBeCloseTo(0.7, 12);
    expect(c.previous7.spend).toBeCloseTo(0.7, 12);
    expect(c.weekChange).toEqual({ kind: "same" });
  });
});

describe("describeChange", () => {
  it("says it in words", () => {
    expect(describeChange({ kind: "up", percent: 1250 })).toBe("up 1,250 %");
    expect(describeChange({ kind: "down", percent: 10 })).toBe("down 10 %");
    expect(describeChange({ kind: "same" })).toBe("about the same");
    expect(describeChange({ kind: "new" })).toBe("nothing was spent in the previous period");
    expect(describeChange({ kind: "none" })).toBe("nothing spent in either period");
  });
});
