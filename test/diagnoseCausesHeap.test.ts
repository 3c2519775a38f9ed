import { describe, expect, it } from "vitest";
import { type Cause, type CauseId, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * The heap causes (heap-oom, gc-overhead through heapShared.ts), max-result-size, broadcast-too-large,
 * unable-to-acquire-memory, metaspace-oom, disk-full-spill, executor-lost-fetch-failed and unknown: the
 * branches the other tests leave open — several hits in one process, a broadcast behind a heap OOM, an
 * unnamed JVM, each cluster manager's advice, limits read from the options, two processes in one log.
 */
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const all = (lines: string[], opts?: DiagnoseOptions): Cause[] => diagnose(lines.join("\n"), opts).causes;
const find = (id: CauseId, lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = all(lines, opts).find((x) => x.id === id);
  expect(c, lines.join(" | ")).toBeDefined();
  return c as Cause;
};
const changes = (c: { changes: Cause["changes"] }) => c.changes.map(({ key, from, to }) => [key, from, to]);
const whys = (c: { changes: Cause["changes"] }) => c.changes.map((x) => x.why);
const frame = (f: string) => `\tat ${f}`;
const HEAP = "java.lang.OutOfMemoryError: Java heap space";
const GC = "java.lang.OutOfMemoryError: GC overhead limit exceeded";
const TASK = "24/03/01 ERROR Executor: Exception in task 3.0 in stage 5.0 (TID 45)";
const SORT = frame("org.apache.spark.sql.execution.SortExec.doExecute(SortExec.scala:112)");
const YARN = { sparkVersion: "3.5.1", master: "yarn" };

describe("heap-oom and gc-overhead (heapShared)", () => {
  it("an executor's exit code 52 and its heap-space trace are one cause at the heap space's 0.9, with the id of the loss", () => {
    const c = find("heap-oom", [
      "ExecutorLostFailure (executor 7 exited caused by one of the running tasks) Reason: Command exited with code 52",
      TASK,
      HEAP,
    ]);
    expect([c.process, c.confidence, c.figures.executorId, c.evidence.length]).toEqual([
      "executor",
      0.9,
      "7",
      2,
    ]);
  });
  it("each exit-52 text alone is an executor's heap OOM at 0.6 (Kubernetes' '(JVM OOM)', YARN's 'Exit status')", () => {
    for (const line of [
      "The executor with id 4 exited with exit code 52(JVM OOM).",
      "ExecutorLostFailure (executor 4 exited caused by one of the running tasks) Reason: Command exited with code 52",
    ]) {
      const c = find("heap-oom", [line]);
      expect([c.process, c.confidence, c.figures.executorId], line).toEqual(["executor", 0.6, "4"]);
    }
    expect(
      all(["ExecutorLostFailure (executor 4 exited) Reason: Command exited with code 520"]).map((c) => c.id),
    ).not.toContain("heap-oom");
  });
  it("a heap OOM behind 'Not enough memory to build and broadcast': 0.3 less sure, so broadcast-too-large ranks first", () => {
    const causes = all(
      [
        'Exception in thread "broadcast-exchange-0" java.lang.OutOfMemoryError: Not enough memory to build and broadcast the table to all worker nodes.',
        `Caused by: ${HEAP}`,
      ],
      { conf: { "spark.driver.memory": "4g" }, ...YARN },
    );
    expect(causes.map((c) => [c.id, c.process])).toEqual([
      ["broadcast-too-large", "driver"],
      ["heap-oom", "driver"],
    ]);
    const heap = causes[1] as Cause;
    expect(heap.confidence).toBe(0.6);
    expect(heap.title).toBe(
      "The Java heap of the driver ran out while building a broadcast: the table is collected to the driver first",
    );
    expect(changes(heap)).toEqual([["spark.driver.memory", "4g", "6g"]]);
    expect(heap.figures).toMatchObject({ heapBytes: 4 * GiB, recommendedHeapBytes: 6 * GiB });
  });
  it("an unnamed JVM reads its frames as an executor's and sizes spark.executor.memory from Spark's defaults: 0.75 for GC overhead", () => {
    const c = find("gc-overhead", [GC, SORT]);
    // the defaults on YARN (4.3, Java 17 G1): a 1 GiB heap, (1 GiB − 300 MiB) × 0.6 for its one task, a
    // 1408 MiB request rounded to 2 GiB; 2g after
    expect([c.title, c.process, c.confidence, c.figures]).toEqual([
      "The Java heap of a JVM (the input does not say whether driver or executor) ran out while sorting",
      "unknown",
      0.75,
      {
        heapBytes: GiB,
        taskSlots: 1,
        perTaskExecutionMaxBytes: 455501414,
        containerBytes: 2 * GiB,
        recommendedHeapBytes: 2 * GiB,
        recommendedContainerBytes: 3 * GiB,
      },
    ]);
    expect(changes(c)).toEqual([["spark.executor.memory", null, "2g"]]);
    expect(whys(c).every((w) => w.length > 0)).toBe(true);
    // one core by default: nothing to halve; 200 shuffle partitions ×4
    expect(c.alternatives?.map((a) => changes(a))).toEqual([[["spark.sql.shuffle.partitions", null, "800"]]]);
    // the default's size is in the figures, not stated as the job's in the explanation
    expect(c.explanation).toContain(" The heap is spark.executor.memory;");
    expect(c.codeChanges).toHaveLength(1);
    expect(c.nextChecks).toHaveLength(2);
    expect(c.nextChecks[1]).toMatch(/^No settings were given: the values are computed from Spark's defaults/);
  });
  it("a driver's GC overhead in cluster mode: the heap and container from the model, no executor sentence, no checks", () => {
    const c = find("gc-overhead", [`Exception in thread "main" ${GC}`], {
      conf: { "spark.driver.memory": "4g" },
      ...YARN,
      deployMode: "cluster",
    });
    expect([c.title, c.process, c.confidence]).toEqual([
      "The Java heap of the driver ran out",
      "driver",
      0.85,
    ]);
    expect(c.figures).toEqual({
      heapBytes: 4 * GiB,
      taskSlots: 0,
      containerBytes: 5 * GiB,
      recommendedHeapBytes: 6 * GiB,
      recommendedContainerBytes: 7 * GiB,
    });
    expect(c.explanation).toContain("The heap (4 GiB) is spark.driver.memory;");
    expect(c.explanation).not.toContain("On an executor");
    expect([c.codeChanges, c.nextChecks, c.alternatives]).toEqual([[], [], []]);
  });
  it("an executor's heap OOM names its heap and the shared execution memory in the explanation", () => {
    const c = find("heap-oom", [TASK, HEAP, SORT], {
      conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4" },
      ...YARN,
    });
    expect(c.explanation).toContain(" The heap (8 GiB) is spark.executor.memory;");
    expect(c.explanation).toContain("(spark.memory.fraction of the heap)");
    expect(c.figures).toMatchObject({ heapBytes: 8 * GiB, taskSlots: 4, recommendedHeapBytes: 12 * GiB });
    expect(c.figures.executorId).toBeUndefined();
  });
  it("the executor's explanation is the unnamed JVM's plus the execution-memory sentence (same heap key, no sizes)", () => {
    const unnamed = find("heap-oom", [HEAP]);
    const executor = find("heap-oom", [TASK, HEAP]);
    expect(unnamed.process).toBe("unknown");
    expect(executor.explanation.startsWith(unnamed.explanation)).toBe(true);
    expect(executor.explanation.slice(unnamed.explanation.length)).toContain("spark.memory.fraction");
    expect(executor.nextChecks).toHaveLength(2);
    expect(executor.nextChecks[0]).toContain("sparkmem analyze");
  });
  it("a driver and an executor in one log are two causes, each with its own heap key", () => {
    const causes = all([`Exception in thread "main" ${HEAP}`, TASK, HEAP]).filter((c) => c.id === "heap-oom");
    expect(causes.map((c) => [c.process, changes(c)[0]?.[0]])).toEqual([
      ["driver", "spark.driver.memory"],
      ["executor", "spark.executor.memory"],
    ]);
  });
  it("'Requested array size exceeds VM limit' is a heap OOM too", () => {
    const c = find("heap-oom", [TASK, "java.lang.OutOfMemoryError: Requested array size exceeds VM limit"]);
    expect([c.process, c.confidence]).toEqual(["executor", 0.9]);
  });
});

describe("max-result-size", () => {
  const total = (size: string, limit: string) =>
    `org.apache.spark.SparkException: Job aborted due to stage failure: Total size of serialized results of 16 tasks (${size}) is bigger than spark.driver.maxResultSize (${limit})`;
  it("without a configuration the heap is Spark's default 1g: the limit and a driver heap twice it, saying so", () => {
    const c = find("max-result-size", [total("3.0 GiB", "1024.0 MiB")]);
    // 3 GiB × 1.5 = 4.5 GiB → 5g; the default 1 GiB driver heap → 10g, twice the limit
    expect(changes(c)).toEqual([
      ["spark.driver.maxResultSize", null, "5g"],
      ["spark.driver.memory", null, "10g"],
    ]);
    expect(whys(c)[0]).toContain("results");
    expect(c.figures).toEqual({
      requestedBytes: 3 * GiB,
      limitBytes: GiB,
      tasks: 16,
      heapBytes: GiB,
      recommendedHeapBytes: 10 * GiB,
    });
    expect(c.nextChecks).toHaveLength(3);
    expect(c.nextChecks[1]).toMatch(/^No settings were given/);
    expect(c.alternatives?.map((a) => changes(a))).toEqual([[["spark.driver.maxResultSize", null, "0"]]]);
    expect(c.alternatives?.[0]?.changes[0]?.why).not.toBe("");
    expect(c.codeChanges).toHaveLength(1);
  });
  it("small results still get a 2g limit; a heap above twice it is left alone", () => {
    const c = find("max-result-size", [total("600.0 MiB", "512.0 MiB")], {
      conf: { "spark.driver.memory": "8g", "spark.driver.maxResultSize": "512m" },
      ...YARN,
    });
    expect(changes(c)).toEqual([["spark.driver.maxResultSize", "512m", "2g"]]);
    expect(c.figures.heapBytes).toBeUndefined();
    expect(c.figures.recommendedHeapBytes).toBeUndefined();
    expect(c.alternatives?.map((a) => changes(a))).toEqual([[["spark.driver.maxResultSize", "512m", "0"]]]);
  });
  it("a heap of one MiB above twice the limit is left alone too (2 × 2g = 4096m < 4097m)", () => {
    const c = find("max-result-size", [total("1.1 GiB", "1024.0 MiB")], {
      conf: { "spark.driver.memory": "4097m" },
      ...YARN,
    });
    expect(changes(c)).toEqual([["spark.driver.maxResultSize", null, "2g"]]);
  });
  it("the check names the new limit: 6 GiB results need a 9g limit and an 18g heap", () => {
    const c = find("max-result-size", [total("6.0 GiB", "4.0 GiB")], {
      conf: { "spark.driver.memory": "8g" },
      ...YARN,
    });
    expect(changes(c)).toEqual([
      ["spark.driver.maxResultSize", null, "9g"],
      ["spark.driver.memory", "8g", "18g"],
    ]);
    expect(c.figures).toMatchObject({ heapBytes: 8 * GiB, recommendedHeapBytes: 18 * GiB });
    expect(whys(c).every((w) => w.length > 0)).toBe(true);
    expect(c.nextChecks[0]).toMatch(
      /^A 9 GiB limit needs a driver heap of at least twice that: spark\.driver\.memory/,
    );
    expect(c.nextChecks[1]).toMatch(/^Many small results add up too: 16 tasks/);
    // above 4 GiB of results: the third check
    expect(c.nextChecks).toHaveLength(3);
  });
  it("a dropped result before the total: the total's figures and 0.95, both lines as evidence", () => {
    const dropped =
      "24/03/01 WARN TaskSetManager: Result is larger than maxResultSize (1100.0 MiB > 1024.0 MiB), dropping it";
    const c = find("max-result-size", [dropped, total("2.0 GiB", "1024.0 MiB")]);
    expect([c.confidence, c.figures]).toEqual([
      0.95,
      { requestedBytes: 2 * GiB, limitBytes: GiB, tasks: 16, heapBytes: GiB, recommendedHeapBytes: 6 * GiB },
    ]);
    expect(changes(c)).toEqual([
      ["spark.driver.maxResultSize", null, "3g"],
      ["spark.driver.memory", null, "6g"],
    ]);
    expect(c.evidence).toHaveLength(2);
  });
  it("the dropped result alone: 0.8 and no task count; a total without a count has none either", () => {
    const c = find("max-result-size", [
      "24/03/01 WARN TaskSetManager: Result is larger than maxResultSize (3.0 GiB > 1024.0 MiB), dropping it",
    ]);
    expect([c.process, c.confidence, c.figures]).toEqual([
      "driver",
      0.8,
      { requestedBytes: 3 * GiB, limitBytes: GiB, heapBytes: GiB, recommendedHeapBytes: 10 * GiB },
    ]);
    expect(changes(c)).toEqual([
      ["spark.driver.maxResultSize", null, "5g"],
      ["spark.driver.memory", null, "10g"],
    ]);
    const noCount = find("max-result-size", [
      "Total size of serialized results (3.0 GiB) is bigger than spark.driver.maxResultSize (1024.0 MiB)",
    ]);
    expect([noCount.confidence, noCount.figures]).toEqual([
      0.95,
      { requestedBytes: 3 * GiB, limitBytes: GiB, heapBytes: GiB, recommendedHeapBytes: 10 * GiB },
    ]);
  });
  it("just above 4 GiB of results adds the design check; exactly 4 GiB does not", () => {
    const design = (c: Cause) => c.nextChecks.some((n) => /design smell/.test(n));
    expect(design(find("max-result-size", [total("4.1 GiB", "4.0 GiB")]))).toBe(true);
    expect(design(find("max-result-size", [total("4.0 GiB", "2.0 GiB")]))).toBe(false);
  });
});

describe("broadcast-too-large", () => {
  it("4.0's text (8.0 GiB, a decimal size): the title with both; no heap figures, alternative or client-mode heap check without an OOM", () => {
    const c = find(
      "broadcast-too-large",
      [
        "org.apache.spark.SparkException: [_LEGACY_ERROR_TEMP_2249] Cannot broadcast the table that is larger than 8.0 GiB: 9.5 GiB.",
      ],
      { conf: { "spark.driver.memory": "4g" }, ...YARN },
    );
    expect([c.title, c.process, c.confidence]).toEqual([
      "A broadcast table is above Spark's hard limit (9.5 GiB of 8 GiB)",
      "driver",
      0.95,
    ]);
    expect(c.figures).toEqual({ limitBytes: 8 * GiB, requestedBytes: Math.round(9.5 * GiB) });
    expect(changes(c)).toEqual([["spark.sql.autoBroadcastJoinThreshold", null, "-1"]]);
    expect(whys(c)[0]).toContain("broadcast");
    expect(c.alternatives).toEqual([]);
    expect(c.codeChanges).toHaveLength(2);
    expect(c.nextChecks).toHaveLength(1);
  });
  it("the threshold already set is the change's from", () => {
    const c = find(
      "broadcast-too-large",
      ["Cannot broadcast the table over 512000000 rows: 512000001 rows"],
      { conf: { "spark.sql.autoBroadcastJoinThreshold": "100m" } },
    );
    expect(changes(c)).toEqual([["spark.sql.autoBroadcastJoinThreshold", "100m", "-1"]]);
    expect(c.figures).toEqual({ limitRows: 512000000, rows: 512000001 });
  });
  it("the OOM and the size limit in one log: the OOM's title, both sizes and the heap in the figures", () => {
    const c = find(
      "broadcast-too-large",
      [
        "org.apache.spark.SparkException: Cannot broadcast the table that is larger than 8GB: 9 GB",
        'Exception in thread "broadcast-exchange-0" java.lang.OutOfMemoryError: Not enough memory to build and broadcast the table to all worker nodes.',
      ],
      { conf: { "spark.driver.memory": "4g" }, ...YARN, deployMode: "cluster" },
    );
    expect(c.title).toBe("The driver ran out of heap building a broadcast table");
    expect(c.figures).toEqual({
      limitBytes: 8 * GiB,
      requestedBytes: 9 * GiB,
      heapBytes: 4 * GiB,
      taskSlots: 0,
      containerBytes: 5 * GiB,
      recommendedHeapBytes: 6 * GiB,
      recommendedContainerBytes: 7 * GiB,
    });
    expect(c.alternatives?.map((a) => [changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [[["spark.driver.memory", "4g", "6g"]], 7 * GiB, 6 * GiB],
    ]);
    expect(c.evidence).toHaveLength(2);
    expect(c.nextChecks).toHaveLength(1);
  });
  it("the OOM without a configuration: the default 1g driver heap to 2g, the client-mode check, saying so", () => {
    const c = find("broadcast-too-large", [
      'Exception in thread "broadcast-exchange-0" java.lang.OutOfMemoryError: Not enough memory to build and broadcast the table to all worker nodes.',
    ]);
    expect(c.figures).toEqual({ heapBytes: GiB, taskSlots: 0, recommendedHeapBytes: 2 * GiB });
    expect(c.alternatives?.map((a) => [changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [[["spark.driver.memory", null, "2g"]], null, 2 * GiB],
    ]);
    expect(c.nextChecks).toHaveLength(3);
    expect(c.nextChecks[1]).toContain("--driver-memory");
    expect(c.nextChecks[2]).toMatch(/^No settings were given/);
  });
});

describe("unable-to-acquire-memory", () => {
  const UNABLE =
    "org.apache.spark.memory.SparkOutOfMemoryError: Unable to acquire 65536 bytes of memory, got 0";
  it("3.3+'s error class and 4.0's period are read; the figures are the first hit's", () => {
    const c = find("unable-to-acquire-memory", [
      TASK,
      "org.apache.spark.memory.SparkOutOfMemoryError: [UNABLE_TO_ACQUIRE_MEMORY] Unable to acquire 262144 bytes of memory, got 131072. SQLSTATE: 53200",
      TASK,
      UNABLE,
    ]);
    expect([c.title, c.process, c.confidence, c.evidence.length]).toEqual([
      "A task on the executor asked for 256 KiB of execution memory and got 128 KiB",
      "executor",
      0.9,
      2,
    ]);
    expect(c.figures).toEqual({
      heapBytes: GiB,
      taskSlots: 1,
      perTaskExecutionMaxBytes: 455501414,
      containerBytes: 2 * GiB,
      recommendedHeapBytes: 2 * GiB,
      recommendedContainerBytes: 3 * GiB,
      requestedBytes: 262144,
      gotBytes: 131072,
    });
    expect(c.codeChanges).toHaveLength(1);
  });
  it("without a configuration: Spark's default one core has nothing to halve, so the larger heap, then the partitions", () => {
    const c = find("unable-to-acquire-memory", [TASK, UNABLE]);
    expect(changes(c)).toEqual([["spark.executor.memory", null, "2g"]]);
    expect(c.alternatives?.map((a) => [changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [[["spark.sql.shuffle.partitions", null, "800"]], 2 * GiB, GiB],
    ]);
  });
  it("four cores with a configuration: the halved cores, then the heap with its sizes, then 800 partitions", () => {
    const c = find("unable-to-acquire-memory", [TASK, UNABLE], {
      conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4" },
      ...YARN,
    });
    expect(changes(c)).toEqual([["spark.executor.cores", "4", "2"]]);
    expect(c.alternatives?.map((a) => [changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [[["spark.executor.memory", "8g", "12g"]], 14 * GiB, 12 * GiB],
      [[["spark.sql.shuffle.partitions", null, "800"]], 9 * GiB, 8 * GiB],
    ]);
    expect(c.figures).toMatchObject({ heapBytes: 8 * GiB, taskSlots: 4, recommendedHeapBytes: 12 * GiB });
  });
  it("a process the input does not name is taken for an executor", () => {
    const c = find("unable-to-acquire-memory", [UNABLE]);
    expect([c.process, c.title]).toEqual([
      "executor",
      "A task on the executor asked for 64 KiB of execution memory and got 0 B",
    ]);
  });
  it("the driver and an executor in one log are two causes, each with its own heap", () => {
    const causes = all([
      `Exception in thread "main" ${UNABLE}`,
      TASK,
      "org.apache.spark.memory.SparkOutOfMemoryError: Unable to acquire 1048576 bytes of memory, got 0",
    ]).filter((c) => c.id === "unable-to-acquire-memory");
    expect(causes.map((c) => [c.process, c.figures.requestedBytes, changes(c)[0]?.[0]])).toEqual([
      ["driver", 65536, "spark.driver.memory"],
      ["executor", MiB, "spark.executor.memory"],
    ]);
  });
});

describe("metaspace-oom", () => {
  it("the compressed class space without a limit: 2g in the executor's options, kept beside the other flags", () => {
    const c = find("metaspace-oom", [TASK, "java.lang.OutOfMemoryError: Compressed class space"], {
      conf: { "spark.executor.extraJavaOptions": "-XX:+UseG1GC" },
    });
    expect([c.title, c.process, c.figures]).toEqual([
      "The executor's Compressed class space ran out",
      "executor",
      { space: "Compressed class space" },
    ]);
    expect(changes(c)).toEqual([
      ["spark.executor.extraJavaOptions", "-XX:+UseG1GC", "-XX:+UseG1GC -XX:CompressedClassSpaceSize=2g"],
    ]);
    expect(whys(c)[0]).toContain("1 GiB");
    expect(c.evidence).toEqual(["java.lang.OutOfMemoryError: Compressed class space"]);
    expect(c.explanation).not.toContain("caps it");
    expect(c.nextChecks).toHaveLength(1);
  });
  it("the compressed class space capped at 512m is doubled to 1g", () => {
    const c = find("metaspace-oom", [TASK, "java.lang.OutOfMemoryError: Compressed class space"], {
      conf: { "spark.executor.extraJavaOptions": "-XX:CompressedClassSpaceSize=512m -XX:+UseG1GC" },
    });
    expect(c.figures).toEqual({ space: "Compressed class space", limitBytes: 512 * MiB });
    expect(changes(c)).toEqual([
      [
        "spark.executor.extraJavaOptions",
        "-XX:CompressedClassSpaceSize=512m -XX:+UseG1GC",
        "-XX:CompressedClassSpaceSize=1g -XX:+UseG1GC",
      ],
    ]);
    expect(whys(c)[0]).toContain("Compressed class space");
    expect(c.codeChanges).toHaveLength(1);
    const unlimited = find("metaspace-oom", [TASK, "java.lang.OutOfMemoryError: Compressed class space"]);
    expect(
      c.explanation.replace(
        "; spark.executor.extraJavaOptions caps it with -XX:CompressedClassSpaceSize",
        "",
      ),
    ).toBe(unlimited.explanation);
    expect(c.explanation).toContain(
      "spark.executor.extraJavaOptions caps it with -XX:CompressedClassSpaceSize",
    );
  });
  it("the driver's Metaspace capped at 384m: 768m in spark.driver.extraJavaOptions, not the executor's", () => {
    const c = find("metaspace-oom", [`Exception in thread "main" java.lang.OutOfMemoryError: Metaspace`], {
      conf: {
        "spark.driver.extraJavaOptions": "-XX:MaxMetaspaceSize=384m",
        "spark.executor.extraJavaOptions": "-XX:MaxMetaspaceSize=1g",
      },
    });
    expect([c.title, c.process, c.figures]).toEqual([
      "The driver's Metaspace ran out",
      "driver",
      { space: "Metaspace", limitBytes: 384 * MiB },
    ]);
    expect(changes(c)).toEqual([
      ["spark.driver.extraJavaOptions", "-XX:MaxMetaspaceSize=384m", "-XX:MaxMetaspaceSize=768m"],
    ]);
    expect(c.nextChecks).toHaveLength(1);
  });
  it("an unnamed JVM reads the executor's options; a driver and an executor are two causes", () => {
    const c = find("metaspace-oom", ["java.lang.OutOfMemoryError: Metaspace"], {
      conf: { "spark.executor.extraJavaOptions": "-XX:MaxMetaspaceSize=1g" },
    });
    expect([c.title, c.figures.limitBytes, changes(c)[0]?.[2]]).toEqual([
      "The JVM's Metaspace ran out",
      GiB,
      "-XX:MaxMetaspaceSize=2g",
    ]);
    const two = all([
      `Exception in thread "main" java.lang.OutOfMemoryError: Metaspace`,
      TASK,
      "java.lang.OutOfMemoryError: Metaspace",
    ]).filter((x) => x.id === "metaspace-oom");
    expect(two.map((x) => x.process)).toEqual(["driver", "executor"]);
  });
  it("Metaspace without a limit: no change (nothing to double), and the check on where a limit may hide", () => {
    const c = find("metaspace-oom", [TASK, "java.lang.OutOfMemoryError: Metaspace"], {
      conf: { "spark.executor.extraJavaOptions": "-XX:+UseG1GC" },
    });
    expect([c.figures, c.changes, c.nextChecks.length]).toEqual([{ space: "Metaspace" }, [], 2]);
  });
});

describe("disk-full-spill", () => {
  const NO_SPACE = "java.io.IOException: No space left on device";
  it("one of two hits in a spill writer's record is enough for 0.9", () => {
    const c = find("disk-full-spill", [
      "java.io.FileNotFoundException: /tmp/hive/x.pipeout (No space left on device)",
      "24/03/01 INFO Executor: Finished task 1.0 in stage 2.0 (TID 3)",
      TASK,
      NO_SPACE,
      frame("org.apache.spark.storage.DiskBlockObjectWriter.commitAndGet(DiskBlockObjectWriter.scala:1)"),
    ]);
    expect([c.title, c.process, c.confidence, c.evidence.length]).toEqual([
      "The local disk filled up while spilling or writing shuffle data",
      "executor",
      0.9,
      2,
    ]);
  });
  it("the block manager's path anywhere in the input, and df on its parent; 0.9 only when it is in the hit's record", () => {
    const created =
      "24/03/01 INFO DiskBlockManager: Created local directory at /var/data/spark-1/blockmgr-4f2e-9a";
    const c = find(
      "disk-full-spill",
      [created, "24/03/01 INFO MemoryStore: MemoryStore started with capacity 4.1 GiB", NO_SPACE],
      { master: "k8s://https://k:443" },
    );
    expect([c.confidence, c.figures]).toEqual([0.5, { path: "/var/data/spark-1/blockmgr-4f2e-9a" }]);
    expect(c.nextChecks[0]).toContain("spark-local-dir-1");
    expect([c.codeChanges.length, c.nextChecks.length]).toEqual([1, 2]);
    expect(c.nextChecks[1]).toContain("(df -h /var/data/spark-1)");
    expect(find("disk-full-spill", [created, NO_SPACE]).confidence).toBe(0.9);
  });
  it("no configuration: the larger heap from Spark's defaults (1g → 2g, 3 GiB container); YARN's local-dirs from the master", () => {
    const c = find("disk-full-spill", [NO_SPACE], { master: "yarn" });
    expect(c.changes).toEqual([]);
    expect(c.alternatives?.map((a) => [changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [[["spark.executor.memory", null, "2g"]], 3 * GiB, 2 * GiB],
    ]);
    expect(c.nextChecks[0]).toContain("yarn.nodemanager.local-dirs");
    const standalone = find("disk-full-spill", [NO_SPACE], { master: "spark://m:7077" }).nextChecks[0];
    expect(standalone).toContain("spark.local.dir (SPARK_LOCAL_DIRS)");
    expect(standalone).not.toContain("yarn.nodemanager");
  });
});

describe("executor-lost-fetch-failed", () => {
  it("the loss reason is trimmed, the first shuffle id named wins (12, not 7), and the loss is evidence too", () => {
    const c = find("executor-lost-fetch-failed", [
      "24/03/01 ERROR YarnScheduler: Lost executor 3 on n1: Remote RPC client disassociated.   ",
      "org.apache.spark.shuffle.FetchFailedException: Failed to connect to /10.0.0.5:7337",
      "FetchFailed(null, shuffleId=12, mapIndex=-1, mapId=-1, reduceId=2, message=",
      "org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 7 partition 3",
    ]);
    expect(c.title).toBe(
      "Shuffle fetches failed after executor 3 was lost: Remote RPC client disassociated. — the loss is the root cause",
    );
    expect(c.figures).toEqual({
      executorId: "3",
      lossReason: "Remote RPC client disassociated.",
      shuffleId: 12,
    });
    expect(c.evidence).toHaveLength(4);
    expect([c.process, c.confidence, c.nextChecks.length]).toEqual(["executor", 0.6, 2]);
  });
  it("'Missing an output location' alone: its shuffle id (17), no loss, 0.4", () => {
    const c = find("executor-lost-fetch-failed", [
      "org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 17 partition 3",
    ]);
    expect([c.process, c.confidence, c.figures]).toEqual(["executor", 0.4, { shuffleId: 17 }]);
    expect(c.nextChecks).toHaveLength(2);
  });
  it("a long reason is cut to 120 characters in the title and kept whole in the figures", () => {
    const reason =
      "Container killed by YARN for exceeding physical memory limits. 10.4 GB of 10 GB physical memory used. Consider boosting spark.executor.memoryOverhead.";
    const c = find("executor-lost-fetch-failed", [
      `24/03/01 ERROR YarnScheduler: Lost executor 3 on n1: ${reason}`,
      "org.apache.spark.shuffle.FetchFailedException: Failed to connect to /10.0.0.5:7337",
    ]);
    expect(c.title).toBe(
      `Shuffle fetches failed after executor 3 was lost: ${reason.slice(0, 120)} — the loss is the root cause`,
    );
    expect(c.figures.lossReason).toBe(reason);
  });
  it("shuffle tracking is proposed only for dynamic allocation without a shuffle service, with its why", () => {
    const lines = ["org.apache.spark.shuffle.FetchFailedException: Failed to connect to /10.0.0.5:7337"];
    const c = find("executor-lost-fetch-failed", lines, {
      conf: { "spark.dynamicAllocation.enabled": "true", "spark.shuffle.service.enabled": "false" },
    });
    expect(changes(c)).toEqual([["spark.dynamicAllocation.shuffleTracking.enabled", null, "true"]]);
    expect(whys(c)[0]).toContain("dynamic allocation");
    expect(find("executor-lost-fetch-failed", lines, { conf: {} }).changes).toEqual([]);
    const service = { "spark.dynamicAllocation.enabled": "true", "spark.shuffle.service.enabled": "true" };
    expect(find("executor-lost-fetch-failed", lines, { conf: service }).changes).toEqual([]);
  });
});

describe("unknown", () => {
  it("FATAL, an exception class, 'Job aborted' and a non-zero exit code are failures; the process is the first's", () => {
    const c = find("unknown", [
      "24/03/01 INFO Executor: Running task 1.0 in stage 2.0 (TID 3)",
      "24/03/01 FATAL Executor: Exception in task 1.0 in stage 2.0 (TID 3)",
      "24/03/01 WARN Foo: something odd",
    ]);
    expect([c.process, c.evidence]).toEqual([
      "executor",
      ["24/03/01 FATAL Executor: Exception in task 1.0 in stage 2.0 (TID 3)"],
    ]);
    expect([c.confidence, c.nextChecks.length]).toEqual([0.1, 3]);
    for (const line of [
      "org.example.MyAppException: the input file is missing",
      "Job aborted due to stage failure: Task 1 in stage 2.0 failed 4 times",
      "Container exited with code 3",
      "Process exit code 1",
    ]) {
      expect(find("unknown", [line]).evidence, line).toEqual([line]);
    }
  });
  it("at most the first three failure lines are evidence", () => {
    const lines = [
      "24/03/01 ERROR SparkContext: Error initializing SparkContext.",
      "java.io.FileNotFoundException: File file:/data/in.csv does not exist",
      "24/03/01 ERROR Utils: Uncaught exception in thread main",
      "24/03/01 ERROR ApplicationMaster: User class threw exception: java.io.FileNotFoundException: File file:/data/in.csv does not exist",
    ];
    expect(find("unknown", lines).evidence).toEqual(lines.slice(0, 3));
  });
  it("near-misses: exit code 0, an INFO or DEBUG line naming an error, and words that only contain 'Error'", () => {
    for (const line of [
      "Container exited with code 0",
      "INFO Client: final status: SUCCEEDED, errors: none, ErrorHandler registered",
      "24/03/01 DEBUG TaskSetManager: no Exception thrown",
      "2024-03-01 10:00:00,123 INFO Foo: IOException handled",
      "ErrorsCount=0",
    ]) {
      expect(
        diagnose(line).causes.map((x) => x.id),
        line,
      ).not.toContain("unknown");
    }
  });
});
