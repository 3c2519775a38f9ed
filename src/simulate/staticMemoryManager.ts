import type { Wait } from "./executionMemoryPool.js";
import { MemoryManager } from "./memoryManager.js";
import type { MemoryMode } from "./memoryStore.js";

/** The legacy manager's fixed pools (explain's storage and execution regions with spark.memory.useLegacyMode). */
export interface StaticRegions {
  /** heap × spark.shuffle.memoryFraction (0.2) × spark.shuffle.safetyFraction (0.8). */
  maxOnHeapExecutionMemory: number;
  /** heap × spark.storage.memoryFraction (0.6) × spark.storage.safetyFraction (0.9). */
  maxOnHeapStorageMemory: number;
  /** spark.memory.offHeap.size: all of it execution memory (no off-heap storage here). */
  maxOffHeapMemory: number;
}

/**
 * Spark 2.4's StaticMemoryManager (core/src/main/scala/org/apache/spark/memory/StaticMemoryManager.scala,
 * removed in 3.0): fixed pools, nothing borrowed either way. A block larger than the storage pool is refused;
 * eviction happens only within the storage pool; the execution pool never grows, so a task's 1/N is of the
 * pool as it is.
 */
export class StaticMemoryManager extends MemoryManager {
  constructor(readonly regions: StaticRegions) {
    super({
      onHeapStorage: regions.maxOnHeapStorageMemory,
      onHeapExecution: regions.maxOnHeapExecutionMemory,
      offHeapStorage: 0,
      offHeapExecution: regions.maxOffHeapMemory,
    });
  }

  acquireExecutionMemory(numBytes: number, task: number, mode: MemoryMode): Generator<Wait, number, void> {
    const { execution } = this.pools(mode);
    return execution.acquireMemory(
      numBytes,
      task,
      () => {},
      () => execution.poolSize,
    );
  }

  /** "StaticMemoryManager does not support off-heap storage memory": callers check the mode first. */
  acquireStorageMemory(blockId: string, numBytes: number, mode: MemoryMode): boolean {
    if (mode === "OFF_HEAP") throw new Error("StaticMemoryManager does not support off-heap storage memory");
    if (numBytes > this.regions.maxOnHeapStorageMemory) return false;
    return this.pools(mode).storage.acquireMemory(blockId, numBytes);
  }
}
