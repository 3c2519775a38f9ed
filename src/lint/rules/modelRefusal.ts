import { specOf } from "../../conf/catalog.js";
import type { LintRule } from "../types.js";
import { readable } from "./invalidValue.js";

export const modelRefusal: LintRule = {
  id: "value-out-of-range",
  title: "A value Spark refuses outright",
  severity: "error",
  why: "SparkConf.validateSettings and the config entries' checkValue reject these values when the application starts (a fraction outside [0, 1], a negative size): the job never runs.",
  fix: "Give the key a value in its range (the finding says which).",
  docs: "core/src/main/scala/org/apache/spark/SparkConf.scala (validateSettings); internal/config/package.scala (checkValue)",
  check: (ctx) => {
    const e = ctx.layoutError;
    if (!e) return [];
    // the model names the key first, then where it was set ("spark.memory.fraction from --conf …")
    const key = /^[\w.-]+/.exec(e.where)?.[0] ?? e.where;
    const entry = ctx.merged.get(key);
    // what Spark refuses, or a value the user set that the model refuses; not the model's own needs
    // (e.g. local[*] by default on a machine whose core count is not known)
    if (!e.sparkMessage && !entry) return [];
    // a value of the wrong kind is invalid-value's finding
    const spec = specOf(key);
    if (entry && spec && !readable(spec, entry.value)) return [];
    const fallback = spec?.default ?? null;
    return [
      {
        key,
        message: e.message,
        fix: fallback !== null ? [{ key, to: fallback }] : [],
        ...(entry ? { entry } : {}),
      },
    ];
  },
};
