import type { Change } from "../conf/change.js";
import type { SparkConf } from "../conf/sparkConf.js";

/** The documented vocabulary of root causes (CAUSES in registry.ts describes each one). */
export type CauseId =
  | "yarn-pmem-kill"
  | "yarn-vmem-kill"
  | "k8s-oomkilled"
  | "os-oom-kill"
  | "heap-oom"
  | "gc-overhead"
  | "max-result-size"
  | "broadcast-too-large"
  | "direct-buffer-oom"
  | "metaspace-oom"
  | "native-thread"
  | "native-memory"
  | "python-worker-oom"
  | "unable-to-acquire-memory"
  | "invalid-memory-settings"
  | "container-above-max"
  | "executor-lost-fetch-failed"
  | "disk-full-spill"
  | "kryo-buffer-overflow"
  | "block-over-2gb"
  | "heartbeat-timeout"
  | "rpc-message-too-large"
  | "unknown";

/** The process that failed. "am" is the client-mode YARN Application Master. */
export type Process = "driver" | "executor" | "am" | "python-worker" | "unknown";

/**
 * One setting to change (src/conf/change.ts), always a value: without the job's settings and a figure in the
 * input, computed from Spark's defaults (the cause's nextChecks say so).
 */
export type { Change } from "../conf/change.js";

/** Another way out, with what the model says the process then gets (null without a configuration). */
export interface Alternative {
  title: string;
  changes: Change[];
  containerBytes: number | null;
  heapBytes: number | null;
}

export interface Cause {
  id: CauseId;
  title: string;
  /** Why this happened in this input, with its numbers (CAUSES has the general text). */
  explanation: string;
  process: Process;
  /** 0..1: how sure the input makes us. */
  confidence: number;
  /** The input lines that show it, verbatim (event logs: the failure reason texts). */
  evidence: string[];
  /** e.g. usedBytes, limitBytes, containerBytes, requestedBytes, exitCode (bytes are integers). */
  figures: Record<string, number | string>;
  /** The recommended change. */
  changes: Change[];
  alternatives?: Alternative[];
  codeChanges: string[];
  nextChecks: string[];
}

export interface DiagnoseResult {
  /** Best first. */
  causes: Cause[];
  /** What applies to every cause: e.g. the modelled line a version outside 2.4–4.3 is read as. */
  notes: string[];
}

export interface DiagnoseOptions {
  /** The job's configuration (a plain map is taken as settings without an origin). */
  conf?: SparkConf | Record<string, string>;
  sparkVersion?: string;
  master?: string;
  deployMode?: string;
}
