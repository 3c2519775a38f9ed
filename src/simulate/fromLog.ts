import { bytesToString } from "../conf/bytesToString.js";
import type { Layout, ProcessLayout } from "../model/types.js";
import type { LoggedPut, LoggedTask, LogTimeline } from "./logTimeline.js";
import { managerOf, pageSizeOf } from "./regions.js";
import type { SimEvent } from "./scenario.js";
import { MemorySimulator, type Step, type Summary } from "./simulator.js";

/** A stage as the log ran it, and what its tasks would get with the layout given. */
export interface StageForecast {
  stageId: number;
  tasks: number;
  /** The largest "Peak Execution Memory" of its tasks: what a task needed at most. */
  maxTaskPeakBytes: number;
  observed: { spilledTasks: number; memorySpilledBytes: number };
  /**
   * Tasks that would spill or be refused memory; what Spark's spill protocol would have them spill (the memory
   * they hold when a page is refused); what they would never be granted; tasks left waiting for their 1/2N.
   */
  predicted: { shortTasks: number; memorySpilledBytes: number; shortfallBytes: number; waitingTasks: number };
}

export interface CacheForecast {
  blocks: number;
  bytes: number;
  /** Bytes put in memory in the log (the rest went to disk; MEMORY_ONLY blocks that did not fit are not logged). */
  observedInMemoryBytes: number;
  /** Bytes the layout given would take in memory at their put. */
  predictedInMemoryBytes: number;
  evictedBlocks: number;
  evictedBytes: number;
  /** Bytes in memory when the log ends: by the blocks' latest updates, and as the layout given would leave them. */
  observedAtEndBytes: number;
  predictedAtEndBytes: number;
}

export interface LogSimulation {
  layout: Layout;
  process: "executor" | "driver";
  stages: StageForecast[];
  cache: CacheForecast;
  /** Per executor of the log: its replay's summary. */
  executors: { executorId: string; tasks: number; puts: number; summary: Summary }[];
  notes: string[];
}

interface Item {
  at: number;
  /** Ends before puts before acquires at the same time: a slot frees before the next task takes it. */
  order: number;
  event: SimEvent;
  task?: number;
}

/** The first task (in log order, `ends` sorted by seq) that ended after position `seq`: a binary search. */
function nextEnd(ends: LoggedTask[], seq: number): LoggedTask | undefined {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ends[mid] as LoggedTask).seq > seq) hi = mid;
    else lo = mid + 1;
  }
  return ends[lo];
}

/** When a put happened: just before the end of the next task on its executor (a block is cached as its task ends). */
function putTime(put: LoggedPut, ends: LoggedTask[]): number {
  const next = nextEnd(ends, put.seq);
  return next ? next.finishTimeMs - 0.5 : Number.MAX_SAFE_INTEGER;
}

/** Requests at most per task, and in a whole replay (a log may have 500,000 tasks). */
const MAX_CHUNKS = 16;
const MAX_REQUESTS = 2_000_000;

/**
 * A task's peak as the requests that make it: pages of `page` bytes (at most `chunks` requests), spread over its
 * run, so that tasks running together grow together and each meets its 1/N cap as Spark's do.
 */
function requests(t: LoggedTask, i: number, page: number, chunks: number): Item[] {
  const peak = t.peakExecutionMemoryBytes;
  const n = Math.max(1, Math.min(chunks, Math.ceil(peak / page)));
  const out: Item[] = [];
  for (let j = 0; j < n; j++) {
    const bytes = Math.floor((peak * (j + 1)) / n) - Math.floor((peak * j) / n);
    const at = t.launchTimeMs + ((t.finishTimeMs - t.launchTimeMs) * j) / n;
    out.push({ at, order: 2, event: { task: i, acquire: bytes }, task: i });
  }
  return out;
}

/** One executor's tasks, puts and the unpersists, as a scenario in time order. */
function scenarioOf(
  tasks: LoggedTask[],
  puts: LoggedPut[],
  timeline: LogTimeline,
  page: number,
  chunks: number,
): Item[] {
  const items: Item[] = [];
  const ends = [...tasks].sort((a, b) => a.seq - b.seq);
  for (const [i, t] of tasks.entries()) {
    if (t.peakExecutionMemoryBytes > 0) items.push(...requests(t, i, page, chunks));
    items.push({ at: t.finishTimeMs, order: 0, event: { task: i, end: true }, task: i });
  }
  for (const p of puts) {
    const [rdd, part] = [
      p.blockId.slice(0, p.blockId.lastIndexOf("_")),
      Number(p.blockId.slice(p.blockId.lastIndexOf("_") + 1)),
    ];
    items.push({
      at: putTime(p, ends),
      order: 1,
      event: { cache: { id: rdd, blocks: 1, blockBytes: p.bytes, level: p.level, first: part } },
    });
  }
  for (const u of timeline.unpersists) {
    const next = nextEnd(ends, u.seq);
    items.push({
      at: next ? next.launchTimeMs - 0.5 : Number.MAX_SAFE_INTEGER,
      order: 0,
      event: { unpersist: u.rdd },
    });
  }
  return items.sort((a, b) => a.at - b.at || a.order - b.order);
}

/**
 * The log's tasks and cached blocks replayed, executor by executor, through the memory manager of `layout`
 * (the log's settings, or changed ones): each task asks for its peak execution memory when it starts and
 * frees it when it ends; each block is put as it was. Where a task would get less than its peak, it would
 * spill; where blocks would not fit, they would not be cached.
 */
export function simulateLog(layout: Layout, timeline: LogTimeline): LogSimulation {
  const notes: string[] = [];
  const local = layout.executor === null;
  const p: ProcessLayout = layout.executor ?? layout.driver;
  if (local) notes.push("Local mode: the driver is the only executor; its memory manager runs every task.");
  const byExecutor = new Map<string, { tasks: LoggedTask[]; puts: LoggedPut[] }>();
  const group = (id: string) => {
    const g = byExecutor.get(id) ?? { tasks: [], puts: [] };
    byExecutor.set(id, g);
    return g;
  };
  for (const t of timeline.tasks) group(t.executorId).tasks.push(t);
  for (const b of timeline.puts) group(b.executorId).puts.push(b);
  const stages = new Map<number, StageForecast>();
  const stageOf = (id: number) => {
    const s = stages.get(id) ?? {
      stageId: id,
      tasks: 0,
      maxTaskPeakBytes: 0,
      observed: { spilledTasks: 0, memorySpilledBytes: 0 },
      predicted: { shortTasks: 0, memorySpilledBytes: 0, shortfallBytes: 0, waitingTasks: 0 },
    };
    stages.set(id, s);
    return s;
  };
  const cache: CacheForecast = {
    blocks: timeline.puts.length,
    bytes: 0,
    observedInMemoryBytes: 0,
    predictedInMemoryBytes: 0,
    evictedBlocks: 0,
    evictedBytes: 0,
    observedAtEndBytes: timeline.inMemoryAtEndBytes(),
    predictedAtEndBytes: 0,
  };
  for (const b of timeline.puts) {
    cache.bytes += b.bytes;
    if (!b.diskOnly) cache.observedInMemoryBytes += b.bytes;
  }
  const executors: LogSimulation["executors"] = [];
  const page = pageSizeOf(p);
  const chunks = Math.max(
    1,
    Math.min(MAX_CHUNKS, Math.floor(MAX_REQUESTS / Math.max(1, timeline.tasks.length))),
  );
  for (const [executorId, g] of byExecutor) {
    const sim = new MemorySimulator(managerOf(p), p.offHeapBytes > 0 ? "OFF_HEAP" : "ON_HEAP", false);
    // per task: bytes granted, spilled by the task memory manager
    const granted = new Map<number, number>();
    const spilled = new Map<number, number>();
    const add = (m: Map<number, number>, task: number, n: number) => m.set(task, (m.get(task) ?? 0) + n);
    let last: Step | null = null;
    for (const item of scenarioOf(g.tasks, g.puts, timeline, page, chunks)) {
      const step = sim.apply(item.event);
      last = step;
      if ("acquire" in item.event && item.task !== undefined) add(granted, item.task, step.grantedBytes);
      for (const w of step.woken) add(granted, w.task, w.grantedBytes);
      for (const x of step.spills) add(spilled, x.task, x.bytes);
      if ("cache" in item.event)
        cache.predictedInMemoryBytes += item.event.cache.blockBytes * (1 - step.uncachedBlocks.length);
      cache.evictedBlocks += step.evictedBlocks.length;
      cache.evictedBytes += step.evictedBytes;
    }
    if (last) cache.predictedAtEndBytes += last.storageUsedBytes + (last.offHeap?.storageUsedBytes ?? 0);
    const summary = sim.summary();
    const waiting = new Set(summary.waitingAtEnd);
    for (const [i, t] of g.tasks.entries()) {
      const s = stageOf(t.stageId);
      s.tasks++;
      s.maxTaskPeakBytes = Math.max(s.maxTaskPeakBytes, t.peakExecutionMemoryBytes);
      if (t.spillMemoryBytes > 0) {
        s.observed.spilledTasks++;
        s.observed.memorySpilledBytes += t.spillMemoryBytes;
      }
      if (t.peakExecutionMemoryBytes <= 0) continue;
      const short = t.peakExecutionMemoryBytes - (granted.get(i) ?? 0);
      const spill = spilled.get(i) ?? 0;
      if (waiting.has(i)) s.predicted.waitingTasks++;
      else if (short > 0 || spill > 0) s.predicted.shortTasks++;
      s.predicted.memorySpilledBytes += spill;
      if (short > 0) s.predicted.shortfallBytes += short;
    }
    executors.push({ executorId, tasks: g.tasks.length, puts: g.puts.length, summary });
  }
  if (timeline.blockUpdates === 0)
    notes.push(
      "The log records no block updates (spark.eventLog.logBlockUpdates.enabled is off by default): cached blocks are not replayed, only tasks.",
    );
  if (timeline.puts.some((b) => b.diskOnly))
    notes.push(
      "Blocks the log has on disk only are replayed at their serialized (disk) size: the in-memory size of a block that did not fit is not logged.",
    );
  if (timeline.droppedPuts > 0)
    notes.push(
      `Only the first ${timeline.puts.length} cached blocks are replayed; ${timeline.droppedPuts} more are not.`,
    );
  if (timeline.droppedTasks > 0)
    notes.push(
      `Only the first ${timeline.tasks.length} tasks are replayed; ${timeline.droppedTasks} more are not.`,
    );
  notes.push(
    `Each task grows to its logged peak execution memory in pages of ${bytesToString(page)} (the layout's Tungsten page; at most ${chunks} requests a task) spread over its run: a page refused makes the task spill what it holds, as Spark's TaskMemoryManager does. Spark counts the sorter's pages as spilled, not its pointer array, which the peak includes.`,
  );
  return {
    layout,
    process: local ? "driver" : "executor",
    stages: [...stages.values()].sort((a, b) => a.stageId - b.stageId),
    cache,
    executors,
    notes,
  };
}
