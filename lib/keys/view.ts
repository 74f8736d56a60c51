import type { LiteLLMKeyRecord } from "@/lib/litellm/schemas/keys";
import { redactValue } from "@/lib/redact";

import { DAY_MS, parseLiteLLMTime, toIso } from "./expiry";
import { RESERVED_METADATA_KEYS, type KeyStatusFilter } from "./schemas";

export type KeyOwnerKind = "user" | "team" | "service_account" | "none";
export type KeyStatus = "active" | "blocked" | "expired";

/** What the console shows about a key: never the raw key, only its alias, `sk-...abcd` and the token hash. */
export interface KeyView {
  token: string;
  alias: string | null;
  /** "sk-...abcd" as LiteLLM stores it. */
  keyName: string | null;
  ownerKind: KeyOwnerKind;
  userId: string | null;
  teamId: string | null;
  teamName: string | null;
  models: string[];
  spend: number;
  maxBudget: number | null;
  budgetDuration: string | null;
  budgetResetAt: string | null;
  /** spend ÷ max budget, or null without a budget. */
  budgetUsed: number | null;
  expires: string | null;
  status: KeyStatus;
  expiringSoon: boolean;
  rpmLimit: number | null;
  tpmLimit: number | null;
  maxParallelRequests: number | null;
  createdAt: string | null;
  /** The console user who issued it (metadata.created_by), else LiteLLM's created_by. */
  createdBy: string | null;
  createdVia: string | null;
  updatedAt: string | null;
  lastUsedAt: string | null;
  tags: string[];
  /** The operator's own metadata (Gatehouse's bookkeeping keys removed), redacted. */
  metadata: Record<string, unknown>;
}

export const EXPIRING_SOON_MS = 7 * DAY_MS;
export const BUDGET_WARNING_RATIO = 0.8;

function str(value: unknown): string | null {
  return typeof value === "string" && value ? value : null;
}

export function toKeyView(record: LiteLLMKeyRecord, now: number, teamNames?: ReadonlyMap<string, string>): KeyView {
  const metadata = (record.metadata ?? {}) as Record<string, unknown>;
  const expiresMs = parseLiteLLMTime(record.expires);
  const expired = expiresMs !== null && expiresMs <= now;
  const maxBudget = typeof record.max_budget === "number" ? record.max_budget : null;
  const spend = typeof record.spend === "number" ? record.spend : 0;
  const teamId = str(record.team_id);
  const userId = str(record.user_id);
  const ownerKind: KeyOwnerKind =
    metadata.service_account === true && teamId ? "service_account" : teamId ? "team" : userId ? "user" : "none";
  const ownMetadata = Object.fromEntries(
    Object.entries(metadata).filter(([k]) => !(RESERVED_METADATA_KEYS as readonly string[]).includes(k) && k !== "tags"),
  );
  const rawTags = Array.isArray(record.tags) ? record.tags : Array.isArray(metadata.tags) ? metadata.tags : [];
  return {
    token: record.token ?? "",
    alias: str(record.key_alias),
    keyName: str(record.key_name),
    ownerKind,
    userId,
    teamId,
    teamName: teamId ? (teamNames?.get(teamId) ?? null) : null,
    models: Array.isArray(record.models) ? record.models : [],
    spend,
    maxBudget,
    budgetDuration: str(record.budget_duration),
    budgetResetAt: toIso(record.budget_reset_at),
    budgetUsed: maxBudget !== null && maxBudget > 0 ? spend / maxBudget : maxBudget === 0 ? 1 : null,
    expires: expiresMs === null ? null : new Date(expiresMs).toISOString(),
    status: record.blocked ? "blocked" : expired ? "expired" : "active",
    expiringSoon: expiresMs !== null && !expired && expiresMs - now <= EXPIRING_SOON_MS,
    rpmLimit: record.rpm_limit ?? null,
    tpmLimit: record.tpm_limit ?? null,
    maxParallelRequests: record.max_parallel_requests ?? null,
    createdAt: toIso(record.created_at),
    createdBy: str(metadata.created_by) ?? str(record.created_by),
    createdVia: str(metadata.created_via),
    updatedAt: toIso(record.updated_at),
    lastUsedAt: toIso(str((record as Record<string, unknown>).last_active) ?? str((record as Record<string, unknown>).last_used_at)),
    tags: rawTags.filter((t): t is string => typeof t === "string"),
    metadata: redactValue(ownMetadata),
  };
}

/** Whether a key passes a status filter that LiteLLM cannot apply itself. */
export function matchesStatus(view: KeyView, status: KeyStatusFilter): boolean {
  switch (status) {
    case "all":
      return true;
    case "active":
      return view.status === "active";
    case "blocked":
      return view.status === "blocked";
    case "expired":
      return view.status === "expired";
    case "expiring":
      return view.expiringSoon && view.status !== "expired";
    case "over-budget":
      return view.budgetUsed !== null && view.budgetUsed >= BUDGET_WARNING_RATIO;
  }
}

/** "sk-...abcd" → "abcd". */
export function lastFourOf(keyName: string | null | undefined): string | null {
  if (!keyName) return null;
  const match = /([A-Za-z0-9_-]{4})$/.exec(keyName);
  return match ? match[1]! : null;
}
