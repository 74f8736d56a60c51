import { expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { countByDeployment } = await import("./deployments");

it("counts requests, failures and spend per deployment, keeping idle deployments at zero", () => {
  const rows = countByDeployment(
    [
      { model_id: "a", status: "success", spend: 1 },
      { model_id: "a", status: "failure", spend: 0 },
      { model_id: "x", status: "success", spend: 2 },
    ],
    ["a", "b"],
  );
  expect(rows).toEqual([
    { deploymentId: "a", requests: 2, failures: 1, failureRate: 0.5, spend: 1 },
    { deploymentId: "b", requests: 0, failures: 0, failureRate: 0, spend: 0 },
    { deploymentId: "x", requests: 1, failures: 0, failureRate: 0, spend: 2 },
  ]);
});
