import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { processAt, processName } from "../process.js";
import type { Cause, Process } from "../types.js";

const NATIVE_THREAD: MessagePattern = {
  re: /OutOfMemoryError: unable to create (?:new )?native thread/,
  source:
    'OpenJDK hotspot src/hotspot/share/prims/jvm.cpp JVM_StartThread (Java 8: "unable to create new native thread"; 11+: "unable to create native thread: possibly out of memory or process/resource limits reached")',
};

export const nativeThread: Detector = {
  id: "native-thread",
  title: "The JVM could not start another thread",
  explanation:
    "pthread_create failed: the process hit its thread limit (ulimit -u, the cgroup's pids.max, a Kubernetes pod PID limit) or the machine had no memory for another thread stack. The heap is not involved. In Spark it usually means a thread leak (connection pools or executors created per task or per record in user code) or very many concurrent tasks.",
  docs: "Oracle Java SE Troubleshooting Guide (unable to create new native thread); Linux pthread_create(3), cgroup pids controller",
  patterns: [NATIVE_THREAD],
  specificity: 9,
  detect(input) {
    const groups = new Map<Process, number[]>();
    for (const h of scan(input, [NATIVE_THREAD])) {
      const p = processAt(input, h.i);
      const lines = groups.get(p);
      if (lines) lines.push(h.i);
      else groups.set(p, [h.i]);
    }
    const out: Cause[] = [];
    for (const [process, lines] of groups)
      out.push(
        baseCause(nativeThread, {
          title: `The ${processName(process)} could not create a native thread — a thread limit or a thread leak, not the heap`,
          explanation: nativeThread.explanation,
          process,
          confidence: 0.9,
          evidence: evidenceOf(input, lines),
          codeChanges: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Create clients, connection pools and thread pools once per executor (a lazy singleton or mapPartitions), never per record or per task, and close them.",
          ],
          nextChecks: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Count the JVM's threads (jstack <pid> | grep -c 'java.lang.Thread.State' or ls /proc/<pid>/task | wc -l) and compare with `ulimit -u` and /sys/fs/cgroup/pids.max; on Kubernetes check the kubelet's podPidsLimit.",
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "If the count keeps growing while the job runs, a thread dump shows which pool leaks.",
          ],
        }),
      );
    return out;
  },
};
