import type { ClusterManager } from "../conf/master.js";
import type { AppType } from "../conf/sources/sparkSubmit.js";
import type { DeployMode, StartupError, Warning } from "./context.js";
import type { Derivations } from "./derivation.js";
import type { JvmInfo } from "./jvm.js";

/** One JVM that runs Spark (driver or executor), in integer bytes. */
export interface ProcessLayout {
  role: "driver" | "executor";
  /** Local mode: the driver JVM is also the only executor. */
  runsTasks: boolean;
  jvm: JvmInfo & { xmx: string };
  memoryManager: "unified" | "static";
  heapBytes: number;
  systemMemoryBytes: number;
  reservedBytes: number;
  usableBytes: number;
  userBytes: number;
  unifiedBytes: number;
  storageRegionBytes: number;
  executionRegionBytes: number;
  offHeapBytes: number;
  offHeapStorageRegionBytes: number;
  offHeapExecutionRegionBytes: number;
  overheadBytes: number;
  pysparkBytes: number;
  /** Off-heap memory the cluster manager counts in the container (YARN from 3.0, Kubernetes from 3.1), else 0. */
  containerOffHeapBytes: number;
  /** What is asked of YARN/Kubernetes (or reserved on a standalone worker); null when nothing is. */
  containerBytes: number | null;
  /** After YARN's rounding; equal to containerBytes elsewhere. */
  containerAllocatedBytes: number | null;
  uiStorageBytes: number;
  cores: number;
  taskSlots: number;
  perTaskExecutionMinBytes: number;
  perTaskExecutionMaxBytes: number;
  pod: PodResources | null;
  derivation: Derivations;
  notes: string[];
}

export interface ExecutorLayout extends ProcessLayout {
  /** Executors at start (null on standalone when the cluster size is unknown). */
  count: number | null;
}

export interface PodResources {
  memoryRequest: string;
  memoryLimit: string;
  cpuRequest: string;
  cpuLimit: string | null;
}

/** The client-mode YARN Application Master: a small JVM without a memory manager. */
export interface AmLayout {
  heapBytes: number;
  overheadBytes: number;
  containerBytes: number;
  containerAllocatedBytes: number;
  cores: number;
  derivation: Derivations;
}

export interface Layout {
  sparkVersion: string;
  master: string;
  clusterManager: ClusterManager;
  deployMode: DeployMode;
  appType: AppType;
  driver: ProcessLayout;
  executor: ExecutorLayout | null;
  am: AmLayout | null;
  errors: StartupError[];
  warnings: Warning[];
}
