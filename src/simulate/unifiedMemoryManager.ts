import { ExecutionMemoryPool, type Wait } from "./executionMemoryPool.js";
import { type MemoryMode, MemoryStore } from "./memoryStore.js";
import { StorageMemoryPool } from "./storageMemoryPool.js";

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

interface Pools {
  execution: ExecutionMemoryPool;
  storage: StorageMemoryPool;
  storageRegionSize: number;
  maxMemory: number;
}

/**
 * Spark's UnifiedMemoryManager (core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala, with
 * MemoryManager.scala): one region per memory mode shared by execution and storage. Storage borrows free
 * execution memory but never evicts it; execution takes back free storage memory, and evicts cached blocks
 * down to the storage region (onHeapStorageRegionSize), never below.
 */
export class UnifiedMemoryManager {
  readonly memoryStore: MemoryStore;
  private readonly onHeap: Pools;
  private readonly offHeap: Pools;
  /** notifyAll() calls so far: a thread that waited before the latest one retries. */
  notifications = 0;

  constructor(readonly regions: UnifiedRegions) {
    this.memoryStore = new MemoryStore(this);
    const pools = (mode: MemoryMode, max: number, region: number): Pools => {
      const storage = new StorageMemoryPool(mode, () => this.memoryStore);
      const execution = new ExecutionMemoryPool(() => {
        this.notifications++;
      });
      storage.incrementPoolSize(region);
      execution.incrementPoolSize(max - region);
      return { execution, storage, storageRegionSize: region, maxMemory: max };
    };
    this.onHeap = pools("ON_HEAP", regions.maxHeapMemory, regions.onHeapStorageRegionSize);
    this.offHeap = pools("OFF_HEAP", regions.maxOffHeapMemory, regions.offHeapStorageRegionSize);
  }

  pools(mode: MemoryMode): Readonly<Pools> {
    return mode === "ON_HEAP" ? this.onHeap : this.offHeap;
  }

  /** maxOnHeapStorageMemory / maxOffHeapStorageMemory: the region less what execution uses now. */
  maxStorageMemory(mode: MemoryMode): number {
    const p = this.pools(mode);
    return p.maxMemory - p.execution.memoryUsed;
  }

  /**
   * acquireExecutionMemory: each pass of the pool's loop first grows the execution pool by the storage
   * pool's free memory, then by evicting blocks cached beyond the storage region; the per-task cap is 1/N
   * of what the pool could grow to (maxMemory less the storage the region protects, SPARK-12155).
   */
  acquireExecutionMemory(numBytes: number, task: number, mode: MemoryMode): Generator<Wait, number, void> {
    const { execution, storage, storageRegionSize, maxMemory } = this.pools(mode);
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

  releaseStorageMemory(numBytes: number, mode: MemoryMode): void {
    this.pools(mode).storage.releaseMemory(numBytes);
  }

  releaseExecutionMemory(numBytes: number, task: number, mode: MemoryMode): void {
    this.pools(mode).execution.releaseMemory(numBytes, task);
  }

  releaseAllExecutionMemoryForTask(task: number): number {
    return (
      this.onHeap.execution.releaseAllMemoryForTask(task) +
      this.offHeap.execution.releaseAllMemoryForTask(task)
    );
  }
}
