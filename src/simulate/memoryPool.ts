/**
 * Bookkeeping of an adjustable-size pool, as Spark's MemoryPool (core/src/main/scala/org/apache/spark/memory/
 * MemoryPool.scala): the unified manager moves the boundary between its storage and execution pools by
 * growing one and shrinking the other, never below what the shrunk pool uses.
 */
export abstract class MemoryPool {
  private size = 0;

  get poolSize(): number {
    return this.size;
  }

  abstract get memoryUsed(): number;

  get memoryFree(): number {
    return this.size - this.memoryUsed;
  }

  incrementPoolSize(delta: number): void {
    if (delta < 0) throw new Error(`MemoryPool: negative increment ${delta}`);
    this.size += delta;
  }

  /** require(delta <= poolSize) and require(poolSize - delta >= memoryUsed), as Spark's pool asserts. */
  decrementPoolSize(delta: number): void {
    if (delta < 0 || delta > this.size || this.size - delta < this.memoryUsed)
      throw new Error(
        `MemoryPool: cannot shrink a ${this.size} B pool using ${this.memoryUsed} B by ${delta}`,
      );
    this.size -= delta;
  }
}
