import { modelErrors } from "../read.js";
import type { LintRule } from "../types.js";

export const offHeapEnabledZero: LintRule = {
  id: "offheap-enabled-without-size",
  title: "Off-heap enabled with size 0",
  severity: "error",
  why: "With spark.memory.offHeap.enabled=true Spark requires spark.memory.offHeap.size > 0 and fails at start-up otherwise.",
  fix: "Give spark.memory.offHeap.size a size, or disable off-heap.",
  docs: "core/src/main/scala/org/apache/spark/memory/MemoryManager.scala (require(offHeapStorageMemory … > 0)), internal/config/package.scala MEMORY_OFFHEAP_SIZE",
  check: (ctx) =>
    modelErrors(ctx, "offheap-size-zero")
      .slice(0, 1)
      .map((e) => ({
        key: "spark.memory.offHeap.size",
        message: e.message,
        fix: [{ key: "spark.memory.offHeap.size", to: "2g" }],
        entry: ctx.merged.get("spark.memory.offHeap.enabled"),
      })),
};
