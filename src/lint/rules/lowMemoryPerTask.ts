import { bytesToString } from "../../report/units.js";
import { confSize, entryFor, memoryKey, setAway, taskProcesses } from "../read.js";
import type { LintRule } from "../types.js";

const MIN_PER_SLOT = 384 * 1024 ** 2;

export const lowMemoryPerTask: LintRule = {
  id: "low-memory-per-task",
  title: "Little unified memory per task slot",
  severity: "warning",
  why: "Concurrent tasks share the unified region; each is guaranteed only 1/(2N) of execution memory and can take at most 1/N. Below ~384 MiB per slot, sorts, aggregations and joins spill early or fail to acquire memory.",
  fix: "Give the executor more memory, or fewer cores.",
  docs: "core/src/main/scala/org/apache/spark/memory/ExecutionMemoryPool.scala (acquireMemory: 1/2N … 1/N per task)",
  check: (ctx) =>
    taskProcesses(ctx).flatMap((p) => {
      // the default 1g driver of a local session is not a sizing decision anyone made
      if (p.taskSlots <= 0 || !setAway(ctx, memoryKey(p))) return [];
      const perSlot = Math.floor(p.unifiedBytes / p.taskSlots);
      if (perSlot >= MIN_PER_SLOT) return [];
      const key = memoryKey(p);
      // heap that gives 384 MiB of unified memory per slot: (heap − 300 MiB) × fraction ≥ slots × 384 MiB
      const fraction = p.usableBytes > 0 ? p.unifiedBytes / p.usableBytes : 0.6;
      const needed = p.reservedBytes + Math.ceil((p.taskSlots * MIN_PER_SLOT) / fraction);
      return [
        {
          key,
          message: `${bytesToString(perSlot)} of unified memory per task slot (${bytesToString(p.unifiedBytes)} shared by ${p.taskSlots} tasks)`,
          fix: [{ key, value: confSize(Math.max(needed, p.heapBytes)) }],
          entry: entryFor(ctx, key),
        },
      ];
    }),
};
