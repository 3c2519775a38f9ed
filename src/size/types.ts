import type { SparkConf } from "../conf/sparkConf.js";
import type { YarnScheduler } from "../model/yarnScheduler.js";
import type { EmrInstanceType } from "./emrInstances.js";
import type { WorkloadName, WorkloadProfile } from "./workload.js";

export type SizeManager = "yarn" | "kubernetes";

/** One group of identical nodes as the user describes it (an EMR core or task group, a node pool). */
export interface NodeGroupSpec {
  name: string;
  nodes: number;
  /** An EC2 type from the EMR data, or the explicit shape below. */
  instanceType?: string;
  cores?: number;
  memoryBytes?: number;
  /** Which flag or --node-group item described it, for error messages. */
  where?: string;
}

export interface SizeInput {
  master: SizeManager;
  groups: NodeGroupSpec[];
  /** Taken from each node before YARN or the kubelet sees it. */
  osReservedCores?: number;
  osReservedMemoryBytes?: number;
  /** Pin spark.executor.cores. */
  executorCores?: number;
  sparkVersion?: string;
  appType?: "jvm" | "python";
  deployMode?: "client" | "cluster";
  workload?: WorkloadName;
  /** yarn.*, kubelet.*, k8s.* cluster settings and spark.* settings every candidate keeps (a plain map for library callers). */
  conf?: SparkConf | Record<string, string>;
  /** EMR's master node type: maximizeResourceAllocation sizes the driver from the smaller of it and core. */
  masterInstanceType?: string;
  /** The group whose nodes may host the YARN AM / driver pod (default: the first group). */
  amNodeGroup?: string;
  /** How many layouts to list (default 8). */
  top?: number;
}

/** A group resolved to what the cluster manager offers on each of its nodes. */
export interface NodeGroup {
  name: string;
  nodes: number;
  instanceType: EmrInstanceType | null;
  hostCores: number;
  hostMemoryBytes: number;
  /** YARN vcores or Kubernetes allocatable CPU (less DaemonSets), in millicores. */
  cpuMillis: number;
  /** yarn.nodemanager.resource.memory-mb or Kubernetes allocatable memory (less DaemonSets). */
  memoryBytes: number;
  /** The largest executor container this group's nodes accept. */
  maxContainerBytes: number;
  /** How cpuMillis and memoryBytes were obtained. */
  derivation: string;
}

/** The model's YARN scheduler with size's defaults filled in (the maximum is always known here). */
export interface YarnSettings extends YarnScheduler {
  maxAllocationMiB: number;
  maxAllocationVcores: number | null;
  /** The yarn.* settings each candidate's explain reads. */
  settings: SparkConf;
}

export interface Cluster {
  manager: SizeManager;
  groups: NodeGroup[];
  amGroup: number;
  yarn: YarnSettings | null;
  notes: string[];
}

/** The AM (client mode), the cluster-mode driver container or driver pod: what it takes from one node. */
export interface DriverSlot {
  what: string;
  memoryBytes: number;
  cpuMillis: number;
}

/** One executor size with every number from explain. */
export interface Candidate {
  cores: number;
  /** The Spark settings of this layout, as a user would pass them (values as --conf strings). */
  conf: Record<string, string>;
  heapBytes: number;
  overheadBytes: number;
  pysparkBytes: number;
  offHeapBytes: number;
  /** What Spark asks of YARN / the pod's memory request. */
  containerBytes: number;
  /** After YARN's rounding (the pod request on Kubernetes). */
  allocatedBytes: number;
  cpuMillis: number;
  slotsPerExecutor: number;
  unifiedBytes: number;
  driver: DriverSlot | null;
}

export interface GroupPacking {
  name: string;
  nodes: number;
  nodeCores: number;
  nodeMemoryBytes: number;
  executorsPerNode: number;
  strandedCoresPerNode: number;
  strandedMemoryBytesPerNode: number;
  /** The one node that also hosts the AM or driver pod. */
  driverNode: {
    executors: number;
    driverMemoryBytes: number;
    driverCores: number;
    strandedCores: number;
    strandedMemoryBytes: number;
  } | null;
}

export interface Packing {
  groups: GroupPacking[];
  totalExecutors: number;
  usedCpuMillis: number;
  totalCpuMillis: number;
  usedMemoryBytes: number;
  totalMemoryBytes: number;
}

export interface ScoreParts {
  memory: number;
  cpu: number;
  slot: number;
  cores: number;
  gc: number;
}

/** One row of `size --json` "layouts" (the first fields are the schema). */
export interface SizedLayout {
  executorsPerNode: number;
  executorCores: number;
  executorMemoryBytes: number;
  overheadBytes: number;
  pysparkBytes: number;
  offHeapBytes: number;
  containerBytes: number;
  totalExecutors: number;
  taskSlots: number;
  memoryPerSlotBytes: number;
  cpuUtilization: number;
  memoryUtilization: number;
  reason: string;
  rank: number;
  score: number;
  scoreParts: ScoreParts;
  containerAllocatedBytes: number;
  containersPerNode: number;
  strandedCoresPerNode: number;
  strandedMemoryBytesPerNode: number;
  unifiedBytes: number;
  nodeGroups: GroupPacking[];
  conf: Record<string, string>;
}

export interface EmrMaximize extends SizedLayout {
  /** What EMR writes into spark-defaults. */
  emrSettings: Record<string, string>;
}

export interface SizeResult {
  layouts: SizedLayout[];
  maximizeResourceAllocation: EmrMaximize | null;
  cluster: {
    clusterManager: SizeManager;
    sparkVersion: string;
    appType: "jvm" | "python";
    deployMode: "client" | "cluster";
    workload: WorkloadProfile;
    nodeGroups: {
      name: string;
      nodes: number;
      instanceType: string | null;
      nodeCores: number;
      nodeMemoryBytes: number;
      maxContainerBytes: number;
      derivation: string;
    }[];
    yarn: Pick<
      YarnSettings,
      | "minAllocationMiB"
      | "maxAllocationMiB"
      | "stepMiB"
      | "scheduler"
      | "resourceCalculator"
      | "maxAllocationVcores"
    > | null;
    /** The AM / driver container or pod on one node. */
    driver: { what: string; memoryBytes: number; cores: number } | null;
  };
  chosen: {
    sparkSubmit: string;
    sparkDefaults: string;
    emrConfiguration: unknown[];
    sparkApplication: string;
  };
  notes: string[];
}
