import { describe, expect, it } from "vitest";
import { type Cause, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * max-result-size, whole: TaskSetManager's two texts (the total that aborts the job, the single result it
 * drops), the limit raised to 1.5 × the results in whole GiB (at least 2g), the driver heap kept at twice the
 * limit, and the next checks that depend on the figures.
 */
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const find = (line: string, opts?: DiagnoseOptions): Cause => {
  const c = diagnose(line, opts).causes.find((x) => x.id === "max-result-size");
  expect(c, line).toBeDefined();
  return c as Cause;
};
const changes = (c: { changes: Cause["changes"] }) =>
  c.changes.map(({ key, from, to, why }) => [key, from, to, why]);
const ROOM = "room for the results the job sends to the driver";
const TWICE = "a driver heap twice the limit: results take more room deserialised";
const total = (tasks: number, size: string, limit: string) =>
  `org.apache.spark.SparkException: Job aborted due to stage failure: Total size of serialized results of ${tasks} tasks (${size}) is bigger than spark.driver.maxResultSize (${limit})`;
const YARN = { sparkVersion: "3.5.1", master: "yarn" };

describe("max-result-size", () => {
  it("1025.3 MiB of 1024 tasks over 1 GiB with a 2g driver: 2g limit, 4g heap, and removing the limit as the alternative", () => {
    const c = find(total(1024, "1025.3 MiB", "1024.0 MiB"), {
      conf: { "spark.driver.memory": "2g" },
      ...YARN,
    });
    expect([c.title, c.process, c.confidence]).toEqual([
      "The results of a job (1.0 GiB) exceeded spark.driver.maxResultSize (1 GiB)",
      "driver",
      0.95,
    ]);
    expect(c.figures).toEqual({
      requestedBytes: Math.round(1025.3 * MiB),
      limitBytes: GiB,
      tasks: 1024,
      heapBytes: 2 * GiB,
      recommendedHeapBytes: 4 * GiB,
    });
    expect(changes(c)).toEqual([
      ["spark.driver.maxResultSize", null, "2g", ROOM],
      ["spark.driver.memory", "2g", "4g", TWICE],
    ]);
    expect(c.alternatives?.map((a) => [a.title, changes(a)])).toEqual([
      [
        "Remove the limit (spark.driver.maxResultSize=0): the driver may then die of a heap OOM instead",
        [["spark.driver.maxResultSize", null, "0", "no limit on the results"]],
      ],
    ]);
    expect(c.nextChecks).toHaveLength(2);
    expect(c.nextChecks[0]).toMatch(/^A 2 GiB limit needs a driver heap of at least twice that/);
    expect(c.nextChecks[1]).toMatch(/^Many small results add up too: 1024 tasks returning a little each/);
  });
  it("a heap of exactly twice the new limit stays; one MiB less grows (to 6g)", () => {
    const line = total(8, "1.1 GiB", "1024.0 MiB");
    const at = (heap: string) => find(line, { conf: { "spark.driver.memory": heap }, ...YARN });
    expect(changes(at("4g"))).toEqual([["spark.driver.maxResultSize", null, "2g", ROOM]]);
    expect(at("4g").figures.heapBytes).toBeUndefined();
    expect(changes(at("4095m"))[1]).toEqual(["spark.driver.memory", "4095m", "6g", TWICE]);
    expect(at("4095m").figures.recommendedHeapBytes).toBe(6 * GiB);
  });
  it("2.x's 'allowed maxResultSize' text: 5.2 GB × 1.5 → 8g, and more than 4 GiB of results is named a design smell", () => {
    const c = find(
      "Total size of serialized results of 3 tasks (5.2 GB) is bigger than allowed maxResultSize (4.0 GB)",
    );
    // the default 1 GiB driver heap goes to 16g, twice the limit
    expect(c.figures).toEqual({
      requestedBytes: Math.round(5.2 * GiB),
      limitBytes: 4 * GiB,
      tasks: 3,
      heapBytes: GiB,
      recommendedHeapBytes: 16 * GiB,
    });
    expect(changes(c)[0]).toEqual(["spark.driver.maxResultSize", null, "8g", ROOM]);
    expect(changes(c)[1]?.slice(0, 3)).toEqual(["spark.driver.memory", null, "16g"]);
    expect(c.nextChecks).toHaveLength(4);
    // exactly 4 GiB is not more than 4 GiB; 1.5 × 4 GiB = 6g
    const four = find(total(8, "4.0 GiB", "2.0 GiB"));
    expect(changes(four)[0]?.[2]).toBe("6g");
    expect(four.nextChecks).toHaveLength(3);
  });
  it("the result dropped by one task: less sure (0.8), no task count; a total without a count says 'a stage with many tasks'", () => {
    const dropped = find(
      "WARN TaskSetManager: Result is larger than maxResultSize (1100.0 MiB > 1024.0 MiB), dropping it",
    );
    expect([dropped.confidence, dropped.figures]).toEqual([
      0.8,
      { requestedBytes: 1100 * MiB, limitBytes: GiB, heapBytes: GiB, recommendedHeapBytes: 4 * GiB },
    ]);
    expect(changes(dropped)[0]).toEqual(["spark.driver.maxResultSize", null, "2g", ROOM]);
    const noCount = find(
      "Total size of serialized results (1.1 GiB) is bigger than spark.driver.maxResultSize (1024.0 MiB)",
    );
    expect(noCount.figures.tasks).toBeUndefined();
    expect(noCount.nextChecks.some((n) => /a stage with many tasks returning a little each/.test(n))).toBe(
      true,
    );
  });
  it("both texts in one log: the total is the figure", () => {
    const c = find(
      [
        "WARN TaskSetManager: Result is larger than maxResultSize (1100.0 MiB > 1024.0 MiB), dropping it",
        total(12, "3.5 GiB", "1024.0 MiB"),
      ].join("\n"),
    );
    expect([c.confidence, c.figures.tasks, c.figures.requestedBytes, c.evidence.length]).toEqual([
      0.95,
      12,
      Math.round(3.5 * GiB),
      2,
    ]);
  });
});
