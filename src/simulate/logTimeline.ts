import type { EventObserver, TaskEnd } from "../analyze/index.js";
import type { StorageLevelName } from "./memoryStore.js";
import { MAX_BLOCKS } from "./scenarioInput.js";

/** One finished task as the log records it. */
export interface LoggedTask {
  executorId: string;
  stageId: number;
  launchTimeMs: number;
  finishTimeMs: number;
  peakExecutionMemoryBytes: number;
  spillMemoryBytes: number;
  /** Position in the log, to place the block puts that came before its end. */
  seq: number;
}

/** A cached RDD block's first update with data: the put (later updates are its eviction or removal). */
export interface LoggedPut {
  executorId: string;
  blockId: string;
  bytes: number;
  level: StorageLevelName;
  /** Stored on disk only: its size is the serialized one (the in-memory size is not logged). */
  diskOnly: boolean;
  seq: number;
}

export interface LoggedUnpersist {
  rdd: string;
  seq: number;
}

/** Tasks kept at most: beyond it the rest of the log is counted, not simulated. */
export const MAX_TASKS = 500_000;

type Json = Record<string, unknown>;
const obj = (x: unknown): Json | null => (typeof x === "object" && x !== null ? (x as Json) : null);
const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);

function levelOf(l: Json | null): StorageLevelName | null {
  if (l?.["Use Memory"] !== true) return l?.["Use Disk"] === true ? "MEMORY_AND_DISK" : null;
  if (l["Use Off Heap"] === true) return "OFF_HEAP";
  return l["Use Disk"] === true ? "MEMORY_AND_DISK" : "MEMORY_ONLY";
}

/**
 * What simulate replays from a log, read in analyze's pass (an EventObserver): every finished task (executor,
 * stage, times, peak execution memory, spill) and, when the log has them (spark.eventLog.logBlockUpdates.
 * enabled, off by default), the puts of cached RDD blocks; unpersists.
 */
export class LogTimeline implements EventObserver {
  readonly events = new Set([
    "SparkListenerBlockUpdated",
    "SparkListenerUnpersistRDD",
    "SparkListenerStageSubmitted",
  ]);
  /** The level each persisted RDD asked for (StageSubmitted's RDD Info): a block's update says where it is now. */
  readonly rddLevels = new Map<string, StorageLevelName | "DISK_ONLY">();
  readonly tasks: LoggedTask[] = [];
  readonly puts: LoggedPut[] = [];
  readonly unpersists: LoggedUnpersist[] = [];
  /** Tasks past MAX_TASKS, puts past MAX_BLOCKS, and block updates seen (0 when the log does not record them). */
  droppedTasks = 0;
  droppedPuts = 0;
  blockUpdates = 0;
  private seq = 0;
  private readonly seen = new Set<string>();
  /** Each replayed block's memory size in its latest update: 0 once evicted or removed. */
  private readonly inMemory = new Map<string, number>();

  /** Bytes of the replayed blocks in memory at the log's end, by their latest updates. */
  inMemoryAtEndBytes(): number {
    let n = 0;
    for (const b of this.inMemory.values()) n += b;
    return n;
  }

  onTaskEnd(t: TaskEnd): void {
    this.seq++;
    if (t.outcome !== "succeeded" || t.executorId === null || t.stageId === null) return;
    if (this.tasks.length >= MAX_TASKS) {
      this.droppedTasks++;
      return;
    }
    this.tasks.push({
      executorId: t.executorId,
      stageId: t.stageId,
      launchTimeMs: t.launchTimeMs,
      finishTimeMs: t.finishTimeMs,
      peakExecutionMemoryBytes: t.peakExecutionMemoryBytes,
      spillMemoryBytes: t.spillMemoryBytes,
      seq: this.seq,
    });
  }

  onEvent(name: string, e: Json): void {
    this.seq++;
    if (name === "SparkListenerStageSubmitted") {
      const infos = obj(e["Stage Info"])?.["RDD Info"];
      for (const r of Array.isArray(infos) ? infos : []) {
        const id = num(obj(r)?.["RDD ID"]);
        const l = obj(obj(r)?.["Storage Level"]);
        if (id === null || !l) continue;
        const level = l["Use Memory"] === true ? levelOf(l) : l["Use Disk"] === true ? "DISK_ONLY" : null;
        if (level && this.rddLevels.size < 100_000) this.rddLevels.set(`rdd_${id}`, level);
      }
      return;
    }
    if (name === "SparkListenerUnpersistRDD") {
      const id = num(e["RDD ID"]);
      if (id !== null) this.unpersists.push({ rdd: `rdd_${id}`, seq: this.seq });
      return;
    }
    const info = obj(e["Block Updated Info"]);
    const blockId = typeof info?.["Block ID"] === "string" ? (info["Block ID"] as string) : null;
    this.blockUpdates++;
    if (!info || !blockId || !/^rdd_\d+_\d+$/.test(blockId)) return;
    const mem = num(info["Memory Size"]) ?? 0;
    if (this.seen.has(blockId)) {
      if (this.inMemory.has(blockId)) this.inMemory.set(blockId, mem);
      return;
    }
    const executorId = obj(info["Block Manager ID"])?.["Executor ID"];
    const disk = num(info["Disk Size"]) ?? 0;
    const asked = this.rddLevels.get(blockId.slice(0, blockId.lastIndexOf("_")));
    // a DISK_ONLY RDD never takes memory; otherwise the level asked for (a block on disk may have been meant for memory)
    if (asked === "DISK_ONLY") return;
    const level = asked ?? levelOf(obj(info["Storage Level"]));
    if (typeof executorId !== "string" || level === null || mem + disk <= 0) return;
    this.seen.add(blockId);
    if (this.puts.length >= MAX_BLOCKS) {
      this.droppedPuts++;
      return;
    }
    this.inMemory.set(blockId, mem);
    this.puts.push({
      executorId,
      blockId,
      bytes: mem > 0 ? mem : disk,
      level,
      diskOnly: mem === 0,
      seq: this.seq,
    });
  }
}
