import { describe, expect, it } from "vitest";
import { type Cause, type CauseId, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * The cases the message-by-message tests of invalid-memory-settings, the YARN kills and container-above-max
 * leave open: the process a kill or a refusal is attributed to (the `yarn logs` container, the AM's own
 * log, the RM's diagnostics), the key whose value the JVM quotes, sizes the JVM cannot read, figures that
 * are absent, and the off-heap room of a 2.4 executor.
 */
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const all = (id: CauseId, lines: string[], opts?: DiagnoseOptions): Cause[] =>
  diagnose(lines.join("\n"), opts).causes.filter((x) => x.id === id);
const find = (id: CauseId, lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = all(id, lines, opts)[0];
  expect(c, lines.join("\n")).toBeDefined();
  return c as Cause;
};
const changes = (c: { changes: Cause["changes"] }) =>
  c.changes.map(({ key, from, to, why }) => [key, from, to, why]);
/** `yarn logs` prints each container under this header; container 1 is the AM, 2 and up are executors. */
const container = (n: number) => `Container: container_e12_1600000000000_0001_01_00000${n} on n1_45454`;

describe("invalid-memory-settings: which key, and sizes the JVM cannot read", () => {
  const INVALID = "invalid-memory-settings";
  const JVM_SIZE = "a size the JVM reads: whole k, m, g or t";
  const MINIMUM = "at least Spark's 450 MiB minimum heap";
  it("-Xmx4.25g has two decimals: 4352m", () => {
    const c = find(INVALID, ["Invalid maximum heap size: -Xmx4.25g"]);
    expect(changes(c)).toEqual([["spark.driver.memory", "4.25g", "4352m", JVM_SIZE]]);
  });
  it("a size with a comma (-Xmx4,5g) or trailing words is not read as 4m or 5g: no change proposed", () => {
    for (const v of ["4,5g", "4gx", "x4g"]) {
      const c = find(INVALID, [`Invalid maximum heap size: -Xmx${v}`]);
      expect(c.title, v).toMatch(/^The JVM cannot parse the heap size/);
      expect(c.changes, v).toEqual([]);
    }
  });
  it("`from` is the configuration's own spelling (' 4.5g'), not the JVM's quote", () => {
    const c = find(INVALID, ["Invalid maximum heap size: -Xmx4.5g"], {
      conf: { "spark.yarn.am.memory": " 4.5g" },
    });
    expect(changes(c)).toEqual([["spark.yarn.am.memory", " 4.5g", "4608m", JVM_SIZE]]);
  });
  it("with 4.5g in both memory keys, an executor's container gets spark.executor.memory, an unknown process the driver's", () => {
    const conf = { "spark.driver.memory": "4.5g", "spark.executor.memory": "4.5g" };
    const executor = find(INVALID, [container(2), "LogType:stderr", "Invalid maximum heap size: -Xmx4.5g"], {
      conf,
    });
    expect(executor.process).toBe("executor");
    expect(changes(executor)).toEqual([["spark.executor.memory", "4.5g", "4608m", JVM_SIZE]]);
    const unknown = find(INVALID, ["Invalid maximum heap size: -Xmx4.5g"], { conf });
    expect(changes(unknown)).toEqual([["spark.driver.memory", "4.5g", "4608m", JVM_SIZE]]);
    // only the driver's key holds the quoted value: that key, whatever process printed it
    const driverKey = find(INVALID, [container(2), "LogType:stderr", "Invalid maximum heap size: -Xmx4.5g"], {
      conf: { "spark.driver.memory": "4.5g", "spark.executor.memory": "4g" },
    });
    expect(changes(driverKey)[0]?.[0]).toBe("spark.driver.memory");
  });
  it("System memory below the minimum in an executor's container: the executor's memory, not the driver's", () => {
    const c = find(
      INVALID,
      [
        container(3),
        "LogType:stderr",
        "java.lang.IllegalArgumentException: System memory 259522560 must be at least 471859200. Please increase heap size using the --driver-memory option or spark.driver.memory in Spark configuration.",
      ],
      { conf: { "spark.executor.memory": "256m" } },
    );
    expect(c.process).toBe("executor");
    expect(c.title).toBe("The executor's memory (247.5 MiB) is below Spark's minimum of 450 MiB");
    expect(changes(c)).toEqual([["spark.executor.memory", "256m", "1g", MINIMUM]]);
  });
  it("the first refusal's process stands: an executor's check, then the driver's System memory line", () => {
    const c = find(INVALID, [
      "[INVALID_EXECUTOR_MEMORY] Executor memory 463470592 must be at least 471859200.",
      "java.lang.IllegalArgumentException: System memory 259522560 must be at least 471859200.",
    ]);
    expect(c.process).toBe("executor");
    expect(changes(c).map((x) => x[0])).toEqual(["spark.executor.memory", "spark.driver.memory"]);
  });
  it("a bare executor memory with decimals (512.5) is no whole count of bytes: 1g, not 512.5m", () => {
    const c = find(INVALID, ["[INVALID_EXECUTOR_MEMORY] Executor memory 512 must be at least 471859200."], {
      conf: { "spark.executor.memory": "512.5" },
    });
    expect(changes(c)).toEqual([["spark.executor.memory", "512.5", "1g", MINIMUM]]);
  });
  const LAUNCHER =
    "java.lang.IllegalArgumentException: Not allowed to specify max heap(Xmx) memory settings through java options (was -Xmx2g -XX:+UseG1GC). Use the corresponding --driver-memory or spark.driver.memory configuration instead.";
  const WHY = "the heap is set by the memory key, not -Xmx";
  it("the launcher's text: a leading -Xmx goes without leaving a blank in front of the other options", () => {
    const c = find(INVALID, [LAUNCHER], { conf: { "spark.driver.extraJavaOptions": "-Xmx2g -XX:+UseG1GC" } });
    expect(changes(c)).toEqual([
      ["spark.driver.extraJavaOptions", "-Xmx2g -XX:+UseG1GC", "-XX:+UseG1GC", WHY],
    ]);
  });
  it("the launcher's text in an executor's container: the executor's options", () => {
    const c = find(INVALID, [container(2), "LogType:stderr", LAUNCHER], {
      conf: {
        "spark.driver.extraJavaOptions": "-verbose:gc",
        "spark.executor.extraJavaOptions": "-Xmx2g -XX:+UseG1GC",
      },
    });
    expect(changes(c)).toEqual([
      ["spark.executor.extraJavaOptions", "-Xmx2g -XX:+UseG1GC", "-XX:+UseG1GC", WHY],
    ]);
  });
});

describe("yarn-pmem-kill: texts without figures, and the process of each kill", () => {
  const PMEM = "yarn-pmem-kill";
  const SPARK_PMEM =
    "Container killed by YARN for exceeding physical memory limits. 9.4 GB of 9 GB physical memory used. Consider boosting spark.executor.memoryOverhead.";
  it("3.0+'s text when YARN's diagnostics carried no figures: physical, 0.85, no sizes in the title or explanation; figures from Spark's defaults", () => {
    const c = find(PMEM, [
      "Container killed by YARN for exceeding physical memory limits. Consider boosting spark.executor.memoryOverhead.",
    ]);
    expect([c.title, c.process, c.confidence, c.figures]).toEqual([
      "YARN killed an executor for its physical memory — memory outside the heap ran out, not the heap",
      "executor",
      0.85,
      {
        containerBytes: 2 * GiB,
        heapBytes: GiB,
        overheadBytes: 384 * MiB,
        recommendedContainerBytes: 3 * GiB,
      },
    ]);
    expect(c.explanation).toContain(
      "the heap did not run out; the overhead (spark.executor.memoryOverhead, by default 10% of the heap",
    );
    expect(changes(c)).toEqual([
      [
        "spark.executor.memoryOverhead",
        null,
        "2g",
        "more room outside the heap, where the container's memory ran out",
      ],
    ]);
    // the skew check, then the one for a missing configuration; no note about a configuration the model refused
    expect(c.nextChecks).toHaveLength(2);
    expect(c.nextChecks[0]).toMatch(/^Was it one task\?/);
    expect(c.nextChecks[1]).toMatch(/^No settings were given: the values are computed from Spark.s defaults/);
  });
  it("the client-mode AM: no skew check, only the estimate's", () => {
    const c = find(
      PMEM,
      [
        "Container [pid=4711,containerID=container_1600000000000_0001_01_000001] is running beyond physical memory limits. Current usage: 1.1 GB of 1 GB physical memory used; 2.6 GB of 2.1 GB virtual memory used. Killing container.",
      ],
      { deployMode: "client" },
    );
    expect(c.process).toBe("am");
    expect(c.figures.executorId).toBeUndefined();
    expect(c.nextChecks).toHaveLength(1);
    expect(c.nextChecks[0]).toContain("spark.yarn.am.memory");
  });
  it("the AM's own log (cluster mode) reports an executor's kill twice: one executor cause, no driver", () => {
    const causes = all(
      PMEM,
      [
        container(1),
        "LogType:stderr",
        "24/03/01 12:00:00 INFO YarnAllocator: Completed container container_e12_1600000000000_0001_01_000003 on host: n1 (state: COMPLETE, exit status: -104)",
        `24/03/01 12:00:00 WARN YarnAllocator: ${SPARK_PMEM}`,
      ],
      { deployMode: "cluster" },
    );
    expect(causes.map((c) => [c.process, c.confidence, c.evidence.length])).toEqual([["executor", 0.95, 2]]);
  });
  it("the RM's diagnostics 'AM Container for appattempt_… exited with exitCode: -104': the driver in cluster mode, the AM in client mode", () => {
    const line =
      "Application application_1600000000000_0001 failed 2 times due to AM Container for appattempt_1600000000000_0001_000002 exited with  exitCode: -104";
    const cluster = find(PMEM, [line], { deployMode: "cluster" });
    expect([cluster.process, cluster.confidence, cluster.figures]).toEqual([
      "driver",
      0.7,
      // the driver's container from Spark's defaults in cluster mode: 1 GiB + 384 MiB → 2 GiB
      {
        exitStatus: -104,
        containerBytes: 2 * GiB,
        heapBytes: GiB,
        overheadBytes: 384 * MiB,
        recommendedContainerBytes: 3 * GiB,
      },
    ]);
    expect(cluster.title).toBe(
      "YARN killed the driver (the AM container in cluster mode) for its physical memory — memory outside the heap ran out, not the heap",
    );
    expect(find(PMEM, [line], { deployMode: "client" }).process).toBe("am");
  });
  it("a status that names no container takes the process of the log it is in", () => {
    const c = find(PMEM, [container(1), "LogType:stderr", "Exit status: -104"], { deployMode: "cluster" });
    expect(c.process).toBe("driver");
    expect(find(PMEM, ["Exit status: -104"]).process).toBe("executor");
  });
  it("Spark's text is always an executor's (YarnAllocator reports only executors), even in the AM's log", () => {
    const c = find(PMEM, [container(1), "LogType:stderr", `WARN YarnAllocator: ${SPARK_PMEM}`], {
      deployMode: "cluster",
    });
    expect(c.process).toBe("executor");
  });
});

describe("yarn-vmem-kill: figures and alternatives", () => {
  const VMEM = "yarn-vmem-kill";
  const HADOOP_145 =
    "Container [pid=1,containerID=container_1600000000000_0001_01_000002] is running beyond virtual memory limits. Current usage: 1.1 GB of 2 GB physical memory used; 14.5 GB of 4.2 GB virtual memory used. Killing container.";
  it("14.5 GB of address space over a 2 GB container: the ratio to 8, and a container for 14.5 / 2.1 GiB (+10%): 8 GiB", () => {
    const c = find(VMEM, [HADOOP_145], { conf: { "spark.executor.memory": "1g" } });
    expect(c.figures).toEqual({
      vmemPmemRatio: 2.1,
      usedBytes: Math.round(14.5 * GiB),
      limitBytes: Math.round(4.2 * GiB),
      physicalUsedBytes: Math.round(1.1 * GiB),
    });
    expect(c.alternatives?.[0]?.title).toBe(
      "Raise yarn.nodemanager.vmem-pmem-ratio (yarn-site.xml) from 2.1 to 8",
    );
    expect(c.alternatives?.[2]).toMatchObject({ containerBytes: 8 * GiB, heapBytes: 1 * GiB });
    expect(changes(c.alternatives?.[2] as { changes: Cause["changes"] })[0]?.slice(0, 3)).toEqual([
      "spark.executor.memoryOverhead",
      null,
      "7g",
    ]);
    // without a configuration there is no heap to report
    const bare = find(VMEM, [HADOOP_145]);
    expect(bare.alternatives?.[2]?.containerBytes).toBe(8 * GiB);
    expect(bare.alternatives?.[2]?.heapBytes).toBeNull();
  });
  it("a bare -103: the larger-container alternative sized from Spark's defaults", () => {
    const c = find(VMEM, [
      "Container marked as failed: container_1600000000000_0001_01_000003 on host: n1. Exit status: -103. Diagnostics: .",
    ]);
    expect(c.alternatives?.[2]?.containerBytes).toBe(3 * GiB);
    expect(c.alternatives?.[2]?.heapBytes).toBe(GiB);
  });
  it("two of Spark's kills: 0.95, the larger as figures, both lines as evidence, no code changes", () => {
    const kill = (id: number, gb: string) =>
      `Lost executor ${id} on n1: Container killed by YARN for exceeding virtual memory limits. ${gb} GB of 4.2 GB virtual memory used. Consider boosting spark.executor.memoryOverhead or boosting yarn.nodemanager.vmem-pmem-ratio or disabling yarn.nodemanager.vmem-check-enabled because of YARN-4714.`;
    const c = find(VMEM, [kill(3, "4.3"), kill(5, "4.5")]);
    expect([c.process, c.confidence, c.figures.executorId, c.figures.usedBytes]).toEqual([
      "executor",
      0.95,
      "5",
      Math.round(4.5 * GiB),
    ]);
    expect(c.evidence).toEqual([kill(3, "4.3"), kill(5, "4.5")]);
    expect(c.codeChanges).toEqual([]);
    // Spark's text gives no physical figures
    expect(c.explanation).toContain("the physical memory was within its limit");
  });
});

describe("container-above-max: 2.4's off-heap lives in the overhead", () => {
  it("4g heap + 2457m overhead holding 2g off-heap above 6144 MiB: 3712m and an overhead of 2432m that still holds it", () => {
    const c = find(
      "container-above-max",
      [
        "java.lang.IllegalArgumentException: Required executor memory (4096), overhead (2457 MB), and PySpark memory (0 MB) is above the max threshold (6144 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.",
      ],
      {
        conf: {
          "spark.executor.memory": "4g",
          "spark.memory.offHeap.enabled": "true",
          "spark.memory.offHeap.size": "2g",
          "spark.executor.memoryOverhead": "2457m",
        },
        sparkVersion: "2.4.8",
        master: "yarn",
      },
    );
    expect(c.title).toBe("The executor's container (6553 MiB) is above YARN's maximum of 6144 MiB");
    expect(changes(c)).toEqual([
      ["spark.executor.memory", "4g", "3712m", "the largest heap whose container fits under YARN's maximum"],
      [
        "spark.executor.memoryOverhead",
        "2457m",
        "2432m",
        "an overhead that holds the off-heap memory beside that heap",
      ],
    ]);
    expect(c.figures).toEqual({
      requestedBytes: 6553 * MiB,
      limitBytes: 6 * GiB,
      heapBytes: 4 * GiB,
      overheadBytes: 2457 * MiB,
      recommendedHeapBytes: 3712 * MiB,
      recommendedContainerBytes: 6 * GiB,
    });
  });
});
