import type { AnalyzeReport } from "../analyze/report.js";
import type { AdvisedProcess } from "./types.js";

/**
 * Memory failures, as reasons not to shrink what failed: a heap that ran out (java-heap-oom, java-oom:
 * OutOfMemoryError, exit 52) is not lowered, and a container that was killed (yarn-memory-kill,
 * container-oom-kill: exit 137), or whose Python worker died mid-task (python-worker-crash), is not made smaller,
 * whatever the peaks say (a peak before a kill is not the need). The log's failures are its executors'; diagnose's
 * causes (of the log's failure texts and of an --error text) name their own process.
 */
export interface FailureGuards {
  /** Why the heap must not be lowered, or null. */
  heap: string | null;
  /** Why the container (heap and overhead) must not be made smaller, or null. */
  container: string | null;
}

/** A cause diagnose found, as far as guards need it. */
export interface FoundCause {
  id: string;
  process: string;
  title: string;
}

const HEAP_CAUSES = ["heap-oom", "gc-overhead"];
const CONTAINER_CAUSES = ["yarn-pmem-kill", "k8s-oomkilled", "os-oom-kill", "python-worker-oom"];
/** A Python worker's memory is counted in its executor's container. */
const processOfCause = (p: string): string => (p === "python-worker" ? "executor" : p);

export function failureGuards(
  reports: AnalyzeReport[],
  role: AdvisedProcess,
  causes: FoundCause[] = [],
): FailureGuards {
  const count = (kinds: string[]) =>
    role !== "executor"
      ? 0
      : reports
          .flatMap((r) => r.failures)
          .filter((f) => kinds.includes(f.kind) && f.executorId !== "driver")
          .reduce((a, f) => a + f.count, 0);
  const oom = count(["java-heap-oom", "java-oom"]);
  const killed = count(["yarn-memory-kill", "container-oom-kill"]);
  // a Python worker that died mid-task was most often killed for memory: what it held is no upper bound
  const python = count(["python-worker-crash"]);
  const mine = (ids: string[]) =>
    causes.find((c) => ids.includes(c.id) && processOfCause(c.process) === role);
  const [heapCause, containerCause] = [mine(HEAP_CAUSES), mine(CONTAINER_CAUSES)];
  const s = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return {
    heap:
      oom > 0
        ? `${s(oom, "executor failure", "executor failures")} with OutOfMemoryError in the log`
        : heapCause
          ? `diagnose: ${heapCause.title}`
          : null,
    container:
      killed > 0
        ? `${s(killed, "executor was", "executors were")} killed for exceeding their container in the log`
        : python > 0
          ? `${s(python, "task's Python worker", "tasks' Python workers")} exited unexpectedly (killed for memory, or crashed) in the log`
          : containerCause
            ? `diagnose: ${containerCause.title}`
            : null,
  };
}
