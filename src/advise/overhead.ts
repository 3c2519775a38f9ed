import { MiB } from "../conf/byteString.js";
import { type ExplainInput, layoutWith, overheadKeyOf, toConf } from "../model/index.js";
import type { ProcessEvidence } from "./evidence.js";
import { gib, headroomOf, memorySetting, processOf, worthChanging } from "./heap.js";
import type { AdvisedProcess, Evidence, Goal } from "./types.js";

export interface OverheadAdvice {
  /** The settings to apply: the overhead key's value, null to remove it (Spark's default then applies). */
  settings: Record<string, string | null>;
  why: string;
  evidence: Evidence[];
  notes: string[];
  /** processTreeMetrics to enable for the next run, when the log had none. */
  enableProcessTree: boolean;
}

const STEP = 128 * MiB;

/**
 * The memory overhead of a process that has a container (YARN, Kubernetes), for the heap already advised
 * (`heapSettings`): what lived outside the heap (JVM RSS above the used heap or its non-heap pools, Python
 * workers, other children) times the headroom, less what the layout already gives outside the overhead
 * (off-heap memory and spark.executor.pyspark.memory are containers' own parts from Spark 3.0). Where Spark's
 * default overhead for the advised heap covers it, an explicit overhead is removed; without process-tree
 * metrics the overhead is kept and they are asked for.
 */
export function adviseOverhead(
  input: ExplainInput,
  role: AdvisedProcess,
  heapSettings: Record<string, string>,
  ev: ProcessEvidence,
  goal: Goal,
  /** Why the overhead must not be made smaller (a container kill), or null. */
  notLower: string | null = null,
): OverheadAdvice {
  const key = overheadKeyOf(role);
  const none = (notes: string[], enableProcessTree = false): OverheadAdvice => ({
    settings: {},
    why: "",
    evidence: [],
    notes,
    enableProcessTree,
  });
  const layout = layoutWith(input, heapSettings);
  const withHeap = processOf(layout, role);
  // only YARN containers and Kubernetes pods hold an overhead (a standalone worker counts the heap alone)
  const sized = layout.clusterManager === "yarn" || layout.clusterManager === "kubernetes";
  if (!withHeap || withHeap.containerBytes === null || !sized) return none([]);
  if (!ev.outsideHeap)
    return none(
      [
        `the log has no process-tree metrics for the ${role === "driver" ? "driver" : "executors"} (spark.executor.processTreeMetrics.enabled was not true): what lives outside the heap is not known, ${key} kept`,
      ],
      true,
    );
  const need = Math.max(
    0,
    Math.ceil(ev.outsideHeap.bytes * headroomOf(goal)) - withHeap.offHeapBytes - withHeap.pysparkBytes,
  );
  const explicit = toConf(input.conf).entries.has(key);
  const byDefault = processOf(layoutWith(input, { ...heapSettings, [key]: null }), role);
  const defaultBytes = byDefault?.overheadBytes ?? 0;
  const evidence = [ev.outsideHeap, ...ev.outsideHeapParts];
  const seen = `${gib(ev.outsideHeap.bytes)} outside the heap on ${ev.outsideHeap.executor} (${ev.outsideHeapParts
    .map((p) => `${p.metric} ${gib(p.bytes)}`)
    .join(" + ")})`;
  if (notLower && role === "executor" && need <= withHeap.overheadBytes)
    return none([`${key} not lowered: ${notLower}`]);
  if (need <= defaultBytes) {
    if (!explicit || !worthChanging(withHeap.overheadBytes, defaultBytes)) return none([]);
    return {
      settings: { [key]: null },
      why: `${seen} × ${headroomOf(goal)} fits Spark's own overhead for this heap (${gib(defaultBytes)}); the explicit ${gib(withHeap.overheadBytes)} is not needed`,
      evidence,
      notes: [],
      enableProcessTree: false,
    };
  }
  const advised = Math.ceil(need / STEP) * STEP;
  if (!worthChanging(withHeap.overheadBytes, advised) && advised <= withHeap.overheadBytes) return none([]);
  return {
    settings: { [key]: memorySetting(advised / MiB) },
    why: `${seen} × ${headroomOf(goal)} needs ${gib(need)} of overhead beyond off-heap and PySpark memory; it was ${gib(withHeap.overheadBytes)}`,
    evidence,
    notes: [],
    enableProcessTree: false,
  };
}
