import { describe, expect, it } from "vitest";
import { analyzeFixture, expectation, pick } from "./support/fixtures.js";
import { EXECUTOR_FIELDS } from "./support/historyServer.js";

/** The History Server's /executors answers for Spark's own test logs (../shared/fixtures, read in place). */
const CASES: [string, string][] = [
  ["application_1553914137147_0018", "executor_list_with_executor_metrics_json_expectation.json"],
  ["app-20161116163331-0000", "executor_memory_usage_expectation.json"],
  ["app-20161116163331-0000", "executor_node_excludeOnFailure_expectation.json"],
  ["app-20161115172038-0000", "executor_node_excludeOnFailure_unexcluding_expectation.json"],
  ["application_1555004656427_0144", "executor_resource_information_expectation.json"],
  ["local-1422981780767", "executor_list_json_expectation.json"],
];

describe("executors equal the History Server's /executors answer", () => {
  for (const [log, file] of CASES) {
    it(`${log} ↔ ${file}`, () => {
      const ours = analyzeFixture(log)
        .executors.filter((e) => e.isActive) // /executors lists the live ones (and the driver)
        .map((e) => pick(e, EXECUTOR_FIELDS));
      const theirs = expectation(file).map((e) => pick(e, EXECUTOR_FIELDS));
      const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
        String(a.id).localeCompare(String(b.id));
      expect(ours.sort(byId)).toEqual(theirs.sort(byId));
    });
  }
});
