import { entryFor } from "../read.js";
import type { LintRule, RuleFinding } from "../types.js";

export const memoryFractionExtreme: LintRule = {
  id: "memory-fraction-extreme",
  title: "spark.memory.fraction or storageFraction far from the defaults",
  severity: "warning",
  why: "spark.memory.fraction splits the usable heap between Spark's unified region and user memory (your objects, UDF state, Spark's internal metadata): above 0.8 user code and metadata can run out of heap; below 0.3 tasks spill constantly. storageFraction above 0.9 leaves execution almost nothing it cannot evict.",
  fix: "Stay near the defaults (fraction 0.6, storageFraction 0.5) unless measurements say otherwise.",
  docs: "docs/tuning.md (Memory Management Overview); core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala",
  check: (ctx) => {
    const out: RuleFinding[] = [];
    const fraction = entryFor(ctx, "spark.memory.fraction");
    const f = Number(fraction?.value);
    if (fraction && Number.isFinite(f) && f >= 0 && f <= 1 && (f > 0.8 || f < 0.3))
      out.push({
        key: fraction.key,
        message: `spark.memory.fraction=${fraction.value} leaves ${f > 0.8 ? "little heap for user memory" : "little unified memory for execution and storage"}`,
        fix: [{ key: fraction.key, to: "0.6" }],
        entry: fraction,
      });
    const storage = entryFor(ctx, "spark.memory.storageFraction");
    const s = Number(storage?.value);
    if (storage && Number.isFinite(s) && s > 0.9 && s < 1)
      out.push({
        key: storage.key,
        message: `spark.memory.storageFraction=${storage.value}: cached blocks protect ${Math.round(s * 100)}% of unified memory from execution`,
        fix: [{ key: storage.key, to: "0.5" }],
        entry: storage,
      });
    return out;
  },
};
