import { describe, expect, it } from "vitest";
import { derivations } from "./support/derivations.js";

/**
 * explain --why on four more paths (see test/modelDerivations.test.ts): local mode (the driver runs the
 * tasks), 2.4's legacy StaticMemoryManager in YARN cluster mode, 3.0 on the FairScheduler with off-heap counted
 * in the container, 4.0 with spark.executor.minMemoryOverhead and two CPUs per task. Each formula checked against
 * the Spark code it cites and the figure it explains.
 */
const FAIR = "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler";

describe("explain's derivations on other paths", () => {
  it("3.5.1 local[4]: the driver's heap as written, fraction 0.7, four task slots", () => {
    expect(
      derivations({
        sparkVersion: "3.5.1",
        master: "local[4]",
        conf: { "spark.driver.memory": "2g", "spark.memory.fraction": "0.7" },
      }),
    ).toEqual({
      driver: {
        heapBytes: "spark.driver.memory = 2g is passed to the JVM as written: -Xmx2g = 2147483648 bytes",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx2g on Java 17 with G1: -Xmx aligned up to max(2 MiB, G1 region size) = 2147483648",
        reservedBytes: "RESERVED_SYSTEM_MEMORY_BYTES = 300 MiB",
        usableBytes: "systemMemory − reserved = 2147483648 − 314572800 = 1832910848",
        unifiedBytes: "⌊usable × spark.memory.fraction⌋ = ⌊1832910848 × 0.7⌋ = 1283037593",
        userBytes: "usable − unified = 1832910848 − 1283037593 = 549873255",
        storageRegionBytes: "⌊unified × spark.memory.storageFraction⌋ = ⌊1283037593 × 0.5⌋ = 641518796",
        executionRegionBytes: "unified − storage region = 1283037593 − 641518796 = 641518797",
        uiStorageBytes:
          "BlockManager max memory = maxOnHeapStorageMemory + maxOffHeapStorageMemory = 1283037593 + 0 = 1283037593 (at start, with no execution memory in use)",
        containerBytes: "the driver runs where it was launched: Spark requests no container for it",
        taskSlots: "⌊4 cores / spark.task.cpus⌋ = 4",
        perTaskExecution:
          "max = unified / N = 1283037593 / 4 (nothing cached); min = execution region / 2N = 641518797 / 8 (cache holds its storage region)",
      },
    });
  });
  it("2.4.8 legacy mode on YARN, cluster mode: the static pools, the driver's 384 MiB floor and 3072 MiB grant", () => {
    expect(
      derivations({
        sparkVersion: "2.4.8",
        master: "yarn",
        deployMode: "cluster",
        conf: {
          "spark.memory.useLegacyMode": "true",
          "spark.executor.memory": "4g",
          "spark.driver.memory": "2g",
        },
      }),
    ).toEqual({
      driver: {
        heapBytes: "spark.driver.memory = 2g → 2048 MiB (a bare number means MiB) → -Xmx2048m",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx2048m on Java 8 with Parallel: heap − one survivor space, survivor = ⌊young/3⌋, young = ⌊heap/3⌋ (512 KiB grains) = 1908932608",
        storageRegionBytes:
          "⌊system × spark.storage.memoryFraction × spark.storage.safetyFraction⌋ = 1030823608",
        executionRegionBytes:
          "⌊system × spark.shuffle.memoryFraction × spark.shuffle.safetyFraction⌋ = 305429217",
        uiStorageBytes: "storage only (the legacy manager gives off-heap memory to execution) = 1030823608",
        note: "Spark 2.4 legacy StaticMemoryManager (spark.memory.useLegacyMode=true)",
        overheadBytes:
          "max(⌊0.1 (constant MEMORY_OVERHEAD_FACTOR before 3.3) × 2048 MiB⌋ = 204, 384 (MEMORY_OVERHEAD_MIN_MIB)) = 384 MiB",
        containerBytes: "driver 2048 + overhead 384 = 2432 MiB (no PySpark or off-heap term)",
        containerAllocatedBytes: "YARN rounds 2432 MiB up to a multiple of 1024: 3072 MiB",
        taskSlots: "0: outside local mode the driver runs no tasks",
        perTaskExecution: "no task slots",
      },
      executor: {
        heapBytes: "spark.executor.memory = 4g → 4096 MiB (a bare number means MiB) → -Xmx4096m",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx4096m on Java 8 with Parallel: heap − one survivor space, survivor = ⌊young/3⌋, young = ⌊heap/3⌋ (512 KiB grains) = 3817865216",
        storageRegionBytes:
          "⌊system × spark.storage.memoryFraction × spark.storage.safetyFraction⌋ = 2061647216",
        executionRegionBytes:
          "⌊system × spark.shuffle.memoryFraction × spark.shuffle.safetyFraction⌋ = 610858434",
        uiStorageBytes: "storage only (the legacy manager gives off-heap memory to execution) = 2061647216",
        note: "Spark 2.4 legacy StaticMemoryManager (spark.memory.useLegacyMode=true)",
        overheadBytes:
          "max(⌊0.1 (constant MEMORY_OVERHEAD_FACTOR before 3.3) × 4096 MiB⌋ = 409, 384 (MEMORY_OVERHEAD_MIN_MIB)) = 409 MiB",
        pysparkBytes: "0 (unset)",
        containerBytes: "heap 4096 + overhead 409 + off-heap 0 + PySpark 0 = 4505 MiB",
        containerAllocatedBytes:
          "YARN rounds 4505 MiB up to a multiple of yarn.scheduler.minimum-allocation-mb = 1024: 5120 MiB",
        taskSlots: "⌊1 cores / spark.task.cpus⌋ = 1",
        perTaskExecution: "fixed execution pool 610858434: max = pool / 1, min = pool / (2 × 1)",
        count: "DEFAULT_NUMBER_EXECUTORS = 2",
      },
    });
  });
  it("3.0.3 under the FairScheduler: off-heap in the container from 3.0, 512 MiB increments for executors and the AM", () => {
    expect(
      derivations({
        sparkVersion: "3.0.3",
        master: "yarn",
        deployMode: "client",
        conf: {
          "spark.executor.memory": "4g",
          "spark.memory.offHeap.enabled": "true",
          "spark.memory.offHeap.size": "1g",
          "yarn.resourcemanager.scheduler.class": FAIR,
          "yarn.scheduler.increment-allocation-mb": "512",
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
        containerBytes: "heap 4096 + overhead 409 + off-heap 1024 + PySpark 0 = 5529 MiB",
        containerAllocatedBytes:
          "YARN rounds 5529 MiB up to a multiple of yarn.scheduler.increment-allocation-mb = 512 (FairScheduler): 5632 MiB",
        taskSlots: "⌊1 cores / spark.task.cpus⌋ = 1",
        perTaskExecution:
          "off-heap (Tungsten memory mode OFF_HEAP): max = 1073741824 / 1, min = 536870912 / (2 × 1)",
        count: "DEFAULT_NUMBER_EXECUTORS = 2",
      },
      am: {
        heapBytes: "spark.yarn.am.memory = 512 MiB",
        overheadBytes: "max(⌊0.1 × 512 MiB⌋ = 51, 384) = 384 MiB",
        containerBytes: "512 + 384 = 896 MiB",
        containerAllocatedBytes: "rounded to a multiple of 512: 1024 MiB",
      },
    });
  });
  it("4.0.1: an 8g minimum overhead above 10 % of 60g, five cores at two CPUs per task", () => {
    expect(
      derivations({
        sparkVersion: "4.0.1",
        master: "yarn",
        deployMode: "client",
        conf: {
          "spark.executor.memory": "60g",
          "spark.executor.minMemoryOverhead": "8g",
          "spark.executor.cores": "5",
          "spark.task.cpus": "2",
        },
      }),
    ).toEqual({
      driver: {
        heapBytes:
          "spark.driver.memory (default) = 1g is passed to the JVM as written: -Xmx1g = 1073741824 bytes",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx1g on Java 17 with G1: -Xmx aligned up to max(2 MiB, G1 region size) = 1073741824",
        reservedBytes: "RESERVED_SYSTEM_MEMORY_BYTES = 300 MiB",
        usableBytes: "systemMemory − reserved = 1073741824 − 314572800 = 759169024",
        unifiedBytes: "⌊usable × spark.memory.fraction⌋ = ⌊759169024 × 0.6⌋ = 455501414",
        userBytes: "usable − unified = 759169024 − 455501414 = 303667610",
        storageRegionBytes: "⌊unified × spark.memory.storageFraction⌋ = ⌊455501414 × 0.5⌋ = 227750707",
        executionRegionBytes: "unified − storage region = 455501414 − 227750707 = 227750707",
        uiStorageBytes:
          "BlockManager max memory = maxOnHeapStorageMemory + maxOffHeapStorageMemory = 455501414 + 0 = 455501414 (at start, with no execution memory in use)",
        containerBytes: "the driver runs where it was launched: Spark requests no container for it",
        taskSlots: "0: outside local mode the driver runs no tasks",
        perTaskExecution: "no task slots",
      },
      executor: {
        heapBytes: "spark.executor.memory = 60g → 61440 MiB (a bare number means MiB) → -Xmx61440m",
        systemMemoryBytes:
          "Runtime.maxMemory for -Xmx61440m on Java 17 with G1: -Xmx aligned up to max(2 MiB, G1 region size) = 64424509440",
        reservedBytes: "RESERVED_SYSTEM_MEMORY_BYTES = 300 MiB",
        usableBytes: "systemMemory − reserved = 64424509440 − 314572800 = 64109936640",
        unifiedBytes: "⌊usable × spark.memory.fraction⌋ = ⌊64109936640 × 0.6⌋ = 38465961984",
        userBytes: "usable − unified = 64109936640 − 38465961984 = 25643974656",
        storageRegionBytes: "⌊unified × spark.memory.storageFraction⌋ = ⌊38465961984 × 0.5⌋ = 19232980992",
        executionRegionBytes: "unified − storage region = 38465961984 − 19232980992 = 19232980992",
        uiStorageBytes:
          "BlockManager max memory = maxOnHeapStorageMemory + maxOffHeapStorageMemory = 38465961984 + 0 = 38465961984 (at start, with no execution memory in use)",
        overheadBytes:
          "max(⌊0.1 (spark.executor.memoryOverheadFactor) × 61440 MiB⌋ = 6144, 8192 (spark.executor.minMemoryOverhead)) = 8192 MiB",
        pysparkBytes: "0 (unset)",
        containerBytes: "heap 61440 + overhead 8192 + off-heap 0 + PySpark 0 = 69632 MiB",
        containerAllocatedBytes:
          "YARN rounds 69632 MiB up to a multiple of yarn.scheduler.minimum-allocation-mb = 1024: 69632 MiB",
        taskSlots: "⌊5 cores / spark.task.cpus⌋ = 2",
        perTaskExecution:
          "max = unified / N = 38465961984 / 2 (nothing cached); min = execution region / 2N = 19232980992 / 4 (cache holds its storage region)",
        count: "DEFAULT_NUMBER_EXECUTORS = 2",
      },
      am: {
        heapBytes: "spark.yarn.am.memory = 512 MiB",
        overheadBytes: "max(⌊0.1 × 512 MiB⌋ = 51, 384) = 384 MiB",
        containerBytes: "512 + 384 = 896 MiB",
        containerAllocatedBytes: "rounded to a multiple of 1024: 1024 MiB",
      },
    });
  });
});
