import type { Environment } from "./environment.js";
import type { ExecutorMetrics } from "./executorMetrics.js";
import type { ExecutorProfile } from "./resourceProfiles.js";

/**
 * One executor (or the driver) as the History Server's ExecutorSummary names it
 * (core/src/main/scala/org/apache/spark/status/api/v1/api.scala), plus our own …Ms / …Bytes figures.
 */
export interface ExecutorSummary {
  id: string;
  hostPort: string | null;
  isActive: boolean;
  totalCores: number;
  maxTasks: number;
  maxMemory: number;
  /** Present when the log's BlockManagerAdded has the on/off-heap split (2.2+). */
  memoryMetrics: {
    usedOnHeapStorageMemory: number;
    usedOffHeapStorageMemory: number;
    totalOnHeapStorageMemory: number;
    totalOffHeapStorageMemory: number;
  } | null;
  addTime: string | null;
  removeTime: string | null;
  removeReason: string | null;
  activeTasks: number;
  failedTasks: number;
  completedTasks: number;
  totalTasks: number;
  totalDuration: number;
  totalGCTime: number;
  totalInputBytes: number;
  totalShuffleRead: number;
  totalShuffleWrite: number;
  resourceProfileId: number;
  /**
   * The History Server's figure: peaks over SparkListenerStageExecutorMetrics and every task's
   * "Task Executor Metrics", every known name zero-filled; null before any task ended on it.
   */
  peakMemoryMetrics: ExecutorMetrics | null;
  /**
   * Ours: the same peaks with only the names the log carries (absent = unknown, not 0), names the
   * History Server does not know (a vendor's) included.
   */
  peakMetrics: ExecutorMetrics | null;
  addTimeMs: number | null;
  removeTimeMs: number | null;
}

export interface ApplicationInfo {
  id: string | null;
  name: string | null;
  attemptId: string | null;
  sparkVersion: string | null;
  sparkUser: string | null;
  startTimeMs: number | null;
  endTimeMs: number | null;
  completed: boolean;
  master: string | null;
  deployMode: string | null;
  javaVersion: string | null;
  /** The most tasks running at once (started, not yet ended, in the log's order); 0 without tasks. */
  peakRunningTasks: number;
}

export interface ApplicationSummary {
  application: ApplicationInfo;
  environment: Environment;
  executors: ExecutorSummary[];
  stages: StageSummary[];
  jobs: JobSummary[];
  /** Stage-level scheduling profiles whose executors ask for their own cores or memory. */
  executorProfiles: ExecutorProfile[];
  /** What the log did not let us know (truncated tail, events of unknown shape, …). */
  warnings: string[];
}

/** min, 25%, median, 75%, max. */
export type Quantiles = [number, number, number, number, number];

/**
 * One stage attempt with the History Server's StageData names and meaning where it has the
 * figure, and our …Ms / …Bytes distributions beside them.
 */
export interface StageSummary {
  stageId: number;
  attemptId: number;
  name: string;
  status: "PENDING" | "ACTIVE" | "COMPLETE" | "FAILED" | "SKIPPED";
  numTasks: number;
  numCompleteTasks: number;
  numFailedTasks: number;
  numKilledTasks: number;
  executorRunTime: number;
  executorCpuTime: number;
  jvmGcTime: number;
  memoryBytesSpilled: number;
  diskBytesSpilled: number;
  /** The sum of the tasks' peaks, as the History Server adds them. */
  peakExecutionMemory: number;
  /** Ours: the tasks' serialized results sent to the driver (Result Size), summed: what maxResultSize limits. */
  resultBytes: number;
  inputBytes: number;
  outputBytes: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  submissionTime: string | null;
  completionTime: string | null;
  failureReason: string | null;
  peakExecutorMetrics: ExecutorMetrics | null;
  /** Completion minus submission time; null while either is unknown. */
  durationMs: number | null;
  taskDurationMs: Quantiles | null;
  taskGcTimeMs: Quantiles | null;
  taskPeakExecutionMemoryBytes: Quantiles | null;
  taskShuffleReadBytes: Quantiles | null;
  /** jvmGcTime / executorRunTime. */
  gcTimeShare: number | null;
  /** Longest task / median task. */
  skew: number | null;
  /**
   * Failed tasks grouped (out-of-memory errors by class, see taskEndReason.failureGroup): the first
   * task's reason and executor, and how many.
   */
  failedTaskReasons: { reason: string; count: number; executorId: string | null }[];
}

/** One job with the History Server's JobData names (times absent in logs before 1.3). */
export interface JobSummary {
  jobId: number;
  name: string;
  status: "RUNNING" | "SUCCEEDED" | "FAILED";
  submissionTime: string | null;
  completionTime: string | null;
  stageIds: number[];
  durationMs: number | null;
}
