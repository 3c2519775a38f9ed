import { describe, expect, it } from "vitest";
import { type Cause, type CauseId, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * yarn-pmem-kill and yarn-vmem-kill, whole: the title with the process and YARN's figures, the confidence each
 * text earns, the model's figures for the container, the change and every alternative. Texts: Spark's
 * YarnAllocator, Hadoop's ContainersMonitorImpl, ContainerExitStatus (-103/-104).
 */
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const find = (id: CauseId, lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = diagnose(lines.join("\n"), opts).causes.find((x) => x.id === id);
  expect(c, lines[0]).toBeDefined();
  return c as Cause;
};
const changes = (c: { changes: Cause["changes"] }) => c.changes.map(({ key, from, to }) => [key, from, to]);
const SPARK_PMEM =
  "Container killed by YARN for exceeding physical memory limits. 9.4 GB of 9 GB physical memory used. Consider boosting spark.executor.memoryOverhead.";
const MORE_ROOM = "more room outside the heap, where the container's memory ran out";

describe("yarn-pmem-kill", () => {
  it("executor 3 of an 8g heap: YARN's figures, the model's container and a 3g overhead for 9.4 × 1.1 GiB", () => {
    const c = find("yarn-pmem-kill", [`24/03/01 ERROR YarnScheduler: Lost executor 3 on n1: ${SPARK_PMEM}`], {
      conf: { "spark.executor.memory": "8g" },
      sparkVersion: "3.5.1",
      master: "yarn",
    });
    expect(c.title).toBe(
      "YARN killed executor 3 for its physical memory: 9.4 GiB used of a 9 GiB limit — memory outside the heap ran out, not the heap",
    );
    expect([c.process, c.confidence]).toEqual(["executor", 0.95]);
    expect(c.figures).toEqual({
      containerBytes: 9 * GiB,
      heapBytes: 8 * GiB,
      overheadBytes: 819 * MiB,
      recommendedContainerBytes: 11 * GiB,
      usedBytes: Math.round(9.4 * GiB),
      limitBytes: 9 * GiB,
      executorId: "3",
    });
    expect(c.explanation).toContain(
      "the heap (8 GiB) did not run out; the 819 MiB overhead (spark.executor.memoryOverhead",
    );
    expect(c.changes).toEqual([
      { key: "spark.executor.memoryOverhead", from: null, source: null, to: "3g", why: MORE_ROOM },
    ]);
    expect(c.alternatives?.map((a) => [a.title, changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [
        "Keep the 9 GiB container and move memory from the heap to the overhead (spark.executor.memory 8 GiB → 5 GiB): no larger request, but less execution memory, so more spilling",
        [
          ["spark.executor.memory", "8g", "5g"],
          ["spark.executor.memoryOverhead", null, "4g"],
        ],
        9 * GiB,
        5 * GiB,
      ],
      [
        "More memory per executor: heap 8 GiB → 10 GiB and the larger overhead, when the heap also runs short (raising spark.executor.memory alone adds only 10% outside the heap)",
        [
          ["spark.executor.memory", "8g", "10g"],
          ["spark.executor.memoryOverhead", null, "3g"],
        ],
        13 * GiB,
        10 * GiB,
      ],
    ]);
    // the skew check comes first for an executor
    expect(c.nextChecks[0]).toMatch(/^Was it one task\?/);
    expect(c.codeChanges).toHaveLength(3);
  });
  it("without a configuration: the heap estimated from the limit, an executor without an id, its cores unknown (a check, no alternative)", () => {
    const c = find("yarn-pmem-kill", [SPARK_PMEM]);
    expect(c.title).toBe(
      "YARN killed an executor for its physical memory: 9.4 GiB used of a 9 GiB limit — memory outside the heap ran out, not the heap",
    );
    expect(c.figures).toEqual({
      estimatedHeapBytes: 8 * GiB,
      recommendedContainerBytes: 11 * GiB,
      usedBytes: Math.round(9.4 * GiB),
      limitBytes: 9 * GiB,
    });
    expect(c.alternatives).toEqual([]);
    expect(c.nextChecks.at(-1)).toMatch(/^If each executor runs several tasks at once/);
  });
  it("a configuration the model refuses is named in the next checks", () => {
    const c = find("yarn-pmem-kill", [SPARK_PMEM], { conf: { "spark.executor.memory": "lots" } });
    expect(c.nextChecks.at(-1)).toMatch(/^The configuration could not be modelled: /);
    expect(
      find("yarn-pmem-kill", [SPARK_PMEM]).nextChecks.some((n) => n.includes("could not be modelled")),
    ).toBe(false);
  });
  it("2.x's text without YARN's figures: less sure (0.75), no sizes in the title, the overhead from Spark's defaults (saying so)", () => {
    const c = find("yarn-pmem-kill", [
      "Container killed by YARN for exceeding memory limits. Consider boosting spark.yarn.executor.memoryOverhead.",
    ]);
    expect([c.title, c.confidence, c.figures]).toEqual([
      "YARN killed an executor for its physical memory — memory outside the heap ran out, not the heap",
      0.75,
      // the defaults on YARN: a 1g heap and 384 MiB overhead, 1408 MiB rounded to 2 GiB
      {
        containerBytes: 2 * GiB,
        heapBytes: GiB,
        overheadBytes: 384 * MiB,
        recommendedContainerBytes: 3 * GiB,
      },
    ]);
    // 2 GiB × 1.1 rounded to 3 GiB: the overhead that fills it beside the 1 GiB heap
    expect(changes(c)).toEqual([["spark.executor.memoryOverhead", null, "2g"]]);
    expect(c.nextChecks.at(-1)).toMatch(
      /^No settings were given: the values are computed from Spark's defaults \(Spark 4\.3\.0, the newest line, as no version was given; YARN; spark\.executor\.memory 1g/,
    );
  });
  it("the client-mode AM (container 1): spark.yarn.am.memoryOverhead for a 640 MiB heap in 1 GiB, 2 GiB after", () => {
    const c = find(
      "yarn-pmem-kill",
      [
        "Container [pid=4711,containerID=container_1600000000000_0001_01_000001] is running beyond physical memory limits. Current usage: 1.1 GB of 1 GB physical memory used; 2.6 GB of 2.1 GB virtual memory used. Killing container.",
      ],
      { deployMode: "client" },
    );
    expect(c.title).toBe(
      "YARN killed the Application Master for its physical memory: 1.1 GiB used of a 1 GiB limit — memory outside the heap ran out, not the heap",
    );
    expect(c.figures).toMatchObject({ estimatedHeapBytes: 640 * MiB, recommendedContainerBytes: 2 * GiB });
    expect(changes(c)).toEqual([["spark.yarn.am.memoryOverhead", null, "1408m"]]);
    expect(c.nextChecks.some((n) => n.startsWith("Was it one task?"))).toBe(false);
  });
  it("the cluster-mode driver (container 1) of a 4g heap: 409 MiB overhead in 5 GiB, 2g after", () => {
    const c = find(
      "yarn-pmem-kill",
      [
        "Container [pid=4711,containerID=container_1600000000000_0001_01_000001] is running beyond physical memory limits. Current usage: 5.1 GB of 5 GB physical memory used; 6.6 GB of 10.5 GB virtual memory used. Killing container.",
      ],
      { deployMode: "cluster", conf: { "spark.driver.memory": "4g" } },
    );
    expect(c.title).toMatch(
      /^YARN killed the driver \(the AM container in cluster mode\) for its physical memory: 5\.1 GiB/,
    );
    expect(c.explanation).toContain("the 409 MiB overhead (spark.driver.memoryOverhead");
    expect(changes(c)).toEqual([["spark.driver.memoryOverhead", null, "2g"]]);
  });
  it("a bare exit status -104 (with or without its container): 0.7 and the status as a figure", () => {
    for (const line of [
      "Container marked as failed: container_1600000000000_0001_01_000003 on host: n1. Exit status: -104. Diagnostics: .",
      "Exit status: -104",
    ]) {
      const c = find("yarn-pmem-kill", [line]);
      expect([c.process, c.confidence, c.figures]).toEqual([
        "executor",
        0.7,
        {
          exitStatus: -104,
          containerBytes: 2 * GiB,
          heapBytes: GiB,
          overheadBytes: 384 * MiB,
          recommendedContainerBytes: 3 * GiB,
        },
      ]);
    }
  });
  it("several kills of executors: one cause, the best-documented and largest as its figures, every line as evidence", () => {
    const c = find("yarn-pmem-kill", [
      "Lost executor 3 on n1: Container killed by YARN for exceeding physical memory limits. 9.1 GB of 9 GB physical memory used. Consider boosting spark.executor.memoryOverhead.",
      "Lost executor 4 on n2: Container killed by YARN for exceeding physical memory limits. 9.6 GB of 9 GB physical memory used. Consider boosting spark.executor.memoryOverhead.",
      "Container marked as failed: container_1600000000000_0001_01_000003 on host: n1. Exit status: -104. Diagnostics: .",
    ]);
    expect([c.figures.executorId, c.figures.usedBytes, c.confidence, c.evidence.length]).toEqual([
      "4",
      Math.round(9.6 * GiB),
      0.95,
      3,
    ]);
  });
});

describe("yarn-vmem-kill", () => {
  const SPARK_VMEM =
    "Lost executor 3 on n1: Container killed by YARN for exceeding virtual memory limits. 4.3 GB of 4.2 GB virtual memory used. Consider boosting spark.executor.memoryOverhead or boosting yarn.nodemanager.vmem-pmem-ratio or disabling yarn.nodemanager.vmem-check-enabled because of YARN-4714.";
  const ARENAS = "fewer glibc malloc arenas reserve less address space";
  it("Spark's text for executor 3: the check off, then the ratio, malloc arenas and a larger container", () => {
    const c = find("yarn-vmem-kill", [SPARK_VMEM], { conf: { "spark.executor.memory": "1g" } });
    expect(c.title).toBe(
      "YARN killed executor 3 for its virtual memory: 4.3 GiB of 4.2 GiB virtual memory — address space reserved, not memory used",
    );
    expect(c.figures).toEqual({
      vmemPmemRatio: 2.1,
      usedBytes: Math.round(4.3 * GiB),
      limitBytes: Math.round(4.2 * GiB),
      executorId: "3",
    });
    expect(c.changes).toEqual([
      {
        key: "yarn.nodemanager.vmem-check-enabled",
        from: null,
        source: null,
        to: "false",
        why: "reserved address space is not memory used (YARN-4714)",
      },
    ]);
    expect(
      c.alternatives?.map((a) => [
        a.title.slice(0, 70),
        a.changes.map(({ key, to, why }) => [key, to, why]),
        a.containerBytes,
        a.heapBytes,
      ]),
    ).toEqual([
      [
        "Raise yarn.nodemanager.vmem-pmem-ratio (yarn-site.xml) from 2.1 to 4",
        [["yarn.nodemanager.vmem-pmem-ratio", "4", "a virtual limit above what the JVM reserves"]],
        null,
        null,
      ],
      [
        "Fewer glibc malloc arenas, the usual source of the reserved address sp",
        [
          ["spark.executorEnv.MALLOC_ARENA_MAX", "4", ARENAS],
          ["spark.yarn.appMasterEnv.MALLOC_ARENA_MAX", "4", ARENAS],
        ],
        null,
        null,
      ],
      [
        "A larger container (more overhead) also raises the virtual limit, at t",
        [["spark.executor.memoryOverhead", "2g", MORE_ROOM]],
        3 * GiB,
        1 * GiB,
      ],
    ]);
    expect(c.explanation).toContain("(limit = 2.1 × the physical limit)");
  });
  it("Hadoop's text: the ratio from its two limits, the physical usage quoted", () => {
    const c = find("yarn-vmem-kill", [
      "Container [pid=1,containerID=container_1600000000000_0001_01_000002] is running beyond virtual memory limits. Current usage: 1.1 GB of 2 GB physical memory used; 4.3 GB of 4.2 GB virtual memory used. Killing container.",
    ]);
    expect(c.title).toMatch(
      /^YARN killed an executor for its virtual memory: 4\.3 GiB of 4\.2 GiB virtual memory/,
    );
    expect(c.figures.physicalUsedBytes).toBe(Math.round(1.1 * GiB));
    expect(c.explanation).toContain("the physical memory (1.1 GiB of 2 GiB) was within its limit");
  });
  it("the client-mode AM with a ratio of 5 set: raising it to 6.1 (5.5 GiB × 1.1 over the 1 GiB physical limit)", () => {
    const c = find(
      "yarn-vmem-kill",
      [
        "Container [pid=1,containerID=container_1600000000000_0001_01_000001] is running beyond virtual memory limits. Current usage: 300 MB of 1 GB physical memory used; 5.5 GB of 5 GB virtual memory used. Killing container.",
      ],
      { deployMode: "client", conf: { "yarn.nodemanager.vmem-pmem-ratio": "5" } },
    );
    expect(c.title).toMatch(/^YARN killed the Application Master for its virtual memory/);
    expect(c.figures.vmemPmemRatio).toBe(5);
    expect(c.alternatives?.[0]?.title).toBe(
      "Raise yarn.nodemanager.vmem-pmem-ratio (yarn-site.xml) from 5 to 6.1",
    );
    expect(changes(c.alternatives?.[0] as { changes: Cause["changes"] })).toEqual([
      ["yarn.nodemanager.vmem-pmem-ratio", "5", "6.1"],
    ]);
    expect(changes(c.alternatives?.[2] as { changes: Cause["changes"] })).toEqual([
      ["spark.yarn.am.memoryOverhead", null, "1536m"],
    ]);
  });
  it("a bare exit status -103: 0.7, the default ratio, the overhead alternative from Spark's defaults", () => {
    const c = find("yarn-vmem-kill", [
      "Container marked as failed: container_1600000000000_0001_01_000003 on host: n1. Exit status: -103. Diagnostics: .",
    ]);
    expect([c.title, c.confidence, c.figures]).toEqual([
      "YARN killed an executor for its virtual memory — address space reserved, not memory used",
      0.7,
      { vmemPmemRatio: 2.1 },
    ]);
    expect(changes(c.alternatives?.[2] as { changes: Cause["changes"] })).toEqual([
      ["spark.executor.memoryOverhead", null, "2g"],
    ]);
  });
});
