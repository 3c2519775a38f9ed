import type { LintRule } from "../types.js";

const EXECUTOR_KEYS = [
  "spark.executor.memory",
  "spark.executor.cores",
  "spark.executor.instances",
  "spark.executor.memoryOverhead",
  "spark.executor.memoryOverheadFactor",
  "spark.executor.pyspark.memory",
];

export const executorSettingsInLocal: LintRule = {
  id: "executor-settings-in-local",
  title: "Executor sizing in local mode",
  severity: "warning",
  appliesTo: { clusterManagers: ["local"] },
  why: "In local mode the only executor runs inside the driver JVM: its heap is spark.driver.memory and its task threads come from local[N]; executor memory, cores, instances and overhead are ignored.",
  fix: "Size the driver instead (spark.driver.memory / --driver-memory) and the threads with local[N].",
  docs: "core/src/main/scala/org/apache/spark/scheduler/local/LocalSchedulerBackend.scala, SparkContext.createTaskScheduler",
  check: (ctx) =>
    EXECUTOR_KEYS.flatMap((key) => {
      const entry = ctx.merged.get(key);
      if (!entry) return [];
      return [
        {
          key,
          message: `${key}=${entry.value} has no effect in local mode (master ${ctx.merged.get("spark.master")?.value ?? "local[*]"})`,
          fix: [
            { key, to: null, why: "no executor runs in local mode" },
            ...(key === "spark.executor.memory"
              ? [
                  {
                    key: "spark.driver.memory",
                    to: entry.value,
                    why: "the driver runs the tasks in local mode",
                  },
                ]
              : []),
          ],
          entry,
        },
      ];
    }),
};
