import { describe, expect, it } from "vitest";
import { type Cause, type CauseId, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * heap-oom and gc-overhead (heapShared.ts), whole: the process from the record (TaskSetManager's 2.x and 3.0+
 * "Lost task" texts included), what the frames show the JVM was doing, how sure each case is, and the
 * heap key the model sizes.
 */
const GiB = 1024 ** 3;
const find = (id: CauseId, lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = diagnose(lines.join("\n"), opts).causes.find((x) => x.id === id);
  expect(c, lines.join(" | ")).toBeDefined();
  return c as Cause;
};
const HEAP = "java.lang.OutOfMemoryError: Java heap space";
const TASK = "24/03/01 ERROR Executor: Exception in task 3.0 in stage 5.0 (TID 45)";
const frame = (f: string) => `\tat ${f}`;
const YARN = { sparkVersion: "3.5.1", master: "yarn" };

describe("heap-oom: the process and what it was doing", () => {
  it("an executor sorting: its title, 0.9, the model's 12g, and the executor's sentence and check", () => {
    const c = find(
      "heap-oom",
      [
        TASK,
        HEAP,
        frame(
          "org.apache.spark.util.collection.unsafe.sort.UnsafeExternalSorter.growPointerArrayIfNecessary(UnsafeExternalSorter.java:384)",
        ),
      ],
      { conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4" }, ...YARN },
    );
    expect([c.title, c.process, c.confidence]).toEqual([
      "The Java heap of the executor ran out while sorting",
      "executor",
      0.9,
    ]);
    expect(c.explanation).toContain("The heap (8 GiB) is spark.executor.memory;");
    expect(c.explanation).toContain("On an executor each running task shares the execution memory");
    expect(c.changes.map(({ key, from, to }) => [key, from, to])).toEqual([
      ["spark.executor.memory", "8g", "12g"],
    ]);
    expect(c.codeChanges).toEqual(["Sort less per task: more shuffle partitions, or spread a skewed key."]);
    expect(c.nextChecks[0]).toMatch(/^Run `sparkmem analyze <event log>`/);
  });
  it("a JVM the input does not name: said so, 0.1 less sure, and the driver named as the other possibility", () => {
    const c = find("heap-oom", [HEAP]);
    expect([c.title, c.process, c.confidence, c.figures]).toEqual([
      "The Java heap of a JVM (the input does not say whether driver or executor) ran out",
      "unknown",
      0.8,
      // an executor's heap from Spark's defaults on YARN
      {
        heapBytes: GiB,
        taskSlots: 1,
        perTaskExecutionMaxBytes: 455501414,
        containerBytes: 2 * GiB,
        recommendedHeapBytes: 2 * GiB,
        recommendedContainerBytes: 3 * GiB,
      },
    ]);
    expect(c.nextChecks[0]).toMatch(/^The input does not show which JVM failed/);
    expect(c.explanation).not.toContain("On an executor");
    expect(c.codeChanges).toEqual([]);
  });
  it("the driver keeping the UI's data: a tenth of the UI's retention first, spark.driver.memory 4g → 6g the alternative", () => {
    const c = find(
      "heap-oom",
      [
        `Exception in thread "main" ${HEAP}`,
        frame("org.apache.spark.status.ElementTrackingStore.write(ElementTrackingStore.scala:1)"),
      ],
      { conf: { "spark.driver.memory": "4g", "spark.ui.retainedTasks": "50000" }, ...YARN },
    );
    expect(c.title).toBe(
      "The Java heap of the driver ran out while keeping the UI's job, stage and task data",
    );
    expect(c.explanation).toContain("The heap (4 GiB) is spark.driver.memory;");
    // what removes the cause: the driver keeps less (a tenth of each setting, or of its default)
    expect(c.changes.map(({ key, from, to }) => [key, from, to])).toEqual([
      ["spark.ui.retainedJobs", null, "100"],
      ["spark.ui.retainedStages", null, "100"],
      ["spark.ui.retainedTasks", "50000", "5000"],
      ["spark.sql.ui.retainedExecutions", null, "100"],
    ]);
    expect(c.alternatives?.[0]?.changes.map(({ key, to }) => [key, to])).toEqual([
      ["spark.driver.memory", "6g"],
    ]);
    expect(c.alternatives?.[0]?.heapBytes).toBe(6 * GiB);
    expect(c.figures.recommendedHeapBytes).toBe(6 * GiB);
    expect(c.nextChecks.some((n) => n.startsWith("Run `sparkmem analyze"))).toBe(false);
    expect(c.codeChanges[0]).toMatch(/spark\.ui\.retainedTasks/);
  });
  it("the same frames mean different things per process: a collect is the driver's hint only", () => {
    const collect = frame("org.apache.spark.sql.Dataset.collect(Dataset.scala:3402)");
    expect(find("heap-oom", ['Exception in thread "main" ' + HEAP, collect]).title).toMatch(
      /while collecting a result/,
    );
    expect(
      find("heap-oom", [
        TASK,
        HEAP,
        frame("org.apache.spark.sql.execution.SortExec.doExecute(SortExec.scala:1)"),
      ]).title,
    ).toMatch(/while sorting$/);
    expect(
      find("heap-oom", [
        TASK,
        HEAP,
        frame("org.apache.spark.storage.memory.MemoryStore.putIteratorAsValues(MemoryStore.scala:1)"),
      ]).title,
    ).toMatch(/while caching a block$/);
  });
  it("TaskSetManager's 'Lost task' names the executor in 2.x and 3.0+ forms, with its id", () => {
    for (const line of [
      `24/03/01 WARN TaskSetManager: Lost task 3.0 in stage 5.0 (TID 45) (10.0.0.1 executor 7): ${HEAP}`,
      `24/03/01 WARN TaskSetManager: Lost task 3.0 in stage 5.0 (TID 45, 10.0.0.1, executor 7): ${HEAP}`,
    ]) {
      const c = find("heap-oom", [line]);
      expect([c.process, c.confidence, c.figures.executorId]).toEqual(["executor", 0.9, "7"]);
    }
  });
});

describe("gc-overhead", () => {
  it("an executor's window over one partition: the hint, less sure than a heap OOM (0.85)", () => {
    const c = find("gc-overhead", [
      TASK,
      "java.lang.OutOfMemoryError: GC overhead limit exceeded",
      frame("org.apache.spark.sql.execution.window.WindowExec.doExecute(WindowExec.scala:1)"),
    ]);
    expect([c.title, c.process, c.confidence]).toEqual([
      "The Java heap of the executor ran out while computing a window over one large partition",
      "executor",
      0.85,
    ]);
    expect(c.codeChanges).toEqual(["Partition the window by a finer key."]);
  });
});
