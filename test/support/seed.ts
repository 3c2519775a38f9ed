/**
 * The case study that started sparkmem (the book chapter): Spark 2.4.8 on YARN, 10 executors × 10 cores
 * × 30g, with `spark.memory.memoryOverhead`, a key Spark does not have, and the YARN kill it quotes.
 */
export const SEED_SETTINGS: Readonly<Record<string, string>> = {
  "spark.executor.instances": "10",
  "spark.executor.cores": "10",
  "spark.executor.memory": "30g",
  "spark.memory.memoryOverhead": "0.1",
  "spark.memory.fraction": "0.8",
  "spark.memory.storageFraction": "0.5",
  "spark.memory.offHeap.enabled": "false",
};

/** The same as its spark-defaults.conf, master first: spark.memory.memoryOverhead is on line 5. */
export const SEED_SPARK_DEFAULTS = `${Object.entries({ "spark.master": "yarn", ...SEED_SETTINGS })
  .map(([k, v]) => `${k.padEnd(34)}${v}`)
  .join("\n")}\n`;

export const SEED_YARN_KILL =
  "ExecutorLostFailure (executor 7 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 33.2 GB of 33 GB physical memory used. Consider boosting spark.yarn.executor.memoryOverhead or disabling yarn.nodemanager.vmem-check-enabled because of YARN-4714.";
