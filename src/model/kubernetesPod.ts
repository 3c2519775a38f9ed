import { MiB } from "../conf/byteString.js";
import { readString } from "../conf/sparkConf.js";
import { atLeast } from "../conf/version.js";
import type { ModelContext, StartupError } from "./context.js";
import type { JvmSight } from "./jvmMemory.js";
import { parseCpuQuantity } from "./quantity.js";
import type { PodResources } from "./types.js";

/**
 * A driver or executor pod: memory request = limit = "<MiB>Mi"; cpu request from
 * spark.kubernetes.<role>.request.cores or the role's cores; a cpu limit only when set
 * (BasicDriverFeatureStep / BasicExecutorFeatureStep).
 */
export function podResources(
  ctx: ModelContext,
  role: "driver" | "executor",
  memoryMiB: number,
  cores: number,
): PodResources {
  return {
    memoryRequest: `${memoryMiB}Mi`,
    memoryLimit: `${memoryMiB}Mi`,
    cpuRequest: readString(ctx.conf, `spark.kubernetes.${role}.request.cores`) ?? String(cores),
    cpuLimit: readString(ctx.conf, `spark.kubernetes.${role}.limit.cores`),
  };
}

/**
 * 4.1+: BasicExecutorFeatureStep refuses an executor cpu limit below the request (compared as
 * fabric8 Quantities, i.e. by value: "4000m" = "4"); 4.1 throws SparkException, 4.2+
 * IllegalArgumentException, with the same text. There is no such check for the driver.
 */
export function executorCpuLimitError(ctx: ModelContext, pod: PodResources): StartupError | null {
  if (!atLeast(ctx.version, "4.1") || pod.cpuLimit === null) return null;
  const request = parseCpuQuantity(pod.cpuRequest);
  const limit = parseCpuQuantity(pod.cpuLimit);
  if (request === null || limit === null || limit >= request) return null;
  return {
    code: "k8s-cpu-limit-below-request",
    process: "executor",
    key: "spark.kubernetes.executor.limit.cores",
    message: `The executor cpu request (${pod.cpuRequest}) should be less than or equal to cpu limit (${pod.cpuLimit})`,
    hint: `Raise spark.kubernetes.executor.limit.cores to at least ${pod.cpuRequest} or lower the request (spark.kubernetes.executor.request.cores / spark.executor.cores).`,
  };
}

/** What a JVM in that pod sees: ⌈cpu limit⌉ CPUs (the node's without one) and the memory limit. */
export function podSight(pod: PodResources, role: "driver" | "executor"): JvmSight {
  const cpus = pod.cpuLimit === null ? null : parseCpuQuantity(pod.cpuLimit);
  return {
    activeProcessors: cpus === null ? null : Math.ceil(cpus),
    physicalMemoryBytes: Number.parseInt(pod.memoryLimit, 10) * MiB,
    // entrypoint.sh starts executors with -Xms = -Xmx; the driver runs spark-submit (-Xmx only)
    xmsEqualsXmx: role === "executor",
  };
}
