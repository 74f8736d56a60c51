import { describe, expect, it } from "vitest";
import { addDays, localDate, resolveRange, startOfLocalDay, zoneOffsetMs } from "./range";

describe("ranges in the operator's time zone", () => {
  it("7d starts at local midnight six days before today and ends now", () => {
    const now = Date.parse("2026-12-04T15:30:00Z");
    const r = resolveRange({ preset: "7d" }, "Europe/Berlin", now);
    expect(new Date(r.startMs).toISOString()).toBe("2026-11-27T23:00:00.000Z"); // 28 Nov 00:00 CET
    expect(r.localStart).toBe("2026-11-28");
    expect(r.endMs).toBe(now);
    expect(r.utcStartDate).toBe("2026-11-27");
    expect(r.days[0]).toBe("2026-11-27");
    expect(r.days.at(-1)).toBe("2026-12-04");
    expect(r.logStart).toBe("2026-11-27 23:00:00");
    // The end is rounded up to the next whole second (LiteLLM compares at seconds).
    expect(r.logEnd).toBe("2026-12-04 15:30:01");
  });

  it("a range across the spring-forward change is DST-correct (Europe/Berlin, 29 Mar 2026)", () => {
    const now = Date.parse("2026-04-02T10:00:00Z");
    const r = resolveRange({ preset: "7d" }, "Europe/Berlin", now);
    // 27 Mar is still CET (+1): midnight is 26 Mar 23:00Z; after the change Berlin is +2.
    expect(new Date(r.startMs).toISOString()).toBe("2026-03-26T23:00:00.000Z");
    const custom = resolveRange({ preset: "custom", from: "2026-03-29", to: "2026-03-29" }, "Europe/Berlin", now);
    expect(new Date(custom.startMs).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    // The day is 23 hours long.
    expect(custom.endMs - custom.startMs + 1).toBe(23 * 3_600_000);
  });

  it("the fall-back day is 25 hours long (America/New_York, 1 Nov 2026)", () => {
    const r = resolveRange({ preset: "custom", from: "2026-11-01", to: "2026-11-01" }, "America/New_York", Date.parse("2026-12-01T00:00:00Z"));
    expect(new Date(r.startMs).toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(r.endMs - r.startMs + 1).toBe(25 * 3_600_000);
  });

  it("where midnight does not exist, the day starts at the first instant that does (America/Santiago, 6 Sep 2026)", () => {
    const t = startOfLocalDay("2026-09-06", "America/Santiago");
    expect(localDate(t, "America/Santiago")).toBe("2026-09-06");
    expect(localDate(t - 1000, "America/Santiago")).toBe("2026-09-05");
  });

  it("time zones east and west of UTC map the same local day to different UTC days", () => {
    const now = Date.parse("2026-06-15T12:00:00Z");
    const tokyo = resolveRange({ preset: "custom", from: "2026-06-10", to: "2026-06-10" }, "Asia/Tokyo", now);
    expect(tokyo.utcStartDate).toBe("2026-06-09");
    expect(tokyo.utcEndDate).toBe("2026-06-10");
    const la = resolveRange({ preset: "custom", from: "2026-06-10", to: "2026-06-10" }, "America/Los_Angeles", now);
    expect(la.utcStartDate).toBe("2026-06-10");
    expect(la.utcEndDate).toBe("2026-06-11");
    expect(zoneOffsetMs(now, "Asia/Kolkata")).toBe(5.5 * 3_600_000);
  });

  it("24h is the last 24 hours; a custom range ending today stops now", () => {
    const now = Date.parse("2026-12-04T15:30:00Z");
    const r = resolveRange({ preset: "24h" }, "UTC", now);
    expect(r.endMs - r.startMs).toBe(86_400_000);
    expect(r.days).toEqual(["2026-12-03", "2026-12-04"]);
    const c = resolveRange({ preset: "custom", from: "2026-12-01", to: "2026-12-04" }, "UTC", now);
    expect(c.endMs).toBe(now);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});
