import type { Layout } from "../model/types.js";
import type { SimulationCheck } from "./simulated.js";

/** How much room above the observed peaks a setting keeps (see headroomOf). */
export type Goal = "cost" | "balanced" | "reliability";
export const GOALS: readonly Goal[] = ["cost", "balanced", "reliability"];

export type AdvisedProcess = "driver" | "executor";

/** One figure behind a change: which metric, where it peaked, and its value. */
export interface Evidence {
  /** An executor metric (JVMHeapMemory, OnHeapUnifiedMemory, ProcessTreeJVMRSSMemory…) or a stage figure. */
  metric: string;
  /** The executor (or "driver") where it peaked; null for a figure over all of them. */
  executor: string | null;
  /** The stage it belongs to, for stage figures (spill). */
  stage: number | null;
  bytes: number;
  /** Which log of several it came from (0-based, in the order given). */
  log: number;
}

/** The size a piece of evidence holds; null for a count. */
export function evidenceBytes(e: Evidence | CountEvidence | undefined): number | null {
  return e && "bytes" in e ? e.bytes : null;
}

/** A figure that is a number of things (tasks running at once, task slots), not a size. */
export interface CountEvidence {
  metric: string;
  executor: string | null;
  stage: null;
  count: number;
  log: number;
}

export interface AdviceChange {
  process: AdvisedProcess;
  key: string;
  /** The value the log ran with (null: not set, Spark's default applied). */
  from: string | null;
  /** The advised value (null: remove the setting, so that Spark's default applies). */
  to: string | null;
  why: string;
  evidence: (Evidence | CountEvidence)[];
}

/** What the change does to one process, from the model's layouts before and after. */
export interface ProcessEffect {
  heapBytes: { from: number; to: number };
  /** What the cluster grants per container (YARN's rounded figure, the pod); null without containers. */
  containerBytes: { from: number | null; to: number | null };
}

export interface AdviseEffect {
  driver: ProcessEffect;
  executor: ProcessEffect | null;
  /**
   * Memory held by the run's executors, container (or heap) × lifetime, in GiB-hours, with the settings it
   * ran with and with the advised ones over the same lifetimes; null when lifetimes are unknown.
   */
  executorGibHours: { from: number; to: number } | null;
}

/** `sparkmem advise --json` (README documents every field). */
export interface AdviseReport {
  application: { id: string | null; name: string | null; sparkVersion: string | null; logs: number };
  goal: Goal;
  changes: AdviceChange[];
  /** explain's layout for the settings the log ran with, and for those with the changes applied. */
  current: Layout;
  advised: Layout;
  effect: AdviseEffect;
  /** high: heap, unified-memory and process-tree peaks of every executor; medium: no process tree; low: less. */
  confidence: "high" | "medium" | "low";
  /** The first log replayed by simulate through the current and the advised layout (null in the page). */
  simulated: SimulationCheck | null;
  /** What was missing, what was kept and why, what to enable for the next run. */
  notes: string[];
}
