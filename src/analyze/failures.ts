import type { ExecutorSummary, StageSummary } from "./types.js";

/** What a failure text says, for the diagnose rules to pick up (issue: lint and diagnose). */
export type FailureKind =
  | "yarn-memory-kill"
  | "container-oom-kill"
  | "java-heap-oom"
  | "java-oom"
  | "python-worker-crash"
  | "heartbeat-timeout"
  | "fetch-failed"
  | "other";

export interface Failure {
  kind: FailureKind;
  /** "executor-removed" (ExecutorRemoved's reason) or "task" (a failed task's reason). */
  source: "executor-removed" | "task";
  /** The removed executor, or the one the event names for the group's first failed task. */
  executorId: string | null;
  stageId: number | null;
  count: number;
  text: string;
}

/** The texts are Spark's and YARN's own (YarnAllocator, ExecutorPodsLifecycleManager, the JVM). */
export function classifyFailure(text: string): FailureKind {
  if (/Container killed by YARN for exceeding (physical|virtual) memory limits/i.test(text))
    return "yarn-memory-kill";
  if (/exit code 137|OOMKilled|possible container OOM|Exit status: 137/i.test(text))
    return "container-oom-kill";
  if (/OutOfMemoryError: Java heap space|GC overhead limit exceeded/.test(text)) return "java-heap-oom";
  // SparkExitCode.OOM = 52: the executor's own OutOfMemoryError handler exited the JVM
  if (/OutOfMemoryError|Exit (status|code): 52\b/.test(text)) return "java-oom";
  // PythonRunner: the worker's socket closed mid-task: killed (a container's or the OS's OOM killer) or crashed
  if (/Python worker exited unexpectedly/.test(text)) return "python-worker-crash";
  // ExecutorExitCode.HEARTBEAT_FAILURE = 56: the executor gave up after failed heartbeats
  if (/heartbeat timed out|Exit (status|code): 56\b/i.test(text)) return "heartbeat-timeout";
  if (/^FetchFailed/.test(text)) return "fetch-failed";
  return "other";
}

/** Executor losses and failed tasks, most frequent first within each source. */
export function collectFailures(executors: ExecutorSummary[], stages: StageSummary[]): Failure[] {
  const out: Failure[] = [];
  for (const e of executors) {
    if (e.removeReason === null) continue;
    out.push({
      kind: classifyFailure(e.removeReason),
      source: "executor-removed",
      executorId: e.id,
      stageId: null,
      count: 1,
      text: e.removeReason,
    });
  }
  const tasks: Failure[] = [];
  for (const s of stages)
    for (const f of s.failedTaskReasons)
      tasks.push({
        kind: classifyFailure(f.reason),
        source: "task",
        executorId: f.executorId,
        stageId: s.stageId,
        count: f.count,
        text: f.reason,
      });
  tasks.sort((a, b) => b.count - a.count);
  return [...out, ...tasks];
}
