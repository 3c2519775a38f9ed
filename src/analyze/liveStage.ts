import { emptyMetricValues, type MetricValues, shsPeakMetrics, updatePeaks } from "./executorMetrics.js";
import { type JsonObject, num } from "./json.js";
import { shsDate } from "./shsTime.js";
import type { TaskEnd } from "./taskEnd.js";
import type { StageSummary } from "./types.js";

/** The per-task figures a stage keeps for its distributions (successful tasks only). */
type TaskRecord = Pick<TaskEnd, "durationMs" | "gcTimeMs" | "peakExecutionMemoryBytes" | "shuffleReadBytes">;

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
    // distributions over successful tasks, as the History Server's taskSummary
    // (a small record, not the event: a stage can have hundreds of thousands of tasks)
    if (t.outcome === "succeeded")
      this.tasks.push({
        durationMs: t.durationMs,
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
    const durations = q((t) => t.durationMs);
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

/** The History Server's rule (AppStatusStore.taskSummary): sorted[min(⌊q·n⌋, n − 1)]. */
export function quantileAt(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** min / 25% / median / 75% / max; null when empty. */
export function quantiles(values: number[]): [number, number, number, number, number] | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return [
    s[0] as number,
    quantileAt(s, 0.25),
    quantileAt(s, 0.5),
    quantileAt(s, 0.75),
    s[s.length - 1] as number,
  ];
}
