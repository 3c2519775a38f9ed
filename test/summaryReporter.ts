import type { Reporter, TestCase, TestModule } from "vitest/node";

/** A test that did not run because a hook of its suite failed (a beforeAll that threw) counts as failed. */
function underFailedSuite(t: TestCase): boolean {
  for (let p = t.parent; p.type === "suite"; p = p.parent) if (p.errors().length > 0) return true;
  return false;
}

/** Ends the run with the plain "N passed, N failed, N skipped" line CI reads. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      if (m.state() === "failed" && [...m.children.allTests()].length === 0) failed++;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === "passed") passed++;
        else if (s === "failed" || underFailedSuite(t)) failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
