import { describe, expect, it } from "vitest";
import { type Cause, type CauseId, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * The smaller causes, whole: disk-full-spill, broadcast-too-large, metaspace-oom, unable-to-acquire-memory,
 * native-thread and unknown — which text gives which title, figures, confidence, change and next check.
 */
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const find = (id: CauseId, lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = diagnose(lines.join("\n"), opts).causes.find((x) => x.id === id);
  expect(c, lines.join(" | ")).toBeDefined();
  return c as Cause;
};
const changes = (c: { changes: Cause["changes"] }) => c.changes.map(({ key, from, to }) => [key, from, to]);
const TASK = "24/03/01 ERROR Executor: Exception in task 1.0 in stage 2.0 (TID 3)";
const YARN = { sparkVersion: "3.5.1", master: "yarn" };

describe("disk-full-spill", () => {
  const SPILL = [
    TASK,
    "java.io.IOException: No space left on device",
    "\tat org.apache.spark.util.collection.unsafe.sort.UnsafeSorterSpillWriter.write(UnsafeSorterSpillWriter.java:1)",
    "\tat java.io.FileOutputStream.write(/mnt/yarn/usercache/hadoop/appcache/app_1/blockmgr-1a2b-3c/0e/temp_shuffle_x)",
  ];
  it("a spill writer in the trace: 0.9, the block manager's directory, YARN's local-dirs, a larger heap to spill less", () => {
    const c = find("disk-full-spill", SPILL, { conf: { "spark.executor.memory": "8g" }, ...YARN });
    expect([c.title, c.process, c.confidence, c.figures, c.changes]).toEqual([
      "The local disk filled up while spilling or writing shuffle data",
      "executor",
      0.9,
      { path: "/mnt/yarn/usercache/hadoop/appcache/app_1/blockmgr-1a2b-3c" },
      [],
    ]);
    expect(c.alternatives?.map((a) => [changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [[["spark.executor.memory", "8g", "12g"]], 14 * GiB, 12 * GiB],
    ]);
    expect(c.nextChecks[0]).toContain("yarn.nodemanager.local-dirs");
    expect(c.nextChecks[1]).toContain("(df -h /mnt/yarn/usercache/hadoop/appcache/app_1)");
  });
  it("'No space left' alone: 0.5, any disk; the local directory advice per cluster manager", () => {
    const plain = ["java.io.IOException: No space left on device"];
    const c = find("disk-full-spill", plain);
    expect([c.title, c.confidence, c.figures]).toEqual([
      "A disk filled up ('No space left on device') — not clearly Spark's spill directory",
      0.5,
      {},
    ]);
    expect(c.nextChecks[0]).toMatch(/^Point spark\.local\.dir/);
    expect(c.nextChecks[1]).toMatch(
      /^Check the free space of the local directories on the failing node \(df -h\);/,
    );
    expect(find("disk-full-spill", plain, { master: "k8s://https://k:443" }).nextChecks[0]).toMatch(
      /spark-local-dir-1/,
    );
  });
});

describe("broadcast-too-large", () => {
  const OFF = ["spark.sql.autoBroadcastJoinThreshold", null, "-1"];
  it("above the 8 GB limit: both sizes in the title, automatic broadcasts off, no heap alternative", () => {
    const c = find("broadcast-too-large", [
      "org.apache.spark.SparkException: Cannot broadcast the table that is larger than 8GB: 9 GB",
    ]);
    expect([c.title, c.process, c.confidence, c.figures]).toEqual([
      "A broadcast table is above Spark's hard limit (9 GiB of 8 GiB)",
      "driver",
      0.95,
      { limitBytes: 8 * GiB, requestedBytes: 9 * GiB },
    ]);
    expect([changes(c), c.alternatives]).toEqual([[OFF], []]);
  });
  it("above the row limit: the rows as figures", () => {
    const c = find("broadcast-too-large", [
      "org.apache.spark.SparkException: Cannot broadcast the table over 512000000 rows: 600000000 rows",
    ]);
    expect([c.title, c.figures]).toEqual([
      "A broadcast table is above Spark's hard limit",
      { limitRows: 512000000, rows: 600000000 },
    ]);
  });
  it("the driver's heap while building it: the heap figures, and a 6g driver as the alternative", () => {
    const c = find(
      "broadcast-too-large",
      [
        'Exception in thread "broadcast-exchange-0" java.lang.OutOfMemoryError: Not enough memory to build and broadcast the table to all worker nodes.',
      ],
      { conf: { "spark.driver.memory": "4g" }, ...YARN },
    );
    expect(c.title).toBe("The driver ran out of heap building a broadcast table");
    expect(c.figures).toMatchObject({ heapBytes: 4 * GiB, recommendedHeapBytes: 6 * GiB });
    expect(c.alternatives?.map((a) => [changes(a), a.heapBytes])).toEqual([
      [[["spark.driver.memory", "4g", "6g"]], 6 * GiB],
    ]);
  });
});

describe("metaspace-oom", () => {
  it("an executor's Metaspace capped at 256m: doubled in its options, the limit in the explanation", () => {
    const c = find("metaspace-oom", [TASK, "java.lang.OutOfMemoryError: Metaspace"], {
      conf: { "spark.executor.extraJavaOptions": "-XX:MaxMetaspaceSize=256m" },
    });
    expect([c.title, c.process, c.confidence, c.figures]).toEqual([
      "The executor's Metaspace ran out",
      "executor",
      0.9,
      { space: "Metaspace", limitBytes: 256 * MiB },
    ]);
    expect(c.changes.map(({ key, from, to, why }) => [key, from, to, why])).toEqual([
      [
        "spark.executor.extraJavaOptions",
        "-XX:MaxMetaspaceSize=256m",
        "-XX:MaxMetaspaceSize=512m",
        "twice the Metaspace the JVM may use",
      ],
    ]);
    expect(c.explanation).toContain("; spark.executor.extraJavaOptions caps it with -XX:MaxMetaspaceSize");
    expect(c.nextChecks).toHaveLength(1);
  });
  it("no limit set: nothing to double, and the check says where a limit may hide; PermGen (Java 7) likewise", () => {
    for (const [line, space] of [
      ["java.lang.OutOfMemoryError: Metaspace", "Metaspace"],
      ["java.lang.OutOfMemoryError: PermGen space", "PermGen space"],
    ] as const) {
      const c = find("metaspace-oom", [line]);
      expect([c.title, c.figures, c.changes]).toEqual([`The JVM's ${space} ran out`, { space }, []]);
      expect(c.explanation).not.toContain("caps it");
      expect(c.nextChecks).toHaveLength(2);
    }
  });
});

describe("unable-to-acquire-memory", () => {
  it("on the driver: its sizes in the title, a 3g driver heap, no cores to halve", () => {
    const c = find(
      "unable-to-acquire-memory",
      [
        'Exception in thread "main" org.apache.spark.memory.SparkOutOfMemoryError: Unable to acquire 1048576 bytes of memory, got 262144',
      ],
      { conf: { "spark.driver.memory": "2g" }, ...YARN },
    );
    expect([c.title, c.process, c.confidence]).toEqual([
      "A task on the driver asked for 1 MiB of execution memory and got 256 KiB",
      "driver",
      0.9,
    ]);
    expect(c.figures).toMatchObject({ requestedBytes: MiB, gotBytes: 256 * 1024, heapBytes: 2 * GiB });
    expect([changes(c), c.alternatives]).toEqual([[["spark.driver.memory", "2g", "3g"]], []]);
  });
  it("an unnamed process is an executor's; with one core the heap is the change and partitions the alternative", () => {
    const c = find(
      "unable-to-acquire-memory",
      ["org.apache.spark.memory.SparkOutOfMemoryError: Unable to acquire 65536 bytes of memory, got 0"],
      {
        conf: { "spark.executor.memory": "8g", "spark.executor.cores": "1" },
        ...YARN,
      },
    );
    expect([c.title, c.process]).toEqual([
      "A task on the executor asked for 64 KiB of execution memory and got 0 B",
      "executor",
    ]);
    expect(changes(c)).toEqual([["spark.executor.memory", "8g", "12g"]]);
    expect(c.alternatives?.map((a) => changes(a)[0]?.[0])).toEqual(["spark.sql.shuffle.partitions"]);
  });
  it("four cores: fewer cores first, then the larger heap", () => {
    const c = find("unable-to-acquire-memory", [TASK, "Unable to acquire 65536 bytes of memory, got 0"], {
      conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4" },
      ...YARN,
    });
    expect(changes(c)).toEqual([["spark.executor.cores", "4", "2"]]);
    expect(c.alternatives?.[0]).toMatchObject({
      title: "A larger heap",
      containerBytes: 14 * GiB,
      heapBytes: 12 * GiB,
    });
  });
});

describe("native-thread and unknown", () => {
  it("native-thread: Java 11+'s and Java 8's texts, the executor or the JVM", () => {
    const c = find("native-thread", [
      TASK,
      "java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached",
    ]);
    expect([c.title, c.process, c.confidence, c.changes]).toEqual([
      "The executor could not create a native thread — a thread limit or a thread leak, not the heap",
      "executor",
      0.9,
      [],
    ]);
    expect(
      find("native-thread", ["java.lang.OutOfMemoryError: unable to create new native thread"]).title,
    ).toBe("The JVM could not create a native thread — a thread limit or a thread leak, not the heap");
  });
  it("unknown: the first three failure lines, not INFO lines that mention one, at 0.1", () => {
    const c = find("unknown", [
      "24/03/01 INFO SparkContext: Running Spark version 3.5.1 (no Exception here)",
      "24/03/01 ERROR SparkContext: Error initializing SparkContext.",
      "java.lang.IllegalStateException: boom",
      "Job aborted due to stage failure",
      "exited with code 3",
    ]);
    expect([c.title, c.process, c.confidence, c.evidence.length]).toEqual([
      "No known memory failure recognised",
      "driver",
      0.1,
      3,
    ]);
    expect(c.evidence[0]).toContain("Error initializing SparkContext");
    expect(diagnose("24/03/01 INFO Executor: Finished task 1.0; no Error").causes).toEqual([]);
  });
});
