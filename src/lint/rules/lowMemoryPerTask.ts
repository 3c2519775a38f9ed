import { MiB } from "../../conf/byteString.js";
import { bytesToString } from "../../conf/bytesToString.js";
import type { ChangeTo } from "../../conf/change.js";
import { layoutWith, smallestHeapWhere } from "../../model/inverse.js";
import type { ProcessLayout } from "../../model/types.js";
import { confSize, entryFor, fitsNodes, memoryKey, setAway, taskProcesses } from "../read.js";
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
      const enough = (q: ProcessLayout) => q.unifiedBytes >= q.taskSlots * MIN_PER_SLOT;
      // the smallest heap whose unified memory gives every slot 384 MiB, from the model's inverse, where its
      // container still fits a node; else the most executor cores the present heap serves so
      const fit = smallestHeapWhere(ctx.explainInput, p.role, enough);
      let fix: ChangeTo[] = [];
      if (fit && fitsNodes(ctx, fit.layout)) fix = [{ key, to: confSize(fit.mib * MiB) }];
      else if (p.role === "executor") {
        for (let cores = p.cores - 1; cores >= 1 && fix.length === 0; cores--) {
          const q = layoutWith(ctx.explainInput, { "spark.executor.cores": String(cores) }).executor;
          if (q && q.taskSlots > 0 && enough(q)) fix = [{ key: "spark.executor.cores", to: String(cores) }];
        }
      }
      return [
        {
          key,
          message: `${bytesToString(perSlot)} of unified memory per task slot (${bytesToString(p.unifiedBytes)} shared by ${p.taskSlots} tasks)`,
          fix,
          entry: entryFor(ctx, key),
        },
      ];
    }),
};
