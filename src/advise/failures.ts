import type { AnalyzeReport } from "../analyze/report.js";

/**
 * Memory failures of the executors in the logs, as reasons not to shrink what failed: a heap that ran out
 * (java-heap-oom, java-oom: OutOfMemoryError, exit 52) is not lowered, and a container that was killed
 * (yarn-memory-kill, container-oom-kill: exit 137) is not made smaller, whatever the peaks say (a peak before a
 * kill is not the need). How much more they need is diagnose's answer, from the kill message.
 */
export interface FailureGuards {
  /** Why the heap must not be lowered, or null. */
  heap: string | null;
  /** Why the container (heap and overhead) must not be made smaller, or null. */
  container: string | null;
}

export function failureGuards(reports: AnalyzeReport[]): FailureGuards {
  const count = (kinds: string[]) =>
    reports
      .flatMap((r) => r.failures)
      .filter((f) => kinds.includes(f.kind) && f.executorId !== "driver")
      .reduce((a, f) => a + f.count, 0);
  const oom = count(["java-heap-oom", "java-oom"]);
  const killed = count(["yarn-memory-kill", "container-oom-kill"]);
  const diagnose = "run `sparkmem diagnose` on the failure's message for how much more it needs";
  return {
    heap:
      oom > 0
        ? `${oom} executor failure${oom === 1 ? "" : "s"} with OutOfMemoryError in the log; ${diagnose}`
        : null,
    container:
      killed > 0
        ? `${killed} executor${killed === 1 ? " was" : "s were"} killed for exceeding their container in the log; ${diagnose}`
        : null,
  };
}
