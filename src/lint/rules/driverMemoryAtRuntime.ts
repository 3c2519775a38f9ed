import type { LintRule } from "../types.js";

/** Settings read only when the driver JVM is launched. */
const LAUNCH_KEYS = [
  "spark.driver.memory",
  "spark.driver.extraJavaOptions",
  "spark.driver.extraClassPath",
  "spark.driver.extraLibraryPath",
];

export const driverMemoryAtRuntime: LintRule = {
  id: "driver-memory-at-runtime",
  title: "Driver JVM settings set from a running program",
  severity: "error",
  why: "In client mode (and in every notebook) the driver JVM is already running when SparkSession.builder.config() or SparkConf().set() runs, so its heap and JVM options can no longer change: the value shows in the UI's Environment tab but has no effect.",
  fix: "Pass it when the JVM starts: spark-submit --driver-memory, spark-defaults.conf, or PYSPARK_SUBMIT_ARGS set before the first SparkSession.",
  docs: 'docs/configuration.md (spark.driver.memory: "In client mode, this config must not be set through the SparkConf directly in your application")',
  check: (ctx) => {
    if (ctx.deployMode === "cluster" && !ctx.facts.notebook) return [];
    return ctx.entries.flatMap((e) => {
      const via = e.origin.via;
      if (!LAUNCH_KEYS.includes(e.key) || (via !== "builder" && via !== "sparkconf")) return [];
      const flag =
        e.key === "spark.driver.memory" ? `--driver-memory ${e.value}` : `--conf ${e.key}=${e.value}`;
      return [
        {
          key: e.key,
          message: `${e.key}=${e.value} is set from inside the program${ctx.facts.notebook ? " (a notebook: its driver JVM already runs)" : " in client mode"}; it has no effect. Use ${flag} (or PYSPARK_SUBMIT_ARGS="${flag} pyspark-shell" before the session starts).`,
          fix: [
            { key: e.key, to: e.value, why: `the same value, given when the driver JVM starts: ${flag}` },
          ],
          entry: e,
        },
      ];
    });
  },
};
