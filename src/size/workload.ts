import { GiB, MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";

export type WorkloadName = "etl" | "shuffle" | "cache" | "python-udf";

/**
 * What a workload asks of an executor. These are sparkmem's sizing choices, not Spark defaults:
 * - heapPerSlotBytes: the heap per concurrent task the ranking aims for (below it a layout scores less).
 * - overheadFactor: spark.executor.memoryOverheadFactor to use when it is above what Spark would use
 *   anyway (null: Spark's own, 0.1 — or 0.4 for Kubernetes Python/R cluster-mode pods).
 * - pysparkPerCoreBytes: spark.executor.pyspark.memory per executor core (one Python worker per task).
 */
export interface WorkloadProfile {
  name: WorkloadName;
  heapPerSlotBytes: number;
  overheadFactor: number | null;
  pysparkPerCoreBytes: number;
  why: string;
}

export const WORKLOADS: Record<WorkloadName, WorkloadProfile> = {
  etl: {
    name: "etl",
    heapPerSlotBytes: 4 * GiB,
    overheadFactor: null,
    pysparkPerCoreBytes: 0,
    // Cloudera's worked example lands at 19 GiB / 5 cores ≈ 3.8 GiB per task; EMR's r5/m5 guidance ~4 GiB/vCPU
    why: "general ETL: about 4 GiB of heap per task, Spark's default overhead",
  },
  shuffle: {
    name: "shuffle",
    heapPerSlotBytes: 6 * GiB,
    overheadFactor: 0.2,
    pysparkPerCoreBytes: 0,
    // shuffle fetch buffers and Netty's direct memory live outside the heap (overhead)
    why: "shuffle-heavy: 6 GiB of heap per task for sort/aggregation buffers, overhead factor 0.2 for Netty's direct buffers",
  },
  cache: {
    name: "cache",
    heapPerSlotBytes: 8 * GiB,
    overheadFactor: null,
    pysparkPerCoreBytes: 0,
    why: "cache-heavy: 8 GiB of heap per task so cached blocks stay in the storage region",
  },
  "python-udf": {
    name: "python-udf",
    heapPerSlotBytes: 2 * GiB,
    overheadFactor: 0.2,
    pysparkPerCoreBytes: 1024 * MiB,
    // the lint rule overhead-small-for-python: Python workers need their own memory beside the JVM's
    why: "Python-UDF-heavy: 1 GiB of spark.executor.pyspark.memory per core (one Python worker per task), overhead factor 0.2 for Arrow buffers, 2 GiB of heap per task",
  },
};

export function workloadProfile(name: string | undefined): WorkloadProfile {
  const w = WORKLOADS[(name ?? "etl") as WorkloadName];
  if (!w)
    throw new SparkmemError("--workload", `"${name}" is not a workload profile`, {
      expected: Object.keys(WORKLOADS).join(", "),
    });
  return w;
}
