import { describe, expect, it } from "vitest";
import { taskStartExecutorId, withoutAccumulables } from "../src/analyze/lineTrim.js";

describe("cuts before JSON.parse", () => {
  const task = (acc: string, metrics: string) =>
    `{"Event":"SparkListenerTaskEnd","Task Info":{"Task ID":1,"Executor ID":"7","Accumulables":${acc}},"Task Metrics":{${metrics}}}`;
  it("drops a TaskEnd's accumulables when the metrics carry the peak (3.0+), strings with brackets included", () => {
    const acc = '[{"ID":1,"Name":"a]}[{\\"x","Update":"5"},{"ID":2,"Value":[1,2]}]';
    const line = task(acc, '"Peak Execution Memory":10');
    const cut = JSON.parse(withoutAccumulables(line));
    expect(cut["Task Info"]).toEqual({ "Task ID": 1, "Executor ID": "7", Accumulables: [] });
    expect(cut["Task Metrics"]).toEqual({ "Peak Execution Memory": 10 });
  });
  it("keeps them where they are the only peak (before 3.0)", () => {
    const line = task('[{"Name":"internal.metrics.peakExecutionMemory","Update":5}]', '"JVM GC Time":1');
    expect(withoutAccumulables(line)).toBe(line);
  });
  it("reads a TaskStart's executor without parsing the line", () => {
    expect(
      taskStartExecutorId('{"Event":"SparkListenerTaskStart","Task Info":{"Executor ID":"driver"}}'),
    ).toBe("driver");
    expect(taskStartExecutorId('{"Task Info":{"Executor ID":"a\\"b"}}')).toBe('a"b');
    expect(taskStartExecutorId("{}")).toBeNull();
  });
});
