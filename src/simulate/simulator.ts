import type { Wait } from "./executionMemoryPool.js";
import type { MemoryManager } from "./memoryManager.js";
import { type MemoryMode, rddOf, usesDisk } from "./memoryStore.js";
import { type AcquireEvent, DEFAULT_CONSUMER, type SimEvent } from "./scenario.js";
import { type Spill, TaskMemoryManager } from "./taskMemoryManager.js";

/** The pools of one memory mode after a step. */
export interface PoolState {
  storageUsedBytes: number;
  executionUsedBytes: number;
  storagePoolBytes: number;
  executionPoolBytes: number;
}

/** A waiting task's request that completed in a later step (another task released memory). */
export interface Woken {
  task: number;
  requestedBytes: number;
  grantedBytes: number;
}

export interface Step extends PoolState {
  event: SimEvent;
  /** The bytes the event's own request got (0 while it waits, and for other events). */
  grantedBytes: number;
  /** What requests completed in this step did not get: the operator spills or fails for want of it. */
  shortfallBytes: number;
  /** Blocks evicted from memory in this step, least recently used first. */
  evictedBlocks: string[];
  evictedBytes: number;
  /** Evicted MEMORY_ONLY bytes: gone, to be recomputed when next read. */
  droppedBytes: number;
  /** Blocks of a cache event that did not fit: MEMORY_ONLY ones are not cached, others go to disk. */
  uncachedBlocks: string[];
  spilledBytes: number;
  spills: Spill[];
  /** Requests of waiting tasks that completed in this step. */
  woken: Woken[];
  /** Tasks whose thread waits in ExecutionMemoryPool.acquireMemory after this step. */
  waiting: number[];
  /** Set when several tasks were woken at once: the JVM sets no order (here HotSpot's: the wait set's). */
  raced: boolean;
  /** The off-heap pools, when spark.memory.offHeap.enabled gives them a size. */
  offHeap: PoolState | null;
}

export interface Summary {
  grantedBytes: number;
  evictedBlocks: number;
  evictedBytes: number;
  droppedBytes: number;
  uncachedBytes: number;
  spilledBytes: number;
  shortfallBytes: number;
  /** Tasks still waiting when the scenario ends: Spark would block them until memory is released. */
  waitingAtEnd: number[];
}

interface TaskState {
  tmm: TaskMemoryManager;
  /** The request the task's thread is in while it waits, and what comes after it. */
  pending: { event: SimEvent; run: Generator<Wait, number, void>; since: number } | null;
  queued: SimEvent[];
}

/**
 * Spark's memory manager driven by a scenario, one event at a time: each event runs to completion (or to the
 * point where its thread waits), then the tasks a release or a new task woke retry, in the order they
 * started waiting. Unsupported by Spark's own ordering only where several waiters wake at once (`raced`).
 */
export class MemorySimulator {
  readonly manager: MemoryManager;
  private readonly tasks = new Map<number, TaskState>();
  private readonly waitOrder: number[] = [];
  private readonly diskBlocks = new Set<string>();
  /** Spills since the last step, in the order they happened. */
  private readonly spills: Spill[] = [];
  readonly steps: Step[] = [];
  /** The summary's sums so far (kept as steps are made: a log's replay keeps no steps). */
  private readonly totals: Omit<Summary, "waitingAtEnd"> = {
    grantedBytes: 0,
    evictedBlocks: 0,
    evictedBytes: 0,
    droppedBytes: 0,
    uncachedBytes: 0,
    spilledBytes: 0,
    shortfallBytes: 0,
  };

  constructor(
    manager: MemoryManager,
    /** MemoryManager.tungstenMemoryMode: OFF_HEAP when spark.memory.offHeap.enabled, where consumers acquire. */
    private readonly tungstenMode: MemoryMode = "ON_HEAP",
    /** false: steps are returned by apply() but not kept (a replay of a whole log). */
    private readonly keepSteps = true,
  ) {
    this.manager = manager;
  }

  run(events: SimEvent[]): { steps: Step[]; summary: Summary } {
    for (const e of events) this.apply(e);
    return { steps: this.steps, summary: this.summary() };
  }

  apply(event: SimEvent): Step {
    const step = this.blankStep(event);
    const task = "task" in event ? this.taskOf(event.task) : null;
    if (task && (task.pending || task.queued.length > 0)) task.queued.push(event);
    else this.execute(event, step);
    this.wakeWaiters(step);
    this.finish(step);
    this.count(step);
    if (this.keepSteps) this.steps.push(step);
    return step;
  }

  private taskOf(id: number): TaskState {
    let t = this.tasks.get(id);
    if (!t) {
      t = { tmm: new TaskMemoryManager(id, this.manager, this.spills), pending: null, queued: [] };
      this.tasks.set(id, t);
    }
    return t;
  }

  private execute(event: SimEvent, step: Step, queued = false): void {
    if ("cache" in event) {
      this.cache(event.cache, step);
      return;
    }
    if ("unpersist" in event) {
      for (const [id] of this.manager.memoryStore.blocks())
        if (rddOf(id) === event.unpersist) this.manager.memoryStore.remove(id);
      for (const id of [...this.diskBlocks]) if (rddOf(id) === event.unpersist) this.diskBlocks.delete(id);
      return;
    }
    if ("read" in event) {
      // one task per partition reads its block, in partition order: each becomes the most recently used
      const ids = this.manager.memoryStore
        .blocks()
        .map(([id]) => id)
        .filter((id) => rddOf(id) === event.read);
      const part = (id: string) => Number(id.slice(id.lastIndexOf("_") + 1));
      for (const id of ids.sort((a, b) => part(a) - part(b))) this.manager.memoryStore.touch(id);
      return;
    }
    const task = this.taskOf(event.task);
    if ("acquire" in event) {
      const consumer = task.tmm.consumer(event.consumer ?? DEFAULT_CONSUMER, this.tungstenMode);
      const run = task.tmm.acquire(event.acquire, consumer);
      const r = run.next();
      if (r.done) {
        step.shortfallBytes += event.acquire - r.value;
        // a queued request of a woken task completes as another task's event: it is reported as woken
        if (queued)
          step.woken.push({ task: event.task, requestedBytes: event.acquire, grantedBytes: r.value });
        else step.grantedBytes = r.value;
      } else {
        task.pending = { event, run, since: this.manager.notifications };
        this.waitOrder.push(event.task);
      }
      return;
    }
    if ("release" in event) {
      task.tmm.release(
        event.release,
        task.tmm.consumer(event.consumer ?? DEFAULT_CONSUMER, this.tungstenMode),
      );
      return;
    }
    task.tmm.cleanUpAllAllocatedMemory();
    // a later event of this task id is a new attempt: a new TaskMemoryManager and consumers
    task.tmm = new TaskMemoryManager(event.task, this.manager, this.spills);
  }

  /** putBytes for each block in turn; a block that does not fit is not cached, or written to disk. */
  private cache(c: Extract<SimEvent, { cache: unknown }>["cache"], step: Step): void {
    const mode: MemoryMode = c.level === "OFF_HEAP" ? "OFF_HEAP" : "ON_HEAP";
    const first = c.first ?? 0;
    for (let i = first; i < first + c.blocks; i++) {
      const blockId = `${c.id}_${i}`;
      // a block already in memory or on disk is read, not put again
      if (this.manager.memoryStore.contains(blockId) || this.diskBlocks.has(blockId)) continue;
      const stored = this.manager.memoryStore.putBytes(blockId, {
        size: c.blockBytes,
        memoryMode: mode,
        level: c.level,
      });
      if (!stored) {
        step.uncachedBlocks.push(blockId);
        if (usesDisk(c.level)) this.diskBlocks.add(blockId);
      }
    }
  }

  /**
   * notifyAll: every waiting thread retries, until none is woken again. The JVM leaves the order open; HotSpot
   * hands the monitor over in wait-set order (observed with Java 17 on Spark 2.4.8 to 4.3.0's classes), and a
   * thread that waits again goes to the back of the wait set.
   */
  private wakeWaiters(step: Step): void {
    for (;;) {
      // the threads in the wait set when the latest notifyAll() ran
      const woken = this.waitOrder.filter(
        (id) => (this.tasks.get(id)?.pending?.since ?? Infinity) < this.manager.notifications,
      );
      if (woken.length === 0) return;
      if (woken.length > 1) step.raced = true;
      for (const id of woken) {
        const task = this.tasks.get(id) as TaskState;
        const pending = task.pending as NonNullable<TaskState["pending"]>;
        const r = pending.run.next();
        this.waitOrder.splice(this.waitOrder.indexOf(id), 1);
        if (!r.done) {
          pending.since = this.manager.notifications;
          this.waitOrder.push(id);
          continue;
        }
        task.pending = null;
        const requestedBytes = (pending.event as AcquireEvent).acquire;
        step.shortfallBytes += requestedBytes - r.value;
        step.woken.push({ task: id, requestedBytes, grantedBytes: r.value });
        // the thread goes on with the task's next events until one waits again
        while (!task.pending && task.queued.length > 0)
          this.execute(task.queued.shift() as SimEvent, step, true);
      }
    }
  }

  private blankStep(event: SimEvent): Step {
    return {
      event,
      grantedBytes: 0,
      shortfallBytes: 0,
      evictedBlocks: [],
      evictedBytes: 0,
      droppedBytes: 0,
      uncachedBlocks: [],
      spilledBytes: 0,
      spills: [],
      woken: [],
      waiting: [],
      raced: false,
      offHeap: null,
      ...this.poolState("ON_HEAP"),
    };
  }

  private poolState(mode: MemoryMode): PoolState {
    const p = this.manager.pools(mode);
    return {
      storageUsedBytes: p.storage.memoryUsed,
      executionUsedBytes: p.execution.memoryUsed,
      storagePoolBytes: p.storage.poolSize,
      executionPoolBytes: p.execution.poolSize,
    };
  }

  private finish(step: Step): void {
    for (const ev of this.manager.memoryStore.takeEvictions()) {
      step.evictedBlocks.push(ev.blockId);
      step.evictedBytes += ev.bytes;
      if (ev.to === "dropped") step.droppedBytes += ev.bytes;
      else this.diskBlocks.add(ev.blockId);
    }
    step.spills.push(...this.spills.splice(0));
    step.spilledBytes = step.spills.reduce((s, x) => s + x.bytes, 0);
    step.waiting = [...this.waitOrder].sort((a, b) => a - b);
    Object.assign(step, this.poolState("ON_HEAP"));
    if (this.manager.hasOffHeap) step.offHeap = this.poolState("OFF_HEAP");
  }

  private count(s: Step): void {
    const t = this.totals;
    t.grantedBytes += s.grantedBytes + s.woken.reduce((a, w) => a + w.grantedBytes, 0);
    t.evictedBlocks += s.evictedBlocks.length;
    t.evictedBytes += s.evictedBytes;
    t.droppedBytes += s.droppedBytes;
    if ("cache" in s.event) t.uncachedBytes += s.event.cache.blockBytes * s.uncachedBlocks.length;
    t.spilledBytes += s.spilledBytes;
    t.shortfallBytes += s.shortfallBytes;
  }

  summary(): Summary {
    return { ...this.totals, waitingAtEnd: [...this.waitOrder].sort((a, b) => a - b) };
  }
}
