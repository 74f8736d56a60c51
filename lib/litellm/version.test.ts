import { afterEach, describe, expect, it, vi } from "vitest";

import { createFakeFetch, json, text } from "./__fixtures__/fake-fetch";
import { createLiteLLMClient } from "./index";
import { compareVersions, featuresFor } from "./version";

describe("compareVersions", () => {
  it.each([
    ["1.80.0", "1.80.0", 0],
    ["1.80.0", "1.96.0", -1],
    ["1.96.0", "1.80.0", 1],
    ["1.81.3", "1.81.10", -1],
    ["1.9.0", "1.10.0", -1],
    ["v1.81.3", "1.81.3", 0],
    ["1.81.3-stable", "1.81.3", 0],
    ["1.83.14.rc.1", "1.83.14", -1],
    ["1.83.14.rc.1", "1.83.13", 1],
    ["1.80.0.dev1", "1.80.0", -1],
    ["1.81", "1.81.0", 0],
    ["garbage", "1.0.0", -1],
    ["1.0.0", "garbage", 1],
  ] as const)("%s vs %s → %d", (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });
});

describe("featuresFor", () => {
  it("1.80.0 gets the old behaviours", () => {
    expect(featuresFor("1.80.0")).toEqual({
      supportsV2ModelPagination: false,
      supportsV2ModelSort: false,
      supportsPatchModelUpdate: true,
      keyDurationIsExact: false,
      keyUpdateAcceptsAlias: false,
      testConnectionAdminOnly: false,
      hasPublicCostMap: false,
      hasSpendLogsV2: false,
      hasAggregatedDailyActivity: false,
    });
  });

  it("1.96.0 gets every new behaviour", () => {
    expect(Object.values(featuresFor("1.96.0")).every(Boolean)).toBe(true);
  });

  it.each([
    ["supportsV2ModelPagination", "1.81.2", false],
    ["supportsV2ModelPagination", "1.81.3", true],
    ["supportsV2ModelSort", "1.81.5", false],
    ["supportsV2ModelSort", "1.81.6", true],
    ["supportsPatchModelUpdate", "1.77.9", false],
    ["supportsPatchModelUpdate", "1.78.0", true],
    ["keyDurationIsExact", "1.80.15", false],
    ["keyDurationIsExact", "1.81.0", true],
    ["keyUpdateAcceptsAlias", "1.83.2", false],
    ["keyUpdateAcceptsAlias", "1.83.3", true],
  ] as const)("%s at %s = %s", (feature, version, expected) => {
    expect(featuresFor(version)[feature]).toBe(expected);
  });

  it("an unknown version is treated as the oldest proxy", () => {
    expect(Object.values(featuresFor(null)).some(Boolean)).toBe(false);
  });
});

describe("client.version()", () => {
  afterEach(() => vi.useRealTimers());

  it("reads litellm_version from /health/readiness and caches it for the TTL, then re-reads it in the background", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const fake = createFakeFetch({ version: "1.80.0" });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: "sk-m", fetch: fake.fetch, detectionTtlMs: 60_000 });
    const [a, b] = await Promise.all([client.version(), client.version()]);
    expect(a.version).toBe("1.80.0");
    expect(a.features.keyDurationIsExact).toBe(false);
    expect(b).toBe(a);
    await client.version();
    expect(fake.calls).toHaveLength(1);
    vi.setSystemTime(Date.now() + 61_000);
    expect(await client.version()).toBe(a); // answered at once from the stale value
    await vi.waitFor(() => expect(fake.calls).toHaveLength(2));
  });

  it("a proxy that does not report a version gets version null and old behaviour", async () => {
    const fake = createFakeFetch({ version: null });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: "sk-m", fetch: fake.fetch });
    const info = await client.version();
    expect(info.version).toBeNull();
    expect(info.features.supportsV2ModelPagination).toBe(false);
  });

  it("does not cache a failed detection", async () => {
    let healthy = false;
    const fake = createFakeFetch({
      routes: {
        "GET /health/readiness": () =>
          healthy ? json({ status: "healthy", litellm_version: "1.96.0" }) : text("Service Unhealthy (db down)", 503),
      },
    });
    const client = createLiteLLMClient({ baseUrl: "http://l", masterKey: "sk-m", fetch: fake.fetch, retryDelayMs: 1 });
    await expect(client.version()).rejects.toMatchObject({ status: 503 });
    healthy = true;
    await expect(client.version()).resolves.toMatchObject({ version: "1.96.0" });
  });
});
