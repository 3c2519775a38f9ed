import { describe, expect, it } from "vitest";
import type { StartupError } from "../src/model/context.js";
import { layoutOf, MiB } from "./helpers.js";

/**
 * The memory manager's start-up checks (src/model/memoryManagerChecks.ts), in Spark's order:
 * UnifiedMemoryManager.getMaxMemory requires systemMemory ≥ 1.5 × 300 MiB = 471859200 and, when the conf sets
 * it, spark.executor.memory (read as BYTES) ≥ the same; 3.0+ storageFraction < 1; 3.0+ MemoryManager requires an
 * execution region > 0. The legacy StaticMemoryManager (2.4, spark.memory.useLegacyMode) needs 32 MiB and splits
 * the heap into fixed storage (× 0.6 × 0.9) and shuffle (× 0.2 × 0.8) shares; the rest is left to user code.
 */
const MIN_UNIFIED = 471859200; // 1.5 × RESERVED_SYSTEM_MEMORY_BYTES
// Spark 3.5's error classes (SPARK-38467)
const EXEC_MSG = (bytes: number) =>
  `[INVALID_EXECUTOR_MEMORY] Executor memory ${bytes} must be at least ${MIN_UNIFIED}. Please increase executor memory using the --executor-memory option or "spark.executor.memory" in Spark configuration.`;

const local = (conf: Record<string, string>, sparkVersion = "3.5.1") =>
  layoutOf({ sparkVersion, master: "local[2]", conf });
const only = (errors: StartupError[], code: string) => errors.filter((e) => e.code === code);

describe("getMaxMemory: system memory, then spark.executor.memory", () => {
  it("a 256m local driver fails both checks: its own heap, then the executor setting its conf carries", () => {
    const l = local({ "spark.driver.memory": "256m", "spark.executor.memory": "100m" });
    expect(l.driver.systemMemoryBytes).toBe(256 * MiB);
    expect(l.errors.slice(0, 2)).toEqual([
      {
        code: "min-system-memory",
        process: "driver",
        key: "spark.driver.memory",
        message: `[INVALID_DRIVER_MEMORY] System memory 268435456 must be at least ${MIN_UNIFIED}. Please increase heap size using the --driver-memory option or "spark.driver.memory" in Spark configuration.`,
        hint: `The driver JVM reports 268435456 bytes; Spark needs at least ${MIN_UNIFIED}. Raise spark.driver.memory (e.g. to 1g).`,
      },
      {
        code: "min-executor-memory",
        process: "driver",
        key: "spark.executor.memory",
        message: EXEC_MSG(100 * MiB),
        hint: "Raise spark.executor.memory to at least 450m.",
      },
    ]);
  });
  it("450m is exactly the minimum; 449m is one MiB short", () => {
    expect(only(local({ "spark.executor.memory": "450m" }).errors, "min-executor-memory")).toEqual([]);
    expect(only(local({ "spark.executor.memory": "449m" }).errors, "min-executor-memory")).toEqual([
      {
        code: "min-executor-memory",
        process: "driver",
        key: "spark.executor.memory",
        message: EXEC_MSG(449 * MiB),
        hint: "Raise spark.executor.memory to at least 450m.",
      },
    ]);
  });
  it.each([
    ["1000", '"1000" has no unit, and this check reads it as bytes: write 1000m.'],
    // Spark trims the value before parsing: still a bare number of bytes
    [" 1000", '" 1000" has no unit, and this check reads it as bytes: write 1000m.'],
    ["1000 ", '"1000 " has no unit, and this check reads it as bytes: write 1000m.'],
    ["100m", "Raise spark.executor.memory to at least 450m."],
    ["1k", "Raise spark.executor.memory to at least 450m."],
  ])("spark.executor.memory=%j: the hint says whether a unit is missing", (memory, hint) => {
    const errors = only(local({ "spark.executor.memory": memory }).errors, "min-executor-memory");
    expect(errors.map((e) => e.hint)).toEqual([hint]);
  });
  it("spark.executor.memory is checked only when the conf sets it (conf.contains), not at its 1g default", () => {
    // spark.testing.reservedMemory = 1 GiB raises the minimum to 1.5 GiB = 1610612736, above the 1g default
    const conf = { "spark.testing.reservedMemory": "1073741824", "spark.driver.memory": "4g" };
    const unset = layoutOf({ sparkVersion: "3.5.1", master: "yarn", conf });
    expect(unset.driver.systemMemoryBytes).toBe(4096 * MiB);
    expect(only(unset.errors, "min-executor-memory")).toEqual([]);
    // the executor's own 1g heap still fails getMaxMemory's first check
    expect(only(unset.errors, "min-system-memory").map((e) => e.process)).toEqual(["executor"]);
    const set = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { ...conf, "spark.executor.memory": "1g" },
    });
    expect(only(set.errors, "min-executor-memory")).toEqual([
      {
        code: "min-executor-memory",
        process: "driver",
        key: "spark.executor.memory",
        message:
          '[INVALID_EXECUTOR_MEMORY] Executor memory 1073741824 must be at least 1610612736. Please increase executor memory using the --executor-memory option or "spark.executor.memory" in Spark configuration.',
        hint: "Raise spark.executor.memory to at least 1536m.",
      },
    ]);
  });
  it("in local mode the only JVM is the driver, whatever --deploy-mode says", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "local[2]",
      deployMode: "cluster",
      conf: { "spark.executor.memory": "100m" },
    });
    expect(only(l.errors, "min-executor-memory").map((e) => e.process)).toEqual(["driver"]);
  });
  it("the driver and every executor run the same check: reported once", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      deployMode: "cluster",
      conf: { "spark.executor.memory": "1000" },
    });
    const errors = only(l.errors, "min-executor-memory");
    expect(errors).toHaveLength(1);
    expect(errors).toMatchObject([
      {
        code: "min-executor-memory",
        key: "spark.executor.memory",
        message: EXEC_MSG(1000),
        hint: '"1000" has no unit, and this check reads it as bytes: write 1000m.',
      },
    ]);
  });
});

describe("3.0+ storageFraction and execution-region checks", () => {
  it("storageFraction 1.0 passes SparkConf's [0, 1] check but not the entry's [0, 1)", () => {
    const l = local({ "spark.memory.storageFraction": "1" });
    expect(l.errors).toEqual([
      {
        code: "storage-fraction-range",
        process: "driver",
        key: "spark.memory.storageFraction",
        message: "'1.0' in spark.memory.storageFraction is invalid. Storage fraction must be in [0,1)",
        hint: "Set spark.memory.storageFraction below 1 (the default is 0.5): at 1 execution could never evict cached blocks.",
      },
      {
        code: "execution-memory-zero",
        process: "driver",
        key: "spark.memory.fraction",
        message: "requirement failed: onHeapExecutionMemory must be > 0",
        hint: "Raise spark.memory.fraction (the default is 0.6) or the heap: the execution region is empty.",
      },
    ]);
  });
  it("spark.memory.fraction=0 leaves no execution region: MemoryManager's require fails", () => {
    const l = local({ "spark.memory.fraction": "0" });
    expect(l.driver.executionRegionBytes).toBe(0);
    expect(l.errors).toEqual([
      {
        code: "execution-memory-zero",
        process: "driver",
        key: "spark.memory.fraction",
        message: "requirement failed: onHeapExecutionMemory must be > 0",
        hint: "Raise spark.memory.fraction (the default is 0.6) or the heap: the execution region is empty.",
      },
    ]);
  });
});

describe("2.4 legacy StaticMemoryManager", () => {
  const legacy = (memory: string) =>
    layoutOf({
      sparkVersion: "2.4.8",
      master: "yarn",
      conf: { "spark.memory.useLegacyMode": "true", "spark.executor.memory": memory },
    });

  it("4g on Java 8 Parallel: fixed storage and shuffle shares, the rest left to user code", () => {
    const e = legacy("4g").executor;
    if (!e) throw new Error("no executor");
    const system = 3817865216; // Runtime.maxMemory for -Xmx4096m, Java 8 Parallel
    const storage = Math.trunc(system * 0.6 * 0.9); // 2061647216
    const execution = Math.trunc(system * 0.2 * 0.8); // 610858434
    expect(e.memoryManager).toBe("static");
    expect(e.systemMemoryBytes).toBe(system);
    expect(e.reservedBytes).toBe(0);
    expect(e.usableBytes).toBe(system);
    expect(e.storageRegionBytes).toBe(storage);
    expect(e.executionRegionBytes).toBe(execution);
    expect(e.unifiedBytes).toBe(storage + execution);
    expect(e.userBytes).toBe(1145359566); // system − storage − execution = 3817865216 − 2061647216 − 610858434
    expect(e.uiStorageBytes).toBe(storage);
  });
  it("custom fractions: user memory is what neither share takes", () => {
    const l = layoutOf({
      sparkVersion: "2.4.8",
      master: "yarn",
      conf: {
        "spark.memory.useLegacyMode": "true",
        "spark.executor.memory": "4g",
        "spark.storage.memoryFraction": "0.5",
        "spark.shuffle.memoryFraction": "0.3",
      },
    });
    const e = l.executor;
    if (!e) throw new Error("no executor");
    const system = 3817865216;
    expect(e.storageRegionBytes).toBe(Math.trunc(system * 0.5 * 0.9));
    expect(e.executionRegionBytes).toBe(Math.trunc(system * 0.3 * 0.8));
    expect(e.userBytes).toBe(system - Math.trunc(system * 0.5 * 0.9) - Math.trunc(system * 0.3 * 0.8));
  });
  it("spark.executor.memory below 32 MiB: the static manager's own minimum, in its 2.4 words (client-mode driver first)", () => {
    expect(only(legacy("32m").errors, "min-executor-memory")).toEqual([]);
    expect(only(legacy("16m").errors, "min-executor-memory")).toEqual([
      {
        code: "min-executor-memory",
        process: "driver",
        key: "spark.executor.memory",
        message:
          "Executor memory 16777216 must be at least 33554432. Please increase executor memory using the --executor-memory option or spark.executor.memory in Spark configuration.",
        hint: "Raise spark.executor.memory to at least 32m.",
      },
    ]);
  });
});
