import { MemoryPool } from "./memoryPool.js";
import type { MemoryMode, MemoryStore } from "./memoryStore.js";

/**
 * Memory of cached blocks, as Spark's StorageMemoryPool (core/src/main/scala/org/apache/spark/memory/
 * StorageMemoryPool.scala): a block that does not fit the free memory evicts others through the MemoryStore;
 * shrinking the pool for execution frees unused memory first, then evicts.
 */
export class StorageMemoryPool extends MemoryPool {
  private used = 0;

  constructor(
    readonly memoryMode: MemoryMode,
    private readonly store: () => MemoryStore,
  ) {
    super();
  }

  get memoryUsed(): number {
    return this.used;
  }

  /** acquireMemory(blockId, numBytes): whether all of it was granted, after evicting what it needed. */
  acquireMemory(blockId: string, numBytes: number): boolean {
    const numBytesToFree = Math.max(0, numBytes - this.memoryFree);
    if (numBytesToFree > 0) this.store().evictBlocksToFreeSpace(blockId, numBytesToFree, this.memoryMode);
    // an eviction released its blocks' memory through releaseMemory, so memoryFree is current
    const enough = numBytes <= this.memoryFree;
    if (enough) this.used += numBytes;
    return enough;
  }

  releaseMemory(size: number): void {
    this.used = size > this.used ? 0 : this.used - size;
  }

  /**
   * freeSpaceToShrinkPool: bytes the caller may take off the pool — free memory first, then what evicting
   * blocks frees (all or nothing: evictBlocksToFreeSpace drops no block unless the selection is enough).
   */
  freeSpaceToShrinkPool(spaceToFree: number): number {
    const unused = Math.min(spaceToFree, this.memoryFree);
    const remaining = spaceToFree - unused;
    if (remaining <= 0) return unused;
    return unused + this.store().evictBlocksToFreeSpace(null, remaining, this.memoryMode);
  }
}
