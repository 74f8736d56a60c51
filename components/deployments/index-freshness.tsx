import type { Freshness } from "@/lib/deployments/index-store";

/**
 * "Deployments as of 12 s ago": pages that read the deployment index say how old it is, and say plainly when LiteLLM
 * has not answered its refreshes lately.
 */
export function IndexFreshness({ freshness, className }: { freshness: Freshness; className?: string }) {
  return (
    <span className={className} data-testid="index-freshness" title="Gatehouse keeps LiteLLM's deployments in memory and refreshes them every few seconds; your own changes show at once.">
      deployments as of {freshness.age}
      {freshness.stale ? (
        <span role="status" className="text-destructive">
          {" "}
          — LiteLLM did not answer the last refresh{freshness.lastError ? ` (${freshness.lastError})` : ""}; this may be out of date
        </span>
      ) : null}
    </span>
  );
}
