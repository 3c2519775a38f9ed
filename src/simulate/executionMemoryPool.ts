import { MemoryPool } from "./memoryPool.js";

/** What a pool acquisition yields while Spark's thread would sit in lock.wait(). */
export const WAIT = Symbol("wait");
export type Wait = typeof WAIT;

/**
 * Execution memory shared by the running tasks, as Spark's ExecutionMemoryPool
 * (core/src/main/scala/org/apache/spark/memory/ExecutionMemoryPool.scala): each of N active tasks may hold
 * at most 1/N of the pool (as it could grow) and is guaranteed 1/2N before it must spill; a task that cannot
 * get its 1/2N waits until another task releases memory or the set of tasks changes.
 */
export class ExecutionMemoryPool extends MemoryPool {
  /** taskAttemptId → bytes, in the order tasks first asked (a task is active while it is in the map). */
  private readonly memoryForTask = new Map<number, number>();
  private used = 0;

  /** notifyAll() on the memory manager, the lock both pools share: a release, or a new task. */
  constructor(private readonly notifyAll: () => void) {
    super();
  }

  get memoryUsed(): number {
    return this.used;
  }

  usageOf(task: number): number {
    return this.memoryForTask.get(task) ?? 0;
  }

  get activeTasks(): number {
    return this.memoryForTask.size;
  }

  /**
   * acquireMemory: a generator that yields WAIT each time Spark's loop would wait, and returns the bytes
   * granted (0 when the task already holds its 1/N). Resuming it is Spark's thread waking up: the loop runs
   * again with the pool as it is then.
   */
  *acquireMemory(
    numBytes: number,
    task: number,
    maybeGrowPool: (extra: number) => void,
    computeMaxPoolSize: () => number,
  ): Generator<Wait, number, void> {
    if (numBytes <= 0) throw new Error(`invalid number of bytes requested: ${numBytes}`);
    for (;;) {
      // re-checked on every pass: a release can drop the task's entry while it waits (SPARK-59827 in 4.x;
      // before it the entry was added once, which gives the same figures for a task that waits holding 0)
      if (!this.memoryForTask.has(task)) {
        this.memoryForTask.set(task, 0);
        this.notifyAll();
      }
      const numActiveTasks = this.memoryForTask.size;
      const curMem = this.memoryForTask.get(task) as number;
      maybeGrowPool(numBytes - this.memoryFree);
      const maxPoolSize = computeMaxPoolSize();
      // Scala Long division truncates
      const maxMemoryPerTask = Math.trunc(maxPoolSize / numActiveTasks);
      const minMemoryPerTask = Math.trunc(this.poolSize / (2 * numActiveTasks));
      const maxToGrant = Math.min(numBytes, Math.max(0, maxMemoryPerTask - curMem));
      const toGrant = Math.min(maxToGrant, this.memoryFree);
      if (toGrant < numBytes && curMem + toGrant < minMemoryPerTask) {
        yield WAIT;
      } else {
        this.memoryForTask.set(task, curMem + toGrant);
        this.used += toGrant;
        return toGrant;
      }
    }
  }

  releaseMemory(numBytes: number, task: number): void {
    const curMem = this.memoryForTask.get(task) ?? 0;
    const toFree = Math.min(curMem, numBytes);
    if (this.memoryForTask.has(task)) {
      const left = curMem - toFree;
      this.used -= toFree;
      if (left <= 0) this.memoryForTask.delete(task);
      else this.memoryForTask.set(task, left);
    }
    this.notifyAll();
  }

  releaseAllMemoryForTask(task: number): number {
    const n = this.usageOf(task);
    this.releaseMemory(n, task);
    return n;
  }
}
