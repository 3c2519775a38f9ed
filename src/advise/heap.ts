import { GiB, MiB } from "../conf/byteString.js";
import { type ExplainInput, heapKeyOf, layoutWith, smallestHeapWhere } from "../model/index.js";
import type { Layout, ProcessLayout } from "../model/types.js";
import type { GcPressure, ProcessEvidence } from "./evidence.js";
import type { AdvisedProcess, CountEvidence, Evidence, Goal } from "./types.js";

/** The room kept above the worst observed peak: a rerun meets other data, and the peaks are samples. */
export function headroomOf(goal: Goal): number {
  return goal === "cost" ? 1.15 : goal === "balanced" ? 1.3 : 1.5;
}

/** A change is only worth making when it moves a heap by this share and at least LEAST_CHANGE. */
const LEAST_SHARE = 0.15;
const LEAST_CHANGE = 512 * MiB;
/** No heap is advised below Spark's default driver heap (1g): less saves little and risks start-up errors. */
const MIN_HEAP_BYTES = 1024 * MiB;

export const processOf = (l: Layout, role: AdvisedProcess): ProcessLayout | null =>
  role === "executor" ? l.executor : l.driver;

/** What a user writes: whole GiB from 4 GiB, else multiples of 512 MiB, always rounded up. */
export function heapSetting(mib: number): string {
  const step = mib >= 4096 ? 1024 : 512;
  return memorySetting(Math.ceil(mib / step) * step);
}

/** A whole number of MiB as Spark reads it: "2g" when whole GiB, else "1536m". */
export const memorySetting = (mib: number): string => (mib % 1024 === 0 ? `${mib / 1024}g` : `${mib}m`);

/** Whether moving from `from` to `to` bytes is a change worth advising. */
export function worthChanging(from: number, to: number): boolean {
  return Math.abs(to - from) >= Math.max(LEAST_CHANGE, from * LEAST_SHARE);
}

export interface HeapAdvice {
  /** The heap key's advised value, or null to keep it. */
  value: string | null;
  why: string;
  evidence: (Evidence | CountEvidence)[];
  notes: string[];
  /** Raised for a spill or GC: the unified memory the process's task slots needed together. */
  raisedFor?: { unifiedBytes: number; evidence: Evidence[] };
}

/**
 * The heap of the driver or the executors: the smallest heap whose JVM heap holds the used-heap peak and whose
 * unified region holds the unified-memory peak, each times the headroom, found by the model's inverse
 * (smallestHeapWhere: exact for the version's reserved memory, fractions and legacy manager), then rounded up.
 * For executors a spill decides the direction: never lowered when a stage spilled, and raised only then
 * (a used heap near its maximum is how a JVM runs, not a shortage).
 */
export function adviseHeap(
  input: ExplainInput,
  current: Layout,
  role: AdvisedProcess,
  ev: ProcessEvidence,
  spills: Evidence[],
  goal: Goal,
  /** Why the heap must not be lowered (a memory failure), or null. */
  notLower: string | null = null,
  /** An executor whose GC took over 10% of its task time: the heap is not lowered, and raised when full. */
  gc: GcPressure | null = null,
): HeapAdvice {
  const key = heapKeyOf(role);
  const p = processOf(current, role);
  const keep = (note: string): HeapAdvice => ({ value: null, why: "", evidence: [], notes: [note] });
  if (!p) return keep(`no ${role} in the layout: ${key} kept`);
  if (!ev.heap && !ev.unified)
    return keep(
      `the log has no heap metrics for the ${role} (JVMHeapMemory, OnHeapUnifiedMemory): ${key} kept`,
    );
  const h = headroomOf(goal);
  // a stage that spilled needed about what an executor's concurrent tasks spilled on top of the unified peak
  const spilled = role === "executor" ? spills[0] : undefined;
  const pressed = role === "executor" ? gc : null;
  const gcSeen = pressed
    ? `executor ${pressed.gc.executor} spent ${Math.round(pressed.share * 100)}% of its task time in GC (${pressed.gc.count} of ${pressed.task.count} ms; Spark's UI marks over 10% red)`
    : "";
  const short = spilled?.bytes ?? 0;
  const needHeap = Math.ceil((ev.heap?.bytes ?? 0) * h);
  const needUnified = Math.ceil(((ev.unified?.bytes ?? 0) + short) * h);
  const fit = smallestHeapWhere(
    input,
    role,
    (x) => x.heapBytes >= Math.max(needHeap, MIN_HEAP_BYTES) && x.unifiedBytes >= needUnified,
  );
  if (!fit)
    return keep(`no ${role} heap holds ${needHeap} bytes with ${needUnified} bytes unified: ${key} kept`);
  const value = heapSetting(fit.mib);
  const advised = processOf(layoutWith(input, { [key]: value }), role);
  const raise = advised !== null && advised.heapBytes > p.heapBytes;
  // any raise a spill calls for is made; other changes only when they matter
  if (!advised || (!(raise && (spilled || pressed)) && !worthChanging(p.heapBytes, advised.heapBytes)))
    return { value: null, why: "", evidence: [], notes: [] };
  const evidence = [ev.heap, ev.unified].filter((e): e is Evidence => e !== null);
  const peaks = `${evidence.map((e) => `${e.metric} ${gib(e.bytes)} on ${e.executor}`).join(", ")}`;
  if (!raise && notLower && role === "executor")
    return keep(`${key} not lowered, though its peaks (${peaks}) would allow ${value}: ${notLower}`);
  if (!raise && pressed)
    return keep(`${key} not lowered, though its peaks (${peaks}) would allow ${value}: ${gcSeen}`);
  if (!raise && spilled)
    return keep(
      `stage ${spilled.stage} spilled ${gib(spilled.bytes)} of execution memory per executor: ${key} not lowered, though its peaks (${peaks}) would allow ${value}`,
    );
  // a JVM fills its heap before it collects, and the unified region fills before tasks spill: peaks near the
  // top are no evidence the heap was short; a spill is
  if (raise && !spilled && !pressed)
    return keep(
      `the ${role} peaks (${peaks}) reach the top of its ${gib(p.heapBytes)} heap, but no stage spilled that more memory is the fix for: ${key} kept`,
    );
  const direction = !raise
    ? "lower: "
    : spilled
      ? `higher: stage ${spilled.stage} spilled ${gib(spilled.bytes)} per executor at once, on top of the unified peak; `
      : `higher: the heap is full and ${gcSeen}; `;
  const all: (Evidence | CountEvidence)[] = [...evidence];
  if (raise && spilled) all.push(spilled);
  else if (raise && pressed) all.push(pressed.gc, pressed.task);
  return {
    value,
    why: `${direction}the peaks (${peaks}) × ${h} headroom need a ${gib(needHeap)} heap with ${gib(needUnified)} of unified memory; ${value} gives ${gib(advised.heapBytes)} with ${gib(advised.unifiedBytes)} unified (it was ${gib(p.heapBytes)} with ${gib(p.unifiedBytes)})`,
    evidence: all,
    notes: [],
    ...(raise
      ? { raisedFor: { unifiedBytes: needUnified, evidence: all.filter((x): x is Evidence => "bytes" in x) } }
      : {}),
  };
}

export const gib = (b: number) => `${(b / GiB).toFixed(2)} GiB`;
