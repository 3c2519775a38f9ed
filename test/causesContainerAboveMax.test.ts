import { describe, expect, it } from "vitest";
import { type Cause, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * container-above-max, whole: each of Spark's Client texts (1.6–2.3, 2.4, 3.0+, the AM) and the
 * ResourceManager's own refusal; the title and figures, the change sized by the model (a smaller heap, or a
 * trimmed explicit overhead), and raising YARN's maximum as the alternative.
 */
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const find = (line: string, opts?: DiagnoseOptions): Cause => {
  const c = diagnose(line, opts).causes.find((x) => x.id === "container-above-max");
  expect(c, line).toBeDefined();
  return c as Cause;
};
const changes = (c: { changes: Cause["changes"] }) =>
  c.changes.map(({ key, from, to, why }) => [key, from, to, why]);
const HEAP = "the largest heap whose container fits under YARN's maximum";
const TRIM = "the overhead that fits beside the heap under YARN's maximum";
const ADMIT = "a maximum that admits the container Spark asks for";
const raise = (from: string, to: number) => [
  [
    `Raise the cluster's maximum (yarn-site.xml): yarn.scheduler.maximum-allocation-mb ≥ ${to}, and yarn.nodemanager.resource.memory-mb at least as much on the nodes`,
    [["yarn.scheduler.maximum-allocation-mb", from, String(to), ADMIT]],
  ],
];
const alternatives = (c: Cause) => c.alternatives?.map((a) => [a.title, changes(a)]);
const TAIL =
  " is above the max threshold (MAX MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.";
const above = (ask: string, max: number) =>
  `java.lang.IllegalArgumentException: ${ask}${TAIL.replace("MAX", String(max))}`;

describe("container-above-max: Spark's Client texts", () => {
  it("3.0+: 4096 + 409 MiB above 3278 MiB; 2894m fits (kept in MiB below 4 GiB); raise the maximum to 5120", () => {
    const c = find(
      above(
        "Required executor memory (4096 MB), offHeap memory (0) MB, overhead (409 MB), and PySpark memory (0 MB)",
        3278,
      ),
    );
    expect([c.title, c.process, c.confidence]).toEqual([
      "The executor's container (4505 MiB) is above YARN's maximum of 3278 MiB",
      "executor",
      0.95,
    ]);
    expect(c.figures).toEqual({
      requestedBytes: 4505 * MiB,
      limitBytes: 3278 * MiB,
      heapBytes: 4 * GiB,
      overheadBytes: 409 * MiB,
      recommendedHeapBytes: 2894 * MiB,
    });
    expect(changes(c)).toEqual([["spark.executor.memory", null, "2894m", HEAP]]);
    expect(alternatives(c)).toEqual(raise("3278", 5120));
    expect(c.nextChecks).toHaveLength(1);
  });
  it("1.6–2.3 (heap+overhead): 8192 + 819 above 8192 MiB; the fitting 7447 MiB shown as whole GiB, 7g", () => {
    const c = find(above("Required executor memory (8192+819 MB)", 8192));
    expect(c.title).toBe("The executor's container (9011 MiB) is above YARN's maximum of 8192 MiB");
    expect(c.figures.overheadBytes).toBe(819 * MiB);
    expect(changes(c)).toEqual([["spark.executor.memory", null, "7g", HEAP]]);
    expect(alternatives(c)).toEqual(raise("8192", 9216));
  });
  it("2.4 with an explicit overhead larger than needed: trimmed to 2g beside the 4g heap; `from` is the configuration's", () => {
    const line = above(
      "Required executor memory (4096), overhead (4096 MB), and PySpark memory (0 MB)",
      6144,
    );
    const bare = find(line);
    expect(changes(bare)).toEqual([["spark.executor.memoryOverhead", null, "2g", TRIM]]);
    expect(bare.figures.recommendedHeapBytes).toBe(4 * GiB);
    const set = find(line, {
      conf: { "spark.executor.memory": "4g", "spark.executor.memoryOverhead": "4g" },
      sparkVersion: "2.4.8",
      master: "yarn",
    });
    expect(changes(set)).toEqual([["spark.executor.memoryOverhead", "4g", "2g", TRIM]]);
    expect(set.figures.recommendedContainerBytes).toBe(6 * GiB);
    expect(set.alternatives?.[0]).toMatchObject({ containerBytes: 8 * GiB, heapBytes: 4 * GiB });
  });
  it("an explicit overhead as large as the heap shrinks with it, keeping its share: 4096 + 4096 MiB under 4200 → 2100m + 2100m", () => {
    const c = find(
      above("Required executor memory (4096), overhead (4096 MB), and PySpark memory (0 MB)", 4200),
    );
    expect(changes(c).map(([k, , to]) => [k, to])).toEqual([
      ["spark.executor.memory", "2100m"],
      ["spark.executor.memoryOverhead", "2100m"],
    ]);
    expect(c.figures.recommendedHeapBytes).toBe(2100 * MiB);
  });
  it("nothing fits (a 512 MiB maximum): no change and no recommended figures, only raising the maximum", () => {
    for (const [ask, max] of [
      [
        "Required executor memory (4096 MB), offHeap memory (0) MB, overhead (409 MB), and PySpark memory (0 MB)",
        512,
      ],
    ] as const) {
      const c = find(above(ask, max));
      expect(c.changes).toEqual([]);
      expect(Object.keys(c.figures)).toEqual(["requestedBytes", "limitBytes", "heapBytes", "overheadBytes"]);
      expect(alternatives(c)?.[0]?.[1]).toEqual([
        ["yarn.scheduler.maximum-allocation-mb", String(max), expect.any(String), ADMIT],
      ]);
    }
  });
  it("3.0+ off-heap and PySpark memory stay in the container: 4g heap in 8192 MiB beside 2048 + 1024", () => {
    const c = find(
      above(
        "Required executor memory (8192 MB), offHeap memory (2048) MB, overhead (819 MB), and PySpark memory (1024 MB)",
        8192,
      ),
    );
    expect(c.figures.requestedBytes).toBe(12083 * MiB);
    expect(changes(c)).toEqual([["spark.executor.memory", null, "4g", HEAP]]);
    expect(alternatives(c)).toEqual(raise("8192", 12288));
  });
});

describe("container-above-max: the AM and the ResourceManager", () => {
  const AM = above("Required AM memory (4096+409 MB)", 2048).replace(
    "java.lang.IllegalArgumentException: ",
    "",
  );
  const yarn = { sparkVersion: "3.5.1", master: "yarn" };
  it("cluster mode: the driver's container and spark.driver.memory, 1664m in 2 GiB", () => {
    const c = find(AM, { conf: { "spark.driver.memory": "4g" }, ...yarn, deployMode: "cluster" });
    expect([c.title, c.process]).toEqual([
      "The driver's container (4505 MiB) is above YARN's maximum of 2048 MiB",
      "driver",
    ]);
    expect(changes(c)).toEqual([["spark.driver.memory", "4g", "1664m", HEAP]]);
    expect(c.figures).toMatchObject({ recommendedHeapBytes: 1664 * MiB, recommendedContainerBytes: 2 * GiB });
    expect(c.alternatives?.[0]).toMatchObject({ containerBytes: 5 * GiB, heapBytes: 4 * GiB });
    expect(c.nextChecks).toHaveLength(2);
  });
  it("client mode: the Application Master and spark.yarn.am.memory", () => {
    const c = find(AM, { conf: { "spark.yarn.am.memory": "4g" }, ...yarn, deployMode: "client" });
    expect([c.title, c.process]).toEqual([
      "The Application Master's container (4505 MiB) is above YARN's maximum of 2048 MiB",
      "am",
    ]);
    expect(changes(c)).toEqual([["spark.yarn.am.memory", "4g", "1664m", HEAP]]);
  });
  it("the ResourceManager's refusal names no overhead: 9216 above 8192 MiB, 7g fits", () => {
    const c = find(
      "org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException: Invalid resource request! Requested resource type=[memory-mb], Requested resource=<memory:9216, vCores:1>, maximum allowed allocation=<memory:8192, vCores:4>",
    );
    expect(c.figures).toEqual({
      requestedBytes: 9216 * MiB,
      limitBytes: 8 * GiB,
      heapBytes: 9216 * MiB,
      recommendedHeapBytes: 7 * GiB,
    });
    expect(changes(c)).toEqual([["spark.executor.memory", null, "7g", HEAP]]);
    expect(alternatives(c)).toEqual(raise("8192", 9216));
  });
  it("not a refusal: the client's INFO line about the maximum", () => {
    const ids = diagnose(
      "INFO Client: Verifying our application has not requested more than the maximum memory capability of the cluster (8192 MB per container)",
    ).causes.map((x) => x.id);
    expect(ids).not.toContain("container-above-max");
  });
});
