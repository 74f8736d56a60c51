import { Badge } from "@/components/ui/badge";
import type { KeyView } from "@/lib/keys/view";

import { BudgetProgress } from "./budget-progress";

export function KeyStatusBadges({ keyView }: { keyView: KeyView }) {
  return (
    <span className="flex flex-wrap gap-1">
      {keyView.status === "blocked" ? (
        <Badge variant="destructive">Blocked</Badge>
      ) : keyView.status === "expired" ? (
        <Badge variant="secondary">Expired</Badge>
      ) : (
        <Badge variant="success">Active</Badge>
      )}
      {keyView.expiringSoon && keyView.status !== "expired" ? <Badge variant="warning">Expires within 7 days</Badge> : null}
      {keyView.budgetUsed !== null && keyView.budgetUsed >= 1 ? (
        <Badge variant="destructive">Budget spent</Badge>
      ) : keyView.budgetUsed !== null && keyView.budgetUsed >= 0.8 ? (
        <Badge variant="warning">Over 80% of budget</Badge>
      ) : null}
    </span>
  );
}

export function usd(n: number): string {
  if (n === 0) return "$0";
  if (Math.abs(n) < 0.01) return `$${n.toPrecision(2)}`;
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Spend against budget: a bar when there is a budget, the plain spend otherwise. */
export function SpendBar({ keyView, compact = false }: { keyView: KeyView; compact?: boolean }) {
  if (keyView.maxBudget === null) return <span className="text-sm">{usd(keyView.spend)} spent · no budget</span>;
  const percent = Math.min(100, Math.round((keyView.budgetUsed ?? 0) * 100));
  const label = `${usd(keyView.spend)} of ${usd(keyView.maxBudget)} (${percent}%)`;
  return (
    <div className={compact ? "grid min-w-32 gap-1" : "grid gap-1.5"}>
      <span className="text-sm" data-testid="key-spend">
        {label}
      </span>
      <BudgetProgress
        value={percent}
        aria-label={`Budget used: ${label}`}
        className={percent >= 100 ? "[&>div]:bg-destructive" : percent >= 80 ? "[&>div]:bg-warning" : undefined}
      />
    </div>
  );
}

export function ownerText(keyView: KeyView): string {
  const team = keyView.teamName ?? keyView.teamId;
  switch (keyView.ownerKind) {
    case "service_account":
      return `${team} (service account)`;
    case "team":
      return keyView.userId ? `${team} · ${keyView.userId}` : (team ?? "");
    case "user":
      return keyView.userId ?? "";
    default:
      return "—";
  }
}
