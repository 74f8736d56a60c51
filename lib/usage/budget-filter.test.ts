import { expect, it } from "vitest";
import { budgetRatio, filterNearBudget, isNearBudget } from "./budget-filter";

it("≥ 80 % of budget: at and over the line, never without a budget", () => {
  expect(isNearBudget({ spend: 80, maxBudget: 100 })).toBe(true);
  expect(isNearBudget({ spend: 79.99, maxBudget: 100 })).toBe(false);
  expect(isNearBudget({ spend: 500, maxBudget: 100 })).toBe(true);
  expect(isNearBudget({ spend: 500, maxBudget: null })).toBe(false);
  expect(budgetRatio({ spend: 1, maxBudget: 0 })).toBe(Infinity);
  const out = filterNearBudget([{ spend: 90, maxBudget: 100 }, { spend: 1, maxBudget: 100 }]);
  expect(out).toEqual({ rows: [{ spend: 90, maxBudget: 100 }], scanned: 2 });
});
