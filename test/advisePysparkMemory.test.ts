import { beforeAll, describe, expect, it } from "vitest";
import { advise } from "../src/advise/index.js";
import type { AnalyzeReport } from "../src/analyze/index.js";
import { analyzeLog, FIXTURES } from "./support/fixtures.js";

/**
 * spark.executor.pyspark.memory from the Python tree's address space: each worker gets pysparkMemory / cores as
 * RLIMIT_AS (PythonRunner.getWorkerMemoryMb, worker.py). The taxi fixture (Spark 3.5.3 PySpark on Kubernetes,
 * 1-core executors) recorded its Python trees as 0; executor 3's is given 1.5 GiB of address space and 1.2 GiB
 * resident, so the advised allowance is ⌈1.5 GiB × 1.3 / 128 MiB⌉ × 128 MiB = 2048 MiB per core.
 */
const TAXI = new URL(
  "spark-events/other/mcp-apache-spark-history-server/eventlog_v2_spark-110be3a8424d4a2789cb88134418217b",
  FIXTURES,
).pathname;
const GiB = 1024 ** 3;

let taxi: AnalyzeReport;
beforeAll(async () => {
  taxi = await analyzeLog(TAXI);
}, 60_000);

function withPython(props: Record<string, string>, failures: AnalyzeReport["failures"] = []): AnalyzeReport {
  return {
    ...taxi,
    environment: { ...taxi.environment, sparkProperties: { ...taxi.environment.sparkProperties, ...props } },
    executors: taxi.executors.map((e) =>
      e.id === "3" && e.peakMetrics
        ? {
            ...e,
            peakMetrics: {
              ...e.peakMetrics,
              ProcessTreePythonVMemory: 1.5 * GiB,
              ProcessTreePythonRSSMemory: 1.2 * GiB,
            },
          }
        : e,
    ),
    failures: [...taxi.failures, ...failures],
  };
}

const pyspark = (r: AnalyzeReport) =>
  advise([r]).changes.find((c) => c.key === "spark.executor.pyspark.memory");

describe("advise: spark.executor.pyspark.memory", () => {
  it("an 8g allowance comes down to the address space × 1.3 of the one worker per 1-core executor", () => {
    const a = advise([withPython({ "spark.executor.pyspark.memory": "8g" })]);
    const c = a.changes.find((x) => x.key === "spark.executor.pyspark.memory");
    expect(c).toMatchObject({ from: "8g", to: "2g" });
    expect(c?.evidence.map((e) => ("bytes" in e ? [e.metric, e.executor, e.bytes] : null))).toEqual([
      ["ProcessTreePythonVMemory", "3", 1.5 * GiB],
      ["ProcessTreePythonRSSMemory", "3", 1.2 * GiB],
    ]);
    // the pod holds the allowance (Kubernetes, a Python app): 6 GiB less of it
    expect(a.current.executor?.pysparkBytes).toBe(8 * GiB);
    expect(a.advised.executor?.pysparkBytes).toBe(2 * GiB);
  });

  it("a 1g allowance under one worker's 1.5 GiB address space is raised for 1 core, not for 4", () => {
    expect(pyspark(withPython({ "spark.executor.pyspark.memory": "1g" }))?.to).toBe("2g");
    // 4 cores: the tree's 1.5 GiB bounds one worker from above only; without a failure it is kept
    expect(
      pyspark(withPython({ "spark.executor.pyspark.memory": "1g", "spark.executor.cores": "4" })),
    ).toBeUndefined();
  });

  it("not lowered after a Python worker died: diagnose's cause raises it", () => {
    const crash: AnalyzeReport["failures"][number] = {
      kind: "python-worker-crash",
      source: "task",
      stageId: 1,
      count: 2,
      text: "org.apache.spark.SparkException: Python worker exited unexpectedly (crashed)",
      executorId: "3",
    };
    const a = advise([withPython({ "spark.executor.pyspark.memory": "8g" }, [crash])]);
    // diagnose's python-worker-oom asks for twice the allowance, merged as the failure comes first
    expect(a.changes.find((c) => c.key === "spark.executor.pyspark.memory")).toMatchObject({
      from: "8g",
      to: "16g",
    });
    expect(a.notes.some((n) => n.startsWith("spark.executor.pyspark.memory not lowered"))).toBe(true);
  });

  it("not set: Python stays in the overhead, and a note gives the allowance", () => {
    const a = advise([withPython({})]);
    expect(a.changes.find((c) => c.key === "spark.executor.pyspark.memory")).toBeUndefined();
    expect(a.notes.find((n) => n.includes("spark.executor.pyspark.memory=2g would give them"))).toBeDefined();
  });
});
