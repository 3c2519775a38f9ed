import { describe, expect, it } from "vitest";
import { quantileAt, quantiles } from "../src/analyze/liveStage.js";
import { analyzeFixture, expectation, pick } from "./support/fixtures.js";
import { STAGE_FIELDS } from "./support/historyServer.js";

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
        .map((s) => pick(s, STAGE_FIELDS));
      expect(ours).toEqual(expectation(file).map((s) => pick(s, STAGE_FIELDS)));
    });
  }
});

describe("task distributions", () => {
  it("nearest-rank quantiles", () => {
    expect(quantiles([5, 1, 4, 2, 3])).toEqual([1, 2, 3, 4, 5]);
    expect(quantiles([])).toBeNull();
  });
  it("a stage's duration runs from submission to completion", () => {
    const s = analyzeFixture("app-20200706201101-0003").stages.find((x) => x.stageId === 2);
    // submitted 2020-07-07T03:11:21.040GMT, completed 2020-07-07T03:11:23.044GMT (the History Server's times)
    expect(s?.submissionTime).toBe("2020-07-07T03:11:21.040GMT");
    expect(s?.completionTime).toBe("2020-07-07T03:11:23.044GMT");
    expect(s?.durationMs).toBe(2004);
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

describe("task quantiles follow the History Server's rule", () => {
  it("stage 0 of local-1430917381534 ↔ stage_task_summary_w_shuffle_write_expectation.json", () => {
    const expected = expectation<Record<string, number[]>>(
      "stage_task_summary_w_shuffle_write_expectation.json",
    );
    expect(expected.quantiles).toEqual([0.05, 0.25, 0.5, 0.75, 0.95]);
    const stage = analyzeFixture("local-1430917381534").stages.find(
      (s) => s.stageId === 0 && s.attemptId === 0,
    );
    // ours are min, 25%, median, 75%, max: the middle three are the History Server's
    expect(stage?.taskDurationMs?.slice(1, 4)).toEqual(expected.duration?.slice(1, 4));
    expect(stage?.taskGcTimeMs?.slice(1, 4)).toEqual(expected.jvmGcTime?.slice(1, 4));
    expect(stage?.taskPeakExecutionMemoryBytes?.slice(1, 4)).toEqual(
      expected.peakExecutionMemory?.slice(1, 4),
    );
    expect(quantileAt([1, 2, 3, 4], 0.95)).toBe(4);
    expect(quantileAt([1, 2, 3, 4], 0.05)).toBe(1);
  });
});
