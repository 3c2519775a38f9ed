import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { explain } from "../src/model/explain.js";
import { largestHeapThatFits } from "../src/model/inverse.js";
import { MAX_MIB } from "../src/model/limits.js";
import { type Refusal, refusal } from "./support/refusal.js";

/**
 * Sizes past what Spark can size (src/model/limits.ts): Spark's memory entries are Java longs, but it narrows
 * them to a Java int of MiB where it sizes containers and heaps (YarnAllocator: totalMemMiB.toInt; Client.scala:
 * DRIVER_MEMORY.toInt and setMemory(amMemory + amMemoryOverhead); Utils.memoryStringToMb: .toInt;
 * ResourceProfile.calculateOverHeadMemory: (factor × memory).toInt), which wraps past 2147483647 MiB. Each row
 * is one side of a boundary: just above is refused with the key, the value and the limit; just below is a layout.
 */
const K8S = "k8s://https://k:443";
const FAIR = "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler";
const SIZE = "a size of at most 2147483647m (2 PiB − 1 MiB): Spark turns memory sizes into a Java int of MiB";
const CONTAINER =
  "a container of at most 2147483647m (2 PiB − 1 MiB): Spark turns memory sizes into a Java int of MiB";
const FACTOR =
  "a factor keeping factor × memory at most 2147483647m (2 PiB − 1 MiB): Spark turns memory sizes into a Java int of MiB";

const EXEC = "spark.executor.memory";
const DRIVER = "spark.driver.memory";
const OVERHEAD = "spark.executor.memoryOverhead";
const OFF_HEAP = "spark.memory.offHeap.size";
const FACTOR_KEY = "spark.executor.memoryOverheadFactor";
const K8S_FACTOR = "spark.kubernetes.memoryOverheadFactor";
const cluster = { "spark.submit.deployMode": "cluster" };
const LARGEST_OFF_HEAP = { "spark.memory.offHeap.enabled": "true", [OFF_HEAP]: "2251799813685247" };

/** Refusal builders: a key's MiB, a YARN request's terms, a factor × memory. */
const tooLarge = (where: string, mib: string): Refusal => ({
  where,
  problem: `${mib} MiB is more than 2147483647 MiB`,
  expected: SIZE,
});
const request = (where: string, what: string, terms: string, total: number): Refusal => ({
  where,
  problem: `the ${what} container request ${terms} = ${total} MiB is more than 2147483647 MiB`,
  expected: CONTAINER,
});
const factor = (where: string, f: string): Refusal => ({
  where,
  problem: `${f} × 1024 MiB is more than 2147483647 MiB of overhead`,
  expected: FACTOR,
});

type Row = [string, string, Record<string, string>, Refusal];
const table = (rows: Row[]) =>
  it.each(rows)("%s %s %o", (version, master, conf, expected) => {
    expect(refusal(version, master, conf)).toEqual(expected);
  });

describe("a memory size past Int.MaxValue MiB is refused in one line naming the key", () => {
  table([
    // spark.executor.memory: the 93 EiB heap, and both sides of 2147483647m where no container adds to it
    ["4.3.0", "yarn", { [EXEC]: "99999999999g" }, tooLarge(EXEC, "102399999998976")],
    ["3.5.1", K8S, { [EXEC]: "2147483648m" }, tooLarge(EXEC, "2147483648")],
    ["3.5.1", K8S, { [EXEC]: "2147483647m" }, "accepted"],
    // Kubernetes before 3.1 hands the JVM the raw string (2 GiB here) but sizes the pod from the MiB entry
    ["3.0.3", K8S, { [EXEC]: "2147483648" }, tooLarge(EXEC, "2147483648")],
    // spark.driver.memory: the MiB entry in YARN cluster mode; in client mode -Xmx as written (a bare number is
    // bytes to the JVM); Utils.memoryStringToMb for a standalone cluster-mode driver (a bare number is bytes)
    ["3.5.1", "yarn", { ...cluster, [DRIVER]: "2048t" }, tooLarge(DRIVER, "2147483648")],
    [
      "3.5.1",
      "yarn",
      { [DRIVER]: "2097152g" },
      {
        where: DRIVER,
        problem: "-Xmx2097152g is 2251799813685248 bytes, more than 2147483647 MiB",
        expected:
          "a heap of at most 2147483647m (2 PiB − 1 MiB): Spark turns memory sizes into a Java int of MiB",
      },
    ],
    ["3.5.1", "yarn", { [DRIVER]: "2097151g" }, "accepted"],
    ["3.5.1", "yarn", { [DRIVER]: "2147483648" }, "accepted"],
    ["3.5.1", "spark://h:7077", { ...cluster, [DRIVER]: "2251799813685248" }, tooLarge(DRIVER, "2147483648")],
    ["3.5.1", "spark://h:7077", { ...cluster, [DRIVER]: "2251799812636672" }, "accepted"],
    // spark.executor.memoryOverhead and the other sizes read as MiB
    ["3.5.1", "yarn", { [OVERHEAD]: "2048t" }, tooLarge(OVERHEAD, "2147483648")],
    ["3.5.1", K8S, { [OVERHEAD]: "2147483647m" }, "accepted"],
    [
      "3.5.1",
      "yarn",
      { "spark.executor.pyspark.memory": "2048t" },
      tooLarge("spark.executor.pyspark.memory", "2147483648"),
    ],
    [
      "4.0.1",
      "yarn",
      { "spark.executor.minMemoryOverhead": "2048t" },
      tooLarge("spark.executor.minMemoryOverhead", "2147483648"),
    ],
    ["3.5.1", "yarn", { "spark.executor.minMemoryOverhead": "2048t" }, "accepted"], // no such key before 4.0
    // spark.memory.offHeap.size is bytes; containers count ⌊size / MiB⌋ as an int (Utils.memoryStringToMb)
    [
      "3.5.1",
      "yarn",
      { [OFF_HEAP]: "2p" },
      {
        where: OFF_HEAP,
        problem: "2251799813685248 bytes is 2147483648 MiB, more than 2147483647 MiB",
        expected: "at most 2251799813685247 bytes: Spark turns memory sizes into a Java int of MiB",
      },
    ],
    ["3.5.1", "yarn", { [OFF_HEAP]: "2251799813685247" }, "accepted"],
    ["3.5.1", K8S, LARGEST_OFF_HEAP, "accepted"],
  ]);
});

describe("a YARN container request past Int.MaxValue MiB is refused, naming the setting of its largest term", () => {
  const executor = (heap: number, overhead: number, offHeap = 0) =>
    `heap ${heap} + overhead ${overhead} + off-heap ${offHeap} + PySpark 0`;
  table([
    ["3.5.1", "yarn", { [EXEC]: "2147483263m", [OVERHEAD]: "384m" }, "accepted"],
    [
      "3.5.1",
      "yarn",
      { [EXEC]: "2147483264m", [OVERHEAD]: "384m" },
      request(EXEC, "executor", executor(2147483264, 384), 2147483648),
    ],
    [
      "3.5.1",
      "yarn",
      { [OVERHEAD]: "2147483647m" },
      request(OVERHEAD, "executor", executor(1024, 2147483647), 2147484671),
    ],
    [
      "3.5.1",
      "yarn",
      LARGEST_OFF_HEAP,
      request(OFF_HEAP, "executor", executor(1024, 384, 2147483647), 2147485055),
    ],
    // the cluster-mode driver's AM (Client.scala: setMemory(amMemory + amMemoryOverhead)), and the client-mode AM
    [
      "3.5.1",
      "yarn",
      { ...cluster, [DRIVER]: "2147483264m", "spark.driver.memoryOverhead": "384m" },
      request(DRIVER, "driver (AM)", "heap 2147483264 + overhead 384", 2147483648),
    ],
    [
      "3.5.1",
      "yarn",
      { ...cluster, [DRIVER]: "2147483263m", "spark.driver.memoryOverhead": "384m" },
      "accepted",
    ],
    [
      "3.5.1",
      "yarn",
      { "spark.yarn.am.memory": "2147483264m", "spark.yarn.am.memoryOverhead": "384m" },
      request("spark.yarn.am.memory", "AM", "heap 2147483264 + overhead 384", 2147483648),
    ],
    [
      "3.5.1",
      "yarn",
      { "spark.yarn.am.memory": "2147483263m", "spark.yarn.am.memoryOverhead": "384m" },
      "accepted",
    ],
  ]);
});

describe("what else would make a byte count past 2^53: factors, increments", () => {
  const fair = (increment: string) => ({
    "yarn.resourcemanager.scheduler.class": FAIR,
    "yarn.resource-types.memory-mb.increment-allocation": increment,
  });
  table([
    ["3.5.1", "yarn", { [FACTOR_KEY]: "1e300" }, factor(FACTOR_KEY, "1.0E300")],
    ["3.5.1", K8S, { [FACTOR_KEY]: "2097152" }, factor(FACTOR_KEY, "2097152.0")],
    ["3.5.1", K8S, { [FACTOR_KEY]: "2097151" }, "accepted"],
    ["3.5.1", K8S, { [K8S_FACTOR]: "2097152" }, factor(K8S_FACTOR, "2097152.0")],
    // an explicit overhead replaces the factor: Spark never multiplies by it
    ["3.5.1", "yarn", { [FACTOR_KEY]: "1e300", [OVERHEAD]: "1g" }, "accepted"],
    ["3.5.1", "yarn", { "spark.testing.memory": "2251799812636672" }, "accepted"],
    ["2.4.8", "yarn", { "spark.storage.memoryFraction": "1.5" }, "accepted"], // the unified manager never reads it
    [
      "3.5.1",
      "yarn",
      fair("2048Ti"),
      {
        where: "yarn.resource-types.memory-mb.increment-allocation",
        problem: "2147483648 MiB is more than 2147483647 MiB",
        expected:
          "an increment of at most 2147483647 MiB, as yarn.scheduler.increment-allocation-mb (a Java int) holds",
      },
    ],
    ["3.5.1", "yarn", fair("2147483647"), "accepted"],
    // standalone heaps go through Utils.memoryStringToMb, whose bytes are a Java long first: Spark's own refusal
    [
      "3.5.1",
      "spark://h:7077",
      { [EXEC]: "99999999999g", "spark.cores.max": "2", "spark.executor.cores": "1" },
      {
        where: EXEC,
        problem: '"99999999999g" is more bytes than a Java long holds',
        expected: "a heap of at most 2147483647m (2 PiB − 1 MiB)",
        sparkMessage:
          "Conversion of 99999999999 exceeds Long.MAX_VALUE in GiB. Try a larger unit (e.g. MiB instead of KiB)",
      },
    ],
  ]);
});

describe("every number of a layout at the limits is exact", () => {
  /** Every number in `o`, with its path. */
  function numbers(o: unknown, path = ""): [string, number][] {
    if (typeof o === "number") return [[path, o]];
    if (o === null || typeof o !== "object") return [];
    return Object.entries(o).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  }
  const largest = {
    "spark.executor.memory": "2147483647m",
    "spark.driver.memory": "2147483647m",
    "spark.executor.memoryOverhead": "2147483647m",
    "spark.driver.memoryOverhead": "2147483647m",
    "spark.executor.pyspark.memory": "2147483647m",
    "spark.memory.offHeap.enabled": "true",
    "spark.memory.offHeap.size": "2251799813685247",
    "spark.memory.fraction": "1",
    "spark.testing.reservedMemory": "-2251799812636672",
    "spark.submit.deployMode": "cluster",
  };
  it.each(["3.1.3", "3.5.1", "4.3.0"])(
    "Kubernetes %s: four int-sized terms in one pod stay below 2^53 bytes",
    (v) => {
      const l = explain({ sparkVersion: v, master: K8S, appType: "python", conf: largest });
      expect(l.executor?.containerBytes).toBe(MAX_MIB * 4 * 2 ** 20);
      const all = numbers(l);
      expect(all.filter(([, n]) => !Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER)).toEqual([]);
      expect(all.filter(([p, n]) => p.endsWith("Bytes") && !Number.isSafeInteger(n))).toEqual([]);
    },
  );
});

describe("the inverse searches read a size past the limits as one that does not fit", () => {
  it("the largest executor heap for a 4 PiB container is the largest whose YARN request is an int", () => {
    const fit = largestHeapThatFits({ sparkVersion: "3.5.1", master: "yarn" }, "executor", 2 ** 52);
    // heap + ⌊0.1 × heap⌋ ≤ 2147483647: 1952257861 + 195225786 = 2147483647
    expect(fit?.mib).toBe(1952257861);
    expect(fit?.layout.executor?.containerBytes).toBe(MAX_MIB * 2 ** 20);
  });
});

describe("sparkmem explain on the CLI", () => {
  it("exit 2 and one line naming the key, the value and the limit, no stack", () => {
    const bin = new URL("../dist/cli/main.js", import.meta.url).pathname;
    const r = spawnSync(
      process.execPath,
      [bin, "explain", "-c", "spark.executor.memory=99999999999g", "-c", "spark.master=yarn"],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toBe(
      `sparkmem: spark.executor.memory from --conf spark.executor.memory=99999999999g: 102399999998976 MiB is more than 2147483647 MiB; expected ${SIZE}\n`,
    );
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
