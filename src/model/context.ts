import type { Master } from "../conf/master.js";
import type { AppType } from "../conf/sources/sparkSubmit.js";
import type { SparkConf } from "../conf/sparkConf.js";
import type { SparkVersion } from "../conf/version.js";
import type { GcName } from "./jvm.js";

export type DeployMode = "client" | "cluster";

/**
 * What one process's JVM saw of its machine or container, where known from outside the settings (e.g.
 * revealed by the block manager maximum its event log reports); overrides what the model assumes.
 */
export interface MachineSight {
  cores?: number;
  memoryBytes?: number;
}

/** Everything the model reads: the merged configuration plus facts about the machines. */
export interface ModelContext {
  version: SparkVersion;
  conf: SparkConf;
  master: Master;
  deployMode: DeployMode;
  appType: AppType;
  javaVersion: number;
  /** Forces the collector for every JVM (--gc); otherwise flags and ergonomics decide. */
  gc: GcName | null;
  /** Cores of the machine running a local-mode app or a standalone worker (local[*], GC ergonomics). */
  hostCores: number | null;
  hostMemoryBytes: number | null;
  machines: Partial<Record<"driver" | "executor", MachineSight>>;
}

export interface StartupError {
  /** Stable id, e.g. "min-system-memory". */
  code: string;
  process: "driver" | "executor" | "am" | "submit";
  key?: string;
  /** Spark's (or the JVM's, or YARN's) own text. */
  message: string;
  /** What to change, in sparkmem's words. */
  hint: string;
}

export interface Warning {
  code: string;
  key?: string;
  message: string;
}
