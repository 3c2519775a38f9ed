import type { ByteUnit } from "./byteString.js";

/**
 * Every memory- and cores-related key sparkmem reads, as Spark declares it: type, unit of a bare
 * number, default, the versions it exists in, deprecated alternative names and the checks Spark
 * applies. Sources: core/src/main/scala/org/apache/spark/internal/config/package.scala,
 * config/Python.scala, resource-managers/{yarn,kubernetes}/.../Config.scala, SparkConf.scala.
 */
export type KeyKind = "bytes" | "double" | "int" | "long" | "boolean" | "string";

export interface AlternativeKey {
  key: string;
  /** Spark version that deprecated it in favour of the main key (SparkConf.configsWithAlternatives). */
  deprecatedSince: string;
}

export interface KeySpec {
  key: string;
  kind: KeyKind;
  /** For bytes: the unit of a number without suffix (bytesConf(ByteUnit.X)). */
  unit?: ByteUnit;
  /** Spark's default as Spark writes it; null when unset by default. */
  default: string | null;
  /** First Spark line that reads the key; `removedIn` the first that no longer does. */
  since: string;
  removedIn?: string;
  alternatives?: AlternativeKey[];
  /** Which layout the key moves: a process, or the cluster around it (not a Spark key). */
  scope: "driver" | "executor" | "am" | "memory" | "app" | "cluster" | "sql" | "testing";
  doc: string;
}

const k = (spec: KeySpec): KeySpec => spec;

export const CATALOG: readonly KeySpec[] = [
  // Application and placement
  k({
    key: "spark.master",
    kind: "string",
    default: null,
    since: "1.0",
    scope: "app",
    doc: "Cluster manager URL; spark-submit uses local[*] when unset.",
  }),
  k({
    key: "spark.submit.deployMode",
    kind: "string",
    default: "client",
    since: "1.5",
    scope: "app",
    doc: "client: the driver runs where spark-submit runs; cluster: inside the cluster.",
  }),
  k({
    key: "spark.yarn.isPython",
    kind: "boolean",
    default: "false",
    since: "1.5",
    scope: "app",
    doc: "Set by spark-submit for Python apps on YARN; adds PySpark memory to executor containers.",
  }),
  k({
    key: "spark.kubernetes.resource.type",
    kind: "string",
    default: null,
    since: "2.4",
    scope: "app",
    doc: "java|python|r, set in the driver pod for cluster-mode apps; decides the non-JVM overhead factor and PySpark memory.",
  }),
  // Driver
  k({
    key: "spark.driver.memory",
    kind: "bytes",
    unit: "MiB",
    default: "1g",
    since: "1.0",
    scope: "driver",
    doc: "Driver heap; in client and local mode passed as written to -Xmx.",
  }),
  k({
    key: "spark.driver.memoryOverhead",
    kind: "bytes",
    unit: "MiB",
    default: null,
    since: "2.3",
    scope: "driver",
    alternatives: [{ key: "spark.yarn.driver.memoryOverhead", deprecatedSince: "2.3" }],
    doc: "Non-heap memory of a cluster-mode driver container/pod.",
  }),
  k({
    key: "spark.driver.memoryOverheadFactor",
    kind: "double",
    default: "0.1",
    since: "3.3",
    scope: "driver",
    doc: "Driver overhead as a fraction of driver memory when no explicit overhead is set.",
  }),
  k({
    key: "spark.driver.minMemoryOverhead",
    kind: "bytes",
    unit: "MiB",
    default: "384m",
    since: "4.0",
    scope: "driver",
    doc: "Lower bound of the computed driver overhead.",
  }),
  k({
    key: "spark.driver.cores",
    kind: "int",
    default: "1",
    since: "1.3",
    scope: "driver",
    doc: "Cores of a cluster-mode driver (YARN AM / K8s driver pod).",
  }),
  k({
    key: "spark.driver.maxResultSize",
    kind: "bytes",
    unit: "BYTE",
    default: "1g",
    since: "1.2",
    scope: "driver",
    doc: "Cap on serialized task results collected to the driver; 0 = unlimited.",
  }),
  k({
    key: "spark.driver.extraJavaOptions",
    kind: "string",
    default: null,
    since: "1.0",
    scope: "driver",
    doc: "Driver JVM flags (the GC choice is read from here; -Xmx is not allowed).",
  }),
  // Executors
  k({
    key: "spark.executor.memory",
    kind: "bytes",
    unit: "MiB",
    default: "1g",
    since: "0.7",
    scope: "executor",
    doc: "Executor heap (-Xmx).",
  }),
  k({
    key: "spark.executor.memoryOverhead",
    kind: "bytes",
    unit: "MiB",
    default: null,
    since: "2.3",
    scope: "executor",
    alternatives: [{ key: "spark.yarn.executor.memoryOverhead", deprecatedSince: "2.3" }],
    doc: "Non-heap memory of an executor container/pod; replaces the factor-based default.",
  }),
  k({
    key: "spark.executor.memoryOverheadFactor",
    kind: "double",
    default: "0.1",
    since: "3.3",
    scope: "executor",
    doc: "Executor overhead as a fraction of executor memory when no explicit overhead is set.",
  }),
  k({
    key: "spark.executor.minMemoryOverhead",
    kind: "bytes",
    unit: "MiB",
    default: "384m",
    since: "4.0",
    scope: "executor",
    doc: "Lower bound of the computed executor overhead.",
  }),
  k({
    key: "spark.executor.pyspark.memory",
    kind: "bytes",
    unit: "MiB",
    default: null,
    since: "2.4",
    scope: "executor",
    doc: "Python worker memory per executor, added to the container and enforced with RLIMIT_AS.",
  }),
  k({
    key: "spark.executor.cores",
    kind: "int",
    default: null,
    since: "1.0",
    scope: "executor",
    doc: "Cores per executor; 1 on YARN and Kubernetes when unset, all free worker cores on standalone.",
  }),
  k({
    key: "spark.executor.instances",
    kind: "int",
    default: null,
    since: "1.0",
    scope: "executor",
    doc: "Executor count; 2 on YARN and Kubernetes when unset.",
  }),
  k({
    key: "spark.executor.extraJavaOptions",
    kind: "string",
    default: null,
    since: "1.0",
    scope: "executor",
    doc: "Executor JVM flags (the GC choice is read from here; -Xmx is not allowed).",
  }),
  k({
    key: "spark.task.cpus",
    kind: "int",
    default: "1",
    since: "0.9",
    scope: "executor",
    doc: "Cores each task takes; task slots = executor cores / task cpus.",
  }),
  k({
    key: "spark.cores.max",
    kind: "int",
    default: null,
    since: "0.6",
    scope: "executor",
    doc: "Standalone: cores the application may take across the cluster.",
  }),
  k({
    key: "spark.dynamicAllocation.enabled",
    kind: "boolean",
    default: "false",
    since: "1.2",
    scope: "executor",
    doc: "Executors are added and removed with the load.",
  }),
  k({
    key: "spark.dynamicAllocation.minExecutors",
    kind: "int",
    default: "0",
    since: "1.2",
    scope: "executor",
    doc: "Lower bound with dynamic allocation.",
  }),
  k({
    key: "spark.dynamicAllocation.initialExecutors",
    kind: "int",
    default: null,
    since: "1.3",
    scope: "executor",
    doc: "Start count with dynamic allocation (defaults to minExecutors).",
  }),
  k({
    key: "spark.dynamicAllocation.maxExecutors",
    kind: "int",
    default: "2147483647",
    since: "1.2",
    scope: "executor",
    doc: "Upper bound with dynamic allocation.",
  }),
  k({
    key: "spark.executor.limitActiveProcessorCount.enabled",
    kind: "boolean",
    default: "false",
    since: "4.2",
    scope: "executor",
    doc: "YARN: adds -XX:ActiveProcessorCount=<executor cores>; with 1 core the JVM picks Serial GC.",
  }),
  k({
    key: "spark.driver.limitActiveProcessorCount.enabled",
    kind: "boolean",
    default: "false",
    since: "4.2",
    scope: "driver",
    doc: "YARN cluster mode: adds -XX:ActiveProcessorCount=<driver cores> to the driver (AM).",
  }),
  // Unified memory manager
  k({
    key: "spark.memory.fraction",
    kind: "double",
    default: "0.6",
    since: "1.6",
    scope: "memory",
    doc: "Share of (heap − 300 MiB) for execution and storage together.",
  }),
  k({
    key: "spark.memory.storageFraction",
    kind: "double",
    default: "0.5",
    since: "1.6",
    scope: "memory",
    doc: "Share of the unified region where cached blocks are immune to eviction.",
  }),
  k({
    key: "spark.memory.offHeap.enabled",
    kind: "boolean",
    default: "false",
    since: "1.6",
    scope: "memory",
    alternatives: [{ key: "spark.unsafe.offHeap", deprecatedSince: "1.6" }],
    doc: "Tungsten execution and OFF_HEAP storage use native memory.",
  }),
  k({
    key: "spark.memory.offHeap.size",
    kind: "bytes",
    unit: "BYTE",
    default: "0",
    since: "1.6",
    scope: "memory",
    doc: "Off-heap pool size; a bare number is BYTES.",
  }),
  k({
    key: "spark.memory.useLegacyMode",
    kind: "boolean",
    default: "false",
    since: "1.6",
    removedIn: "3.0",
    scope: "memory",
    doc: "Use the pre-1.6 StaticMemoryManager.",
  }),
  k({
    key: "spark.storage.memoryFraction",
    kind: "double",
    default: "0.6",
    since: "0.7",
    removedIn: "3.0",
    scope: "memory",
    doc: "Legacy manager: storage share of the heap.",
  }),
  k({
    key: "spark.storage.safetyFraction",
    kind: "double",
    default: "0.9",
    since: "1.1",
    removedIn: "3.0",
    scope: "memory",
    doc: "Legacy manager: safety margin on storage.",
  }),
  k({
    key: "spark.storage.unrollFraction",
    kind: "double",
    default: "0.2",
    since: "1.1",
    removedIn: "3.0",
    scope: "memory",
    doc: "Legacy manager: unroll share of storage.",
  }),
  k({
    key: "spark.shuffle.memoryFraction",
    kind: "double",
    default: "0.2",
    since: "0.7",
    removedIn: "3.0",
    scope: "memory",
    doc: "Legacy manager: execution share of the heap.",
  }),
  k({
    key: "spark.shuffle.safetyFraction",
    kind: "double",
    default: "0.8",
    since: "1.1",
    removedIn: "3.0",
    scope: "memory",
    doc: "Legacy manager: safety margin on execution.",
  }),
  k({
    key: "spark.storage.unrollMemoryThreshold",
    kind: "long",
    default: "1048576",
    since: "1.1",
    scope: "memory",
    doc: "Initial memory reserved to unroll a block (bytes, no suffix).",
  }),
  k({
    key: "spark.buffer.pageSize",
    kind: "bytes",
    unit: "BYTE",
    default: null,
    since: "1.5",
    scope: "memory",
    doc: "Tungsten page size; computed from the execution pool when unset.",
  }),
  k({
    key: "spark.memory.unmanagedMemoryPollingInterval",
    kind: "string",
    default: "0s",
    since: "4.1",
    scope: "memory",
    doc: "Polls memory held outside the manager (e.g. RocksDB); 0s = off.",
  }),
  k({
    key: "spark.python.worker.memory",
    kind: "string",
    default: "512m",
    since: "1.1",
    scope: "executor",
    doc: "Python-side aggregation spill threshold (PySpark parses it: suffix required).",
  }),
  // YARN application master (client mode)
  k({
    key: "spark.yarn.am.memory",
    kind: "bytes",
    unit: "MiB",
    default: "512m",
    since: "1.3",
    scope: "am",
    doc: "Heap of the client-mode YARN Application Master.",
  }),
  k({
    key: "spark.yarn.am.memoryOverhead",
    kind: "bytes",
    unit: "MiB",
    default: null,
    since: "1.3",
    scope: "am",
    doc: "Overhead of the client-mode AM container.",
  }),
  k({
    key: "spark.yarn.am.cores",
    kind: "int",
    default: "1",
    since: "1.3",
    scope: "am",
    doc: "vcores of the client-mode AM container.",
  }),
  // Kubernetes
  k({
    key: "spark.kubernetes.memoryOverheadFactor",
    kind: "double",
    default: "0.1",
    since: "2.4",
    scope: "executor",
    doc: "Pod overhead factor (0.4 injected for Python/R cluster apps); superseded by spark.{driver,executor}.memoryOverheadFactor in 3.3.",
  }),
  k({
    key: "spark.kubernetes.executor.request.cores",
    kind: "string",
    default: null,
    since: "2.4",
    scope: "executor",
    doc: "Executor pod cpu request; defaults to spark.executor.cores.",
  }),
  k({
    key: "spark.kubernetes.executor.limit.cores",
    kind: "string",
    default: null,
    since: "2.3",
    scope: "executor",
    doc: "Executor pod cpu limit; none when unset.",
  }),
  k({
    key: "spark.kubernetes.driver.request.cores",
    kind: "string",
    default: null,
    since: "3.0",
    scope: "driver",
    doc: "Driver pod cpu request; defaults to spark.driver.cores.",
  }),
  k({
    key: "spark.kubernetes.driver.limit.cores",
    kind: "string",
    default: null,
    since: "2.3",
    scope: "driver",
    doc: "Driver pod cpu limit; none when unset.",
  }),
  // SQL keys that decide memory pressure
  k({
    key: "spark.sql.shuffle.partitions",
    kind: "int",
    default: "200",
    since: "1.1",
    scope: "sql",
    doc: "Partitions of a SQL shuffle.",
  }),
  k({
    key: "spark.sql.autoBroadcastJoinThreshold",
    kind: "bytes",
    unit: "BYTE",
    default: "10MB",
    since: "1.1",
    scope: "sql",
    doc: "Largest table broadcast to every executor; -1 disables.",
  }),
  // Testing hooks Spark honours in UnifiedMemoryManager.getMaxMemory
  k({
    key: "spark.testing.memory",
    kind: "long",
    default: null,
    since: "1.6",
    scope: "testing",
    doc: "Replaces Runtime.maxMemory as system memory (tests only).",
  }),
  k({
    key: "spark.testing.reservedMemory",
    kind: "long",
    default: null,
    since: "1.6",
    scope: "testing",
    doc: "Replaces the 300 MiB reserved memory (tests only).",
  }),
  // Cluster settings (Hadoop's, not Spark's): what the ResourceManager does with a request
  k({
    key: "yarn.scheduler.minimum-allocation-mb",
    kind: "int",
    default: "1024",
    since: "0.0",
    scope: "cluster",
    doc: "YARN rounds every container up to a multiple of this (EMR: 32).",
  }),
  k({
    key: "yarn.scheduler.maximum-allocation-mb",
    kind: "int",
    default: null,
    since: "0.0",
    scope: "cluster",
    doc: "Largest container YARN grants; Spark refuses to submit above it.",
  }),
];

const BY_KEY = new Map(CATALOG.map((s) => [s.key, s]));
const BY_ALTERNATIVE = new Map(
  CATALOG.flatMap((s) => (s.alternatives ?? []).map((a) => [a.key, s] as const)),
);

export function specOf(key: string): KeySpec | undefined {
  return BY_KEY.get(key);
}

/** The main spec for a deprecated alternative name, e.g. spark.yarn.executor.memoryOverhead. */
export function specForAlternative(key: string): KeySpec | undefined {
  return BY_ALTERNATIVE.get(key);
}

/** Hadoop settings may also arrive with Spark's spark.hadoop. prefix. */
export function clusterKeyName(key: string): string {
  return key.startsWith("spark.hadoop.yarn.") ? key.slice("spark.hadoop.".length) : key;
}
