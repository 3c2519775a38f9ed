import { entryFor, modelErrors } from "../read.js";
import type { LintRule } from "../types.js";

export const minMemory: LintRule = {
  id: "memory-below-minimum",
  title: "Heap below Spark's minimum",
  severity: "error",
  why: "The unified memory manager needs at least 1.5 × the 300 MiB reserved memory (450 MiB) of JVM heap in the driver and of spark.executor.memory in executors; below that Spark fails at start-up.",
  fix: "Give the JVM at least 1g.",
  docs: "core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala (getMaxMemory)",
  check: (ctx) =>
    [...modelErrors(ctx, "min-system-memory"), ...modelErrors(ctx, "min-executor-memory")]
      .map((e) => ({ e, key: e.key ?? `spark.${e.process}.memory` }))
      // one finding per JVM: an executor can fail both checks
      .filter(({ key }, i, all) => all.findIndex((o) => o.key === key) === i)
      .map(({ e, key }) => ({
        key,
        message: e.message,
        fix: [{ key, to: "1g" }],
        entry: entryFor(ctx, key),
      })),
};
