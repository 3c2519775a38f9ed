import { bytesToString } from "../../conf/bytesToString.js";
import { layoutWith } from "../../model/inverse.js";
import type { LintRule } from "../types.js";

export const pysparkMemoryUnset: LintRule = {
  id: "pyspark-memory-unset",
  title: "PySpark application without spark.executor.pyspark.memory",
  severity: "info",
  appliesTo: { since: "2.4", clusterManagers: ["yarn", "kubernetes"] },
  why: "Without spark.executor.pyspark.memory the Python workers (one per running task) live in the container's overhead, which is sized for the JVM's native memory (10%): Python UDFs, pandas and Arrow batches then push the container over its limit and YARN or Kubernetes kills it.",
  fix: "Set spark.executor.pyspark.memory (it is added to the container and caps each worker) or raise the overhead.",
  docs: "core/src/main/scala/org/apache/spark/internal/config/Python.scala; python/pyspark/worker.py (resource.setrlimit)",
  check: (ctx) => {
    const p = ctx.layout?.executor;
    if (!p || ctx.appType !== "python" || p.pysparkBytes > 0) return [];
    const value = `${Math.max(1, p.cores) * 512}m`;
    // where Spark would not add it to the container (client-mode Kubernetes pods), the overhead is the
    // only room: overhead-small-for-python speaks for that
    const withPython = layoutWith(ctx.explainInput, { "spark.executor.pyspark.memory": value });
    if (withPython.executor?.pysparkBytes === 0) return [];
    return [
      {
        key: "spark.executor.pyspark.memory",
        message: `Python workers of ${p.cores} concurrent task${p.cores === 1 ? "" : "s"} share the ${bytesToString(p.overheadBytes)} overhead with the JVM's native memory`,
        fix: [{ key: "spark.executor.pyspark.memory", to: value }],
      },
    ];
  },
};
