import { entryFor, modelErrors } from "../read.js";
import type { LintRule } from "../types.js";

export const xmxInJavaOptions: LintRule = {
  id: "xmx-in-java-options",
  title: "-Xmx in extraJavaOptions",
  severity: "error",
  why: 'Spark sizes the heap from spark.driver.memory / spark.executor.memory and refuses -Xmx in the extra Java options ("Not allowed to specify max heap(Xmx) memory settings through java options").',
  fix: "Remove -Xmx from the options and set the memory key to that size.",
  docs: "core/src/main/scala/org/apache/spark/SparkConf.scala (validateSettings), launcher/SparkSubmitCommandBuilder.java",
  check: (ctx) =>
    modelErrors(ctx, "xmx-in-java-options").map((e) => {
      const key = e.key ?? "spark.executor.extraJavaOptions";
      const entry = entryFor(ctx, key);
      const opts = entry?.value ?? "";
      const xmx = /-Xmx(\S+)/.exec(opts)?.[1];
      const rest = opts.replace(/\s*-Xmx\S+/, "").trim();
      const memoryKey = key.startsWith("spark.driver.") ? "spark.driver.memory" : "spark.executor.memory";
      return {
        key,
        message: e.message,
        fix: [
          { key, to: rest === "" ? null : rest, why: "the options without -Xmx" },
          ...(xmx ? [{ key: memoryKey, to: xmx, why: "the heap -Xmx asked for, as Spark sets it" }] : []),
        ],
        ...(entry ? { entry } : {}),
      };
    }),
};
