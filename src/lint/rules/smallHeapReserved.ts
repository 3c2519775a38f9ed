import { MiB } from "../../conf/byteString.js";
import { bytesToString } from "../../conf/bytesToString.js";
import type { ChangeTo } from "../../conf/change.js";
import { layoutWith } from "../../model/inverse.js";
import { containerLimitMiB, entryFor, fitFix, fitsNodes, memoryKey, taskProcesses } from "../read.js";
import type { LintContext, LintRule } from "../types.js";

/** 2g, or where the cluster has no room for it the largest heap of at least 1g that it has room for. */
function roomyHeap(ctx: LintContext, role: "driver" | "executor", key: string): ChangeTo[] {
  if (fitsNodes(ctx, layoutWith(ctx.explainInput, { [key]: "2g" }))) return [{ key, to: "2g" }];
  const limit = containerLimitMiB(ctx);
  if (limit === null) return [];
  const fit = fitFix(ctx, role, limit * MiB);
  return fit && fit.heapMiB >= 1024 && fitsNodes(ctx, fit.layout) ? fit.fix : [];
}

export const smallHeapReserved: LintRule = {
  id: "small-heap",
  title: "A heap below 1 GiB, where reserved memory dominates",
  severity: "info",
  why: "Spark sets aside a fixed 300 MiB of every heap before splitting the rest; below Spark's default of 1 GiB that is more than a third of the heap, and the unified region left for tasks is a few hundred MiB at most.",
  fix: "Give task-running JVMs at least 2g.",
  docs: "core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala (RESERVED_SYSTEM_MEMORY_BYTES)",
  check: (ctx) =>
    taskProcesses(ctx).flatMap((p) => {
      const key = memoryKey(p);
      const entry = entryFor(ctx, key);
      // below Spark's own default of 1g
      if (!entry || p.heapBytes >= 1024 ** 3) return [];
      return [
        {
          key,
          message: `${bytesToString(p.reservedBytes)} of the ${bytesToString(p.heapBytes)} heap is reserved; ${bytesToString(p.unifiedBytes)} is left for execution and storage`,
          fix: roomyHeap(ctx, p.role, key),
          entry,
        },
      ];
    }),
};
