import { MiB } from "../conf/byteString.js";

/**
 * The pre-1.6 StaticMemoryManager, still selectable in 1.6–2.4 with spark.memory.useLegacyMode.
 * Source: core/src/main/scala/org/apache/spark/memory/StaticMemoryManager.scala (v2.4.8):
 * fixed storage and execution shares, no borrowing, no reserved memory, no off-heap storage.
 */
export const STATIC_MIN_MEMORY_BYTES = 32 * MiB;

export interface StaticInputs {
  systemMemory: number;
  storageMemoryFraction: number; // spark.storage.memoryFraction (0.6)
  storageSafetyFraction: number; // spark.storage.safetyFraction (0.9)
  shuffleMemoryFraction: number; // spark.shuffle.memoryFraction (0.2)
  shuffleSafetyFraction: number; // spark.shuffle.safetyFraction (0.8)
  unrollFraction: number; // spark.storage.unrollFraction (0.2)
}

export interface StaticRegions {
  storage: number;
  execution: number;
  maxUnroll: number;
  /** Heap left to user code and Spark's own objects. */
  other: number;
}

export function staticRegions(i: StaticInputs): StaticRegions {
  // (systemMaxMemory * memoryFraction * safetyFraction).toLong, evaluated left to right
  const storage = Math.trunc(i.systemMemory * i.storageMemoryFraction * i.storageSafetyFraction);
  const execution = Math.trunc(i.systemMemory * i.shuffleMemoryFraction * i.shuffleSafetyFraction);
  return {
    storage,
    execution,
    maxUnroll: Math.trunc(storage * i.unrollFraction),
    other: i.systemMemory - storage - execution,
  };
}
