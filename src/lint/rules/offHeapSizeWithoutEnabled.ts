import { modelWarnings } from "../read.js";
import type { LintRule } from "../types.js";

export const offHeapSizeWithoutEnabled: LintRule = {
  id: "offheap-size-without-enabled",
  title: "Off-heap size set but off-heap disabled",
  severity: "warning",
  why: "spark.memory.offHeap.size takes effect only with spark.memory.offHeap.enabled=true: no container or pod counts it and Tungsten keeps execution memory on the heap.",
  fix: "Set spark.memory.offHeap.enabled=true if off-heap memory was meant, else remove the size.",
  docs: "core/src/main/scala/org/apache/spark/util/Utils.scala (executorOffHeapMemorySizeAsMb), memory/MemoryManager.scala (tungstenMemoryMode)",
  check: (ctx) =>
    modelWarnings(ctx, "offheap-size-without-enabled")
      .slice(0, 1)
      .map((w) => ({
        key: "spark.memory.offHeap.size",
        message: w.message,
        fix: [{ key: "spark.memory.offHeap.enabled", to: "true" }],
        entry: ctx.merged.get("spark.memory.offHeap.size"),
      })),
};
