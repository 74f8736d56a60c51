import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import type { TeamPolicy } from "@/lib/teams/policy";

export function formatUsd(value: number): string {
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;
}

/** One line per cap, as a member would read it. */
export function PolicySummary({ policy, compact = false }: { policy: TeamPolicy | null; compact?: boolean }) {
  if (!policy) {
    return <span className="text-sm text-muted-foreground">No policy yet: members cannot issue keys</span>;
  }
  if (compact) {
    return (
      <span className="flex flex-wrap items-center gap-1 text-sm">
        <Badge variant={policy.membersCanIssue ? "success" : "secondary"}>
          {policy.membersCanIssue ? "Members issue" : "Admins issue"}
        </Badge>
        <span>
          ≤ {formatUsd(policy.maxKeyBudgetUsd)}/key · ≤ {policy.maxKeyDurationDays} d · {policy.maxActiveKeysPerMember} keys each
        </span>
      </span>
    );
  }
  return (
    <dl className="grid gap-2 text-sm sm:grid-cols-[16rem_1fr]" data-testid="team-policy">
      <dt className="text-muted-foreground">Members may issue keys</dt>
      <dd>{policy.membersCanIssue ? "Yes" : "No (team admins only)"}</dd>
      <dt className="text-muted-foreground">Max budget per key</dt>
      <dd>{formatUsd(policy.maxKeyBudgetUsd)}</dd>
      <dt className="text-muted-foreground">Max key lifetime</dt>
      <dd>{policy.maxKeyDurationDays} days (expiry required)</dd>
      <dt className="text-muted-foreground">Allowed models</dt>
      <dd className="flex flex-wrap gap-1">
        {policy.allowedModels.length === 0 ? "All of the team's models" : null}
        {policy.allowedModels.map((m) => (
          <Badge key={m} variant="outline" className="font-mono">
            {m}
          </Badge>
        ))}
      </dd>
      <dt className="text-muted-foreground">Max active keys per member</dt>
      <dd>{policy.maxActiveKeysPerMember}</dd>
      <dt className="text-muted-foreground">Default budget period</dt>
      <dd className="capitalize">{policy.defaultBudgetPeriod ?? "No reset"}</dd>
      <dt className="text-muted-foreground">Last changed</dt>
      <dd>
        <Timestamp iso={policy.updatedAt} style="short" /> by {policy.updatedBy}
      </dd>
    </dl>
  );
}
