import { bytesToString } from "../../conf/bytesToString.js";
import { entryFor } from "../read.js";
import type { LintRule } from "../types.js";

export const tooManyCores: LintRule = {
  id: "too-many-executor-cores",
  title: "More than 5 cores per executor",
  severity: "warning",
  appliesTo: { clusterManagers: ["yarn", "kubernetes", "standalone"] },
  why: "Every concurrent task shares one heap and one overhead: with many cores per executor, a skewed or memory-hungry task has less room, GC works on a bigger heap, and HDFS clients lose throughput beyond ~5 concurrent streams.",
  fix: "Use about 5 cores per executor and more executors (`sparkmem size` computes the layout).",
  docs: 'Cloudera\'s executor sizing guidance ("5 cores per executor"), reproduced by `sparkmem size`; Spark docs/tuning.md',
  check: (ctx) => {
    const p = ctx.layout?.executor;
    if (!p || p.cores <= 5) return [];
    return [
      {
        key: "spark.executor.cores",
        message: `${p.cores} cores per executor: ${p.cores} tasks share ${bytesToString(p.heapBytes)} of heap and the container's overhead`,
        fix: [{ key: "spark.executor.cores", to: "5" }],
        entry: entryFor(ctx, "spark.executor.cores"),
      },
    ];
  },
};
