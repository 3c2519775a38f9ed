import { MiB } from "../conf/byteString.js";

/**
 * UnifiedMemoryManager.getMaxMemory/apply and MemoryManager's off-heap pools.
 * Source: core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala (2.0+),
 * core/src/main/scala/org/apache/spark/memory/MemoryManager.scala.
 */
export const RESERVED_SYSTEM_MEMORY_BYTES = 300 * MiB;

/** 2.0+: minSystemMemory = (reservedMemory * 1.5).ceil.toLong */
export function minSystemMemory(reserved: number): number {
  return Math.ceil(reserved * 1.5);
}

export interface UnifiedInputs {
  systemMemory: number;
  reserved: number;
  fraction: number;
  storageFraction: number;
  /** spark.memory.offHeap.size: MemoryManager sizes the off-heap pools from it even when disabled. */
  offHeapSize: number;
}

export interface UnifiedRegions {
  usable: number;
  /** maxHeapMemory: execution + storage on the heap. */
  unified: number;
  storageRegion: number;
  executionRegion: number;
  user: number;
  offHeapStorageRegion: number;
  offHeapExecutionRegion: number;
}

export function unifiedRegions(i: UnifiedInputs): UnifiedRegions {
  // Spark computes (long * double).toLong: an IEEE double product truncated toward zero.
  const usable = Math.max(0, i.systemMemory - i.reserved);
  const unified = Math.trunc(usable * i.fraction);
  const storageRegion = Math.trunc(unified * i.storageFraction);
  const offHeapStorageRegion = Math.trunc(i.offHeapSize * i.storageFraction);
  return {
    usable,
    unified,
    storageRegion,
    executionRegion: unified - storageRegion,
    user: usable - unified,
    offHeapStorageRegion,
    offHeapExecutionRegion: i.offHeapSize - offHeapStorageRegion,
  };
}
