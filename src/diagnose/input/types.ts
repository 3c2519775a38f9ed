import type { SparkConf } from "../../conf/sparkConf.js";
import type { Process } from "../types.js";

/** Where a line sits: a `yarn logs` container, a pod, or an event log's executor. */
export interface Section {
  process: Process;
  /** "container_…_000002", a pod name, "executor 7". */
  label: string;
  executorId: string | null;
}

export type InputKind = "text" | "event-log" | "pod-json";

/** What the input says about where it ran, before any message is read. */
export interface Cues {
  yarn: boolean;
  kubernetes: boolean;
  /** Local mode: tasks in the driver's JVM ("executor driver"), or a local[…] master named. */
  local: boolean;
}

/** The pasted input, split into lines that the detectors scan. */
export interface ParsedInput {
  kind: InputKind;
  /**
   * Text: the input's lines. Event log: one failure reason text per entry (it may hold newlines).
   * Pod JSON: one summary line per container status ("<pod> <path> reason=… exitCode=…").
   */
  lines: readonly string[];
  /** Parallel to lines: the section a line belongs to, when the input says. */
  sections: readonly (Section | null)[];
  cues: Cues;
  /** The settings and version an event log carries (its SparkListenerEnvironmentUpdate). */
  eventLog: { sparkVersion: string | null; conf: SparkConf } | null;
  /** Memory limits a pod spec declares (pod name → bytes), for Kubernetes kills. */
  podMemoryLimits: ReadonlyMap<string, number>;
}
