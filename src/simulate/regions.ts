import type { ProcessLayout } from "../model/types.js";
import type { UnifiedRegions } from "./unifiedMemoryManager.js";

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
