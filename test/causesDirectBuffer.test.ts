import { describe, expect, it } from "vitest";
import { type Cause, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * direct-buffer-oom, whole: java.nio.Bits' texts (JDK 8 "Direct buffer memory", JDK 17 "Cannot reserve N bytes
 * … (allocated: A, limit: L)") and Netty's OutOfDirectMemoryError; a set -XX:MaxDirectMemorySize doubled,
 * otherwise shuffle buffers on the heap; remote blocks streamed to disk under the key the version reads.
 */
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const find = (lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = diagnose(lines.join("\n"), opts).causes.find((x) => x.id === "direct-buffer-oom");
  expect(c, lines[0]).toBeDefined();
  return c as Cause;
};
const changes = (c: { changes: Cause["changes"] }) =>
  c.changes.map(({ key, from, to, why }) => [key, from, to, why]);
const TASK = "24/03/01 ERROR Executor: Exception in task 1.0 in stage 2.0 (TID 3)";
const HEAP_BUFFERS = "shuffle and network buffers on the heap, not in direct memory";
const YARN = { sparkVersion: "3.5.1", master: "yarn" };

describe("direct-buffer-oom", () => {
  it("JDK 17's text on an executor with MaxDirectMemorySize=1g: the figures, the flag doubled in place", () => {
    const c = find(
      [
        TASK,
        "java.lang.OutOfMemoryError: Cannot reserve 16777216 bytes of direct buffer memory (allocated: 1065353216, limit: 1073741824)",
      ],
      {
        conf: {
          "spark.executor.memory": "8g",
          "spark.executor.extraJavaOptions": "-XX:+UseG1GC -XX:MaxDirectMemorySize=1g",
        },
        ...YARN,
      },
    );
    expect([c.title, c.process, c.confidence]).toEqual([
      "Direct buffer memory of the executor ran out (1016 MiB of a 1 GiB limit)",
      "executor",
      0.9,
    ]);
    expect(c.figures).toEqual({ requestedBytes: 16 * MiB, usedBytes: 1016 * MiB, limitBytes: GiB });
    expect(changes(c)).toEqual([
      [
        "spark.executor.extraJavaOptions",
        "-XX:+UseG1GC -XX:MaxDirectMemorySize=1g",
        "-XX:+UseG1GC -XX:MaxDirectMemorySize=2g",
        "twice the direct memory the JVM may allocate",
      ],
    ]);
    expect(c.nextChecks).toEqual([
      "spark.executor.extraJavaOptions caps direct memory at 1 GiB; doubling it also needs that much more spark.executor.memoryOverhead (direct buffers are outside the heap but inside the container).",
    ]);
    expect(c.alternatives?.map((a) => [a.title, changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [
        "Stream large remote blocks to disk instead of direct memory (spark.network.maxRemoteBlockSizeFetchToMem=64m; the default is 200m from 3.0, unbounded before)",
        [
          [
            "spark.network.maxRemoteBlockSizeFetchToMem",
            null,
            "64m",
            "remote blocks above 64 MiB go to disk, not to direct memory",
          ],
        ],
        null,
        null,
      ],
      [
        "More room outside the heap for the buffers (a larger overhead)",
        [
          [
            "spark.executor.memoryOverhead",
            null,
            "2g",
            "more room outside the heap, where the container's memory ran out",
          ],
        ],
        10 * GiB,
        8 * GiB,
      ],
    ]);
  });
  it("Netty's text without a flag: both preferDirectBufs off; the model's 2g overhead for a 4g executor", () => {
    const c = find(
      [
        TASK,
        "io.netty.util.internal.OutOfDirectMemoryError: failed to allocate 16777216 byte(s) of direct memory (used: 4278190080, max: 4294967296)",
      ],
      { conf: { "spark.executor.memory": "4g" }, ...YARN },
    );
    expect(c.figures).toEqual({ requestedBytes: 16 * MiB, usedBytes: 4080 * MiB, limitBytes: 4 * GiB });
    expect(changes(c)).toEqual([
      ["spark.shuffle.io.preferDirectBufs", null, "false", HEAP_BUFFERS],
      ["spark.network.io.preferDirectBufs", null, "false", HEAP_BUFFERS],
    ]);
    expect(c.alternatives?.[1]).toMatchObject({ containerBytes: 6 * GiB, heapBytes: 4 * GiB });
  });
  it("JDK 8's text alone: the JVM's, no figures; 2.4 still reads spark.maxRemoteBlockSizeFetchToMem", () => {
    const c = find(["java.lang.OutOfMemoryError: Direct buffer memory"]);
    expect([c.title, c.process, c.figures]).toEqual([
      "Direct buffer memory of the JVM ran out",
      "unknown",
      {},
    ]);
    // the overhead alternative from Spark's defaults on YARN: 2 GiB × 1.1 → 3 GiB beside the 1 GiB heap
    expect(c.alternatives?.[1]?.changes.map((x) => x.to)).toEqual(["2g"]);
    const old = find(["java.lang.OutOfMemoryError: Direct buffer memory"], {
      sparkVersion: "2.4.8",
      master: "yarn",
    });
    expect(old.alternatives?.[0]?.changes.map((x) => [x.key, x.to])).toEqual([
      ["spark.maxRemoteBlockSizeFetchToMem", "64m"],
    ]);
  });
  it("the driver's small flag: 16m doubled is below the 64m floor, so 64m", () => {
    const c = find(['Exception in thread "main" java.lang.OutOfMemoryError: Direct buffer memory'], {
      conf: { "spark.driver.extraJavaOptions": "-XX:MaxDirectMemorySize=16m" },
    });
    expect([c.title, c.process]).toEqual(["Direct buffer memory of the driver ran out", "driver"]);
    expect(changes(c)[0]?.slice(0, 3)).toEqual([
      "spark.driver.extraJavaOptions",
      "-XX:MaxDirectMemorySize=16m",
      "-XX:MaxDirectMemorySize=64m",
    ]);
    expect(c.nextChecks[0]).toMatch(/doubling it also needs that much more overhead \(/);
  });
  it("the driver's and an executor's are two causes; the hit with figures gives them", () => {
    const causes = diagnose(
      [
        'Exception in thread "main" java.lang.OutOfMemoryError: Direct buffer memory',
        TASK,
        "java.lang.OutOfMemoryError: Direct buffer memory",
        TASK,
        "java.lang.OutOfMemoryError: Cannot reserve 1024 bytes of direct buffer memory (allocated: 2048, limit: 4096)",
      ].join("\n"),
    ).causes.filter((c) => c.id === "direct-buffer-oom");
    expect(causes.map((c) => [c.process, c.figures.limitBytes, c.evidence.length])).toEqual([
      ["driver", undefined, 1],
      ["executor", 4096, 2],
    ]);
  });
});
