import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

/** Ends the e2e run on the plain "N passed, N failed, N skipped" line CI reads. */
export default class SummaryReporter implements Reporter {
  private outcomes = new Map<string, string>();

  onTestEnd(test: TestCase, result: TestResult) {
    this.outcomes.set(test.id, result.status === "passed" ? "passed" : result.status === "skipped" ? "skipped" : test.outcome() === "flaky" ? "passed" : "failed");
  }

  onEnd(_result: FullResult) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const outcome of this.outcomes.values()) counts[outcome as keyof typeof counts]++;
    process.stdout.write(`\ne2e: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
