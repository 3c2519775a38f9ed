import type { ParsedInput } from "./input/types.js";
import type { Process } from "./types.js";

/**
 * Thread names and log sources that tell the driver from an executor. Executor threads are named
 * "Executor task launch worker for task …" (core/.../executor/Executor.scala); the driver's
 * are "main", "dag-scheduler-event-loop" (DAGScheduler.scala), "broadcast-exchange-N"
 * (BroadcastExchangeExec.scala), "task-result-getter-N" (TaskResultGetter.scala). A driver's
 * "Lost task … executor N): <reason>" line reports an executor's failure.
 */
const EXECUTOR_MARKS: readonly RegExp[] = [
  /Executor task launch worker/,
  /\bERROR Executor: /,
  /\bExecutor: Exception in task/,
  /CoarseGrainedExecutorBackend/,
  // 2.x "(TID 45, host, executor 7)"; 3.0+ "(TID 45) (host executor 7)" (TaskSetManager)
  /Lost task [\d.]+ in stage [\d.]+ \(TID \d+(?:[^)]*|\) \([^)]*)\bexecutor [^)]+\)/,
  /ExecutorLostFailure/,
  /\bLost executor \S+ on /,
  /thread "?read-ahead/,
  /Thread\[read-ahead/,
  /The executor with id \d+ exited/,
];
const DRIVER_MARKS: readonly RegExp[] = [
  /Exception in thread "main"/,
  /Thread\[main,/,
  /dag-scheduler-event-loop/,
  /broadcast-exchange/,
  /task-result-getter/,
  /spark-listener-group/,
  /\bDAGScheduler: /,
  /\bSparkContext: /,
  /ApplicationMaster: User class threw exception/,
  /\bTaskSetManager: Total size of serialized results/,
  /\bDriver (?:received|is up but|is temporarily unavailable|has stopped unexpectedly)/,
  /spark driver has stopped unexpectedly/,
  // the driver's own RPC threads (1.x "sparkDriver-akka.actor…", 2.x+ "dispatcher-event-loop" is shared)
  /\bsparkDriver-/,
];
/** Frames that only run in one kind of process. */
const EXECUTOR_FRAMES = /Executor\$TaskRunner\.run|\.scheduler\.(?:ShuffleMapTask|ResultTask)\.runTask/;
const DRIVER_FRAMES =
  /BroadcastExchangeExec.*relationFuture|\.Dataset\.collect|\.SparkPlan\.executeCollect|\.RDD\.collect\b|\.DAGScheduler\.runJob|\.SparkContext\.runJob|ApplicationMaster\$\$anon|\.deploy\.SparkSubmit/;

/**
 * Local mode runs tasks in the driver's JVM, under the executor id "driver" (SparkContext.DRIVER_IDENTIFIER):
 * "Lost task 0.0 in stage 1.0 (TID 1, localhost, executor driver)" is the driver's heap.
 */
const LOCAL_TASK = /\(TID \d+(?:, [^,)]*)?, executor driver\)|\(TID \d+\) \([^)]* executor driver\)/;
/**
 * The shells that hold a driver: a Py4J call from Python (pyspark, notebooks), sparklyr's invoke, a Livy
 * session, a Zeppelin paragraph. A task's failure still names its executor on the line that reports it.
 */
const SHELL_MARKS: readonly RegExp[] = [
  /An error occurred while calling o\d+\.(?:collectToPython|collectAsArrowToPython|toPandas|getResult|collect|javaToPython|broadcast)\b/,
  /\bsparklyr\b|\bsdf_collect\b|\bspark_connect\(/,
  /org\.apache\.livy\.|\blivy\.rsc\b/,
  /org\.apache\.zeppelin\.spark\./,
];
function markOf(line: string): Process | null {
  if (LOCAL_TASK.test(line)) return "driver";
  if (EXECUTOR_MARKS.some((r) => r.test(line))) return "executor";
  if (DRIVER_MARKS.some((r) => r.test(line))) return "driver";
  return null;
}

/** A line that continues a stack trace or a multi-line exception. */
export function isContinuation(line: string): boolean {
  return /^\s+\S|^at |^Caused by:|^\.\.\. \d+ more|^Traceback|^[\w$.]+(?:Exception|Error)(?::|$)/.test(line);
}

/** The index of the line that starts the exception or log record holding line i. */
export function recordStart(input: ParsedInput, i: number): number {
  let j = i;
  while (j > 0 && i - j < 400 && isContinuation(input.lines[j] as string)) j--;
  return j;
}

/** The index after the last continuation line following i. */
export function recordEnd(input: ParsedInput, i: number): number {
  let j = i + 1;
  while (j < input.lines.length && j - i < 400 && isContinuation(input.lines[j] as string)) j++;
  return j;
}

/**
 * The process line i comes from: its own words, then the record it belongs to (the log line or
 * "Exception in thread" line above a trace, and the frames below), then its section (`yarn logs`
 * container, pod, event-log executor).
 */
export function processAt(input: ParsedInput, i: number): Process {
  const own = markOf(input.lines[i] as string);
  if (own) return own;
  // an event log's reasons and a pod's statuses are records of their own
  if (input.kind !== "text") return input.sections[i]?.process ?? "unknown";
  const start = recordStart(input, i);
  for (let j = i - 1; j >= start; j--) {
    const l = input.lines[j] as string;
    // DAGScheduler prints "Driver stacktrace:" after a task's failure: a "Caused by:" below it is the task's
    if (/^Driver stacktrace:/.test(l)) return localTaskAbove(input, j) ? "driver" : "executor";
    const p = markOf(l);
    if (p) return p;
  }
  const end = recordEnd(input, i);
  for (let j = start; j < end; j++) {
    const l = input.lines[j] as string;
    if (EXECUTOR_FRAMES.test(l)) return "executor";
    if (DRIVER_FRAMES.test(l)) return "driver";
  }
  const section = input.sections[i]?.process;
  if (section && section !== "unknown") return section;
  // the shell around the driver (pyspark, sparklyr, Livy, Zeppelin)
  return inShell(input) ? "driver" : "unknown";
}

/** Whether a driver's shell shows anywhere in the input: read once per input (processAt runs per hit). */
const SHELL = new WeakMap<ParsedInput, boolean>();
function inShell(input: ParsedInput): boolean {
  let known = SHELL.get(input);
  if (known === undefined) {
    known = input.lines.some((l) => SHELL_MARKS.some((r) => r.test(l)));
    SHELL.set(input, known);
  }
  return known;
}

/** Whether the task failure reported above a "Driver stacktrace:" line ran in local mode's driver. */
function localTaskAbove(input: ParsedInput, j: number): boolean {
  for (let k = j - 1; k >= 0 && j - k < 400; k--) {
    const l = input.lines[k] as string;
    if (/Lost task|most recent failure/.test(l)) return LOCAL_TASK.test(l);
  }
  return false;
}

/** "executor 7" / "executor id 7" near line i, or the section's executor id. */
export function executorIdAt(input: ParsedInput, i: number): string | null {
  const l = input.lines[i] as string;
  const m =
    /ExecutorLostFailure \(executor (\S+) exited/.exec(l) ??
    /The executor with id (\d+)/.exec(l) ??
    /Lost executor (\S+) on /.exec(l) ??
    /\bexecutor (\d+)\b/.exec(l);
  return m ? (m[1] as string) : (input.sections[i]?.executorId ?? null);
}

/** The lines of the record holding line i (for stack-based hints). */
export function recordText(input: ParsedInput, i: number): string {
  return input.lines.slice(recordStart(input, i), recordEnd(input, i)).join("\n");
}

/** How a title names a process: "the executor", "the Application Master"; `unknown` when the input does not say. */
export function processName(process: Process, unknown = "JVM"): string {
  if (process === "am") return "Application Master";
  if (process === "python-worker") return "Python worker";
  return process === "unknown" ? unknown : process;
}
