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

const YARN_35 = {
  conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4", "spark.driver.memory": "4g" },
  sparkVersion: "3.5.1",
  master: "yarn",
  deployMode: "cluster",
};

describe("heap-oom", () => {
  const EXECUTOR = [
    "24/03/01 10:00:00 ERROR Executor: Exception in task 3.0 in stage 5.0 (TID 45)",
    "java.lang.OutOfMemoryError: Java heap space",
    "\tat org.apache.spark.util.collection.unsafe.sort.UnsafeExternalSorter.growPointerArrayIfNecessary(UnsafeExternalSorter.java:384)",
    "\tat org.apache.spark.sql.execution.SortExec.$anonfun$doExecute$1(SortExec.scala:112)",
    "\tat org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:551)",
  ].join("\n");
  const DRIVER = [
    'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
    "\tat java.util.Arrays.copyOf(Arrays.java:3236)",
    "\tat org.apache.spark.sql.execution.SparkPlan.executeCollect(SparkPlan.scala:448)",
    "\tat org.apache.spark.sql.Dataset.collect(Dataset.scala:3402)",
  ].join("\n");

  it("an executor task's OOM while sorting: a larger executor heap from the model, fewer cores as an alternative", () => {
    const c = find(EXECUTOR, "heap-oom", YARN_35);
    expect(c?.process).toBe("executor");
    expect(c?.title).toMatch(/while sorting/);
    expect(c?.figures.heapBytes).toBe(8 * GiB);
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memory", from: "8g", to: "12g" }]);
    expect(c?.figures.recommendedHeapBytes).toBe(12 * GiB);
    // 12288 + 1228 = 13516 → 14336 after YARN's rounding
    expect(c?.figures.recommendedContainerBytes).toBe(14 * GiB);
    expect(c?.alternatives?.[0]?.changes).toMatchObject([
      { key: "spark.executor.cores", from: "4", to: "2" },
    ]);
  });
  it("the book's example: a 'read-ahead' thread's OOM is an executor's", () => {
    const text = [
      "21/11/26 23:19:51 ERROR util.SparkUncaughtExceptionHandler: Uncaught exception in thread Thread[read-ahead,5,main]",
      "java.lang.OutOfMemoryError: Java heap space",
      "\tat net.jpountz.lz4.LZ4BlockInputStream.refill(LZ4BlockInputStream.java:243)",
      "\tat org.apache.spark.io.ReadAheadInputStream$1.run(ReadAheadInputStream.java:168)",
    ].join("\n");
    expect(find(text, "heap-oom")?.process).toBe("executor");
  });
  it("a driver's OOM in collect(): spark.driver.memory, and the collect is named", () => {
    const c = find(DRIVER, "heap-oom", YARN_35);
    expect(c?.process).toBe("driver");
    expect(c?.title).toMatch(/collecting a result/);
    expect(c?.changes).toMatchObject([{ key: "spark.driver.memory", from: "4g", to: "6g" }]);
    expect(c?.codeChanges.join(" ")).toMatch(/Do not collect/);
  });
  it("near-miss: a heap OOM in a driver thread is not an executor heap OOM", () => {
    const causes = diagnose(DRIVER).causes;
    expect(causes.some((c) => c.id === "heap-oom" && c.process === "executor")).toBe(false);
  });
  it("exit code 52 (SparkExitCode.OOM): an executor's OOM, less sure", () => {
    const c = find(
      "ExecutorLostFailure (executor 18 exited caused by one of the running tasks) Reason: Command exited with code 52",
      "heap-oom",
    );
    expect(c?.process).toBe("executor");
    expect(c?.confidence).toBe(0.6);
  });
  it("near-miss: GC overhead is its own cause", () => {
    expect(ids("java.lang.OutOfMemoryError: GC overhead limit exceeded")).not.toContain("heap-oom");
  });
});

describe("gc-overhead", () => {
  it("an executor's GC overhead limit", () => {
    const c = find(
      "ERROR Executor: Exception in task 0.0 in stage 1.0 (TID 1)\njava.lang.OutOfMemoryError: GC overhead limit exceeded",
      "gc-overhead",
    );
    expect(c?.process).toBe("executor");
    // Spark's default 1g heap, half again and at least 1 GiB more
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memory", from: null, to: "2g" }]);
  });
  it("near-miss: heap space is not GC overhead", () => {
    expect(ids("java.lang.OutOfMemoryError: Java heap space")).not.toContain("gc-overhead");
  });
});

describe("max-result-size", () => {
  it("TaskSetManager's 2.x text (MB): the limit raised, results in bytes", () => {
    const c = find(
      "ERROR TaskSetManager: Total size of serialized results of 3979 tasks (1024.2 MB) is bigger than spark.driver.maxResultSize (1024.0 MB)",
      "max-result-size",
    );
    expect(c?.process).toBe("driver");
    expect(c?.figures.requestedBytes).toBe(Math.round(1024.2 * MiB));
    expect(c?.figures.limitBytes).toBe(GiB);
    expect(c?.figures.tasks).toBe(3979);
    // and the default 1 GiB driver heap to twice the new limit
    expect(c?.changes).toMatchObject([
      { key: "spark.driver.maxResultSize", from: null, to: "2g" },
      { key: "spark.driver.memory", from: null, to: "4g" },
    ]);
  });
  it("3.x text (GiB) with a configuration: the driver heap grows to hold the results", () => {
    const c = find(
      "org.apache.spark.SparkException: Job aborted due to stage failure: Total size of serialized results of 42 tasks (2.1 GiB) is bigger than spark.driver.maxResultSize (2.0 GiB)",
      "max-result-size",
      YARN_35,
    );
    // 2.1 GiB × 1.5 → 4g; the heap must be ≥ 2 × 4g = 8g
    expect(c?.changes).toMatchObject([
      { key: "spark.driver.maxResultSize", from: null, to: "4g" },
      { key: "spark.driver.memory", from: "4g", to: "8g" },
    ]);
    expect(c?.figures.recommendedHeapBytes).toBe(8 * GiB);
  });
  it("near-miss: the setting in a configuration dump is not a failure", () => {
    expect(ids("24/03/01 INFO SparkContext: spark.driver.maxResultSize=4g")).toEqual([]);
  });
});

describe("broadcast-too-large", () => {
  it("BroadcastExchangeExec's OutOfMemoryError: disable auto broadcast, or a larger driver", () => {
    const c = find(
      'Exception in thread "broadcast-exchange-0" java.lang.OutOfMemoryError: Not enough memory to build and broadcast the table to all worker nodes. As a workaround, you can either disable broadcast by setting spark.sql.autoBroadcastJoinThreshold to -1 or increase the spark driver memory by setting spark.driver.memory to a higher value',
      "broadcast-too-large",
      YARN_35,
    );
    expect(c?.process).toBe("driver");
    expect(c?.changes).toMatchObject([{ key: "spark.sql.autoBroadcastJoinThreshold", from: null, to: "-1" }]);
    expect(c?.alternatives?.[0]?.changes).toMatchObject([
      { key: "spark.driver.memory", from: "4g", to: "6g" },
    ]);
  });
  it("the 8 GB limit (QueryExecutionErrors)", () => {
    const c = find(
      "org.apache.spark.SparkException: Cannot broadcast the table that is larger than 8GB: 9 GB",
      "broadcast-too-large",
    );
    expect(c?.figures.limitBytes).toBe(8 * GiB);
    expect(c?.figures.requestedBytes).toBe(9 * GiB);
  });
  it("near-miss: a broadcast heap OOM is not reported as an executor heap OOM", () => {
    const text =
      'Exception in thread "broadcast-exchange-0" java.lang.OutOfMemoryError: Not enough memory to build and broadcast the table to all worker nodes.\nCaused by: java.lang.OutOfMemoryError: Java heap space';
    const causes = diagnose(text).causes;
    expect(causes[0]?.id).toBe("broadcast-too-large");
    expect(causes.some((c) => c.id === "heap-oom" && c.process === "executor")).toBe(false);
    expect(ids("24/03/01 INFO SparkSqlParser: set spark.sql.autoBroadcastJoinThreshold=-1")).toEqual([]);
  });
});

describe("direct-buffer-oom", () => {
  it("Java 17's text with its figures", () => {
    const c = find(
      'Exception in thread "shuffle-client-4-1" java.lang.OutOfMemoryError: Cannot reserve 16777216 bytes of direct buffer memory (allocated: 1056964608, limit: 1073741824)',
      "direct-buffer-oom",
    );
    expect(c?.figures).toMatchObject({ requestedBytes: 16777216, usedBytes: 1056964608, limitBytes: GiB });
  });
  it("Java 8's text, with -XX:MaxDirectMemorySize in the executor's options: doubled", () => {
    const c = find(
      "ERROR Executor: Exception in task 1.0 in stage 2.0 (TID 9)\njava.lang.OutOfMemoryError: Direct buffer memory",
      "direct-buffer-oom",
      {
        ...YARN_35,
        conf: {
          ...YARN_35.conf,
          "spark.executor.extraJavaOptions": "-XX:+UseG1GC -XX:MaxDirectMemorySize=512m",
        },
      },
    );
    expect(c?.process).toBe("executor");
    expect(c?.changes).toMatchObject([
      {
        key: "spark.executor.extraJavaOptions",
        from: "-XX:+UseG1GC -XX:MaxDirectMemorySize=512m",
        to: "-XX:+UseG1GC -XX:MaxDirectMemorySize=1g",
      },
    ]);
  });
  it("near-miss: a heap OOM is not a direct-buffer OOM", () => {
    expect(ids("java.lang.OutOfMemoryError: Java heap space")).not.toContain("direct-buffer-oom");
  });
});

describe("metaspace-oom", () => {
  it("Metaspace with a limit in the driver's options: doubled", () => {
    const c = find('Exception in thread "main" java.lang.OutOfMemoryError: Metaspace', "metaspace-oom", {
      conf: { "spark.driver.extraJavaOptions": "-XX:MaxMetaspaceSize=256m" },
    });
    expect(c?.process).toBe("driver");
    expect(c?.changes).toMatchObject([
      {
        key: "spark.driver.extraJavaOptions",
        from: "-XX:MaxMetaspaceSize=256m",
        to: "-XX:MaxMetaspaceSize=512m",
      },
    ]);
  });
  it("Compressed class space: its own flag, doubled from the 1 GiB default when unset", () => {
    const text = "java.lang.OutOfMemoryError: Compressed class space";
    const c = find(text, "metaspace-oom");
    expect(c?.figures.space).toBe("Compressed class space");
    expect(c?.title).toContain("Compressed class space ran out");
    expect(c?.changes).toMatchObject([{ to: "-XX:CompressedClassSpaceSize=2g" }]);
    const limited = find(text, "metaspace-oom", {
      conf: { "spark.executor.extraJavaOptions": "-XX:CompressedClassSpaceSize=512m" },
    });
    expect(limited?.figures.limitBytes).toBe(512 * MiB);
    expect(limited?.changes).toMatchObject([{ to: "-XX:CompressedClassSpaceSize=1g" }]);
  });
  it("Metaspace without a limit: no change, where to look instead", () => {
    const c = find("java.lang.OutOfMemoryError: Metaspace", "metaspace-oom");
    expect(c?.changes).toEqual([]);
    expect(c?.nextChecks[0]).toMatch(/unlimited unless -XX:MaxMetaspaceSize/);
  });
  it("near-miss: heap space is not metaspace", () => {
    expect(ids("java.lang.OutOfMemoryError: Java heap space")).not.toContain("metaspace-oom");
  });
});

describe("native-thread", () => {
  it("Java 11+'s and Java 8's texts", () => {
    for (const t of [
      "java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached",
      'Exception in thread "main" java.lang.OutOfMemoryError: unable to create new native thread',
    ])
      expect(ids(t)).toEqual(["native-thread"]);
  });
  it("near-miss: a thread that started is not a failure", () => {
    expect(ids("24/03/01 INFO Executor: Starting executor ID 1 on host n1 with 4 threads")).toEqual([]);
  });
});

describe("native-memory", () => {
  it("the hs_err header: mmap failed for the size of a heap", () => {
    const text = [
      "# There is insufficient memory for the Java Runtime Environment to continue.",
      "# Native memory allocation (mmap) failed to map 8589934592 bytes for committing reserved memory.",
      "# An error report file with more information is saved as:",
      "# /tmp/hs_err_pid1234.log",
    ].join("\n");
    const c = find(text, "native-memory");
    expect(c?.figures.requestedBytes).toBe(8 * GiB);
    expect(c?.confidence).toBe(0.85);
  });
  it("os::commit_memory's warning (errno=12)", () => {
    const c = find(
      "OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00000005c0000000, 8589934592, 0) failed; error='Cannot allocate memory' (errno=12)",
      "native-memory",
    );
    expect(c?.figures.requestedBytes).toBe(8 * GiB);
  });
  it("near-miss: a heap OOM is not native memory", () => {
    expect(ids("java.lang.OutOfMemoryError: Java heap space")).not.toContain("native-memory");
  });
});
