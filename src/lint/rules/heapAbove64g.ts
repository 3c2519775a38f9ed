import { bytesToString } from "../../conf/bytesToString.js";
import { entryFor, memoryKey } from "../read.js";
import type { LintRule } from "../types.js";

const LIMIT = 64 * 1024 ** 3;

export const heapAbove64g: LintRule = {
  id: "heap-above-64g",
  title: "Heap above 64 GiB",
  severity: "warning",
  why: "Very large heaps mean long garbage-collection pauses (full GCs over tens of GiB stall every task and can miss heartbeats); several smaller executors per node usually run faster.",
  fix: "Split into more executors with at most ~32–64 GiB heap each (`sparkmem size` shows the layouts).",
  docs: 'docs/tuning.md (Garbage Collection Tuning); Spark\'s docs/hardware-provisioning.md ("the JVM ... behave well with ... up to 200 GiB", with GC cost)',
  check: (ctx) =>
    [ctx.layout?.driver, ctx.layout?.executor].flatMap((p) => {
      if (!p || p.heapBytes <= LIMIT) return [];
      const key = memoryKey(p);
      return [
        {
          key,
          message: `the ${p.role} heap is ${bytesToString(p.heapBytes)}: GC pauses grow with the heap`,
          fix: [{ key, to: "64g" }],
          entry: entryFor(ctx, key),
        },
      ];
    }),
};
