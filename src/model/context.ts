import type { Master } from "../conf/master.js";
import type { AppType } from "../conf/sources/sparkSubmit.js";
import type { SparkConf } from "../conf/sparkConf.js";
import type { SparkVersion } from "../conf/version.js";
import type { GcName } from "./jvm.js";

export type DeployMode = "client" | "cluster";

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
