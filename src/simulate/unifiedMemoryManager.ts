import type { Wait } from "./executionMemoryPool.js";
import { MemoryManager } from "./memoryManager.js";
import type { MemoryMode } from "./memoryStore.js";

/** The regions a layout gives one JVM (explain's unified, storage-region and off-heap figures). */
export interface UnifiedRegions {
  /** maxHeapMemory: ⌊(system − reserved) × spark.memory.fraction⌋. */
  maxHeapMemory: number;
  /** onHeapStorageRegionSize: ⌊maxHeapMemory × spark.memory.storageFraction⌋. */
  onHeapStorageRegionSize: number;
  /** spark.memory.offHeap.size when off-heap is enabled, else 0. */
  maxOffHeapMemory: number;
  /** ⌊maxOffHeapMemory × spark.memory.storageFraction⌋. */
  offHeapStorageRegionSize: number;
}

/**
 * Spark's UnifiedMemoryManager (core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala, with
 * MemoryManager.scala): one region per memory mode shared by execution and storage. Storage borrows free
 * execution memory but never evicts it; execution takes back free storage memory, and evicts cached blocks
 * down to the storage region (onHeapStorageRegionSize), never below.
 */
export class UnifiedMemoryManager extends MemoryManager {
  constructor(readonly regions: UnifiedRegions) {
    super({
      onHeapStorage: regions.onHeapStorageRegionSize,
      onHeapExecution: regions.maxHeapMemory - regions.onHeapStorageRegionSize,
      offHeapStorage: regions.offHeapStorageRegionSize,
      offHeapExecution: regions.maxOffHeapMemory - regions.offHeapStorageRegionSize,
    });
  }

  private limits(mode: MemoryMode): { storageRegionSize: number; maxMemory: number } {
    return mode === "ON_HEAP"
      ? { storageRegionSize: this.regions.onHeapStorageRegionSize, maxMemory: this.regions.maxHeapMemory }
      : {
          storageRegionSize: this.regions.offHeapStorageRegionSize,
          maxMemory: this.regions.maxOffHeapMemory,
        };
  }

  /** maxOnHeapStorageMemory / maxOffHeapStorageMemory: the region less what execution uses now. */
  maxStorageMemory(mode: MemoryMode): number {
    return this.limits(mode).maxMemory - this.pools(mode).execution.memoryUsed;
  }

  /**
   * acquireExecutionMemory: each pass of the pool's loop first grows the execution pool by the storage
   * pool's free memory, then by evicting blocks cached beyond the storage region; the per-task cap is 1/N
   * of what the pool could grow to (maxMemory less the storage the region protects, SPARK-12155).
   */
  acquireExecutionMemory(numBytes: number, task: number, mode: MemoryMode): Generator<Wait, number, void> {
    const { execution, storage } = this.pools(mode);
    const { storageRegionSize, maxMemory } = this.limits(mode);
    const maybeGrowExecutionPool = (extraMemoryNeeded: number) => {
      if (extraMemoryNeeded <= 0) return;
      const reclaimable = Math.max(storage.memoryFree, storage.poolSize - storageRegionSize);
      if (reclaimable <= 0) return;
      const spaceToReclaim = storage.freeSpaceToShrinkPool(Math.min(extraMemoryNeeded, reclaimable));
      storage.decrementPoolSize(spaceToReclaim);
      execution.incrementPoolSize(spaceToReclaim);
    };
    const computeMaxExecutionPoolSize = () => maxMemory - Math.min(storage.memoryUsed, storageRegionSize);
    return execution.acquireMemory(numBytes, task, maybeGrowExecutionPool, computeMaxExecutionPoolSize);
  }

  /**
   * acquireStorageMemory: refused outright above what execution leaves; otherwise free execution memory is
   * borrowed first, and the storage pool evicts other blocks for the rest.
   */
  acquireStorageMemory(blockId: string, numBytes: number, mode: MemoryMode): boolean {
    const { execution, storage } = this.pools(mode);
    if (numBytes > this.maxStorageMemory(mode)) return false;
    if (numBytes > storage.memoryFree) {
      const borrowed = Math.min(execution.memoryFree, numBytes - storage.memoryFree);
      execution.decrementPoolSize(borrowed);
      storage.incrementPoolSize(borrowed);
    }
    return storage.acquireMemory(blockId, numBytes);
  }
}
