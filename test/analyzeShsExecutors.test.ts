import { describe, expect, it } from "vitest";
import { EXECUTOR_METRIC_NAMES } from "../src/analyze/executorMetrics.js";
import { analyze, byId, type Event, executor, job, metrics, task } from "./support/shsEvents.js";

/**
 * Executors where we once differed from the History Server (AppStatusListener.onExecutorAdded,
 * LiveEntity.scala's LiveExecutor, JsonProtocol.executorMetricsFromJson): every expected figure is what a
 * real History Server 4.3.0 answered for the same lines (/allexecutors, /stages), recorded when these tests
 * were written.
 */
describe("executors as the History Server shows them", () => {
  it("maxTasks from the executor's resource profile's task CPUs, not spark.task.cpus", () => {
    const profile = (id: number, taskCpus: number, gpu: boolean): Event => ({
      Event: "SparkListenerResourceProfileAdded",
      "Resource Profile Id": id,
      "Executor Resource Requests": {
        cores: { "Resource Name": "cores", Amount: 4, "Discovery Script": "", Vendor: "" },
        memory: { "Resource Name": "memory", Amount: 2048, "Discovery Script": "", Vendor: "" },
        ...(gpu
          ? {
              gpu: {
                "Resource Name": "gpu",
                Amount: 1,
                "Discovery Script": "/gpus.sh",
                Vendor: "nvidia.com",
              },
            }
          : {}),
      },
      "Task Resource Requests": {
        cpus: { "Resource Name": "cpus", Amount: taskCpus },
        ...(gpu ? { gpu: { "Resource Name": "gpu", Amount: 1.0 } } : {}),
      },
    });
    const a = analyze("app-shs-profiles", [
      {
        Event: "SparkListenerEnvironmentUpdate",
        "JVM Information": { "Java Version": "17" },
        "Spark Properties": { "spark.task.cpus": "1" },
        "Hadoop Properties": {},
        "System Properties": {},
        "Classpath Entries": {},
      },
      profile(0, 1.0, false),
      profile(1, 2.0, true),
      ...executor("1", { cores: 4, profile: 1 }),
      ...executor("2", { cores: 4, profile: 0 }),
      ...executor("3", { cores: 6, profile: 9 }), // a profile the log never added: spark.task.cpus
    ]);
    // 4 / 2, not the GPU-bound 1: a replayed profile's maxTasksPerExecutor is unused (isCoresLimitKnown)
    expect(a.executors.map((e) => [e.id, e.resourceProfileId, e.maxTasks])).toEqual([
      ["1", 1, 2],
      ["2", 0, 4],
      ["3", 9, 6],
    ]);
  });

  it("an executor without a BlockManagerAdded shows its host as hostPort (and maxMemory 0)", () => {
    const a = analyze("app-shs-host", [...executor("1"), ...executor("2", { blockManager: false })]);
    expect(a.executors.map((e) => [e.id, e.hostPort, e.maxMemory, e.memoryMetrics])).toEqual([
      ["1", "10.0.0.1:40000", 1000, expect.objectContaining({ totalOnHeapStorageMemory: 1000 })],
      ["2", "10.0.0.2", 0, null],
    ]);
  });

  it("metric names the History Server does not know stay out of its maps, and in our peakMetrics", () => {
    const known = Object.fromEntries(EXECUTOR_METRIC_NAMES.map((n) => [n, 0]));
    const taskMetrics = { ...known, JVMHeapMemory: 500, NettyDirectMemory: 5000 };
    const a = analyze("app-shs-metrics", [
      ...executor("1"),
      ...job(1, [
        ...task(
          { id: 0, executor: "1", launch: 100, finish: 300 },
          { Reason: "Success" },
          { "Task Executor Metrics": taskMetrics, "Task Metrics": metrics(0) },
        ),
        {
          Event: "SparkListenerStageExecutorMetrics",
          "Executor ID": "1",
          "Stage ID": 0,
          "Stage Attempt ID": 0,
          "Executor Metrics": { ...known, JVMHeapMemory: 800, NettyDirectMemory: 7000 },
        },
      ]),
    ]);
    const e = byId(a, "1");
    expect(e.peakMemoryMetrics).toEqual({ ...known, JVMHeapMemory: 800 });
    expect(a.stages[0]?.peakExecutorMetrics).toEqual({ ...known, JVMHeapMemory: 800 });
    expect(e.peakMetrics).toEqual({ ...known, JVMHeapMemory: 800, NettyDirectMemory: 7000 });
  });
});
