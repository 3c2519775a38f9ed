import type { ExplainInput } from "./explain.js";

/** Built-in cases for `sparkmem explain --example NAME`; `seed` is the book chapter's case study. */
export const EXAMPLES: Record<string, { title: string; input: ExplainInput }> = {
  seed: {
    title: "The case study that started sparkmem: Spark 2.4.8 on YARN, 10 executors × 10 cores × 30g",
    input: {
      sparkVersion: "2.4.8",
      master: "yarn",
      conf: {
        "spark.executor.instances": "10",
        "spark.executor.cores": "10",
        "spark.executor.memory": "30g",
        "spark.memory.fraction": "0.8",
        "spark.memory.storageFraction": "0.5",
        "spark.memory.offHeap.enabled": "false",
      },
    },
  },
  notebook: {
    title: "A laptop notebook: pyspark local[4] with the default 1g driver",
    input: {
      sparkVersion: "3.5.3",
      master: "local[4]",
      appType: "python",
      hostCores: 4,
      hostMemoryBytes: 16 * 2 ** 30,
    },
  },
  emr: {
    title: "EMR-style YARN cluster mode: 9397m executors on 32 MiB YARN grains",
    input: {
      sparkVersion: "3.5.3",
      master: "yarn",
      deployMode: "cluster",
      conf: {
        "spark.executor.memory": "9397m",
        "spark.executor.cores": "3",
        "spark.driver.memory": "2048m",
        "yarn.scheduler.minimum-allocation-mb": "32",
      },
    },
  },
  k8s: {
    title: "Kubernetes cluster-mode PySpark with off-heap and PySpark memory",
    input: {
      sparkVersion: "3.5.3",
      master: "k8s://https://kubernetes.default.svc",
      deployMode: "cluster",
      appType: "python",
      conf: {
        "spark.executor.memory": "8g",
        "spark.executor.cores": "4",
        "spark.executor.instances": "4",
        "spark.executor.pyspark.memory": "2g",
        "spark.memory.offHeap.enabled": "true",
        "spark.memory.offHeap.size": "2g",
      },
    },
  },
};
