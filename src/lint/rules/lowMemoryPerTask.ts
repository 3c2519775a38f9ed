import { MiB } from "../../conf/byteString.js";
import { bytesToString } from "../../conf/bytesToString.js";
import { smallestHeapWhere } from "../../model/inverse.js";
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
      // the smallest heap whose unified memory gives every slot 384 MiB, from the model's inverse
      const fit = smallestHeapWhere(
        ctx.explainInput,
        p.role,
        (q) => q.unifiedBytes >= q.taskSlots * MIN_PER_SLOT,
      );
      return [
        {
          key,
          message: `${bytesToString(perSlot)} of unified memory per task slot (${bytesToString(p.unifiedBytes)} shared by ${p.taskSlots} tasks)`,
          fix: fit ? [{ key, to: confSize(fit.mib * MiB) }] : [],
          entry: entryFor(ctx, key),
        },
      ];
    }),
};
