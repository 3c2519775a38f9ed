import { clusterSetting } from "../read.js";
import type { LintRule } from "../types.js";

const KEY = "yarn.scheduler.capacity.resource-calculator";

export const defaultResourceCalculator: LintRule = {
  id: "default-resource-calculator",
  title: "YARN ignores vcores (DefaultResourceCalculator)",
  severity: "warning",
  appliesTo: { clusterManagers: ["yarn"] },
  why: "The CapacityScheduler's DefaultResourceCalculator schedules by memory only: an executor asking for several cores gets containers reported with 1 vcore, and nodes can be packed with more concurrent tasks than they have CPUs.",
  fix: "Use the DominantResourceCalculator so vcores count.",
  docs: "hadoop-yarn CapacityScheduler (yarn.scheduler.capacity.resource-calculator); EMR capacity-scheduler classification",
  check: (ctx) => {
    const calc = clusterSetting(ctx, KEY);
    const cores = ctx.layout?.executor?.cores ?? 1;
    if (!calc?.value.endsWith("DefaultResourceCalculator") || cores <= 1) return [];
    return [
      {
        key: KEY,
        message: `${calc.value} ignores spark.executor.cores=${cores}: YARN counts memory only`,
        fix: [{ key: KEY, to: "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator" }],
        entry: calc,
      },
    ];
  },
};
