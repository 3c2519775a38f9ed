import { MiB } from "../../conf/byteString.js";
import { bytesToString } from "../../conf/bytesToString.js";
import { layoutWith } from "../../model/inverse.js";
import { confSize, containerLimitMiB, entryFor, fitFix, fitsNodes } from "../read.js";
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
    // counted in the container (3.0+ on YARN, 3.1+ on Kubernetes): nothing to fit
    if (p.containerOffHeapBytes > 0) return [];
    // the off-heap size on top of the overhead Spark computes when none is set
    const usual = layoutWith(ctx.explainInput, { "spark.executor.memoryOverhead": null }).executor;
    const wanted = p.offHeapBytes + (usual?.overheadBytes ?? p.overheadBytes);
    if (p.overheadBytes >= wanted) return [];
    const grown = [{ key: "spark.executor.memoryOverhead", to: confSize(wanted) }];
    // where the cluster has no room for the larger container, a smaller heap beside the room it needs
    const limit = containerLimitMiB(ctx);
    const fix = fitsNodes(
      ctx,
      layoutWith(ctx.explainInput, { "spark.executor.memoryOverhead": confSize(wanted) }),
    )
      ? grown
      : limit === null
        ? []
        : (fitFix(ctx, "executor", limit * MiB, "request")?.fix ?? []);
    return [
      {
        key: "spark.executor.memoryOverhead",
        message: `${bytesToString(p.offHeapBytes)} of off-heap memory must fit in the ${bytesToString(p.overheadBytes)} overhead`,
        severity: p.offHeapBytes >= p.overheadBytes ? "error" : "warning",
        fix,
        entry: entryFor(ctx, "spark.executor.memoryOverhead"),
      },
    ];
  },
};
