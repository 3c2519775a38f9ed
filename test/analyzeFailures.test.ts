import { describe, expect, it } from "vitest";
import { classifyFailure, collectFailures } from "../src/analyze/failures.js";
import { analyzeFixture } from "./support/fixtures.js";

describe("failures from real logs", () => {
  it("a PySpark app on YARN whose executors were lost: every removal and failed task, classified", () => {
    const app = analyzeFixture("removed-in-3.0-dev/application_1538416563558_0014");
    const failures = collectFailures(app.executors, app.stages);
    const removed = failures.filter((f) => f.source === "executor-removed");
    expect(removed).toHaveLength(8);
    // "Container marked as failed: … Exit status: 56": ExecutorExitCode.HEARTBEAT_FAILURE
    expect(removed.map((f) => f.kind)).toEqual(Array(8).fill("heartbeat-timeout"));
    const lost = failures.filter((f) => f.source === "task" && f.text.startsWith("ExecutorLostFailure"));
    expect(lost.reduce((a, f) => a + f.count, 0)).toBe(8);
  });
  it("classifies Spark's, YARN's and the JVM's own texts", () => {
    expect(
      classifyFailure(
        "Container killed by YARN for exceeding physical memory limits. 33.2 GB of 33 GB physical memory used. Consider boosting spark.executor.memoryOverhead.",
      ),
    ).toBe("yarn-memory-kill");
    expect(
      classifyFailure("The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM)."),
    ).toBe("container-oom-kill");
    expect(classifyFailure("java.lang.OutOfMemoryError: Java heap space")).toBe("java-heap-oom");
    expect(classifyFailure("java.lang.OutOfMemoryError: Direct buffer memory")).toBe("java-oom");
    expect(classifyFailure("Executor heartbeat timed out after 125430 ms")).toBe("heartbeat-timeout");
    // Spark 4.3's text when a container's OOM killer ends a Python worker (tools/rerun, workload pyspark)
    expect(
      classifyFailure(
        "org.apache.spark.SparkException: Python worker exited unexpectedly (crashed). Consider setting 'spark.sql.execution.pyspark.udf.faulthandler.enabled' or'spark.python.worker.faulthandler.enabled' configuration to 'true' for the better Python traceback.",
      ),
    ).toBe("python-worker-crash");
    expect(
      classifyFailure("org.apache.spark.SparkException: Python worker exited unexpectedly (crashed)"),
    ).toBe("python-worker-crash");
    expect(classifyFailure("Executor killed by driver.")).toBe("other");
  });
});
