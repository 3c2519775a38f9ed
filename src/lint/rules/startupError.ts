import { entryFor } from "../read.js";
import type { LintRule } from "../types.js";

/** Codes with a rule of their own that also computes the fix. */
const OWN_RULE = new Set([
  "yarn-container-above-max",
  "offheap-size-zero",
  "min-system-memory",
  "min-executor-memory",
  "xmx-in-java-options",
  "k8s-cpu-limit-below-request",
]);

export const startupError: LintRule = {
  id: "startup-error",
  title: "Spark refuses these settings at start-up",
  severity: "error",
  why: "Spark, the JVM or the cluster manager checks these values when the application starts and stops with this message: the job never runs.",
  fix: "Change the named key as the message says.",
  docs: "The checks sparkmem explain models: SparkConf.validateSettings, UnifiedMemoryManager, SparkSubmit, yarn Client (see `sparkmem explain --why`).",
  check: (ctx) =>
    (ctx.layout?.errors ?? [])
      // Spark stops a JVM at its first failing check; the driver and executors often fail the same one
      .filter((e, i, all) => all.findIndex((o) => o.process === e.process) === i)
      .filter((e, i, all) => !OWN_RULE.has(e.code) && all.findIndex((o) => o.message === e.message) === i)
      .map((e) => ({
        key: e.key ?? "",
        message: `${e.message} (${e.hint})`,
        fix: [],
        ...(e.key ? { entry: entryFor(ctx, e.key) } : {}),
      })),
};
