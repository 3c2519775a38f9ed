import { type MetricValues, metricValuesOf } from "./executorMetrics.js";
import { type JsonObject, num, obj, str } from "./json.js";
import { taskFailureText } from "./taskEndReason.js";

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
  /** As AppStatusListener counts it: Success; TaskKilled and TaskCommitDenied are killed; the rest failed. */
  outcome: "succeeded" | "killed" | "failed";
  failureText: string | null;
  durationMs: number;
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
  /** "Task Executor Metrics" (3.0+); null when absent. */
  executorMetrics: MetricValues | null;
}

export function readTaskEnd(e: JsonObject): TaskEnd {
  const info = obj(e, "Task Info");
  const reasonObj = obj(e, "Task End Reason");
  const reason = str(reasonObj, "Reason");
  const m = obj(e, "Task Metrics");
  const read = obj(m, "Shuffle Read Metrics");
  return {
    stageId: num(e, "Stage ID"),
    stageAttemptId: num(e, "Stage Attempt ID") ?? 0,
    executorId: str(info, "Executor ID"),
    reason,
    outcome:
      reason === "Success"
        ? "succeeded"
        : reason === "TaskKilled" || reason === "TaskCommitDenied"
          ? "killed"
          : "failed",
    failureText: taskFailureText(reasonObj),
    durationMs: (num(info, "Finish Time") ?? 0) - (num(info, "Launch Time") ?? 0),
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
    peakExecutionMemoryBytes:
      num(m, "Peak Execution Memory") ?? accumulable(info, "internal.metrics.peakExecutionMemory"),
    executorMetrics: metricValuesOf(e["Task Executor Metrics"]),
  };
}

/** Before 3.0 the task's peak execution memory is only an accumulable. */
function accumulable(info: JsonObject | null, name: string): number {
  const list = info?.Accumulables;
  if (!Array.isArray(list)) return 0;
  for (const a of list) {
    if (a && typeof a === "object" && (a as JsonObject).Name === name) {
      const v = Number((a as JsonObject).Update);
      return Number.isFinite(v) ? v : 0;
    }
  }
  return 0;
}
