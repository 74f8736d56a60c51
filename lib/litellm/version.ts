import "server-only";

/**
 * LiteLLM version handling. The version comes from GET /health/readiness (`litellm_version`); behaviour that changed
 * between releases is switched here and nowhere else (CONTRACT §7).
 */

interface ParsedVersion {
  parts: [number, number, number, number];
  prerelease: boolean;
}

function parseVersion(input: string): ParsedVersion | null {
  const text = input.trim().replace(/^v/i, "");
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(text);
  if (!match) return null;
  const rest = (match[5] ?? "").toLowerCase();
  // "-stable" and "-nightly"-less builds are releases; rc/dev/alpha/beta/pre/nightly sort before the release.
  const prerelease = /(rc|dev|alpha|beta|pre|nightly|a\d|b\d)/.test(rest);
  return {
    parts: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0), Number(match[4] ?? 0)],
    prerelease,
  };
}

/** -1, 0 or 1. Unparseable versions sort before everything (treated as the oldest proxy). */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa && !pb) return 0;
  if (!pa) return -1;
  if (!pb) return 1;
  for (let i = 0; i < 4; i++) {
    if (pa.parts[i] !== pb.parts[i]) return pa.parts[i]! < pb.parts[i]! ? -1 : 1;
  }
  if (pa.prerelease !== pb.prerelease) return pa.prerelease ? -1 : 1;
  return 0;
}

export function isAtLeast(version: string | null, minimum: string): boolean {
  return version !== null && compareVersions(version, minimum) >= 0;
}

export interface LiteLLMFeatures {
  /** /v2/model/info takes page/size/search (v1.81.3, PR #19521). */
  supportsV2ModelPagination: boolean;
  /** /v2/model/info takes sortBy/sortOrder (v1.81.6, PR #19903). */
  supportsV2ModelSort: boolean;
  /** PATCH /model/{id}/update exists in 1.80 and 1.96; preferred from 1.78 (team_id handling, PR #15297). */
  supportsPatchModelUpdate: boolean;
  /** /key/generate `duration` = now + duration (S2). Older proxies round "30d" to the 1st of next month (§8.11). */
  keyDurationIsExact: boolean;
  /** /key/update identifies a key by `key_alias` (v1.83.3). */
  keyUpdateAcceptsAlias: boolean;
  /** /health/test_connection is proxy-admin only (S2; the master key always passes). */
  testConnectionAdminOnly: boolean;
  /** GET /public/litellm_model_cost_map exists (S3); older proxies only have the admin route /get/litellm_model_cost_map. */
  hasPublicCostMap: boolean;
  /** GET /spend/logs/v2 (v1.80.8, PR #17167, when /spend/logs was deprecated); older proxies serve /spend/logs/ui (≤ 100 per page). */
  hasSpendLogsV2: boolean;
  /** GET /user/daily/activity/aggregated (unpaginated); older proxies only page /user/daily/activity. Release assumed with v2 logs. */
  hasAggregatedDailyActivity: boolean;
}

export const FEATURE_MINIMUMS = {
  supportsV2ModelPagination: "1.81.3",
  supportsV2ModelSort: "1.81.6",
  supportsPatchModelUpdate: "1.78.0",
  // The exact release of the S2 fix is not known (§8.11); everything from 1.81.0 is treated as exact.
  keyDurationIsExact: "1.81.0",
  keyUpdateAcceptsAlias: "1.83.3",
  // S2 behaviour, release unknown; only changes what the console says when a non-admin tests a connection.
  testConnectionAdminOnly: "1.81.0",
  hasPublicCostMap: "1.81.0",
  hasSpendLogsV2: "1.80.8",
  hasAggregatedDailyActivity: "1.80.8",
} as const satisfies Record<keyof LiteLLMFeatures, string>;

/** Switches for a proxy version; `null` (unknown) gets the oldest, safest behaviour. */
export function featuresFor(version: string | null): LiteLLMFeatures {
  const out = {} as LiteLLMFeatures;
  for (const [name, minimum] of Object.entries(FEATURE_MINIMUMS) as Array<[keyof LiteLLMFeatures, string]>) {
    out[name] = isAtLeast(version, minimum);
  }
  return out;
}

export interface LiteLLMVersionInfo {
  /** `litellm_version` from /health/readiness, or null when the proxy did not say. */
  version: string | null;
  features: LiteLLMFeatures;
  /** `db` from /health/readiness ("connected", "Not connected", …). */
  db: string | null;
  detectedAt: number;
}
