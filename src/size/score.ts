import { GiB } from "../conf/byteString.js";
import type { Candidate, Packing, ScoreParts } from "./types.js";
import type { WorkloadProfile } from "./workload.js";

/**
 * The ranking score, 0..1, a weighted sum:
 *   0.35 × memory utilisation  (container memory used / memory YARN or the kubelet offers)
 *   0.25 × CPU utilisation     (cores requested / vcores or allocatable CPU)
 *   0.20 × heap per task slot against the workload's target, capped at 1
 *   0.10 × cores per executor  (1 at 4–5, −0.15 per core away: Cloudera's "5 cores per executor" for HDFS
 *                               client throughput, EMR Best Practices' 4–5; a node with fewer vcores
 *                               counts its own maximum as ideal)
 *   0.10 × GC risk of the heap (1 below 32 GiB, where HotSpot keeps compressed oops; 0.6 for 32–48 GiB,
 *                               which holds fewer objects than 31 GiB; 0.8 for 48–64 GiB; less above
 *                               64 GiB (long full GCs, Spark tuning guide); 0.7 below 2 GiB and 0.4 below
 *                               1.5 GiB, where the 300 MiB reserved memory takes a large share)
 */
export const WEIGHTS: ScoreParts = { memory: 0.35, cpu: 0.25, slot: 0.2, cores: 0.1, gc: 0.1 };

export function coresFit(cores: number, maxCores: number): number {
  const lo = Math.min(4, maxCores);
  const away = cores < lo ? lo - cores : cores > 5 ? cores - 5 : 0;
  return Math.max(0, 1 - 0.15 * away);
}

export function gcFit(heapBytes: number): number {
  const g = heapBytes / GiB;
  if (g < 1.5) return 0.4;
  if (g < 2) return 0.7;
  if (g < 32) return 1;
  if (g < 48) return 0.6;
  if (g <= 64) return 0.8;
  return Math.max(0.3, 0.8 - 0.1 * Math.ceil((g - 64) / 32));
}

export function scoreParts(c: Candidate, p: Packing, w: WorkloadProfile, maxCores: number): ScoreParts {
  const perSlot = c.heapBytes / c.slotsPerExecutor;
  return {
    memory: p.usedMemoryBytes / p.totalMemoryBytes,
    cpu: p.usedCpuMillis / p.totalCpuMillis,
    slot: Math.min(1, perSlot / w.heapPerSlotBytes),
    cores: coresFit(c.cores, maxCores),
    gc: gcFit(c.heapBytes),
  };
}

export function total(parts: ScoreParts): number {
  let s = 0;
  for (const k of Object.keys(WEIGHTS) as (keyof ScoreParts)[]) s += WEIGHTS[k] * parts[k];
  return Math.round(s * 10000) / 10000;
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const gib = (b: number) => `${(b / GiB).toFixed(1)} GiB`;

const LABEL: Record<keyof ScoreParts, string> = {
  memory: "memory utilisation",
  cpu: "CPU utilisation",
  slot: "heap per task slot",
  cores: "cores per executor",
  gc: "GC risk of the heap size",
};

/** What a part says about a layout, in words. */
function describe(k: keyof ScoreParts, c: Candidate, parts: ScoreParts, w: WorkloadProfile): string {
  switch (k) {
    case "memory":
      return `${pct(parts.memory)} of the cluster's memory used`;
    case "cpu":
      return `${pct(parts.cpu)} of its CPUs`;
    case "slot":
      return `${gib(c.heapBytes / c.slotsPerExecutor)} heap per task slot (${w.name} target ${gib(w.heapPerSlotBytes)})`;
    case "cores":
      return `${c.cores} ${c.cores === 1 ? "core" : "cores"} per executor${parts.cores === 1 ? " (4–5 is best for HDFS/S3 throughput and GC)" : ""}`;
    case "gc":
      return `heap ${gib(c.heapBytes)}${c.heapBytes < 32 * GiB ? (parts.gc === 1 ? " (compressed oops, short GCs)" : " (small: reserved memory dominates)") : " (no compressed oops above 32 GiB, longer GCs)"}`;
  }
}

/** Why a layout ranks where it does: the best says what decided, the others what they lost it on. */
export function reasonText(
  rank: number,
  c: Candidate,
  parts: ScoreParts,
  score: number,
  best: { candidate: Candidate; parts: ScoreParts; score: number } | null,
  w: WorkloadProfile,
): string {
  const keys = Object.keys(WEIGHTS) as (keyof ScoreParts)[];
  if (rank === 1 || !best) {
    const strongest = [...keys].sort((a, b) => WEIGHTS[b] * parts[b] - WEIGHTS[a] * parts[a]);
    return `Best score ${score.toFixed(3)}: ${strongest.map((k) => describe(k, c, parts, w)).join("; ")}.`;
  }
  const losses = keys
    .map((k) => ({ k, loss: WEIGHTS[k] * (best.parts[k] - parts[k]) }))
    .filter((x) => x.loss > 0.0005)
    .sort((a, b) => b.loss - a.loss);
  const main = losses[0];
  const gains = keys.filter((k) => parts[k] > best.parts[k] + 0.0005).map((k) => LABEL[k]);
  const lost = main
    ? `below #1 mainly on ${LABEL[main.k]}: ${describe(main.k, c, parts, w)}, against ${describe(main.k, best.candidate, best.parts, w)} for #1`
    : "level with #1 on every part";
  return `Score ${score.toFixed(3)}, ${lost}${gains.length > 0 ? `; better on ${gains.join(", ")}` : ""}.`;
}
