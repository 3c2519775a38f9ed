import { adviseHeapGrowth } from "../advice/heap.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { processAt } from "../process.js";
import { human } from "../sizes.js";
import type { Cause, Process } from "../types.js";

// MemoryConsumer.throwOom / TaskMemoryManager: ≤3.2 "Unable to acquire N bytes of memory, got M"
// (SparkOutOfMemoryError since 2.3); 3.3+ error class UNABLE_TO_ACQUIRE_MEMORY, 4.0 adds "." and SQLSTATE 53200
const UNABLE: MessagePattern = {
  re: /(?:\[UNABLE_TO_ACQUIRE_MEMORY\] )?Unable to acquire (\d+) bytes of memory, got (\d+)/,
  source:
    "apache/spark core/src/main/java/org/apache/spark/memory/MemoryConsumer.java (throwOom); common/utils/src/main/resources/error/error-conditions.json UNABLE_TO_ACQUIRE_MEMORY",
};

export const unableToAcquireMemory: Detector = {
  id: "unable-to-acquire-memory",
  title: "A task could not get execution memory (Unable to acquire N bytes of memory)",
  explanation:
    "Spark's own memory manager refused a task's request for execution memory (a sort buffer page, a hash map) even after asking other consumers to spill: the running tasks share the execution pool, each getting between 1/(2N) and 1/N of it. The heap itself was not full. More execution memory per task — fewer cores, a larger heap, smaller partitions — is the cure.",
  docs: "Spark docs tuning.md (Memory Management Overview); MemoryConsumer.java, TaskMemoryManager.java, UnifiedMemoryManager.scala",
  patterns: [UNABLE],
  specificity: 9,
  detect(input, ctx) {
    const groups = new Map<Process, { i: number; want: number; got: number }[]>();
    for (const h of scan(input, [UNABLE])) {
      const p = processAt(input, h.i);
      // an unnamed JVM runs tasks: an executor, or in local mode the driver
      const q = p === "unknown" ? (/^\s*local/.test(ctx.master ?? "") ? "driver" : "executor") : p;
      {
        // push, not a copy per hit: a log with many hits stays linear
        const g = groups.get(q) ?? [];
        g.push({ i: h.i, want: Number(h.m[1]), got: Number(h.m[2]) });
        groups.set(q, g);
      }
    }
    const out: Cause[] = [];
    for (const [process, hits] of groups) {
      const first = hits[0] as { want: number; got: number };
      const advice = adviseHeapGrowth(ctx, process === "driver" ? "driver" : "executor");
      // fewer cores first: it doubles each task's share without asking for more memory
      const [fewer, ...others] = advice.alternatives;
      const recommend = fewer?.changes.some((c) => c.key === "spark.executor.cores") ? fewer : null;
      out.push(
        baseCause(unableToAcquireMemory, {
          title: `A task on the ${process} asked for ${human(first.want)} of execution memory and got ${human(first.got)}`,
          explanation: unableToAcquireMemory.explanation,
          process,
          confidence: 0.9,
          evidence: evidenceOf(
            input,
            hits.map((h) => h.i),
          ),
          figures: { ...advice.figures, requestedBytes: first.want, gotBytes: first.got },
          changes: recommend ? recommend.changes : advice.changes,
          alternatives: recommend
            ? [
                {
                  // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
                  title: "A larger heap",
                  changes: advice.changes,
                  containerBytes: (advice.figures.recommendedContainerBytes as number | undefined) ?? null,
                  heapBytes: (advice.figures.recommendedHeapBytes as number | undefined) ?? null,
                },
                ...others,
              ]
            : advice.alternatives,
          codeChanges: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Spread skewed keys; avoid single huge records (very wide rows, giant arrays) that cannot be spilled in pieces.",
          ],
          nextChecks: advice.nextChecks,
        }),
      );
    }
    return out;
  },
};
