import { bytesToString } from "../../conf/bytesToString.js";
import { layoutWith } from "../../model/inverse.js";
import { confSize, entryFor } from "../read.js";
import type { LintRule } from "../types.js";

export const offHeapOutsideContainer: LintRule = {
  id: "offheap-outside-container",
  title: "Off-heap memory not counted in the container (Spark 2.4)",
  severity: "error",
  appliesTo: { until: "3.0", clusterManagers: ["yarn", "kubernetes"] },
  why: "Before 3.0 YARN containers and Kubernetes pods were sized as heap + overhead (+ PySpark memory): spark.memory.offHeap.size had to fit inside spark.executor.memoryOverhead, or the process tree exceeds its limit and is killed.",
  fix: "Raise spark.executor.memoryOverhead to the off-heap size plus the usual overhead.",
  docs: "SPARK-26790 (3.0 adds off-heap to the container); resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/YarnAllocator.scala (2.4)",
  check: (ctx) => {
    const p = ctx.layout?.executor;
    if (!p || p.offHeapBytes <= 0 || p.containerBytes === null) return [];
    if (p.containerBytes >= p.heapBytes + p.overheadBytes + p.offHeapBytes + p.pysparkBytes) return [];
    // the off-heap size on top of the overhead Spark computes when none is set
    const usual = layoutWith(ctx.explainInput, { "spark.executor.memoryOverhead": null }).executor;
    const wanted = p.offHeapBytes + (usual?.overheadBytes ?? p.overheadBytes);
    return [
      {
        key: "spark.executor.memoryOverhead",
        message: `${bytesToString(p.offHeapBytes)} of off-heap memory must fit in the ${bytesToString(p.overheadBytes)} overhead`,
        severity: p.offHeapBytes >= p.overheadBytes ? "error" : "warning",
        fix: [{ key: "spark.executor.memoryOverhead", to: confSize(wanted) }],
        entry: entryFor(ctx, "spark.executor.memoryOverhead"),
      },
    ];
  },
};
