import { describe, expect, it } from "vitest";
import type { StartupError, Warning } from "../src/model/context.js";
import { buildContext } from "../src/model/explain.js";
import { resolveHeap } from "../src/model/heap.js";
import { chooseGc, runtimeMaxMemory } from "../src/model/index.js";
import { hasMaxHeapFlag, xmsOf } from "../src/model/jvm.js";
import { jvmMemory } from "../src/model/jvmMemory.js";
import { GiB, layoutOf, MiB } from "./helpers.js";

/**
 * The collector a JVM picks and the heap Spark sees (src/model/jvm.ts, src/model/jvmMemory.ts): the texts a
 * user reads for the collector's reason, -Xms parsing for Parallel's Runtime.maxMemory, and the memory
 * manager's warnings, errors and derivations around them.
 */
const UMM = "core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala";
const SERVER = { javaOptions: null, activeProcessors: 8, physicalMemoryBytes: 64 * GiB };
const OFF_HEAP_ZERO = {
  code: "offheap-size-zero",
  key: "spark.memory.offHeap.size",
  message:
    "requirement failed: spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true",
  hint: "Give spark.memory.offHeap.size a size (e.g. 2g), or set spark.memory.offHeap.enabled=false.",
};
const OFF_HEAP_UNUSED = {
  code: "offheap-size-without-enabled",
  key: "spark.memory.offHeap.size",
  message:
    "spark.memory.offHeap.size is set but spark.memory.offHeap.enabled is false: no container counts it, yet Spark still adds it to the storage figure the UI shows.",
};

describe("chooseGc: the reason a user reads", () => {
  it("an explicit flag names itself; the last one wins even when it comes later in the list of collectors", () => {
    expect(chooseGc({ ...SERVER, javaVersion: 17, javaOptions: "-XX:+UseParallelGC" })).toEqual({
      gc: "Parallel",
      reason: "set in Java options (-XX:+UseParallelGC)",
    });
    expect(chooseGc({ ...SERVER, javaVersion: 8, javaOptions: "-XX:+UseG1GC -XX:+UseSerialGC" })).toEqual({
      gc: "Serial",
      reason: "set in Java options (-XX:+UseSerialGC)",
    });
    expect(
      chooseGc({ ...SERVER, javaVersion: 17, javaOptions: "-XX:+UseSerialGC -XX:+UseParallelOldGC" }).gc,
    ).toBe("Parallel");
  });

  it("below server class names what is small: the CPU count, the memory in whole MiB, or both", () => {
    const at = (activeProcessors: number, physicalMemoryBytes: number) =>
      chooseGc({ javaVersion: 17, javaOptions: null, activeProcessors, physicalMemoryBytes }).reason;
    expect(at(1, 1024 * MiB)).toBe("Java 17 default below server class (1 CPU, 1024 MiB)");
    expect(at(4, 1792 * MiB - 1)).toBe("Java 17 default below server class (1791 MiB)");
    expect(at(2, 1792 * MiB)).toBe("Java 17 default (server class: ≥ 2 CPUs, ≥ 1792 MiB)");
    expect(
      chooseGc({ javaVersion: 8, javaOptions: null, activeProcessors: 1, physicalMemoryBytes: null }),
    ).toEqual({
      gc: "Serial",
      reason: "Java 8 default below server class (1 CPU)",
    });
  });

  it("-XX:ActiveProcessorCount takes every digit: 16 CPUs is server class even on a 1-CPU container", () => {
    const one = { javaVersion: 17, activeProcessors: 1, physicalMemoryBytes: 4 * GiB };
    expect(chooseGc({ ...one, javaOptions: "-XX:ActiveProcessorCount=16" })).toEqual({
      gc: "G1",
      reason: "Java 17 default (server class: ≥ 2 CPUs, ≥ 1792 MiB)",
    });
    expect(chooseGc({ ...SERVER, javaVersion: 17, javaOptions: "-XX:ActiveProcessorCount=1" }).reason).toBe(
      "Java 17 default below server class (1 CPU)",
    );
  });

  it("an unmeasured collector is reported as such, the ergonomic choice standing in for it", () => {
    expect(chooseGc({ ...SERVER, javaVersion: 17, javaOptions: "-Xss4m -XX:+UseZGC" })).toEqual({
      gc: "G1",
      reason: "Java 17 default (server class: ≥ 2 CPUs, ≥ 1792 MiB)",
      unmeasured: "-XX:+UseZGC",
    });
    expect(chooseGc({ ...SERVER, javaVersion: 17, javaOptions: "-Xss4m" })).not.toHaveProperty("unmeasured");
  });
});

describe("xmsOf: the last -Xms of an option string, in bytes", () => {
  it("each suffix is a power of 1024; no suffix is bytes", () => {
    expect(xmsOf("-Xms1048576")).toBe(1048576);
    expect(xmsOf("-Xms1024k")).toBe(1024 * 1024);
    expect(xmsOf("-Xms1536K")).toBe(1536 * 1024);
    expect(xmsOf("-Xms512m")).toBe(512 * MiB);
    expect(xmsOf("-Xms2g")).toBe(2 * GiB);
    expect(xmsOf("-Xms16G")).toBe(16 * GiB);
    expect(xmsOf("-Xms1t")).toBe(1024 * GiB);
  });

  it("a flag among others, after a space; the last one wins", () => {
    expect(xmsOf("-XX:+UseParallelGC -Xms4g -verbose:gc")).toBe(4 * GiB);
    expect(xmsOf("-Xms1g -XX:+UseParallelGC -Xms3g")).toBe(3 * GiB);
    expect(xmsOf("-Xms3g -Xms1g")).toBe(1 * GiB);
    expect(xmsOf("-Xms64m\t-Xss4m")).toBe(64 * MiB);
  });

  it("nothing, or no well-formed -Xms, is null", () => {
    expect(xmsOf(null)).toBeNull();
    expect(xmsOf("")).toBeNull();
    expect(xmsOf("-Xss4m -verbose:gc")).toBeNull();
    expect(xmsOf("x-Xms1g")).toBeNull();
    expect(xmsOf("-Xms4gb")).toBeNull();
    expect(xmsOf("-Xmsg")).toBeNull();
  });

  it("-Xmx in options is refused, -Xms is not", () => {
    expect(hasMaxHeapFlag("-Xms4g")).toBe(false);
    expect(hasMaxHeapFlag("-verbose:gc -Xmx4g")).toBe(true);
    expect(hasMaxHeapFlag(null)).toBe(false);
  });
});

describe("Parallel's Runtime.maxMemory with -Xms from extraJavaOptions (scripts/jvm/measurements-*jdk17.csv)", () => {
  const yarn = (opts: string | null) =>
    layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      javaVersion: 17,
      conf: {
        "spark.executor.memory": "4g",
        ...(opts ? { "spark.executor.extraJavaOptions": opts } : {}),
      },
    }).executor;

  it("-Xmx4g alone: heap − ⌊young/3⌋ survivor = 4294967296 − 477102080 = 3817865216 (measured)", () => {
    expect(yarn("-XX:+UseParallelGC")?.systemMemoryBytes).toBe(3817865216);
    expect(runtimeMaxMemory(4 * GiB, "Parallel", 17)).toBe(3817865216);
  });

  it("-Xms4g: initial − ⌊initial young/8⌋ survivor = 4294967296 − 178782208 = 4116185088 (measured)", () => {
    const e = yarn("-XX:+UseParallelGC -Xms4g");
    expect(e?.systemMemoryBytes).toBe(4116185088);
    expect(e?.jvm.gcReason).toBe("set in Java options (-XX:+UseParallelGC)");
    expect(e?.derivation.systemMemoryBytes?.formula).toBe(
      "Runtime.maxMemory for -Xmx4096m on Java 17 with Parallel: heap − one survivor space, survivor = ⌊young/3⌋, young = ⌊heap/3⌋ (512 KiB grains) = 4116185088",
    );
  });
});

describe("jvmMemory: collector warnings", () => {
  const local = (extra: object) => layoutOf({ sparkVersion: "3.5.1", master: "local[2]", ...extra });

  it("an unmodelled collector flag warns on the JVM whose options carry it, naming the stand-in", () => {
    const l = local({ conf: { "spark.driver.extraJavaOptions": "-XX:+UseShenandoahGC" } });
    expect(l.driver.jvm.gc).toBe("G1");
    expect(l.warnings).toEqual([
      {
        code: "gc-not-modelled",
        key: "spark.driver.extraJavaOptions",
        message: "-XX:+UseShenandoahGC is not modelled; the driver heap is computed as if G1 ran.",
      },
    ]);
  });

  it("--gc overrides the flag: no warning, and the reason says --gc", () => {
    const l = local({ gc: "Parallel", conf: { "spark.driver.extraJavaOptions": "-XX:+UseZGC" } });
    expect(l.driver.jvm).toEqual({
      javaVersion: 17,
      gc: "Parallel",
      gcReason: "set with --gc",
      xmx: "-Xmx1g",
    });
    expect(l.warnings).toEqual([]);
  });

  it("G1 on Java 8 warns that it was not measured; Parallel on 8 and G1 on 11 do not", () => {
    const g1on8 = local({ javaVersion: 8, gc: "G1" });
    expect(g1on8.warnings).toEqual([
      {
        code: "gc-not-measured",
        message: "G1 on Java 8 was not measured; its heap is assumed equal to -Xmx like G1 on Java 17.",
      },
    ]);
    // G1: -Xmx1024m aligned up to max(2 MiB, region size 1 MiB) (jvm.ts g1RegionSize)
    expect(g1on8.driver.systemMemoryBytes).toBe(1024 * MiB);
    expect(local({ javaVersion: 8 }).driver.jvm.gc).toBe("Parallel");
    expect(local({ javaVersion: 8 }).warnings).toEqual([]);
    expect(local({ javaVersion: 11, gc: "G1" }).warnings).toEqual([]);
  });
});

describe("jvmMemory: spark.testing overrides (UnifiedMemoryManager.getMaxMemory)", () => {
  it("spark.testing.memory and spark.testing.reservedMemory replace maxMemory and 300 MiB, and say so", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "local[2]",
      conf: { "spark.testing.memory": "2147483648", "spark.testing.reservedMemory": "104857600" },
    });
    expect(l.driver.systemMemoryBytes).toBe(2147483648);
    expect(l.driver.reservedBytes).toBe(104857600);
    // usable = 2147483648 − 104857600; unified = ⌊usable × 0.6⌋ (UnifiedMemoryManager.scala)
    expect(l.driver.usableBytes).toBe(2042626048);
    expect(l.driver.unifiedBytes).toBe(1225575628);
    expect(l.driver.derivation.systemMemoryBytes).toEqual({
      formula: "spark.testing.memory = 2147483648",
      source: UMM,
    });
    expect(l.driver.derivation.reservedBytes).toEqual({
      formula: "spark.testing.reservedMemory = 104857600",
      source: UMM,
    });
  });
});

describe("jvmMemory: off-heap", () => {
  it("enabled with no size: one error, with its key and what to change", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.memory.offHeap.enabled": "true" },
    });
    expect(l.errors).toEqual([{ ...OFF_HEAP_ZERO, process: "driver" }]);
  });

  it("the error is pushed once across JVMs: a second JVM finding it already there adds none", () => {
    const ctx = buildContext({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.memory.offHeap.enabled": "true" },
    });
    const sight = { activeProcessors: null, physicalMemoryBytes: null };
    const errors: StartupError[] = [];
    const warnings: Warning[] = [];
    jvmMemory(ctx, "driver", resolveHeap(ctx, "driver"), sight, errors, warnings);
    expect(errors).toEqual([{ ...OFF_HEAP_ZERO, process: "driver" }]);
    jvmMemory(ctx, "executor", resolveHeap(ctx, "executor"), sight, errors, warnings);
    expect(errors).toEqual([{ ...OFF_HEAP_ZERO, process: "driver" }]);
    const alone: StartupError[] = [{ code: "min-system-memory", process: "driver", message: "m", hint: "h" }];
    jvmMemory(ctx, "executor", resolveHeap(ctx, "executor"), sight, alone, warnings);
    expect(alone.map((e) => e.code)).toEqual(["min-system-memory", "offheap-size-zero"]);
  });

  it("a size without enabled: the warning, and the UI storage figure still adds it", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.memory.offHeap.size": "1g" },
    });
    expect(l.warnings).toEqual([OFF_HEAP_UNUSED]);
    expect(l.executor?.uiStorageBytes).toBe((l.executor?.unifiedBytes ?? 0) + GiB);
    expect(l.executor?.offHeapBytes).toBe(0);
  });

  describe("4.3: a non-local driver's memory manager drops off-heap (SparkEnv.initializeMemoryManager)", () => {
    const DROPPED = {
      formula: "0: since 4.3 a non-local driver's memory manager drops off-heap",
      source: "core/src/main/scala/org/apache/spark/SparkEnv.scala",
    };
    const yarn43 = (conf: Record<string, string>, sparkVersion = "4.3.0") =>
      layoutOf({ sparkVersion, master: "yarn", conf });

    it("size set, not enabled: the driver drops the size, the executor keeps it in its UI figure", () => {
      const l = yarn43({ "spark.memory.offHeap.size": "1g" });
      expect(l.driver.derivation.offHeapBytes).toEqual(DROPPED);
      expect(l.driver.uiStorageBytes).toBe(l.driver.unifiedBytes);
      expect(l.executor?.uiStorageBytes).toBe((l.executor?.unifiedBytes ?? 0) + GiB);
      expect(l.executor?.derivation.offHeapBytes).toBeUndefined();
    });

    it("enabled and sized: the driver counts none of it, the executor all", () => {
      const l = yarn43({ "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "2g" });
      expect(l.driver.derivation.offHeapBytes).toEqual(DROPPED);
      expect(l.driver.offHeapBytes).toBe(0);
      expect(l.executor?.offHeapBytes).toBe(2 * GiB);
      expect(l.errors).toEqual([]);
    });

    it("neither enabled nor sized: nothing to drop, no derivation", () => {
      expect(yarn43({}).driver.derivation.offHeapBytes).toBeUndefined();
    });

    it("before 4.3, or a local driver, keeps its size", () => {
      expect(
        yarn43({ "spark.memory.offHeap.size": "1g" }, "4.2.0").driver.derivation.offHeapBytes,
      ).toBeUndefined();
      const l = layoutOf({
        sparkVersion: "4.3.0",
        master: "local[2]",
        conf: { "spark.memory.offHeap.size": "1g" },
      });
      expect(l.driver.uiStorageBytes).toBe(l.driver.unifiedBytes + GiB);
    });
  });
});
