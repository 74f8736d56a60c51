import "server-only";

import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

import { prisma } from "@/lib/db";
import { logger } from "@/lib/logger";

/**
 * Test Connect results kept per deployment (model_connection_checks), so Health says "Connected" after a successful
 * test instead of "Not checked". A row holds the outcome, mode, host, latency, error kind and who ran it — never a URL
 * path, a header or a key.
 *
 * The wizard tests a draft before it has a deployment id. Its result travels back to the browser as a *receipt*: the
 * outcome's facts plus an HMAC (key derived from AUTH_SECRET) over those facts and a digest of the exact
 * litellm_params tested. At save the server recomputes the digest from the draft it saves and records the result for
 * the new deployment only when the MAC matches, the test succeeded for that very draft, and it is at most 30 minutes
 * old. The browser never sees the digest, and a receipt for another draft, key or endpoint is worthless.
 */

export type ConnectionCheckStatus = "success" | "failed";

export interface ConnectionCheck {
  deploymentId: string;
  status: ConnectionCheckStatus;
  mode: string;
  host: string;
  latencyMs: number;
  errorKind: string | null;
  checkedAt: string;
  checkedBy: string;
}

export interface TestReceipt {
  status: ConnectionCheckStatus;
  mode: string;
  host: string;
  latencyMs: number;
  errorKind: string | null;
  /** ISO time the test finished. */
  at: string;
  mac: string;
}

export const RECEIPT_MAX_AGE_MS = 30 * 60_000;

/** Order-independent JSON: the same draft gives the same digest whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function receiptKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "gatehouse", "test-connect-receipts", 32));
}

function macOf(key: Buffer, facts: Omit<TestReceipt, "mac">, tested: { mode: string; litellmParams: Record<string, unknown> }): string {
  return createHmac("sha256", key)
    .update(canonical({ facts, tested: { mode: tested.mode, litellm_params: tested.litellmParams } }))
    .digest("base64url");
}

/** The receipt for a draft's Test Connect (what was tested: the mode and the exact litellm_params sent). */
export function issueTestReceipt(
  facts: Omit<TestReceipt, "mac">,
  tested: { mode: string; litellmParams: Record<string, unknown> },
  secret: string,
): TestReceipt {
  return { ...facts, mac: macOf(receiptKey(secret), facts, tested) };
}

/**
 * The receipt's facts when it is genuine, for exactly this draft, and recent; otherwise null (and why, for the log).
 * `tested` is rebuilt by the server from the draft being saved, never taken from the browser.
 */
export function verifyTestReceipt(
  receipt: unknown,
  tested: { mode: string; litellmParams: Record<string, unknown> },
  options: { now?: number; secret: string },
): { ok: true; facts: Omit<TestReceipt, "mac"> } | { ok: false; reason: string } {
  if (!receipt || typeof receipt !== "object") return { ok: false, reason: "no receipt" };
  const r = receipt as Partial<TestReceipt>;
  if (
    (r.status !== "success" && r.status !== "failed") ||
    typeof r.mode !== "string" ||
    typeof r.host !== "string" ||
    typeof r.latencyMs !== "number" ||
    !Number.isFinite(r.latencyMs) ||
    (r.errorKind !== null && typeof r.errorKind !== "string") ||
    typeof r.at !== "string" ||
    typeof r.mac !== "string"
  ) {
    return { ok: false, reason: "malformed receipt" };
  }
  const facts = { status: r.status, mode: r.mode, host: r.host, latencyMs: r.latencyMs, errorKind: r.errorKind ?? null, at: r.at };
  const expected = Buffer.from(macOf(receiptKey(options.secret), facts, tested));
  const given = Buffer.from(r.mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "receipt is for another draft" };
  const at = Date.parse(r.at);
  const now = options.now ?? Date.now();
  if (!Number.isFinite(at) || at > now + 60_000 || now - at > RECEIPT_MAX_AGE_MS) return { ok: false, reason: "receipt expired" };
  return { ok: true, facts };
}

/** Records (replaces) the latest Test Connect of a deployment. Never throws: health is a nicety, the test happened. */
export async function recordConnectionCheck(check: Omit<ConnectionCheck, "checkedAt"> & { checkedAt?: string }): Promise<void> {
  try {
    const db = await prisma();
    const data = {
      status: check.status,
      mode: check.mode.slice(0, 40),
      host: check.host.slice(0, 300),
      latencyMs: Math.max(0, Math.round(check.latencyMs)),
      errorKind: check.errorKind?.slice(0, 60) ?? null,
      checkedAt: check.checkedAt ? new Date(check.checkedAt) : new Date(),
      checkedBy: check.checkedBy.slice(0, 200),
    };
    await db.modelConnectionCheck.upsert({ where: { deploymentId: check.deploymentId }, create: { deploymentId: check.deploymentId, ...data }, update: data });
  } catch (error) {
    logger.warn("models.connection_check_not_recorded", { deploymentId: check.deploymentId, error: (error as Error).message });
  }
}

interface ConnectionCheckSqlRow {
  deployment_id: string;
  status: string;
  mode: string;
  host: string;
  latency_ms: number;
  error_kind: string | null;
  checked_at: Date | string;
  checked_by: string;
}

/** The latest Test Connect per deployment id (`null` = every deployment). */
export async function connectionChecksFromDb(ids: string[] | null): Promise<ConnectionCheck[]> {
  if (ids && ids.length === 0) return [];
  const db = await prisma();
  const rows = ids
    ? await db.$queryRaw<ConnectionCheckSqlRow[]>`SELECT deployment_id, status, mode, host, latency_ms, error_kind, checked_at, checked_by FROM model_connection_checks WHERE deployment_id = ANY(${ids})`
    : await db.$queryRaw<ConnectionCheckSqlRow[]>`SELECT deployment_id, status, mode, host, latency_ms, error_kind, checked_at, checked_by FROM model_connection_checks`;
  return rows.map((r) => ({
    deploymentId: r.deployment_id,
    status: r.status === "success" ? "success" : "failed",
    mode: r.mode,
    host: r.host,
    latencyMs: r.latency_ms,
    errorKind: r.error_kind,
    checkedAt: new Date(r.checked_at).toISOString(),
    checkedBy: r.checked_by,
  }));
}
