import { MiB } from "../conf/byteString.js";
import { readBoolean, readInt, type SparkConf, valueSet } from "../conf/sparkConf.js";
import {
  containerOf,
  type ExplainInput,
  largestHeapThatFits,
  layoutWith,
  withSettings,
} from "../model/index.js";
import type { Layout } from "../model/types.js";
import { gib, memorySetting } from "./heap.js";
import type { AdviceChange, Evidence } from "./types.js";

/**
 * Cores per executor from the memory a task slot needs: the tasks an executor runs at once share its unified
 * region (each of N gets 1/2N to 1/N of execution memory: ExecutionMemoryPool), so when the heap the slots need
 * together does not fit the largest container a node grants, fewer cores give each slot more of the largest heap
 * that does. The heap is the largest that fits (the model's inverse, whole 512 MiB), the cores the most whose
 * share of its unified region still holds one slot's need; under static allocation more executors keep the
 * job's task slots.
 */
export interface CoresAdvice {
  changes: AdviceChange[];
  /** The executor heap that replaces the one advised for all the slots together. */
  heap: string;
}

export interface SlotNeed {
  /** The unified memory the executor's slots needed together (peak plus spill, with headroom). */
  unifiedBytes: number;
  /** What said so (the peaks, the spilled stage, GC). */
  evidence: Evidence[];
}

const CORES = "spark.executor.cores";
const INSTANCES = "spark.executor.instances";

export function adviseCores(
  input: ExplainInput,
  conf: SparkConf,
  current: Layout,
  /** The advice so far, the raised heap included. */
  settings: Record<string, string | null>,
  need: SlotNeed,
  cap: { bytes: number; why: string },
): CoresAdvice | { note: string } | null {
  const e = current.executor;
  if (!e || e.taskSlots < 2) return null; // one slot: nothing to take away
  // what is asked, not what YARN grants: its grant is capped at the maximum, the ask is refused above it
  const raised = containerOf(layoutWith(input, settings), "executor");
  if (raised === null || Math.max(raised.requestBytes, raised.allocatedBytes) <= cap.bytes) return null;
  const { bytes: capBytes, why: capWhy } = cap;
  const heapKey = "spark.executor.memory";
  const perSlot = need.unifiedBytes / e.taskSlots;
  const cpusPerTask = e.cores / e.taskSlots;
  const rest = Object.fromEntries(Object.entries(settings).filter(([k]) => k !== heapKey));
  const fit = largestHeapThatFits(withSettings(input, rest), "executor", capBytes);
  const heapMiB = fit ? Math.floor(fit.mib / 512) * 512 : 0;
  const at = (cores: number) =>
    heapMiB > 0
      ? layoutWith(input, { ...rest, [heapKey]: memorySetting(heapMiB), [CORES]: String(cores) })
      : null;
  // the most cores whose slots each get a slot's need of the fitting heap's unified region
  let cores = e.cores - 1;
  for (; cores >= 1; cores--) {
    const p = at(cores)?.executor;
    if (p && p.taskSlots >= 1 && p.unifiedBytes / p.taskSlots >= perSlot) break;
  }
  if (cores < 1 || heapMiB === 0)
    return {
      note: `one task slot needs ${gib(perSlot)} of unified memory (${gib(need.unifiedBytes)} for ${e.taskSlots} slots), more than any executor heap that fits ${capWhy} gives even with 1 core: ${CORES} and the heap kept at what fits is not enough`,
    };
  const advised = at(cores)?.executor;
  if (!advised) return null;
  const why = `the ${e.taskSlots} tasks an executor ran at once needed ${gib(need.unifiedBytes)} of unified memory together (${gib(perSlot)} each), more than the largest heap that fits ${capWhy} holds: ${memorySetting(heapMiB)} with ${cores} core${cores === 1 ? "" : "s"} gives each of its ${advised.taskSlots} slots ${gib(advised.unifiedBytes / advised.taskSlots)}${cpusPerTask === 1 ? "" : ` (spark.task.cpus ${cpusPerTask})`}`;
  const changes: AdviceChange[] = [
    {
      process: "executor",
      key: CORES,
      from: valueSet(conf, CORES),
      to: String(cores),
      why,
      evidence: need.evidence,
    },
  ];
  // static allocation on YARN or Kubernetes: as many task slots as before, from more executors
  const dynamic = readBoolean(conf, "spark.dynamicAllocation.enabled");
  if (
    !dynamic &&
    current.clusterManager !== "standalone" &&
    current.clusterManager !== "local" &&
    e.count !== null
  ) {
    const count = Math.ceil((e.count * e.taskSlots) / advised.taskSlots);
    const was = readInt(conf, INSTANCES);
    if (count !== was)
      changes.push({
        process: "executor",
        key: INSTANCES,
        from: valueSet(conf, INSTANCES),
        to: String(count),
        why: `${e.count} executors × ${e.taskSlots} slots, kept as ${count} × ${advised.taskSlots} with ${cores} core${cores === 1 ? "" : "s"} each`,
        evidence: [],
      });
  }
  return { changes, heap: memorySetting(heapMiB) };
}

/** The largest executor container the next run grants: a node's (--node-memory …), YARN's maximum allocation. */
export function containerCap(
  conf: SparkConf,
  nodeMaxBytes: number | null,
): { bytes: number; why: string } | null {
  const yarnMax = readInt(conf, "yarn.scheduler.maximum-allocation-mb");
  const caps = [
    ...(nodeMaxBytes !== null ? [{ bytes: nodeMaxBytes, why: `a node (${gib(nodeMaxBytes)})` }] : []),
    ...(yarnMax !== null && yarnMax > 0
      ? [{ bytes: yarnMax * MiB, why: `yarn.scheduler.maximum-allocation-mb (${yarnMax})` }]
      : []),
  ];
  return caps.reduce<{ bytes: number; why: string } | null>(
    (a, c) => (a === null || c.bytes < a.bytes ? c : a),
    null,
  );
}
