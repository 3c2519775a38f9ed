import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ApplicationAccumulator } from "../src/analyze/applicationAccumulator.js";
import type { ApplicationSummary } from "../src/analyze/types.js";

/** The History Server's /executors answers for Spark's own test logs (../shared/fixtures, read in place). */
const FIXTURES = new URL("../../shared/fixtures/", import.meta.url);
const CASES: [string, string][] = [
  ["application_1553914137147_0018", "executor_list_with_executor_metrics_json_expectation.json"],
  ["app-20161116163331-0000", "executor_memory_usage_expectation.json"],
  ["app-20161116163331-0000", "executor_node_excludeOnFailure_expectation.json"],
  ["app-20161115172038-0000", "executor_node_excludeOnFailure_unexcluding_expectation.json"],
  ["application_1555004656427_0144", "executor_resource_information_expectation.json"],
  ["local-1422981780767", "executor_list_json_expectation.json"],
];

/** The fields we report with the History Server's names and meaning. */
const FIELDS = [
  "id",
  "hostPort",
  "isActive",
  "totalCores",
  "maxTasks",
  "maxMemory",
  "memoryMetrics",
  "addTime",
  "removeTime",
  "removeReason",
  "activeTasks",
  "failedTasks",
  "completedTasks",
  "totalTasks",
  "totalDuration",
  "totalGCTime",
  "totalInputBytes",
  "totalShuffleRead",
  "totalShuffleWrite",
  "resourceProfileId",
  "peakMemoryMetrics",
] as const;

function analyzeFixture(log: string): ApplicationSummary {
  const acc = new ApplicationAccumulator();
  const lines = readFileSync(new URL(`spark-events/${log}`, FIXTURES), "utf8").split("\n");
  for (const [i, l] of lines.entries()) acc.pushLine(l, i + 1);
  return acc.finish();
}

/** REST omits absent options; we write null. */
function restShape(e: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) out[f] = e[f] ?? null;
  if (out.removeReason === undefined) out.removeReason = null;
  return out;
}

describe("executors equal the History Server's /executors answer", () => {
  for (const [log, expectation] of CASES) {
    it(`${log} ↔ ${expectation}`, () => {
      const expected = JSON.parse(
        readFileSync(new URL(`history-server-expectations/${expectation}`, FIXTURES), "utf8"),
      ) as Record<string, unknown>[];
      const ours = analyzeFixture(log)
        .executors.filter((e) => e.isActive) // /executors lists the live ones (and the driver)
        .map((e) => restShape(e as unknown as Record<string, unknown>));
      const theirs = expected.map(restShape);
      const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
        String(a.id).localeCompare(String(b.id));
      expect(ours.sort(byId)).toEqual(theirs.sort(byId));
    });
  }
});
