/** How a figure was obtained: the formula with its inputs filled in, and the Spark file it follows. */
export interface Derivation {
  formula: string;
  source?: string;
}

export type Derivations = Record<string, Derivation>;

/** Spark source files cited by the model (paths relative to apache/spark). */
export const SRC = {
  umm: "core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala",
  smm: "core/src/main/scala/org/apache/spark/memory/StaticMemoryManager.scala",
  mm: "core/src/main/scala/org/apache/spark/memory/MemoryManager.scala",
  pool: "core/src/main/scala/org/apache/spark/memory/ExecutionMemoryPool.scala",
  blockManager: "core/src/main/scala/org/apache/spark/storage/BlockManager.scala",
  resourceProfile: "core/src/main/scala/org/apache/spark/resource/ResourceProfile.scala",
  yarnAllocator: "resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/YarnAllocator.scala",
  yarnClient: "resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/Client.scala",
  k8sExecutor:
    "resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/features/BasicExecutorFeatureStep.scala",
  k8sDriver:
    "resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/features/BasicDriverFeatureStep.scala",
  launcher: "launcher/src/main/java/org/apache/spark/launcher/SparkSubmitCommandBuilder.java",
  sparkContext: "core/src/main/scala/org/apache/spark/SparkContext.scala",
  sparkConf: "core/src/main/scala/org/apache/spark/SparkConf.scala",
  hadoopNormalize:
    "hadoop: DefaultResourceCalculator.normalize (CapacityScheduler step = minimum-allocation-mb)",
  hotspot:
    "JDK: Runtime.maxMemory() = heap capacity the collector can use (measured, see scripts/jvm/README.md)",
} as const;
