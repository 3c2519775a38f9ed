import type { LintRule } from "../types.js";

const SIZING_KEYS = [
  "spark.executor.memory",
  "spark.executor.cores",
  "spark.executor.instances",
  "spark.driver.memory",
  "spark.default.parallelism",
];

export const maximizeOverridden: LintRule = {
  id: "maximize-resource-allocation-overridden",
  title: "EMR maximizeResourceAllocation overridden",
  severity: "warning",
  appliesTo: { clusterManagers: ["yarn"] },
  why: "With maximizeResourceAllocation=true EMR writes executor sizes computed from the core node type into spark-defaults; settings you give yourself replace them key by key, leaving a mix of EMR's and yours that matches neither intent.",
  fix: "Either drop maximizeResourceAllocation or drop the explicit executor sizing keys.",
  docs: "AWS EMR Release Guide: Configure Spark — Using maximum resource allocation",
  check: (ctx) => {
    if (!ctx.facts.maximizeResourceAllocation) return [];
    return SIZING_KEYS.flatMap((key) => {
      const entry = ctx.merged.get(key);
      if (!entry) return [];
      return [
        {
          key,
          message: `${key}=${entry.value} overrides the value maximizeResourceAllocation computes`,
          fix: [{ key, to: null }],
          entry,
        },
      ];
    });
  },
};
