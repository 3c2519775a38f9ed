import { type MetricValues, metricValuesOf } from "./executorMetrics.js";
import { type JsonObject, num, obj, str } from "./json.js";
import { failureGroup, taskFailureText } from "./taskEndReason.js";

/**
 * The figures of one SparkListenerTaskEnd that the executor and stage summaries both add up, read
 * once (JsonProtocol.taskEndToJson field names; absent groups in old logs read as 0).
 */
export interface TaskEnd {
  stageId: number | null;
  stageAttemptId: number;
  executorId: string | null;
  /** "Task End Reason"."Reason": Success, TaskKilled, ExceptionFailure, Resubmitted, … */
  reason: string | null;
  /**
   * As AppStatusListener.onTaskEnd counts it: Success; TaskKilled and TaskCommitDenied are killed;
   * Resubmitted (a finished map task whose executor was lost) counts as failed but ends no running task
   * (SPARK-41187, 3.4+); the rest failed.
   */
  outcome: "succeeded" | "killed" | "failed" | "resubmitted";
  failureText: string | null;
  /** Failed tasks only: the executor the event names (ExecutorLostFailure's, else the task's). */
  failureExecutorId?: string | null;
  /** Failed tasks only: what the stage counts it under (taskEndReason.failureGroup). */
  failureGroup?: string;
  durationMs: number;
  /** "Task Info"'s Launch Time and Finish Time (ms since the epoch; 0 when absent). */
  launchTimeMs: number;
  finishTimeMs: number;
  /** False when the event has no "Task Metrics" (some failures). */
  hasMetrics: boolean;
  runTimeMs: number;
  cpuTimeNs: number;
  gcTimeMs: number;
  inputBytes: number;
  outputBytes: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  spillMemoryBytes: number;
  spillDiskBytes: number;
  peakExecutionMemoryBytes: number;
  /** The task's serialized result, sent to the driver (TaskMetrics.resultSize). */
  resultSizeBytes: number;
  /** "Task Executor Metrics" (3.0+); null when absent. */
  executorMetrics: MetricValues | null;
}

export function readTaskEnd(e: JsonObject): TaskEnd {
  const info = obj(e, "Task Info");
  const reasonObj = obj(e, "Task End Reason");
  const reason = str(reasonObj, "Reason");
  const m = obj(e, "Task Metrics");
  const read = obj(m, "Shuffle Read Metrics");
  const executorId = str(info, "Executor ID");
  const outcome = outcomeOf(reason);
  const failureText = taskFailureText(reasonObj);
  const failure: Pick<TaskEnd, "failureExecutorId" | "failureGroup"> = {};
  if (outcome === "failed") {
    const on = str(reasonObj, "Executor ID") ?? executorId;
    failure.failureExecutorId = on;
    failure.failureGroup = failureGroup(reasonObj, failureText ?? reason ?? "unknown", on);
  }
  return {
    stageId: num(e, "Stage ID"),
    stageAttemptId: num(e, "Stage Attempt ID") ?? 0,
    executorId,
    reason,
    outcome,
    failureText,
    ...failure,
    durationMs: (num(info, "Finish Time") ?? 0) - (num(info, "Launch Time") ?? 0),
    launchTimeMs: num(info, "Launch Time") ?? 0,
    finishTimeMs: num(info, "Finish Time") ?? 0,
    hasMetrics: m !== null,
    runTimeMs: num(m, "Executor Run Time") ?? 0,
    cpuTimeNs: num(m, "Executor CPU Time") ?? 0,
    gcTimeMs: num(m, "JVM GC Time") ?? 0,
    inputBytes: num(obj(m, "Input Metrics"), "Bytes Read") ?? 0,
    outputBytes: num(obj(m, "Output Metrics"), "Bytes Written") ?? 0,
    shuffleReadBytes: (num(read, "Local Bytes Read") ?? 0) + (num(read, "Remote Bytes Read") ?? 0),
    shuffleWriteBytes: num(obj(m, "Shuffle Write Metrics"), "Shuffle Bytes Written") ?? 0,
    spillMemoryBytes: num(m, "Memory Bytes Spilled") ?? 0,
    spillDiskBytes: num(m, "Disk Bytes Spilled") ?? 0,
    // only from "Task Metrics", 0 before 3.0 wrote it there, as JsonProtocol.taskMetricsFromJson reads it
    // (the History Server ignores the older logs' internal.metrics.peakExecutionMemory accumulable)
    peakExecutionMemoryBytes: num(m, "Peak Execution Memory") ?? 0,
    resultSizeBytes: num(m, "Result Size") ?? 0,
    executorMetrics: metricValuesOf(e["Task Executor Metrics"]),
  };
}

function outcomeOf(reason: string | null): TaskEnd["outcome"] {
  if (reason === "Success") return "succeeded";
  if (reason === "TaskKilled" || reason === "TaskCommitDenied") return "killed";
  return reason === "Resubmitted" ? "resubmitted" : "failed";
}
