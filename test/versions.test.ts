import { describe, expect, it } from "vitest";
import { SUPPORTED_LINES } from "../src/conf/version.js";
import { executorOf, layoutOf, MiB } from "./helpers.js";

const yarn = (v: string, conf: Record<string, string>, extra = {}) =>
  executorOf({ sparkVersion: v, master: "yarn", conf: { "spark.executor.memory": "4g", ...conf }, ...extra });
const k8s = (v: string, conf: Record<string, string>, extra = {}) =>
  executorOf({
    sparkVersion: v,
    master: "k8s://https://k8s",
    conf: { "spark.executor.memory": "4g", ...conf },
    ...extra,
  });
const OFF = { "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "2g" };

describe("every version line computes the default executor", () => {
  for (const line of SUPPORTED_LINES) {
    it(`${line}: 4g on YARN asks 4096 + 409 MiB`, () => {
      const e = yarn(`${line}.0`, {});
      expect(e.containerBytes).toBe((4096 + 409) * MiB);
      expect(e.containerAllocatedBytes).toBe(5120 * MiB); // stock YARN rounds to 1024
    });
  }
});

describe("off-heap enters the YARN container from 3.0 and the Kubernetes pod from 3.1", () => {
  it("YARN", () => {
    expect(yarn("2.4.8", OFF).containerBytes).toBe(4505 * MiB);
    expect(yarn("3.0.3", OFF).containerBytes).toBe((4505 + 2048) * MiB);
  });
  it("Kubernetes", () => {
    expect(k8s("3.0.3", OFF).containerBytes).toBe(4505 * MiB);
    expect(k8s("3.1.3", OFF).pod?.memoryLimit).toBe(`${4505 + 2048}Mi`);
  });
  it("the unified pools use the off-heap size whenever it is set", () => {
    const e = yarn("3.5.1", OFF);
    expect(e.offHeapBytes).toBe(2048 * MiB);
    expect(e.offHeapStorageRegionBytes).toBe(1024 * MiB);
    expect(e.uiStorageBytes).toBe(e.unifiedBytes + 2048 * MiB);
  });
});

describe("overhead factor is configurable from 3.3, the minimum from 4.0", () => {
  it("spark.executor.memoryOverheadFactor is ignored before 3.3", () => {
    expect(yarn("3.2.4", { "spark.executor.memoryOverheadFactor": "0.2" }).overheadBytes).toBe(409 * MiB);
    expect(yarn("3.3.0", { "spark.executor.memoryOverheadFactor": "0.2" }).overheadBytes).toBe(819 * MiB);
  });
  it("spark.executor.minMemoryOverhead is ignored before 4.0", () => {
    const conf = { "spark.executor.memory": "2g", "spark.executor.minMemoryOverhead": "1g" };
    expect(yarn("3.5.1", conf).overheadBytes).toBe(384 * MiB);
    expect(yarn("4.0.0", conf).overheadBytes).toBe(1024 * MiB);
  });
  it("an explicit overhead replaces the formula, and its deprecated YARN name still works", () => {
    expect(yarn("2.4.8", { "spark.yarn.executor.memoryOverhead": "1000" }).overheadBytes).toBe(1000 * MiB);
    expect(
      yarn("3.5.1", { "spark.yarn.executor.memoryOverhead": "1000", "spark.executor.memoryOverhead": "2g" })
        .overheadBytes,
    ).toBe(2048 * MiB);
  });
});

describe("PySpark memory (2.4+) only for Python apps", () => {
  const py = { "spark.executor.pyspark.memory": "1g" };
  it("YARN counts it for a Python app in either deploy mode", () => {
    expect(yarn("2.4.8", py, { appType: "python" }).containerBytes).toBe((4096 + 409 + 1024) * MiB);
    expect(yarn("2.4.8", py, { appType: "jvm" }).containerBytes).toBe(4505 * MiB);
  });
  it("Kubernetes counts it in cluster mode, where the driver pod marks the app as Python", () => {
    const cluster = k8s("3.5.1", py, { appType: "python", deployMode: "cluster" });
    expect(cluster.overheadBytes).toBe(1638 * MiB); // non-JVM factor 0.4
    expect(cluster.containerBytes).toBe((4096 + 1638 + 1024) * MiB);
    const client = k8s("3.5.1", py, { appType: "python", deployMode: "client" });
    expect(client.containerBytes).toBe(4505 * MiB);
  });
  it("spark.executor.memoryOverheadFactor beats the 0.4 default from 3.3", () => {
    const conf = { "spark.executor.memoryOverheadFactor": "0.2" };
    expect(k8s("3.2.4", conf, { appType: "python", deployMode: "cluster" }).overheadBytes).toBe(1638 * MiB);
    expect(k8s("3.3.0", conf, { appType: "python", deployMode: "cluster" }).overheadBytes).toBe(819 * MiB);
  });
});

describe("4.x changes read from Spark's jars (docs/research/spark-4x-memory-changes.md)", () => {
  it("4.3 drops off-heap from a non-local driver's memory manager", () => {
    const conf = { ...OFF };
    const d42 = layoutOf({ sparkVersion: "4.2.1", master: "yarn", conf }).driver;
    const d43 = layoutOf({ sparkVersion: "4.3.0", master: "yarn", conf }).driver;
    expect(d42.uiStorageBytes).toBe(d42.unifiedBytes + 2048 * MiB);
    expect(d43.uiStorageBytes).toBe(d43.unifiedBytes);
    const oneG = { "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1g" };
    const local43 = layoutOf({ sparkVersion: "4.3.0", master: "local[2]", conf: oneG }).driver;
    expect(local43.uiStorageBytes).toBe(1529243238); // real 4.3.0 local[2] run: 455501414 + 1073741824 with 1g off-heap
  });
  it("4.2 reads 4Gi; 4.1 refuses it", () => {
    expect(yarn("4.2.1", { "spark.executor.memory": "4Gi" }).heapBytes).toBe(4096 * MiB);
    expect(() => yarn("4.1.1", { "spark.executor.memory": "4Gi" })).toThrow(/not a size/);
  });
  it("4.3 takes fractional spark.task.cpus", () => {
    expect(yarn("4.3.0", { "spark.executor.cores": "2", "spark.task.cpus": "0.5" }).taskSlots).toBe(4);
    expect(() => yarn("4.2.1", { "spark.task.cpus": "0.5" })).toThrow(
      /"0.5" is not a whole number up to 2147483647/,
    );
  });
  it("4.2 limitActiveProcessorCount on a 1-core YARN executor makes the JVM pick Serial", () => {
    const e = yarn("4.2.1", { "spark.executor.limitActiveProcessorCount.enabled": "true" });
    expect(e.jvm.gc).toBe("Serial");
    expect(yarn("4.1.1", { "spark.executor.limitActiveProcessorCount.enabled": "true" }).jvm.gc).toBe("G1");
  });
});

describe("legacy StaticMemoryManager (2.4 with spark.memory.useLegacyMode=true)", () => {
  it("fixed shares of the whole heap, no reserved memory, ignored from 3.0", () => {
    const conf = { "spark.executor.memory": "4g", "spark.memory.useLegacyMode": "true" };
    const e = executorOf({ sparkVersion: "2.4.8", master: "yarn", javaVersion: 8, conf });
    expect(e.memoryManager).toBe("static");
    expect(e.systemMemoryBytes).toBe(3817865216); // Parallel, 4g (spec §3)
    expect(e.storageRegionBytes).toBe(2061647216); // ⌊sys × 0.6 × 0.9⌋
    expect(e.executionRegionBytes).toBe(610858434); // ⌊sys × 0.2 × 0.8⌋
    expect(e.reservedBytes).toBe(0);
    expect(e.uiStorageBytes).toBe(2061647216);
    expect(executorOf({ sparkVersion: "3.0.0", master: "yarn", conf }).memoryManager).toBe("unified");
  });
});

describe("the newest release of each line", () => {
  it("is the same list in the core (SPARK_RELEASES) and in the oracle's setup script", async () => {
    const { readFileSync } = await import("node:fs");
    const { SPARK_RELEASES, SUPPORTED_LINES } = await import("../src/conf/version.js");
    const script = readFileSync(new URL("../scripts/oracle/setup.sh", import.meta.url), "utf8");
    const pinned = [...script.matchAll(/(\d\.\d)\) echo (\d+\.\d+\.\d+) ;;/g)].map((m) => m[2]);
    expect(pinned).toEqual([...SPARK_RELEASES]);
    expect(SPARK_RELEASES.map((v) => v.split(".").slice(0, 2).join("."))).toEqual([...SUPPORTED_LINES]);
  });
});
