/**
 * The "≥ 80 % of budget" list filter, kept in one small place so a complete index (e.g. a console-side key index) can
 * replace the data source without touching the screens. Pure.
 */
export const BUDGET_ALERT_RATIO = 0.8;

export interface BudgetFigures {
  spend: number;
  maxBudget: number | null;
}

/** spend ÷ max_budget, or null without a budget. */
export function budgetRatio(x: BudgetFigures): number | null {
  if (x.maxBudget == null) return null;
  if (x.maxBudget <= 0) return x.spend > 0 ? Infinity : 1;
  return x.spend / x.maxBudget;
}

export function isNearBudget(x: BudgetFigures, ratio = BUDGET_ALERT_RATIO): boolean {
  const r = budgetRatio(x);
  return r !== null && r >= ratio;
}

/** Filters a complete list (e.g. every team from /team/list). Returns the rows and how many were looked at. */
export function filterNearBudget<T extends BudgetFigures>(rows: T[], ratio = BUDGET_ALERT_RATIO): { rows: T[]; scanned: number } {
  return { rows: rows.filter((r) => isNearBudget(r, ratio)), scanned: rows.length };
}
