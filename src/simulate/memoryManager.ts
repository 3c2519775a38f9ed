import { ExecutionMemoryPool, type Wait } from "./executionMemoryPool.js";
import { type MemoryMode, MemoryStore } from "./memoryStore.js";
import { StorageMemoryPool } from "./storageMemoryPool.js";

export interface Pools {
  execution: ExecutionMemoryPool;
  storage: StorageMemoryPool;
}

/** The four pools' starting sizes, as MemoryManager's constructor receives them. */
export interface PoolSizes {
  onHeapStorage: number;
  onHeapExecution: number;
  offHeapStorage: number;
  offHeapExecution: number;
}

/**
 * What Spark's MemoryManager (core/src/main/scala/org/apache/spark/memory/MemoryManager.scala) holds for both of
 * its kinds: a storage and an execution pool per memory mode, the MemoryStore that evicts, and one lock whose
 * notifyAll() wakes every waiting task.
 */
export abstract class MemoryManager {
  readonly memoryStore: MemoryStore;
  protected readonly onHeap: Pools;
  protected readonly offHeap: Pools;
  /** notifyAll() calls so far: a thread that waited before the latest one retries. */
  notifications = 0;

  constructor(sizes: PoolSizes) {
    this.memoryStore = new MemoryStore(this);
    const pools = (mode: MemoryMode, storageSize: number, executionSize: number): Pools => {
      const storage = new StorageMemoryPool(mode, () => this.memoryStore);
      const execution = new ExecutionMemoryPool(() => {
        this.notifications++;
      });
      storage.incrementPoolSize(storageSize);
      execution.incrementPoolSize(executionSize);
      return { execution, storage };
    };
    this.onHeap = pools("ON_HEAP", sizes.onHeapStorage, sizes.onHeapExecution);
    this.offHeap = pools("OFF_HEAP", sizes.offHeapStorage, sizes.offHeapExecution);
  }

  pools(mode: MemoryMode): Readonly<Pools> {
    return mode === "ON_HEAP" ? this.onHeap : this.offHeap;
  }

  /** Whether off-heap memory exists (spark.memory.offHeap.enabled with a size). */
  get hasOffHeap(): boolean {
    return this.offHeap.execution.poolSize + this.offHeap.storage.poolSize > 0;
  }

  abstract acquireExecutionMemory(
    numBytes: number,
    task: number,
    mode: MemoryMode,
  ): Generator<Wait, number, void>;

  abstract acquireStorageMemory(blockId: string, numBytes: number, mode: MemoryMode): boolean;

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

const MiB = 1024 * 1024;

/**
 * MemoryManager.defaultPageSizeBytes (MemoryManager.scala): Tungsten's page, the unit a sort or an aggregation's
 * map grows by — the execution pool of the Tungsten memory mode over the cores and a safety factor of 16,
 * rounded up to a power of 2 (ByteArrayMethods.nextPowerOf2), within 1 MiB and 64 MiB. spark.buffer.pageSize
 * overrides it.
 */
export function defaultPageSizeBytes(executionPoolBytes: number, cores: number): number {
  const n = Math.floor(executionPoolBytes / Math.max(1, cores) / 16);
  const pow2 = n <= 1 ? n : 2 ** Math.ceil(Math.log2(n));
  return Math.min(64 * MiB, Math.max(MiB, pow2));
}
