import type { Wait } from "./executionMemoryPool.js";
import type { MemoryManager } from "./memoryManager.js";
import type { MemoryMode } from "./memoryStore.js";

/**
 * A spillable consumer of execution memory (MemoryConsumer.java), as a sort or an aggregation's map: asked to
 * spill, it writes everything it holds to disk and frees it, as UnsafeExternalSorter does.
 */
export class MemoryConsumer {
  used = 0;
  /** Bytes this consumer wrote to disk when asked to spill. */
  spilled = 0;
  constructor(
    readonly name: string,
    readonly mode: MemoryMode,
    private readonly tmm: TaskMemoryManager,
  ) {}

  spill(): number {
    const released = this.used;
    if (released > 0) this.tmm.releaseExecutionMemory(released, this);
    this.used = 0;
    this.spilled += released;
    return released;
  }
}

/** One spill a request caused: which consumer of the task wrote how much to disk. */
export interface Spill {
  task: number;
  consumer: string;
  bytes: number;
}

/**
 * Spark's TaskMemoryManager (core/src/main/java/org/apache/spark/memory/TaskMemoryManager.java): a request the
 * memory manager cannot fully grant makes the task's other consumers of the same mode spill — the one using
 * the least memory that still covers what is missing, else the largest — re-asking after each spill, and
 * last the requesting consumer itself.
 */
export class TaskMemoryManager {
  /** The consumers that acquired memory (TaskMemoryManager.consumers), in the order they first did. */
  private readonly consumers = new Set<MemoryConsumer>();
  private readonly byName = new Map<string, MemoryConsumer>();

  constructor(
    readonly task: number,
    private readonly memoryManager: MemoryManager,
    /** Where spills are written as they happen (the simulator's, shared by its tasks). */
    private readonly spills: Spill[] = [],
  ) {}

  consumer(name: string, mode: MemoryMode): MemoryConsumer {
    let c = this.byName.get(name);
    if (!c) {
      c = new MemoryConsumer(name, mode, this);
      this.byName.set(name, c);
    }
    return c;
  }

  /** The task's execution memory now, by consumer. */
  usage(): { consumer: string; bytes: number }[] {
    return [...this.byName.values()].map((c) => ({ consumer: c.name, bytes: c.used }));
  }

  /** MemoryConsumer.acquireMemory → acquireExecutionMemory; the consumer's `used` grows by the grant. */
  *acquire(required: number, consumer: MemoryConsumer): Generator<Wait, number, void> {
    const got = yield* this.acquireExecutionMemory(required, consumer);
    consumer.used += got;
    return got;
  }

  private *acquireExecutionMemory(required: number, consumer: MemoryConsumer): Generator<Wait, number, void> {
    const mode = consumer.mode;
    const ask = (n: number) => this.memoryManager.acquireExecutionMemory(n, this.task, mode);
    let got = yield* ask(required);
    if (got < required) {
      // TreeMap<used, consumers>: ceilingEntry(required - got), else lastEntry; the list's last one first
      const byUsed = new Map<number, MemoryConsumer[]>();
      for (const c of this.consumers)
        if (c !== consumer && c.used > 0 && c.mode === mode) {
          const list = byUsed.get(c.used) ?? [];
          list.push(c);
          byUsed.set(c.used, list);
        }
      while (byUsed.size > 0) {
        const keys = [...byUsed.keys()].sort((a, b) => a - b);
        const key = keys.find((k) => k >= required - got) ?? (keys.at(-1) as number);
        const list = byUsed.get(key) as MemoryConsumer[];
        const c = list.at(-1) as MemoryConsumer;
        const released = this.spillOf(c);
        if (released > 0) {
          got += yield* ask(required - got);
          if (got >= required) break;
        } else {
          list.pop();
          if (list.length === 0) byUsed.delete(key);
        }
      }
    }
    if (got < required) {
      const released = this.spillOf(consumer);
      if (released > 0) got += yield* ask(required - got);
    }
    this.consumers.add(consumer);
    return got;
  }

  private spillOf(c: MemoryConsumer): number {
    const released = c.spill();
    if (released > 0) this.spills.push({ task: this.task, consumer: c.name, bytes: released });
    return released;
  }

  releaseExecutionMemory(size: number, consumer: MemoryConsumer): void {
    this.memoryManager.releaseExecutionMemory(size, this.task, consumer.mode);
  }

  /** MemoryConsumer.freeMemory: up to what the consumer holds. */
  release(size: number, consumer: MemoryConsumer): number {
    const n = Math.min(size, consumer.used);
    if (n > 0) {
      consumer.used -= n;
      this.releaseExecutionMemory(n, consumer);
    }
    return n;
  }

  /** cleanUpAllAllocatedMemory at the task's end: whatever the task still holds goes back to the pool. */
  cleanUpAllAllocatedMemory(): number {
    for (const c of this.byName.values()) c.used = 0;
    this.consumers.clear();
    return this.memoryManager.releaseAllExecutionMemoryForTask(this.task);
  }
}
