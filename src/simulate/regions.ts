import type { ProcessLayout } from "../model/types.js";
import { defaultPageSizeBytes, type MemoryManager } from "./memoryManager.js";
import { StaticMemoryManager } from "./staticMemoryManager.js";
import { UnifiedMemoryManager, type UnifiedRegions } from "./unifiedMemoryManager.js";

/**
 * The unified manager's regions as explain lays them out for one process: the same figures Spark passes to
 * UnifiedMemoryManager's constructor (UnifiedMemoryManager.apply: maxHeapMemory = getMaxMemory(conf),
 * onHeapStorageRegionSize = ⌊maxHeapMemory × storageFraction⌋; MemoryManager: the off-heap pair).
 */
export function regionsOf(p: ProcessLayout): UnifiedRegions {
  return {
    maxHeapMemory: p.unifiedBytes,
    onHeapStorageRegionSize: p.storageRegionBytes,
    maxOffHeapMemory: p.offHeapBytes,
    offHeapStorageRegionSize: p.offHeapStorageRegionBytes,
  };
}

/**
 * The memory manager Spark builds for the process (SparkEnv: StaticMemoryManager with 2.4's
 * spark.memory.useLegacyMode, else UnifiedMemoryManager), sized by explain's layout: for the static one its
 * storage region is getMaxStorageMemory and its execution region getMaxExecutionMemory.
 */
export function managerOf(p: ProcessLayout): MemoryManager {
  if (p.memoryManager === "static")
    return new StaticMemoryManager({
      maxOnHeapStorageMemory: p.storageRegionBytes,
      maxOnHeapExecutionMemory: p.executionRegionBytes,
      maxOffHeapMemory: p.offHeapBytes,
    });
  return new UnifiedMemoryManager(regionsOf(p));
}

/**
 * The page size Spark's memory manager gives the process's Tungsten consumers: its execution pool when built
 * (the unified region less the storage region, or the static execution region; off-heap ones when off-heap
 * memory has a size, as Tungsten then uses it) over its cores.
 */
export function pageSizeOf(p: ProcessLayout): number {
  const offHeap = p.offHeapBytes > 0;
  const pool =
    p.memoryManager === "static"
      ? offHeap
        ? p.offHeapBytes
        : p.executionRegionBytes
      : offHeap
        ? p.offHeapBytes - p.offHeapStorageRegionBytes
        : p.unifiedBytes - p.storageRegionBytes;
  return defaultPageSizeBytes(pool, p.cores);
}
