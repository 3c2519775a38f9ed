import { bytesToString } from "../../conf/bytesToString.js";
import { confSize, entryFor } from "../read.js";
import type { LintRule } from "../types.js";

const MiB = 1024 ** 2;

export const overheadSmallForPython: LintRule = {
  id: "overhead-small-for-python",
  title: "Overhead too small for Python or R workers",
  severity: "warning",
  appliesTo: { clusterManagers: ["yarn", "kubernetes"] },
  why: "The container limit is enforced on the whole process tree: the JVM's native memory plus every Python/R worker. With no PySpark memory of its own, each concurrent task's worker needs room in the overhead (a few hundred MiB each, more with pandas/Arrow).",
  fix: "Raise spark.executor.memoryOverhead to about 384 MiB + 384 MiB per core, or set spark.executor.pyspark.memory.",
  docs: "resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/YarnAllocator.scala (container = heap + overhead + off-heap + PySpark memory)",
  check: (ctx) => {
    const p = ctx.layout?.executor;
    if (!p || ctx.appType === "jvm" || p.pysparkBytes > 0) return [];
    const wanted = 384 * MiB * (1 + p.cores);
    if (p.overheadBytes >= wanted) return [];
    return [
      {
        key: "spark.executor.memoryOverhead",
        message: `${bytesToString(p.overheadBytes)} of overhead for the JVM and ${p.cores} ${ctx.appType === "r" ? "R" : "Python"} worker${p.cores === 1 ? "" : "s"}`,
        fix: [{ key: "spark.executor.memoryOverhead", to: confSize(wanted) }],
        entry: entryFor(ctx, "spark.executor.memoryOverhead"),
      },
    ];
  },
};
