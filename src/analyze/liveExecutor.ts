import { emptyMetricValues, namedMetrics, shsPeakMetrics } from "./executorMetrics.js";
import { shsDate } from "./shsTime.js";
import type { ExecutorSummary } from "./types.js";

/** An executor while the log is replayed, as AppStatusListener's LiveExecutor keeps it. */
export class LiveExecutor {
  hostPort: string | null = null;
  /** ExecutorAdded's "Host", shown without a BlockManagerAdded's hostPort (LiveEntity.scala). */
  host: string | null = null;
  isActive = true;
  totalCores = 0;
  maxTasks = 0;
  /** 0 until a BlockManagerAdded, as LiveEntity.scala's LiveExecutor starts it. */
  maxMemory = 0;
  totalOnHeap: number | null = null;
  totalOffHeap = 0;
  removeTimeMs: number | null = null;
  removeReason: string | null = null;
  activeTasks = 0;
  failedTasks = 0;
  completedTasks = 0;
  totalTasks = 0;
  totalDuration = 0;
  totalGCTime = 0;
  totalInputBytes = 0;
  totalShuffleRead = 0;
  totalShuffleWrite = 0;
  resourceProfileId = 0;
  /** Peaks over StageExecutorMetrics and every task's "Task Executor Metrics", by name. */
  readonly peaks = emptyMetricValues();
  /** Set by the first task end or stage metrics event (ExecutorMetrics.isSet in Spark). */
  peaksSet = false;

  constructor(
    readonly id: string,
    readonly addTimeMs: number | null,
  ) {}

  toSummary(): ExecutorSummary {
    const named = namedMetrics(this.peaks);
    return {
      id: this.id,
      hostPort: this.hostPort ?? this.host,
      isActive: this.isActive,
      totalCores: this.totalCores,
      maxTasks: this.maxTasks,
      maxMemory: this.maxMemory,
      memoryMetrics:
        this.totalOnHeap === null
          ? null
          : {
              // used storage needs SparkListenerBlockUpdated, which Spark does not log by default
              usedOnHeapStorageMemory: 0,
              usedOffHeapStorageMemory: 0,
              totalOnHeapStorageMemory: this.totalOnHeap,
              totalOffHeapStorageMemory: this.totalOffHeap,
            },
      addTime: this.addTimeMs === null ? null : shsDate(this.addTimeMs),
      removeTime: this.removeTimeMs === null ? null : shsDate(this.removeTimeMs),
      removeReason: this.removeReason,
      activeTasks: this.activeTasks,
      failedTasks: this.failedTasks,
      completedTasks: this.completedTasks,
      totalTasks: this.totalTasks,
      totalDuration: this.totalDuration,
      totalGCTime: this.totalGCTime,
      totalInputBytes: this.totalInputBytes,
      totalShuffleRead: this.totalShuffleRead,
      totalShuffleWrite: this.totalShuffleWrite,
      resourceProfileId: this.resourceProfileId,
      peakMemoryMetrics: this.peaksSet ? shsPeakMetrics(this.peaks) : null,
      peakMetrics: Object.keys(named).length > 0 ? named : null,
      addTimeMs: this.addTimeMs,
      removeTimeMs: this.removeTimeMs,
    };
  }
}
