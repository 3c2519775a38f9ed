import { describe, expect, it } from "vitest";
import { collectFailures } from "../src/analyze/failures.js";
import {
  analyze,
  byId,
  counts,
  type Event,
  exception,
  executor,
  job,
  metrics,
  T,
  task,
  taskEnd,
  taskStart,
} from "./support/shsEvents.js";

/**
 * Task ends where we once differed from the History Server (AppStatusListener.onTaskEnd): every count,
 * duration and executor id expected here is what a real History Server 4.3.0 answered for the same lines
 * (/allexecutors, /stages, /stages/0/0/taskList), recorded when these tests were written; how failures
 * are grouped is ours (the History Server lists each failed task).
 */
describe("task ends as the History Server counts them", () => {
  it("a task end of a stage never submitted: no stage, but the executor counts the task", () => {
    const a = analyze("app-shs-phantom", [
      ...executor("1"),
      ...job(1, task({ id: 0, executor: "1", launch: 100, finish: 300 })),
      ...task({ id: 1, executor: "1", launch: 400, finish: 450, stage: 7 }),
    ]);
    expect(a.stages.map((s) => [s.stageId, s.status, s.numCompleteTasks])).toEqual([[0, "COMPLETE", 1]]);
    expect(counts(byId(a, "1"))).toEqual({
      activeTasks: 0,
      completedTasks: 2,
      failedTasks: 0,
      totalTasks: 2,
      totalDuration: 250,
    });
  });

  const first = { id: 0, executor: "1", launch: 100, finish: 200 };
  const running = { id: 1, executor: "2", launch: 100, finish: 320 };
  const resubmitted = (version?: string) =>
    analyze(
      "app-shs-resubmitted",
      [
        ...executor("1"),
        ...executor("2"),
        ...job(2, [
          ...task(first),
          taskStart(running),
          // the executor of a finished map task is lost: TaskSetManager.executorLost resubmits the task
          taskEnd(first, { Reason: "Resubmitted" }),
          {
            Event: "SparkListenerExecutorRemoved",
            Timestamp: T + 250,
            "Executor ID": "1",
            "Removed Reason": "Container lost",
          },
          ...task({ id: 2, executor: "2", launch: 260, finish: 300 }),
          taskEnd(running, { Reason: "Success" }, { "Task Metrics": metrics(0) }),
        ]),
      ],
      version,
    );

  it("Resubmitted: failed, but it ends no running task, adds no duration and lists no failure", () => {
    const a = resubmitted();
    expect(counts(byId(a, "1"))).toEqual({
      activeTasks: 0,
      completedTasks: 1,
      failedTasks: 1,
      totalTasks: 1,
      totalDuration: 100,
    });
    const s = a.stages[0];
    expect([s?.numCompleteTasks, s?.numFailedTasks, s?.executorRunTime]).toEqual([3, 1, 300]);
    expect(s?.failedTaskReasons).toEqual([]);
    expect(collectFailures(a.executors, a.stages).map((f) => f.source)).toEqual(["executor-removed"]);
  });

  it("Resubmitted before 4.3: the first run's duration is added again (3.5.9's History Server: 8929 for 8354 + 575)", () => {
    for (const version of ["3.5.9", "4.2.0"])
      expect(counts(byId(resubmitted(version), "1")).totalDuration, version).toBe(200);
    expect(counts(byId(resubmitted("4.3.0"), "1")).totalDuration).toBe(100);
    expect(counts(byId(resubmitted("4.3.0"), "1")).failedTasks).toBe(1);
    expect(counts(byId(resubmitted("3.5.9"), "1")).failedTasks).toBe(1);
  });

  it("task duration quantiles: position ⌊q·n⌋ of every ended task's duration, n the successful tasks (3.5.9's History Server: 353, 393, 482)", () => {
    // AppStatusStore.taskSummary reads the duration index from 0 up; a failed task's duration is in it
    // (only metrics are stored negated), while n counts the tasks with metrics ≥ 0, the successful ones
    const a = analyze("app-shs-durations", [
      ...executor("1"),
      ...job(1, [
        ...task({ id: 0, executor: "1", launch: 100, finish: 200 }),
        ...task({ id: 1, executor: "1", launch: 100, finish: 300 }),
        ...task({ id: 2, executor: "1", launch: 100, finish: 400 }),
        ...task({ id: 3, executor: "1", launch: 100, finish: 150 }, exception("java.io.IOException", "x")),
      ]),
    ]);
    const s = a.stages[0];
    expect([s?.numCompleteTasks, s?.numFailedTasks]).toEqual([3, 1]);
    // sorted 50, 100, 200, 300 with n = 3: positions 0, 0, 1, 2, 2
    expect(s?.taskDurationMs).toEqual([50, 50, 100, 200, 200]);
  });

  it('a 2.x log\'s peak execution memory is 0: "Task Metrics" has none and the accumulable is not read', () => {
    const t = { id: 0, executor: "1", launch: 100, finish: 300 };
    const end = taskEnd(t, { Reason: "Success" }, { "Task Metrics": metrics() });
    (end["Task Info"] as Event).Accumulables = [
      {
        ID: 9,
        Name: "internal.metrics.peakExecutionMemory",
        Update: 1048576,
        Value: 1048576,
        Internal: true,
        "Count Failed Values": true,
      },
    ];
    const a = analyze("app-shs-spark22", [...executor("1"), ...job(1, [taskStart(t), end])], "2.2.0");
    const s = a.stages[0];
    expect([s?.peakExecutionMemory, s?.executorRunTime, s?.taskPeakExecutionMemoryBytes]).toEqual([
      0,
      100,
      [0, 0, 0, 0, 0],
    ]);
  });
});

describe("failed tasks", () => {
  it("carry the executor the event names", () => {
    const lost = {
      Reason: "ExecutorLostFailure",
      "Executor ID": "3",
      "Exit Caused By App": true,
      "Loss Reason": "Container killed by YARN for exceeding physical memory limits.",
    };
    const a = analyze("app-shs-lost", [
      ...executor("3"),
      ...executor("4"),
      ...job(1, [
        ...task({ id: 0, executor: "3", launch: 100, finish: 200 }, lost),
        ...task({ id: 1, executor: "4", launch: 300, finish: 400 }),
      ]),
    ]);
    const failed = collectFailures(a.executors, a.stages).filter((f) => f.source === "task");
    // the History Server's taskList: executorId "3", "ExecutorLostFailure (executor 3 exited …"
    expect(failed.map((f) => [f.executorId, f.count, f.text])).toEqual([
      ["3", 1, "ExecutorLostFailure: Container killed by YARN for exceeding physical memory limits."],
    ]);
    expect(a.stages[0]?.failedTaskReasons[0]?.executorId).toBe("3");
  });

  it("out-of-memory errors are counted by class and kind, the first message standing for them", () => {
    const oom = (id: number, executorId: string, cls: string, description: string) =>
      task(
        { id, executor: executorId, launch: 100 * id, finish: 100 * id + 50 },
        exception(cls, description),
      );
    const GPU = "com.nvidia.spark.rapids.jni.GpuRetryOOM";
    const JVM = "java.lang.OutOfMemoryError";
    const direct = (n: number) =>
      `Cannot reserve ${n} bytes of direct buffer memory (allocated: 1, limit: 2)`;
    const a = analyze("app-shs-oom", [
      ...executor("1"),
      ...executor("2"),
      ...job(6, [
        ...oom(0, "1", GPU, "GPU OutOfMemory: could not allocate 536870912 bytes at 0x7f3a2c000000"),
        ...oom(1, "2", GPU, "GPU OutOfMemory: could not allocate 268435456 bytes at 0x7f5b10000000"),
        ...oom(2, "2", JVM, direct(16777216)),
        ...oom(3, "1", JVM, direct(8388608)),
        ...oom(4, "1", JVM, "Java heap space"),
        ...oom(5, "2", "java.lang.IllegalStateException", "unrelated"),
      ]),
    ]);
    expect(a.stages[0]?.numFailedTasks).toBe(6);
    expect(
      collectFailures(a.executors, a.stages).map((f) => [f.kind, f.count, f.executorId, f.text]),
    ).toEqual([
      ["other", 2, "1", `${GPU}: GPU OutOfMemory: could not allocate 536870912 bytes at 0x7f3a2c000000`],
      ["java-oom", 2, "2", `${JVM}: ${direct(16777216)}`],
      ["java-heap-oom", 1, "1", `${JVM}: Java heap space`],
      ["other", 1, "2", "java.lang.IllegalStateException: unrelated"],
    ]);
  });
});
