import { describe, expect, it } from "vitest";

import { issueTestReceipt, RECEIPT_MAX_AGE_MS, verifyTestReceipt } from "./connection-checks";

const secret = "s".repeat(40);
const tested = {
  mode: "embedding",
  litellmParams: { model: "azure/text-embedding-3-small", api_base: "http://127.0.0.1:4110/", api_version: "2024-10-21", api_key: "azure-upstream-good" },
};
const at = "2026-12-05T05:00:00.000Z";
const now = Date.parse(at) + 60_000;
const facts = { status: "success" as const, mode: "embedding", host: "127.0.0.1:4110", latencyMs: 42, errorKind: null, at };

describe("Test Connect receipts (the wizard's test carried to the saved deployment)", () => {
  it("verifies for exactly the draft that was tested, whatever the key order", () => {
    const receipt = issueTestReceipt(facts, tested, secret);
    const reordered = { mode: "embedding", litellmParams: Object.fromEntries(Object.entries(tested.litellmParams).reverse()) };
    expect(verifyTestReceipt(receipt, reordered, { now, secret })).toEqual({ ok: true, facts });
  });

  it("is worthless for another key, endpoint, mode or model, after 30 minutes, tampered, or under another secret", () => {
    const receipt = issueTestReceipt(facts, tested, secret);
    const other = (patch: Record<string, unknown>, mode = "embedding") => ({ mode, litellmParams: { ...tested.litellmParams, ...patch } });
    expect(verifyTestReceipt(receipt, other({ api_key: "another-key" }), { now, secret })).toMatchObject({ ok: false, reason: "receipt is for another draft" });
    expect(verifyTestReceipt(receipt, other({ api_base: "http://127.0.0.1:4111/" }), { now, secret }).ok).toBe(false);
    expect(verifyTestReceipt(receipt, other({}, "chat"), { now, secret }).ok).toBe(false);
    expect(verifyTestReceipt(receipt, other({ output_vector_size: 1536 }), { now, secret }).ok).toBe(false);
    expect(verifyTestReceipt(receipt, tested, { now: Date.parse(at) + RECEIPT_MAX_AGE_MS + 1, secret })).toMatchObject({ ok: false, reason: "receipt expired" });
    expect(verifyTestReceipt({ ...receipt, status: "failed" }, tested, { now, secret }).ok).toBe(false);
    expect(verifyTestReceipt({ ...receipt, latencyMs: 1 }, tested, { now, secret }).ok).toBe(false);
    expect(verifyTestReceipt({ ...receipt, at: new Date(now).toISOString() }, tested, { now, secret }).ok).toBe(false);
    expect(verifyTestReceipt(receipt, tested, { now, secret: "t".repeat(40) }).ok).toBe(false);
  });

  it("refuses malformed receipts without throwing", () => {
    for (const bad of [null, "x", 1, {}, { ...issueTestReceipt(facts, tested, secret), latencyMs: "42" }, { ...issueTestReceipt(facts, tested, secret), mac: 5 }]) {
      expect(verifyTestReceipt(bad, tested, { now, secret }).ok).toBe(false);
    }
  });

  it("carries no secret and no digest of one", () => {
    const receipt = issueTestReceipt(facts, tested, secret);
    expect(JSON.stringify(receipt)).not.toContain("azure-upstream-good");
    expect(Object.keys(receipt).sort()).toEqual(["at", "errorKind", "host", "latencyMs", "mac", "mode", "status"]);
  });
});
