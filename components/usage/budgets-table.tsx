import Link from "next/link";

import { EmptyState } from "@/components/states/empty-state";
import { BudgetProgress } from "@/components/keys/budget-progress";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { BudgetRow } from "@/lib/usage/budgets";
import { usd } from "./format";

function resetText(row: BudgetRow, timeZone: string) {
  if (!row.budgetDuration) return "Never resets";
  const at = row.budgetResetAt ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(row.budgetResetAt) ? row.budgetResetAt : `${row.budgetResetAt}Z`) : NaN;
  const date = Number.isFinite(at) ? new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone }).format(new Date(at)) : "date unknown";
  return `Every ${row.budgetDuration}; next reset ${date}`;
}

/** Budget rows: spend vs max_budget, period and reset, burn rate and the forecast sentence. */
export function BudgetsTable({ rows, timeZone, caption }: { rows: BudgetRow[]; timeZone: string; caption: string }) {
  if (!rows.length) return <EmptyState title="No budgets to show" description="No teams you can see. Budgets appear here for every team; teams without a max budget show their burn rate only." />;
  return (
    <Table>
      <TableCaption>{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">{rows[0]!.kind === "team" ? "Team" : "Key"}</TableHead>
          <TableHead scope="col">Budget used</TableHead>
          <TableHead scope="col">Period</TableHead>
          <TableHead scope="col" className="text-right">
            Burn rate
          </TableHead>
          <TableHead scope="col">Forecast</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id}>
            <TableCell>
              <Link href={r.href} className="underline-offset-4 hover:underline">
                {r.name}
              </Link>
            </TableCell>
            <TableCell className="min-w-48">
              {r.maxBudget == null ? (
                <span className="text-muted-foreground">{usd(r.spend)} · no budget</span>
              ) : (
                <div className="grid gap-1">
                  <span className="tabular-nums">
                    {usd(r.spend)} of {usd(r.maxBudget)} ({Math.round(r.usedPct ?? 0)} %)
                  </span>
                  <BudgetProgress value={Math.min(100, Math.round(r.usedPct ?? 0))} aria-label={`${r.name}: ${Math.round(r.usedPct ?? 0)} % of budget used`} />
                </div>
              )}
            </TableCell>
            <TableCell className="text-sm">{resetText(r, timeZone)}</TableCell>
            <TableCell className="text-right tabular-nums">{usd(r.forecast.ratePerDay)}/day</TableCell>
            <TableCell className="max-w-md text-sm" data-forecast={r.forecast.kind}>
              {r.forecast.sentence}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
