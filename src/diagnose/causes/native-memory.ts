import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { processAt, processName } from "../process.js";
import { human } from "../sizes.js";
import type { Cause, Process } from "../types.js";

const INSUFFICIENT: MessagePattern = {
  re: /There is insufficient memory for the Java Runtime Environment to continue/,
  source: "OpenJDK hotspot src/hotspot/share/utilities/vmError.cpp (hs_err_pid<pid>.log header)",
};
const NATIVE_ALLOC: MessagePattern = {
  re: /Native memory allocation \((mmap|malloc)\) failed to (?:map|allocate) (\d+) bytes/,
  source:
    "OpenJDK hotspot src/hotspot/share/utilities/vmError.cpp (report of an OOM_MMAP_ERROR / OOM_MALLOC_ERROR)",
};
const COMMIT: MessagePattern = {
  re: /os::commit_memory\(0x[0-9a-fA-F]+, (\d+), \d+\) failed; error='[^']*' \(errno=12\)/,
  source: "OpenJDK hotspot src/hotspot/os/linux/os_linux.cpp (warn_fail_commit_memory)",
};
const ENOMEM: MessagePattern = {
  re: /Cannot allocate memory.*errno=12|errno=12.*Cannot allocate memory|error=12, Cannot allocate memory/,
  source: "Linux ENOMEM (errno 12) as the JVM and java.lang.ProcessBuilder report it",
};

export const nativeMemory: Detector = {
  id: "native-memory",
  title: "The machine had no memory left for the JVM itself",
  explanation:
    "The JVM asked the operating system for memory (mmap/malloc, or committing its heap at start-up) and was refused: the node has less free memory than its containers were promised, or a cgroup limit was reached. This is not a heap OutOfMemoryError; giving the JVM a larger heap makes it worse.",
  docs: "Oracle Java SE Troubleshooting Guide (Crash due to native memory); Hadoop yarn-default.xml yarn.nodemanager.resource.memory-mb",
  patterns: [INSUFFICIENT, NATIVE_ALLOC, COMMIT, ENOMEM],
  specificity: 7,
  detect(input, ctx) {
    const groups = new Map<Process, { i: number; bytes: number | null; strong: boolean }[]>();
    for (const h of scan(input, [NATIVE_ALLOC, COMMIT, INSUFFICIENT, ENOMEM])) {
      const line = input.lines[h.i] as string;
      const na = NATIVE_ALLOC.re.exec(line);
      const cm = COMMIT.re.exec(line);
      const bytes = na ? Number(na[2]) : cm ? Number(cm[1]) : null;
      const p = processAt(input, h.i);
      groups.set(p, [
        ...(groups.get(p) ?? []),
        { i: h.i, bytes, strong: !ENOMEM.re.test(line) || bytes !== null },
      ]);
    }
    const out: Cause[] = [];
    for (const [process, hits] of groups) {
      const requested = hits.find((h) => h.bytes !== null)?.bytes ?? null;
      const heap =
        (process === "driver" ? ctx.layout?.driver.heapBytes : ctx.layout?.executor?.heapBytes) ?? null;
      // no heap to compare with (no configuration, local mode) or no size: not the heap's own commit
      const atStart = heap !== null && (requested ?? 0) >= heap * 0.5;
      out.push(
        baseCause(nativeMemory, {
          title: `The operating system refused memory to the ${processName(process)}${requested !== null ? ` (${human(requested)} requested)` : ""} — the node is over-committed`,
          explanation: `${nativeMemory.explanation}${atStart ? " The request is about the heap's size: the JVM could not commit its heap at start-up." : ""}`,
          process,
          confidence: hits.some((h) => h.strong) ? 0.85 : 0.5,
          evidence: evidenceOf(
            input,
            hits.map((h) => h.i),
          ),
          figures: requested !== null ? { requestedBytes: requested } : {},
          nextChecks: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Compare the node's RAM (free -m) with what is promised on it: YARN's yarn.nodemanager.resource.memory-mb plus the daemons' heaps, or Kubernetes' allocatable memory; other processes (and no swap) leave less than the containers were promised.",
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Look for the hs_err_pid<pid>.log the JVM wrote next to its working directory: its 'Memory:' section shows the machine's free memory at the time.",
          ],
        }),
      );
    }
    return out;
  },
};
