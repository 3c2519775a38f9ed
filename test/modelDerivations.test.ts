import { describe, expect, it } from "vitest";
import { derivations } from "./support/derivations.js";

/**
 * What `explain --why` prints for each figure: the formula with this configuration's numbers in it. Each line was
 * checked against Spark's formula it cites and against the figure itself (the oracle and the recorded answers
 * check the figures; these check that the explanation a user reads shows the same arithmetic). Three layouts
 * that take different paths: 2.4 YARN client mode with off-heap and the AM (Java 8, Parallel), 3.5 YARN cluster
 * mode (Java 17, G1, 3.3's factor key), 4.0 Kubernetes Python with explicit overhead and PySpark memory.
 */

describe("explain's derivations", () => {
  it("2.4.8 on YARN, client mode: 1g off-heap beside a 4g executor, YARN not counting it; the AM's 384 MiB floor", () => {
    expect(
      derivations({
        sparkVersion: "2.4.8",
        master: "yarn",
        deployMode: "client",
        conf: {
          "spark.executor.memory": "4g",
          "spark.memory.offHeap.enabled": "true",
          "spark.memory.offHeap.size": "1g",
          "spark.yarn.am.memory": "1g",
        },
      }),
    ).toEqual({
      driver: {
        heapBytes:
          "spark.driver.memory (default) = 1g is passed to the JVM as written: -Xmx1g = 1073741824 bytes",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx1g on Java 8 with Parallel: heap − one survivor space, survivor = ⌊young/3⌋, young = ⌊heap/3⌋ (512 KiB grains) = 954728448",
        reservedBytes: "RESERVED_SYSTEM_MEMORY_BYTES = 300 MiB",
        usableBytes: "systemMemory − reserved = 954728448 − 314572800 = 640155648",
        unifiedBytes: "⌊usable × spark.memory.fraction⌋ = ⌊640155648 × 0.6⌋ = 384093388",
        userBytes: "usable − unified = 640155648 − 384093388 = 256062260",
        storageRegionBytes: "⌊unified × spark.memory.storageFraction⌋ = ⌊384093388 × 0.5⌋ = 192046694",
        executionRegionBytes: "unified − storage region = 384093388 − 192046694 = 192046694",
        uiStorageBytes:
          "BlockManager max memory = maxOnHeapStorageMemory + maxOffHeapStorageMemory = 384093388 + 1073741824 = 1457835212 (at start, with no execution memory in use)",
        containerBytes: "the driver runs where it was launched: Spark requests no container for it",
        taskSlots: "0: outside local mode the driver runs no tasks",
        perTaskExecution: "no task slots",
      },
      executor: {
        heapBytes: "spark.executor.memory = 4g → 4096 MiB (a bare number means MiB) → -Xmx4096m",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx4096m on Java 8 with Parallel: heap − one survivor space, survivor = ⌊young/3⌋, young = ⌊heap/3⌋ (512 KiB grains) = 3817865216",
        reservedBytes: "RESERVED_SYSTEM_MEMORY_BYTES = 300 MiB",
        usableBytes: "systemMemory − reserved = 3817865216 − 314572800 = 3503292416",
        unifiedBytes: "⌊usable × spark.memory.fraction⌋ = ⌊3503292416 × 0.6⌋ = 2101975449",
        userBytes: "usable − unified = 3503292416 − 2101975449 = 1401316967",
        storageRegionBytes: "⌊unified × spark.memory.storageFraction⌋ = ⌊2101975449 × 0.5⌋ = 1050987724",
        executionRegionBytes: "unified − storage region = 2101975449 − 1050987724 = 1050987725",
        uiStorageBytes:
          "BlockManager max memory = maxOnHeapStorageMemory + maxOffHeapStorageMemory = 2101975449 + 1073741824 = 3175717273 (at start, with no execution memory in use)",
        overheadBytes:
          "max(⌊0.1 (constant MEMORY_OVERHEAD_FACTOR before 3.3) × 4096 MiB⌋ = 409, 384 (MEMORY_OVERHEAD_MIN_MIB)) = 409 MiB",
        pysparkBytes: "0 (unset)",
        containerBytes:
          "heap 4096 + overhead 409 + off-heap 0 (not counted by YARN before 3.0) + PySpark 0 = 4505 MiB",
        containerAllocatedBytes:
          "YARN rounds 4505 MiB up to a multiple of yarn.scheduler.minimum-allocation-mb = 1024: 5120 MiB",
        taskSlots: "⌊1 cores / spark.task.cpus⌋ = 1",
        perTaskExecution:
          "off-heap (Tungsten memory mode OFF_HEAP): max = 1073741824 / 1, min = 536870912 / (2 × 1)",
        count: "DEFAULT_NUMBER_EXECUTORS = 2",
      },
      am: {
        heapBytes: "spark.yarn.am.memory = 1024 MiB",
        overheadBytes: "max(⌊0.1 × 1024 MiB⌋ = 102, 384) = 384 MiB",
        containerBytes: "1024 + 384 = 1408 MiB",
        containerAllocatedBytes: "rounded to a multiple of 1024: 2048 MiB",
      },
    });
  });
  it("3.5.1 on YARN, cluster mode: the driver's container, 3.3's factor keys, four task slots", () => {
    expect(
      derivations({
        sparkVersion: "3.5.1",
        master: "yarn",
        deployMode: "cluster",
        conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4", "spark.driver.memory": "4g" },
      }),
    ).toEqual({
      driver: {
        heapBytes: "spark.driver.memory = 4g → 4096 MiB (a bare number means MiB) → -Xmx4096m",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx4096m on Java 17 with G1: -Xmx aligned up to max(2 MiB, G1 region size) = 4294967296",
        reservedBytes: "RESERVED_SYSTEM_MEMORY_BYTES = 300 MiB",
        usableBytes: "systemMemory − reserved = 4294967296 − 314572800 = 3980394496",
        unifiedBytes: "⌊usable × spark.memory.fraction⌋ = ⌊3980394496 × 0.6⌋ = 2388236697",
        userBytes: "usable − unified = 3980394496 − 2388236697 = 1592157799",
        storageRegionBytes: "⌊unified × spark.memory.storageFraction⌋ = ⌊2388236697 × 0.5⌋ = 1194118348",
        executionRegionBytes: "unified − storage region = 2388236697 − 1194118348 = 1194118349",
        uiStorageBytes:
          "BlockManager max memory = maxOnHeapStorageMemory + maxOffHeapStorageMemory = 2388236697 + 0 = 2388236697 (at start, with no execution memory in use)",
        overheadBytes:
          "max(⌊0.1 (spark.driver.memoryOverheadFactor) × 4096 MiB⌋ = 409, 384 (MEMORY_OVERHEAD_MIN_MIB)) = 409 MiB",
        containerBytes: "driver 4096 + overhead 409 = 4505 MiB (no PySpark or off-heap term)",
        containerAllocatedBytes: "YARN rounds 4505 MiB up to a multiple of 1024: 5120 MiB",
        taskSlots: "0: outside local mode the driver runs no tasks",
        perTaskExecution: "no task slots",
      },
      executor: {
        heapBytes: "spark.executor.memory = 8g → 8192 MiB (a bare number means MiB) → -Xmx8192m",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx8192m on Java 17 with G1: -Xmx aligned up to max(2 MiB, G1 region size) = 8589934592",
        reservedBytes: "RESERVED_SYSTEM_MEMORY_BYTES = 300 MiB",
        usableBytes: "systemMemory − reserved = 8589934592 − 314572800 = 8275361792",
        unifiedBytes: "⌊usable × spark.memory.fraction⌋ = ⌊8275361792 × 0.6⌋ = 4965217075",
        userBytes: "usable − unified = 8275361792 − 4965217075 = 3310144717",
        storageRegionBytes: "⌊unified × spark.memory.storageFraction⌋ = ⌊4965217075 × 0.5⌋ = 2482608537",
        executionRegionBytes: "unified − storage region = 4965217075 − 2482608537 = 2482608538",
        uiStorageBytes:
          "BlockManager max memory = maxOnHeapStorageMemory + maxOffHeapStorageMemory = 4965217075 + 0 = 4965217075 (at start, with no execution memory in use)",
        overheadBytes:
          "max(⌊0.1 (spark.executor.memoryOverheadFactor) × 8192 MiB⌋ = 819, 384 (MEMORY_OVERHEAD_MIN_MIB)) = 819 MiB",
        pysparkBytes: "0 (unset)",
        containerBytes: "heap 8192 + overhead 819 + off-heap 0 + PySpark 0 = 9011 MiB",
        containerAllocatedBytes:
          "YARN rounds 9011 MiB up to a multiple of yarn.scheduler.minimum-allocation-mb = 1024: 9216 MiB",
        taskSlots: "⌊4 cores / spark.task.cpus⌋ = 4",
        perTaskExecution:
          "max = unified / N = 4965217075 / 4 (nothing cached); min = execution region / 2N = 2482608538 / 8 (cache holds its storage region)",
        count: "DEFAULT_NUMBER_EXECUTORS = 2",
      },
    });
  });
  it("4.0.1 on Kubernetes, a Python app in cluster mode: the driver's 0.4 factor and 4.0's minimum key, an explicit executor overhead", () => {
    expect(
      derivations({
        sparkVersion: "4.0.1",
        master: "k8s://https://k:443",
        deployMode: "cluster",
        appType: "python",
        conf: {
          "spark.executor.memory": "4g",
          "spark.executor.pyspark.memory": "1g",
          "spark.executor.memoryOverhead": "1g",
        },
      }),
    ).toEqual({
      driver: {
        heapBytes:
          "spark.driver.memory (default) = 1g is passed to the JVM as written: -Xmx1g = 1073741824 bytes",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx1g on Java 17 with Serial: heap − one survivor space, survivor = ⌊young/10⌋, young = ⌊heap/3⌋ (64 KiB grains) = 1037959168",
        reservedBytes: "RESERVED_SYSTEM_MEMORY_BYTES = 300 MiB",
        usableBytes: "systemMemory − reserved = 1037959168 − 314572800 = 723386368",
        unifiedBytes: "⌊usable × spark.memory.fraction⌋ = ⌊723386368 × 0.6⌋ = 434031820",
        userBytes: "usable − unified = 723386368 − 434031820 = 289354548",
        storageRegionBytes: "⌊unified × spark.memory.storageFraction⌋ = ⌊434031820 × 0.5⌋ = 217015910",
        executionRegionBytes: "unified − storage region = 434031820 − 217015910 = 217015910",
        uiStorageBytes:
          "BlockManager max memory = maxOnHeapStorageMemory + maxOffHeapStorageMemory = 434031820 + 0 = 434031820 (at start, with no execution memory in use)",
        overheadBytes:
          "max(⌊0.4 (non-JVM (python) cluster-mode default) × 1024 MiB⌋ = 409, 384 (spark.driver.minMemoryOverhead)) = 409 MiB",
        containerBytes: "driver 1024 + overhead 409 = 1433 MiB (no PySpark or off-heap term)",
        taskSlots: "0: outside local mode the driver runs no tasks",
        perTaskExecution: "no task slots",
      },
      executor: {
        heapBytes: "spark.executor.memory = 4g → 4096 MiB (a bare number means MiB) → -Xmx4096m",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx4096m on Java 17 with G1: -Xmx aligned up to max(2 MiB, G1 region size) = 4294967296",
        reservedBytes: "RESERVED_SYSTEM_MEMORY_BYTES = 300 MiB",
        usableBytes: "systemMemory − reserved = 4294967296 − 314572800 = 3980394496",
        unifiedBytes: "⌊usable × spark.memory.fraction⌋ = ⌊3980394496 × 0.6⌋ = 2388236697",
        userBytes: "usable − unified = 3980394496 − 2388236697 = 1592157799",
        storageRegionBytes: "⌊unified × spark.memory.storageFraction⌋ = ⌊2388236697 × 0.5⌋ = 1194118348",
        executionRegionBytes: "unified − storage region = 2388236697 − 1194118348 = 1194118349",
        uiStorageBytes:
          "BlockManager max memory = maxOnHeapStorageMemory + maxOffHeapStorageMemory = 2388236697 + 0 = 2388236697 (at start, with no execution memory in use)",
        overheadBytes: "spark.executor.memoryOverhead = 1g → 1024 MiB (replaces the factor)",
        pysparkBytes: "spark.executor.pyspark.memory = 1024 MiB",
        containerBytes: "heap 4096 + overhead 1024 + off-heap 0 + PySpark 1024 = 6144 MiB",
        containerAllocatedBytes: "Kubernetes grants the pod its request; memory request = limit",
        taskSlots: "⌊1 cores / spark.task.cpus⌋ = 1",
        perTaskExecution:
          "max = unified / N = 2388236697 / 1 (nothing cached); min = execution region / 2N = 1194118349 / 2 (cache holds its storage region)",
        count: "DEFAULT_NUMBER_EXECUTORS = 2",
      },
    });
  });
});
