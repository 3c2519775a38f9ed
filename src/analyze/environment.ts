import type { SourcedConf } from "../conf/sources/sourced.js";
import { type ConfEntry, confFromEntries, type SparkConf } from "../conf/sparkConf.js";
import { type JsonObject, stringMap } from "./json.js";

/**
 * The settings a log's SparkListenerEnvironmentUpdate carries, named as the History Server's
 * /environment names them. Spark Properties are kept whole (Spark writes only keys that were set, and
 * redacts secrets); of the hundreds of Hadoop and system properties, those that size or police memory.
 */
export interface Environment {
  sparkProperties: Record<string, string>;
  /** YARN allocation and enforcement settings (Hadoop Properties, logged since 3.0). */
  hadoopProperties: Record<string, string>;
  /** The driver JVM and OS. */
  systemProperties: Record<string, string>;
}

/** Hadoop keys that shape or police a container: the model reads the allocation limits and the scheduler's step. */
const HADOOP_KEYS = [
  "yarn.scheduler.minimum-allocation-mb",
  "yarn.scheduler.maximum-allocation-mb",
  "yarn.scheduler.minimum-allocation-vcores",
  "yarn.scheduler.maximum-allocation-vcores",
  "yarn.nodemanager.resource.memory-mb",
  "yarn.nodemanager.resource.cpu-vcores",
  "yarn.nodemanager.pmem-check-enabled",
  "yarn.nodemanager.vmem-check-enabled",
  "yarn.nodemanager.vmem-pmem-ratio",
  "yarn.resourcemanager.scheduler.class",
  "yarn.scheduler.increment-allocation-mb",
  "yarn.resource-types.memory-mb.increment-allocation",
  "yarn.scheduler.capacity.resource-calculator",
];

const SYSTEM_KEYS = [
  "java.version",
  "java.vendor",
  "java.vm.name",
  "java.vm.version",
  "java.runtime.version",
  "os.name",
  "os.arch",
  "os.version",
];

export function emptyEnvironment(): Environment {
  return { sparkProperties: {}, hadoopProperties: {}, systemProperties: {} };
}

export function environmentOf(e: JsonObject): Environment {
  return {
    sparkProperties: stringMap(e["Spark Properties"]),
    hadoopProperties: only(stringMap(e["Hadoop Properties"]), HADOOP_KEYS),
    systemProperties: only(stringMap(e["System Properties"]), SYSTEM_KEYS),
  };
}

function only(all: Record<string, string>, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (all[k] !== undefined) out[k] = all[k];
  return out;
}

/**
 * The configuration explain models the application with: the Hadoop allocation settings the cluster
 * really had, under the Spark properties (a spark.hadoop.yarn.* key there wins, as in Spark), each with the
 * event log as its origin (`file` names the log when there is one to name).
 */
export function modelConf(env: Environment, file?: string): SparkConf {
  return confFromEntries(environmentEntries(env, file));
}

function environmentEntries(env: Environment, file?: string): ConfEntry[] {
  const origin = file === undefined ? { kind: "event-log" as const } : { kind: "event-log" as const, file };
  return Object.entries({ ...env.hadoopProperties, ...env.sparkProperties }).map(([key, value]) => ({
    key,
    value,
    origin,
  }));
}

/** An event log's settings as a configuration source, with the Spark version and app type it records. */
export function environmentSource(env: Environment, sparkVersion: string | null, file: string): SourcedConf {
  const facts: SourcedConf["facts"] = {};
  if (sparkVersion) facts.sparkVersion = sparkVersion.replace(/-.*$/, "");
  if (env.sparkProperties["spark.yarn.isPython"] === "true") facts.appType = "python";
  return { entries: environmentEntries(env, file), facts };
}
