/** Where a block's bytes live: the JVM heap, or off-heap memory (spark.memory.offHeap.*). */
export type MemoryMode = "ON_HEAP" | "OFF_HEAP";

/** The storage levels a scenario caches with (StorageLevel.scala); OFF_HEAP keeps a disk copy too. */
export type StorageLevelName = "MEMORY_ONLY" | "MEMORY_AND_DISK" | "OFF_HEAP";

export interface MemoryEntry {
  size: number;
  memoryMode: MemoryMode;
  level: StorageLevelName;
}

/** What an eviction did to one block: dropped for good, or written to (kept on) disk. */
export interface Eviction {
  blockId: string;
  bytes: number;
  to: "dropped" | "disk";
}

/** The memory side of a block store: the unified manager it charges, and where evictions are reported. */
export interface StorageAccounting {
  acquireStorageMemory(blockId: string, numBytes: number, mode: MemoryMode): boolean;
  releaseStorageMemory(numBytes: number, mode: MemoryMode): void;
}

/** "rdd_3_7" → "rdd_3": the RDD a block belongs to (BlockId.asRDDId), null for other blocks. */
export function rddOf(blockId: string): string | null {
  return /^(rdd_\d+)_\d+$/.exec(blockId)?.[1] ?? null;
}

export const usesDisk = (level: StorageLevelName) => level !== "MEMORY_ONLY";

/**
 * The blocks in memory, least recently used first, as Spark's MemoryStore (core/src/main/scala/org/apache/
 * spark/storage/memory/MemoryStore.scala: a LinkedHashMap in access order). Blocks are put as putBytes puts
 * them: the whole size acquired at once.
 */
export class MemoryStore {
  private readonly entries = new Map<string, MemoryEntry>();
  /** Evictions since the simulator last took them (BlockManager.dropFromMemory's effects). */
  private evictions: Eviction[] = [];

  constructor(private readonly memory: StorageAccounting) {}

  contains(blockId: string): boolean {
    return this.entries.has(blockId);
  }

  blocks(): [string, MemoryEntry][] {
    return [...this.entries];
  }

  takeEvictions(): Eviction[] {
    const e = this.evictions;
    this.evictions = [];
    return e;
  }

  /** putBytes: acquire the block's size as storage memory (evicting others if need be); false when refused. */
  putBytes(blockId: string, entry: MemoryEntry): boolean {
    if (this.entries.has(blockId)) throw new Error(`Block ${blockId} is already present in the MemoryStore`);
    if (!this.memory.acquireStorageMemory(blockId, entry.size, entry.memoryMode)) return false;
    this.entries.set(blockId, entry);
    return true;
  }

  /** A read moves the block to the most recently used end (LinkedHashMap with accessOrder = true). */
  touch(blockId: string): void {
    const e = this.entries.get(blockId);
    if (!e) return;
    this.entries.delete(blockId);
    this.entries.set(blockId, e);
  }

  remove(blockId: string): boolean {
    const e = this.entries.get(blockId);
    if (!e) return false;
    this.entries.delete(blockId);
    this.memory.releaseStorageMemory(e.size, e.memoryMode);
    return true;
  }

  /**
   * evictBlocksToFreeSpace: select blocks of the same memory mode, least recently used first, skipping the
   * blocks of the RDD being cached (replacing a block of an RDD by another of the same RDD is a wasteful
   * cycle), until they free `space`; drop them only if they do, else drop none and return 0.
   */
  evictBlocksToFreeSpace(blockId: string | null, space: number, mode: MemoryMode): number {
    if (space <= 0) throw new Error(`evictBlocksToFreeSpace: space ${space}`);
    const rddToAdd = blockId === null ? null : rddOf(blockId);
    let freed = 0;
    const selected: string[] = [];
    for (const [id, e] of this.entries) {
      if (freed >= space) break;
      if (e.memoryMode === mode && (rddToAdd === null || rddOf(id) !== rddToAdd)) {
        selected.push(id);
        freed += e.size;
      }
    }
    if (freed < space) return 0;
    for (const id of selected) {
      const e = this.entries.get(id) as MemoryEntry;
      // BlockManager.dropFromMemory: a level with disk writes the block there first, then removes it
      this.evictions.push({ blockId: id, bytes: e.size, to: usesDisk(e.level) ? "disk" : "dropped" });
      this.remove(id);
    }
    return freed;
  }
}
