import { CATALOG } from "../../conf/catalog.js";
import type { LintRule } from "../types.js";

export const duplicateSpellings: LintRule = {
  id: "duplicate-spellings",
  title: "Two spellings of one setting",
  severity: "warning",
  why: "Spark reads the current key first and falls back to its deprecated names, so when both are set the old one is silently ignored; readers of the configuration cannot tell which value is used.",
  fix: "Keep the current key with the value you want and remove the old spelling.",
  docs: "core/src/main/scala/org/apache/spark/SparkConf.scala (configsWithAlternatives)",
  check: (ctx) =>
    CATALOG.flatMap((spec) => {
      const main = ctx.merged.get(spec.key);
      if (!main) return [];
      return (spec.alternatives ?? []).flatMap((alt) => {
        const old = ctx.merged.get(alt.key);
        if (!old) return [];
        const same = old.value.trim() === main.value.trim();
        return [
          {
            key: alt.key,
            message: `${alt.key}=${old.value} and ${spec.key}=${main.value} are both set; Spark uses ${spec.key}${same ? " (same value)" : `, so ${old.value} is ignored`}`,
            fix: [{ key: alt.key, to: null, why: `an old spelling Spark ignores while ${spec.key} is set` }],
            entry: old,
          },
        ];
      });
    }),
};
