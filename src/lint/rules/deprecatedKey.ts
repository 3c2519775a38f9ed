import { keyStatus } from "../keyStatus.js";
import type { LintRule } from "../types.js";

export const deprecatedKey: LintRule = {
  id: "deprecated-key",
  title: "A deprecated key",
  severity: "warning",
  why: "Spark still reads a deprecated key (it logs a warning) through its replacement, but a later version may drop it, and the replacement wins when both are set.",
  fix: "Move the value to the current key.",
  docs: "core/src/main/scala/org/apache/spark/SparkConf.scala (deprecatedConfigs, configsWithAlternatives); sql SQLConf.deprecatedSQLConfigs",
  check: (ctx) =>
    [...ctx.merged.values()].flatMap((entry) => {
      const s = keyStatus(ctx, entry.key);
      if (s.kind !== "deprecated") return [];
      const to = s.replacedBy;
      return [
        {
          key: entry.key,
          message: `${entry.key} is deprecated${s.since ? ` since ${s.since}` : ""}${to ? `: use ${to}` : ""}${s.message && !to ? ` (${s.message})` : ""}`,
          fix: [
            { key: entry.key, to: null, why: "a deprecated key a later version may drop" },
            ...(to && !ctx.merged.has(to) ? [{ key: to, to: entry.value, why: "its current name" }] : []),
          ],
          entry,
        },
      ];
    }),
};
