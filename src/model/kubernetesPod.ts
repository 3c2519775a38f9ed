import { MiB } from "../conf/byteString.js";
import { readString } from "../conf/sparkConf.js";
import type { ModelContext } from "./context.js";
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
