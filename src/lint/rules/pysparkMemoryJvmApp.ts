import type { LintRule } from "../types.js";

export const pysparkMemoryJvmApp: LintRule = {
  id: "pyspark-memory-jvm-app",
  title: "PySpark memory for an application without Python",
  severity: "info",
  why: "spark.executor.pyspark.memory limits Python workers and is added to YARN containers and Kubernetes pods of Python applications; a JVM application reserves it for nothing (or ignores it).",
  fix: "Remove spark.executor.pyspark.memory from JVM applications' settings.",
  docs: "core/src/main/scala/org/apache/spark/internal/config/Python.scala (PYSPARK_EXECUTOR_MEMORY), yarn/YarnAllocator.scala",
  check: (ctx) => {
    const entry = ctx.merged.get("spark.executor.pyspark.memory");
    if (!entry || !ctx.appTypeKnown || ctx.appType === "python") return [];
    return [
      {
        key: entry.key,
        message: `spark.executor.pyspark.memory=${entry.value} is set for ${ctx.appType === "r" ? "an R" : "a JVM"} application`,
        fix: [{ key: entry.key, to: null }],
        entry,
      },
    ];
  },
};
