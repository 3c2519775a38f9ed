import { describe, expect, it } from "vitest";
import { type Cause, type CauseId, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function find(text: string, id: CauseId, opts?: DiagnoseOptions): Cause | undefined {
  return diagnose(text, opts).causes.find((c) => c.id === id);
}
function ids(text: string, opts?: DiagnoseOptions): CauseId[] {
  return diagnose(text, opts).causes.map((c) => c.id);
}

const PY_TRACE = (last: string) =>
  [
    "24/03/01 10:00:00 ERROR Executor: Exception in task 0.0 in stage 3.0 (TID 12)",
    "org.apache.spark.api.python.PythonException: Traceback (most recent call last):",
    '  File "/opt/spark/python/lib/pyspark.zip/pyspark/worker.py", line 1231, in main',
    "    process()",
    '  File "/opt/spark/python/lib/pyspark.zip/pyspark/worker.py", line 1223, in process',
    "    serializer.dump_stream(out_iter, outfile)",
    last,
  ].join("\n");

describe("python-worker-oom", () => {
  it("MemoryError in a worker.py traceback, spark.executor.pyspark.memory set: doubled, per-worker limit shown", () => {
    const c = find(PY_TRACE("MemoryError"), "python-worker-oom", {
      conf: {
        "spark.executor.memory": "8g",
        "spark.executor.cores": "4",
        "spark.executor.pyspark.memory": "2g",
      },
      sparkVersion: "3.5.1",
      master: "yarn",
    });
    expect(c?.process).toBe("python-worker");
    expect(c?.confidence).toBe(0.9);
    expect(c?.figures.perWorkerLimitBytes).toBe(512 * MiB);
    expect(c?.changes).toMatchObject([{ key: "spark.executor.pyspark.memory", from: "2g", to: "4g" }]);
  });
  it("a crashed worker (PythonRunner) without pyspark memory: overhead, and pyspark memory as an alternative", () => {
    const c = find(
      "org.apache.spark.SparkException: Python worker exited unexpectedly (crashed)\nCaused by: java.io.EOFException",
      "python-worker-oom",
      {
        conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4" },
        sparkVersion: "3.5.1",
        master: "yarn",
      },
    );
    expect(c?.confidence).toBe(0.5);
    expect(c?.changes[0]?.key).toBe("spark.executor.memoryOverhead");
    const py = c?.alternatives?.find((a) => a.changes[0]?.key === "spark.executor.pyspark.memory");
    expect(py?.changes[0]?.to).toBe("4g");
    // 8192 + 819 + 4096 = 13107 → 13312 (a Python app counts pyspark memory in the container)
    expect(py?.containerBytes).toBe(13 * GiB);
  });
  it("near-miss: a Python ValueError is the user's bug, not memory", () => {
    expect(ids(PY_TRACE("ValueError: invalid literal for int() with base 10: 'x'"))).not.toContain(
      "python-worker-oom",
    );
  });
});

describe("unable-to-acquire-memory", () => {
  it("3.3+'s error class on an executor: fewer cores first", () => {
    const c = find(
      "ERROR Executor: Exception in task 2.0 in stage 4.0 (TID 20)\norg.apache.spark.memory.SparkOutOfMemoryError: [UNABLE_TO_ACQUIRE_MEMORY] Unable to acquire 65536 bytes of memory, got 0.",
      "unable-to-acquire-memory",
      {
        conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4" },
        sparkVersion: "3.5.1",
        master: "yarn",
      },
    );
    expect(c?.process).toBe("executor");
    expect(c?.figures).toMatchObject({ requestedBytes: 65536, gotBytes: 0 });
    expect(c?.changes).toMatchObject([{ key: "spark.executor.cores", from: "4", to: "2" }]);
    expect(c?.alternatives?.[0]?.changes).toMatchObject([
      { key: "spark.executor.memory", from: "8g", to: "12g" },
    ]);
  });
  it("2.x's text", () => {
    expect(
      ids("org.apache.spark.memory.SparkOutOfMemoryError: Unable to acquire 28 bytes of memory, got 0"),
    ).toEqual(["unable-to-acquire-memory"]);
  });
  it("near-miss: a lock that could not be acquired is not memory", () => {
    expect(ids("WARN HiveMetaStore: Unable to acquire lock on table t after 10 attempts")).not.toContain(
      "unable-to-acquire-memory",
    );
  });
});

describe("invalid-memory-settings", () => {
  it("UnifiedMemoryManager's driver minimum", () => {
    const c = find(
      'Exception in thread "main" java.lang.IllegalArgumentException: System memory 259522560 must be at least 471859200. Please increase heap size using the --driver-memory option or spark.driver.memory in Spark configuration.',
      "invalid-memory-settings",
      { conf: { "spark.driver.memory": "256m" } },
    );
    expect(c?.process).toBe("driver");
    expect(c?.figures).toMatchObject({ heapBytes: 259522560, minimumBytes: 471859200 });
    expect(c?.changes).toMatchObject([{ key: "spark.driver.memory", from: "256m", to: "1g" }]);
  });
  it("the executor minimum with a bare number (bytes to this check, MiB to YARN): the unit is added", () => {
    const c = find(
      "java.lang.IllegalArgumentException: Executor memory 4096 must be at least 471859200. Please increase executor memory using the --executor-memory option or spark.executor.memory in Spark configuration.",
      "invalid-memory-settings",
      { conf: { "spark.executor.memory": "4096" } },
    );
    expect(c?.process).toBe("executor");
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memory", from: "4096", to: "4096m" }]);
  });
  it("the JVM's 'Invalid maximum heap size' for '4gb'", () => {
    const c = find(
      "Invalid maximum heap size: -Xmx4gb\nError: Could not create the Java Virtual Machine.\nError: A fatal exception has occurred. Program will exit.",
      "invalid-memory-settings",
      { conf: { "spark.driver.memory": "4gb" } },
    );
    expect(c?.changes).toMatchObject([{ key: "spark.driver.memory", from: "4gb", to: "4g" }]);
  });
  it("near-miss: a start-up INFO line is not a refusal", () => {
    expect(ids("24/03/01 INFO SparkContext: Running Spark version 3.5.1")).toEqual([]);
  });
});

describe("container-above-max", () => {
  it("3.0+'s text (a real log): the heap that fits under the maximum", () => {
    const c = find(
      "java.lang.IllegalArgumentException: Required executor memory (4096 MB), offHeap memory (0) MB, overhead (409 MB), and PySpark memory (0 MB) is above the max threshold (3278 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.",
      "container-above-max",
    );
    expect(c?.figures).toMatchObject({ requestedBytes: 4505 * MiB, limitBytes: 3278 * MiB });
    // 2894 + max(384, 289) = 3278
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memory", from: null, to: "2894m" }]);
  });
  it("2.4's text with an explicit overhead larger than needed: the overhead is trimmed", () => {
    const c = find(
      "Exception in thread \"main\" java.lang.IllegalArgumentException: Required executor memory (4096), overhead (4096 MB), and PySpark memory (0 MB) is above the max threshold (6144 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.",
      "container-above-max",
    );
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memoryOverhead", from: null, to: "2g" }]);
  });
  it("the AM variant in cluster mode sizes spark.driver.memory, checked with the model", () => {
    const c = find(
      "Required AM memory (4096+409 MB) is above the max threshold (2048 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.",
      "container-above-max",
      { conf: { "spark.driver.memory": "4g" }, sparkVersion: "3.5.1", master: "yarn", deployMode: "cluster" },
    );
    expect(c?.process).toBe("driver");
    expect(c?.changes).toMatchObject([{ key: "spark.driver.memory", from: "4g", to: "1664m" }]);
    expect(c?.figures.recommendedContainerBytes).toBe(2048 * MiB);
  });
  it("sized by the model: 4.0's spark.executor.minMemoryOverhead counts (the RM's own refusal)", () => {
    const c = find(
      "org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException: Invalid resource request! Cannot allocate containers as requested resource is greater than maximum allowed allocation. Requested resource type=[memory-mb], Requested resource=<memory:9216, vCores:1>, maximum allowed allocation=<memory:8192, vCores:4>",
      "container-above-max",
      {
        conf: { "spark.executor.memory": "8g", "spark.executor.minMemoryOverhead": "2g" },
        sparkVersion: "4.0.1",
        master: "yarn",
      },
    );
    // h + max(⌊0.1 h⌋, 2048) ≤ 8192 → 6144: 6g (a 10 % formula said 7g, whose container is 9 GiB)
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memory", from: "8g", to: "6g" }]);
    expect(c?.figures.recommendedContainerBytes).toBe(8192 * MiB);
  });
  it("off-heap and PySpark memory from the message stay in the container", () => {
    const c = find(
      "java.lang.IllegalArgumentException: Required executor memory (8192 MB), offHeap memory (2048) MB, overhead (819 MB), and PySpark memory (1024 MB) is above the max threshold (8192 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.",
      "container-above-max",
    );
    // h + max(⌊0.1 h⌋, 384) + 2048 + 1024 ≤ 8192 → 4654, shown as whole GiB: 4g
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memory", from: null, to: "4g" }]);
  });
  it("near-miss: the 'Verifying …' INFO line is not a refusal", () => {
    expect(
      ids(
        "INFO Client: Verifying our application has not requested more than the maximum memory capability of the cluster (8192 MB per container)",
      ),
    ).toEqual([]);
  });
});

describe("executor-lost-fetch-failed", () => {
  const LOG = [
    "WARN TaskSetManager: Lost task 25.0 in stage 8.0 (TID 9337) (100.86.155.194 executor 13): ExecutorLostFailure (executor 13 exited caused by one of the running tasks) Reason: Remote RPC client disassociated. Likely due to containers exceeding thresholds, or network issues.",
    "WARN TaskSetManager: Lost task 0.0 in stage 9.0 (TID 9400) (10.0.0.5 executor 2): FetchFailed(BlockManagerId(13, 100.86.155.194, 7337, None), shuffleId=3, mapIndex=5, mapId=1200, reduceId=17, message=",
    "org.apache.spark.shuffle.FetchFailedException: Failed to connect to /100.86.155.194:7337",
  ].join("\n");
  it("points at the executor lost before the fetch failures", () => {
    const c = find(LOG, "executor-lost-fetch-failed");
    expect(c?.figures.executorId).toBe("13");
    expect(c?.figures.lossReason).toMatch(/^Remote RPC client disassociated/);
    expect(c?.title).toMatch(/after executor 13 was lost/);
    expect(c?.confidence).toBe(0.6);
  });
  it("a memory kill before the fetch failures ranks above them", () => {
    const text = `ExecutorLostFailure (executor 13 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding physical memory limits. 9.4 GB of 9 GB physical memory used. Consider boosting spark.executor.memoryOverhead.\norg.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 171 partition 0`;
    expect(ids(text)).toEqual(["yarn-pmem-kill", "executor-lost-fetch-failed"]);
    expect(find(text, "executor-lost-fetch-failed")?.figures.shuffleId).toBe(171);
  });
  it("near-miss: an executor loss without fetch failures is not this cause", () => {
    expect(
      ids(
        "ExecutorLostFailure (executor 3 exited caused by one of the running tasks) Reason: Remote RPC client disassociated.",
      ),
    ).not.toContain("executor-lost-fetch-failed");
  });
});

describe("disk-full-spill", () => {
  it("'No space left on device' from a spill writer", () => {
    const text = [
      "java.io.IOException: No space left on device",
      "\tat java.io.FileOutputStream.writeBytes(Native Method)",
      "\tat org.apache.spark.storage.TimeTrackingOutputStream.write(TimeTrackingOutputStream.java:58)",
      "\tat org.apache.spark.storage.DiskBlockObjectWriter.write(DiskBlockObjectWriter.scala:250)",
      "\tat org.apache.spark.util.collection.unsafe.sort.UnsafeSorterSpillWriter.write(UnsafeSorterSpillWriter.java:136)",
    ].join("\n");
    const c = find(text, "disk-full-spill", { master: "yarn" });
    expect(c?.confidence).toBe(0.9);
    expect(c?.nextChecks[0]).toMatch(/yarn\.nodemanager\.local-dirs/);
  });
  it("near-miss: a missing shuffle file is not a full disk", () => {
    expect(
      ids(
        "java.io.FileNotFoundException: /tmp/blockmgr-3f1c/0e/temp_shuffle_5a2b (No such file or directory)",
      ),
    ).not.toContain("disk-full-spill");
  });
});

describe("unknown", () => {
  it("an error that is no memory failure", () => {
    const c = diagnose(
      "24/03/01 ERROR SparkContext: Error initializing SparkContext.\njava.io.FileNotFoundException: File file:/data/app.jar does not exist",
    ).causes;
    expect(c.map((x) => x.id)).toEqual(["unknown"]);
    expect(c[0]?.confidence).toBe(0.1);
    expect(c[0]?.evidence[0]).toBe("24/03/01 ERROR SparkContext: Error initializing SparkContext.");
  });
  it("near-miss: not reported when a known cause explains the input", () => {
    expect(ids("ERROR Executor: Exception in task 0.0\njava.lang.OutOfMemoryError: Java heap space")).toEqual(
      ["heap-oom"],
    );
  });
});

describe("every change is re-checked through the model", () => {
  const KILL =
    "Container killed by YARN for exceeding physical memory limits. 9.4 GB of 9 GB physical memory used. Consider boosting spark.executor.memoryOverhead.";
  const opts = (max: string): DiagnoseOptions => ({
    conf: {
      "spark.executor.memory": "8g",
      "spark.executor.cores": "4",
      "yarn.scheduler.maximum-allocation-mb": max,
    },
    sparkVersion: "3.5.1",
    master: "yarn",
  });
  it("an alternative whose container YARN would refuse is not shown", () => {
    const title = (c: Cause | undefined) => (c?.alternatives ?? []).map((a) => a.title.split(":")[0]);
    // with room: heap 8 → 10 GiB and a 3 GiB overhead is 13 GiB
    expect(title(find(KILL, "yarn-pmem-kill", opts("16384")))).toContain("More memory per executor");
    // above a 12 GiB maximum it is dropped; the other ways out stay
    const tight = find(KILL, "yarn-pmem-kill", opts("12288"));
    expect(title(tight)).not.toContain("More memory per executor");
    expect(tight?.alternatives?.length).toBeGreaterThan(0);
    // 9.4 GiB × 1.1 rounded up to 11 GiB: 8 GiB heap + 3 GiB overhead, within the maximum
    expect(tight?.changes).toMatchObject([{ key: "spark.executor.memoryOverhead", from: null, to: "3g" }]);
  });
  it("a recommended change that cannot start is withheld, with the reason", () => {
    // a 33 GiB kill on an 8 GiB heap asks for 29 GiB of overhead: above the maximum, and no same-size shift
    const c = find(
      "Container killed by YARN for exceeding physical memory limits. 33.2 GB of 33 GB physical memory used.",
      "yarn-pmem-kill",
      opts("12288"),
    );
    expect(c?.changes).toEqual([]);
    expect(c?.nextChecks.at(-1)).toMatch(
      /^The change the model sized \(spark\.executor\.memoryOverhead=29g\) is withheld: with it, yarn-container-above-max \(executor\)/,
    );
  });
});
