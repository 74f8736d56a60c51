import "server-only";

import type { SessionUser } from "@/lib/auth/types";
import type { LiteLLMClient } from "@/lib/litellm";
import { loadUsage, type UsageUnavailableKind } from "@/lib/usage/service";
import { usageScopeFor, type UsageScope } from "@/lib/usage/scope";

import { compareSpend, spendWindow, type SpendComparison } from "./spend-compare";

/**
 * The overview's spend card: spend today and over the last 7 days against the period before, through lib/usage
 * (one daily-activity call over 14 UTC days), scoped like the usage pages — admins and viewers everything, team
 * admins their teams, members their own keys — in LiteLLM's query.
 */
export type SpendCard =
  | { state: "ok"; comparison: SpendComparison; scope: UsageScope["kind"]; partial: string | null; href: string }
  | { state: "unavailable"; reason: UsageUnavailableKind; message: string; href: string };

/** Where the card links: the usage page over the last 7 days, filtered to what the card counted. */
export function spendHref(user: SessionUser): string {
  const scope = usageScopeFor(user);
  if (scope.kind === "teams" && scope.teamIds.length === 1) return `/usage?range=7d&team=${encodeURIComponent(scope.teamIds[0]!)}`;
  if (scope.kind === "own") return "/usage?range=7d&groupBy=key";
  return "/usage?range=7d";
}

export async function loadSpendCard({ user, litellm, now }: { user: SessionUser; litellm?: LiteLLMClient; now: Date }): Promise<SpendCard> {
  const window = spendWindow(now.getTime());
  const href = spendHref(user);
  const outcome = await loadUsage({
    ctx: { user },
    range: { preset: "custom", from: window.from, to: window.to },
    // Model is a grouping every scope may use, and it costs no team-name lookup.
    groupBy: "model",
    timeZone: "UTC",
    top: 1,
    deps: { ...(litellm ? { litellm } : {}), now: () => now.getTime() },
  });
  switch (outcome.kind) {
    case "ok":
      return {
        state: "ok",
        comparison: compareSpend(outcome.summary.result.days, window.today),
        scope: outcome.summary.scope.kind,
        partial: outcome.summary.partial,
        href,
      };
    case "unavailable":
      return { state: "unavailable", reason: outcome.reason, message: outcome.message, href };
    case "invalid":
      // The card's own query is fixed; a field error here is a bug, said plainly rather than hidden.
      throw new Error(`The spend query was refused: ${Object.values(outcome.fieldErrors).flat().join(" ")}`);
    case "forbidden":
      throw new Error(outcome.message);
  }
}
