import { describe, expect, it } from "vitest";
import { analyzeFixture, expectation, pick } from "./support/fixtures.js";

const FIELDS = ["jobId", "name", "status", "submissionTime", "completionTime", "stageIds"] as const;

describe("jobs equal the History Server's /jobs answer", () => {
  for (const [log, file] of [
    ["local-1422981780767", "job_list_json_expectation.json"],
    ["local-1426533911241", "job_list_from_multi_attempt_app_json_1__expectation.json"],
  ] as const) {
    it(`${log} ↔ ${file}`, () => {
      const ours = analyzeFixture(log).jobs.map((j) => pick(j, FIELDS));
      expect(ours).toEqual(expectation(file).map((j) => pick(j, FIELDS)));
    });
  }
  it("a job's duration runs from submission to completion", () => {
    const job = analyzeFixture("application_1553914137147_0018").jobs.at(-1);
    if (!job?.completionTime || !job.submissionTime) throw new Error("the job has no times");
    const at = (t: string) => Date.parse(t.replace("GMT", "Z"));
    expect(job.durationMs).toBe(at(job.completionTime) - at(job.submissionTime));
    expect(job?.durationMs).toBeGreaterThan(0);
  });
});
