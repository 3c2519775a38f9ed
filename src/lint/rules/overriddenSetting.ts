import { sourceOf } from "../../conf/sparkConf.js";
import type { LintRule } from "../types.js";

export const overriddenSetting: LintRule = {
  id: "overridden-setting",
  title: "A setting given twice with different values",
  severity: "info",
  why: "When several sources set one key, the later source wins (spark-defaults < --properties-file < --conf < spark-submit flags); the earlier value has no effect, which surprises whoever edits it.",
  fix: "Remove the value that loses, so one place says what Spark uses.",
  docs: "core/src/main/scala/org/apache/spark/deploy/SparkSubmitArguments.scala (mergeDefaultSparkProperties)",
  check: (ctx) =>
    ctx.entries.flatMap((e) => {
      const winner = ctx.merged.get(e.key);
      if (!winner || winner.value.trim() === e.value.trim()) return [];
      const w = sourceOf(winner.origin);
      return [
        {
          key: e.key,
          message: `${e.key}=${e.value} is overridden by ${winner.value} from ${w.source}${w.line ? `:${w.line}` : ""}`,
          fix: [],
          entry: e,
        },
      ];
    }),
};
