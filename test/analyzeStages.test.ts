import { describe, expect, it } from "vitest";
import { quantiles } from "../src/analyze/liveStage.js";
import { analyzeFixture, expectation, pick } from "./support/fixtures.js";

/** StageData fields we report with the History Server's names and meaning. */
const FIELDS = [
  "stageId",
  "attemptId",
  "status",
  "numTasks",
  "numCompleteTasks",
  "numFailedTasks",
  "numKilledTasks",
  "executorRunTime",
  "executorCpuTime",
  "jvmGcTime",
  "memoryBytesSpilled",
  "diskBytesSpilled",
  "peakExecutionMemory",
  "inputBytes",
  "outputBytes",
  "shuffleReadBytes",
  "shuffleWriteBytes",
  "submissionTime",
  "completionTime",
  "failureReason",
  "peakExecutorMetrics",
] as const;

const CASES: [string, string, (s: { status: string }) => boolean][] = [
  ["local-1422981780767", "stage_list_json_expectation.json", () => true],
  ["local-1422981780767", "complete_stage_list_json_expectation.json", (s) => s.status === "COMPLETE"],
  ["local-1422981780767", "failed_stage_list_json_expectation.json", (s) => s.status === "FAILED"],
  ["app-20200706201101-0003", "stage_list_with_peak_metrics_expectation.json", () => true],
];

describe("stages equal the History Server's /stages answer", () => {
  for (const [log, file, keep] of CASES) {
    it(`${log} ↔ ${file}`, () => {
      const ours = analyzeFixture(log)
        .stages.filter(keep)
        .map((s) => pick(s, FIELDS));
      expect(ours).toEqual(expectation(file).map((s) => pick(s, FIELDS)));
    });
  }
});

describe("task distributions", () => {
  it("nearest-rank quantiles", () => {
    expect(quantiles([5, 1, 4, 2, 3])).toEqual([1, 2, 3, 4, 5]);
    expect(quantiles([])).toBeNull();
  });
  it("skew and GC share of a real stage", () => {
    const s = analyzeFixture("app-20200706201101-0003").stages.find((x) => x.stageId === 2);
    expect(s?.numTasks).toBe(16);
    expect(s?.taskDurationMs).toHaveLength(5);
    expect(s?.gcTimeShare).toBeCloseTo(1010 / 25579, 12);
    const d = s?.taskDurationMs as number[];
    expect(s?.skew).toBe((d[4] as number) / (d[2] as number));
  });
});
