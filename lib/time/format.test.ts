import { describe, expect, it } from "vitest";

import { describeCountdown, formatInstant, resolveTimeZone, timeZoneFromCookie } from "./format";

const AT = "2026-12-05T14:05:09.000Z";

describe("formatInstant: one rule for every timestamp", () => {
  it("shows the instant in the operator's zone, labelled with it", () => {
    expect(formatInstant(AT, "America/New_York")).toBe("Dec 5, 2026, 09:05:09 EST (America/New_York)");
    expect(formatInstant(AT, "Europe/Berlin")).toBe("Dec 5, 2026, 15:05:09 GMT+1 (Europe/Berlin)");
    expect(formatInstant(AT, "America/New_York", "short")).toBe("Dec 5, 2026, 09:05 EST");
  });

  it("UTC is labelled UTC once; an unknown or missing zone falls back to UTC, labelled", () => {
    expect(formatInstant(AT, "UTC")).toBe("Dec 5, 2026, 14:05:09 UTC");
    expect(formatInstant(AT, "Mars/Olympus_Mons")).toBe("Dec 5, 2026, 14:05:09 UTC");
    expect(formatInstant(AT, null, "short")).toBe("Dec 5, 2026, 14:05 UTC");
  });

  it("takes ISO text, epoch ms or a Date, and keeps DST right", () => {
    const july = Date.parse("2026-07-01T12:00:00Z");
    expect(formatInstant(july, "America/New_York", "short")).toBe("Jul 1, 2026, 08:00 EDT");
    expect(formatInstant(new Date(july), "Europe/Berlin", "short")).toBe("Jul 1, 2026, 14:00 GMT+2");
    expect(formatInstant("not a date", "UTC")).toBe("not a date");
    // LiteLLM's naive timestamps are UTC, whatever the server's own zone.
    expect(formatInstant("2026-12-05 14:05:09", "America/New_York")).toBe("Dec 5, 2026, 09:05:09 EST (America/New_York)");
    expect(formatInstant("2026-12-05T14:05:09.123", "UTC", "short")).toBe("Dec 5, 2026, 14:05 UTC");
  });

  it("the zone: valid IANA names only, from the URI-encoded cookie", () => {
    expect(resolveTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(resolveTimeZone("")).toBe("UTC");
    expect(resolveTimeZone("x".repeat(80))).toBe("UTC");
    expect(timeZoneFromCookie(encodeURIComponent("America/Argentina/Buenos_Aires"))).toBe("America/Argentina/Buenos_Aires");
    expect(timeZoneFromCookie("%E0%A4%A")).toBe("UTC");
    expect(timeZoneFromCookie(undefined)).toBe("UTC");
  });
});

describe("describeCountdown", () => {
  it("is relative, so zone-free", () => {
    const now = Date.parse(AT);
    expect(describeCountdown(now + 30 * 86_400_000 - 3_600_000, now)).toBe("in 29 d 23 h");
    expect(describeCountdown(now - (3 * 3_600_000 + 5 * 60_000), now)).toBe("3 h 5 min ago");
  });
});
