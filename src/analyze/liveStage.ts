import { emptyMetricValues, type MetricValues, shsPeakMetrics, updatePeaks } from "./executorMetrics.js";
import { type JsonObject, num } from "./json.js";
import { shsDate } from "./shsTime.js";
import type { TaskEnd } from "./taskEnd.js";
import type { StageSummary } from "./types.js";

/** The per-task figures a stage keeps for its metric distributions (successful tasks with metrics). */
type TaskRecord = Pick<TaskEnd, "gcTimeMs" | "peakExecutionMemoryBytes" | "shuffleReadBytes">;

/** A stage attempt while the log is replayed (AppStatusListener's LiveStage, the parts we report). */
export class LiveStage {
  name = "";
  status: StageSummary["status"] = "PENDING";
  numTasks = 0;
  numCompleteTasks = 0;
  numFailedTasks = 0;
  numKilledTasks = 0;
  executorRunTime = 0;
  executorCpuTime = 0;
  jvmGcTime = 0;
  memoryBytesSpilled = 0;
  diskBytesSpilled = 0;
  /** LiveEntityHelpers.addMetrics sums it over tasks, so the History Server's figure is a sum. */
  peakExecutionMemory = 0;
  /** The serialized results its tasks sent to the driver, summed (what spark.driver.maxResultSize limits). */
  resultBytes = 0;
  inputBytes = 0;
  outputBytes = 0;
  shuffleReadBytes = 0;
  shuffleWriteBytes = 0;
  submissionTimeMs: number | null = null;
  completionTimeMs: number | null = null;
  failureReason: string | null = null;
  readonly peaks = emptyMetricValues();
  peaksSet = false;
  readonly tasks: TaskRecord[] = [];
  /** Every ended task's duration, failed and killed ones too (see toSummary). */
  readonly durations: number[] = [];
  /** Failed tasks by failureGroup: the first one's text and executor stand for the group. */
  readonly failures = new Map<string, StageSummary["failedTaskReasons"][number]>();

  constructor(
    readonly stageId: number,
    readonly attemptId: number,
  ) {}

  /** "Stage Info" of JobStart / StageSubmitted / StageCompleted: the latest wins. */
  updateInfo(info: JsonObject): void {
    this.name = (info["Stage Name"] as string | undefined) ?? this.name;
    this.numTasks = num(info, "Number of Tasks") ?? this.numTasks;
    this.submissionTimeMs = num(info, "Submission Time") ?? this.submissionTimeMs;
    this.completionTimeMs = num(info, "Completion Time") ?? this.completionTimeMs;
    const reason = info["Failure Reason"];
    if (typeof reason === "string") this.failureReason = reason;
  }

  onTaskEnd(t: TaskEnd): void {
    if (t.outcome === "succeeded") this.numCompleteTasks++;
    else if (t.outcome === "killed") this.numKilledTasks++;
    else this.numFailedTasks++; // a resubmission too (AppStatusListener.onTaskEnd), but it lists no failure
    if (t.outcome === "failed") {
      const text = t.failureText ?? t.reason ?? "unknown";
      const key = t.failureGroup ?? text;
      const f = this.failures.get(key);
      if (f) f.count++;
      else
        this.failures.set(key, { reason: text, count: 1, executorId: t.failureExecutorId ?? t.executorId });
    }
    updatePeaks(this.peaks, t.executorMetrics);
    this.peaksSet = true;
    // distributions as the History Server's taskSummary makes them (a small record, not the event: a stage
    // can have hundreds of thousands of tasks); a resubmission is its first run, already counted
    if (t.outcome !== "resubmitted") this.durations.push(t.durationMs);
    if (t.outcome === "succeeded" && t.hasMetrics)
      this.tasks.push({
        gcTimeMs: t.gcTimeMs,
        peakExecutionMemoryBytes: t.peakExecutionMemoryBytes,
        shuffleReadBytes: t.shuffleReadBytes,
      });
    // a resubmitted task's own run was counted when it succeeded (its LiveTask is gone, no metrics delta)
    if (!t.hasMetrics || t.outcome === "resubmitted") return;
    this.executorRunTime += t.runTimeMs;
    this.executorCpuTime += t.cpuTimeNs;
    this.jvmGcTime += t.gcTimeMs;
    this.memoryBytesSpilled += t.spillMemoryBytes;
    this.diskBytesSpilled += t.spillDiskBytes;
    this.peakExecutionMemory += t.peakExecutionMemoryBytes;
    this.resultBytes += t.resultSizeBytes;
    this.inputBytes += t.inputBytes;
    this.outputBytes += t.outputBytes;
    this.shuffleReadBytes += t.shuffleReadBytes;
    this.shuffleWriteBytes += t.shuffleWriteBytes;
  }

  onStageExecutorMetrics(metrics: MetricValues | null): void {
    updatePeaks(this.peaks, metrics);
    this.peaksSet = true;
  }

  toSummary(): StageSummary {
    const q = (f: (t: TaskRecord) => number) => quantiles(this.tasks.map(f));
    // AppStatusStore.taskSummary on a History Server (its store is not an InMemoryStore, so the scan is by
    // index): n counts the tasks whose stored executorRunTime is ≥ 0, the successful ones with metrics (a
    // failed task's metrics are stored negated, SPARK-26260), and each metric's index is read from 0 up. A
    // duration is not a metric, so failed and killed tasks' durations are in its index: the History Server
    // reads position ⌊q·n⌋ of every ended task's duration.
    const durations = quantiles(this.durations, this.tasks.length);
    return {
      stageId: this.stageId,
      attemptId: this.attemptId,
      name: this.name,
      status: this.status,
      numTasks: this.numTasks,
      numCompleteTasks: this.numCompleteTasks,
      numFailedTasks: this.numFailedTasks,
      numKilledTasks: this.numKilledTasks,
      executorRunTime: this.executorRunTime,
      executorCpuTime: this.executorCpuTime,
      jvmGcTime: this.jvmGcTime,
      memoryBytesSpilled: this.memoryBytesSpilled,
      diskBytesSpilled: this.diskBytesSpilled,
      peakExecutionMemory: this.peakExecutionMemory,
      resultBytes: this.resultBytes,
      inputBytes: this.inputBytes,
      outputBytes: this.outputBytes,
      shuffleReadBytes: this.shuffleReadBytes,
      shuffleWriteBytes: this.shuffleWriteBytes,
      submissionTime: this.submissionTimeMs === null ? null : shsDate(this.submissionTimeMs),
      completionTime: this.completionTimeMs === null ? null : shsDate(this.completionTimeMs),
      failureReason: this.failureReason,
      peakExecutorMetrics: this.peaksSet ? shsPeakMetrics(this.peaks) : null,
      durationMs:
        this.submissionTimeMs !== null && this.completionTimeMs !== null
          ? this.completionTimeMs - this.submissionTimeMs
          : null,
      taskDurationMs: durations,
      taskGcTimeMs: q((t) => t.gcTimeMs),
      taskPeakExecutionMemoryBytes: q((t) => t.peakExecutionMemoryBytes),
      taskShuffleReadBytes: q((t) => t.shuffleReadBytes),
      gcTimeShare: this.executorRunTime > 0 ? this.jvmGcTime / this.executorRunTime : null,
      skew: durations && durations[2] > 0 ? durations[4] / durations[2] : null,
      failedTaskReasons: [...this.failures.values()].map((f) => ({ ...f })),
    };
  }
}

/**
 * The History Server's rule (AppStatusStore.taskSummary): sorted[min(⌊q·n⌋, n − 1)], where n counts the
 * successful tasks and `sorted` may hold more values than n (durations of failed tasks).
 */
export function quantileAt(sorted: readonly number[], q: number, n = sorted.length): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * n), n - 1)] as number;
}

/** min / 25% / median / 75% / max (q = 0 … 1 by the rule above); null when no task counts. */
export function quantiles(
  values: number[],
  n = values.length,
): [number, number, number, number, number] | null {
  if (n === 0 || values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return [
    quantileAt(s, 0, n),
    quantileAt(s, 0.25, n),
    quantileAt(s, 0.5, n),
    quantileAt(s, 0.75, n),
    quantileAt(s, 1, n),
  ];
}
