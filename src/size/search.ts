import { MiB } from "../conf/byteString.js";
import { evaluate, largestHeap, MIN_HEAP_MIB, type SearchContext } from "./candidate.js";
import { pack } from "./packing.js";
import { reasonText, scoreParts, total } from "./score.js";
import type { Candidate, Cluster, Packing, ScoreParts, SizedLayout } from "./types.js";

/** Executor cores tried when none are pinned: beyond 16 only the fattest layouts are left. */
const MAX_SEARCH_CORES = 16;

interface Scored {
  candidate: Candidate;
  packing: Packing;
  parts: ScoreParts;
  score: number;
}

/** The per-executor memory budgets worth trying on a group: its memory split e ways, with and without the AM. */
function budgets(cluster: Cluster, gi: number, perNode: number, driverBytes: number): number[] {
  const g = cluster.groups[gi];
  if (!g) return [];
  const step = (cluster.yarn?.stepMiB ?? 1) * MiB;
  const split = (mem: number) => Math.min(g.maxContainerBytes, Math.floor(mem / perNode / step) * step);
  const out = [split(g.memoryBytes)];
  // leave room for the AM / driver pod on every node, as EMR's maximizeResourceAllocation does
  if (driverBytes > 0 && gi === cluster.amGroup) out.push(split(g.memoryBytes - driverBytes));
  return out;
}

/** Every (executor cores, executors per node) on every group shape, each with the largest heap that fits. */
export function searchLayouts(
  ctx: SearchContext,
  cluster: Cluster,
  pinnedCores: number | undefined,
): { scored: Scored[]; firstError: string | null } {
  const maxCores = Math.max(...cluster.groups.map((g) => Math.floor(g.cpuMillis / 1000)));
  const coresList =
    pinnedCores !== undefined
      ? [pinnedCores]
      : Array.from({ length: Math.min(maxCores, MAX_SEARCH_CORES) }, (_, i) => i + 1);
  const seen = new Set<string>();
  const scored: Scored[] = [];
  let firstError: string | null = null;
  for (const cores of coresList) {
    const floor = evaluate(ctx, cores, MIN_HEAP_MIB);
    if (!floor.candidate) {
      firstError ??= floor.error;
      continue;
    }
    const cpu = Math.max(1, floor.candidate.cpuMillis);
    const driverBytes = floor.candidate.driver?.memoryBytes ?? 0;
    for (const [gi, g] of cluster.groups.entries()) {
      for (let perNode = 1; perNode * cpu <= g.cpuMillis; perNode++) {
        for (const budget of budgets(cluster, gi, perNode, driverBytes)) {
          const ev = largestHeap(ctx, cores, budget);
          const c = ev?.candidate;
          if (!c) continue;
          const id = `${cores}/${c.heapBytes}`;
          if (seen.has(id)) continue;
          seen.add(id);
          const packing = pack(cluster, c);
          if (!packing || packing.totalExecutors === 0) continue;
          const parts = scoreParts(c, packing, ctx.profile, maxCores);
          scored.push({ candidate: c, packing, parts, score: total(parts) });
        }
      }
    }
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      b.packing.totalExecutors * b.candidate.cores - a.packing.totalExecutors * a.candidate.cores ||
      b.candidate.heapBytes - a.candidate.heapBytes,
  );
  // the same executor counts with a smaller heap (another budget that packs no better) add nothing
  const shapes = new Set<string>();
  const distinct = scored.filter((s) => {
    const shape = `${s.candidate.cores}:${s.packing.groups.map((g) => `${g.executorsPerNode}/${g.driverNode?.executors ?? "-"}`).join(",")}`;
    if (shapes.has(shape)) return false;
    shapes.add(shape);
    return true;
  });
  return { scored: distinct, firstError };
}

/** The Spark settings that launch this many executors of this size. */
export function layoutConf(c: Candidate, totalExecutors: number): Record<string, string> {
  const conf = { ...c.conf };
  if ((conf["spark.dynamicAllocation.enabled"] ?? "").trim().toLowerCase() === "true")
    conf["spark.dynamicAllocation.maxExecutors"] = String(totalExecutors);
  else conf["spark.executor.instances"] = String(totalExecutors);
  return conf;
}

/** One scored candidate as `size --json` reports it. */
export function toSizedLayout(
  s: Scored,
  rank: number,
  best: Scored | null,
  ctx: SearchContext,
  reason?: string,
): SizedLayout {
  const c = s.candidate;
  const p = s.packing;
  const first = p.groups[0] as Packing["groups"][number];
  return {
    executorsPerNode: first.executorsPerNode,
    executorCores: c.cores,
    executorMemoryBytes: c.heapBytes,
    overheadBytes: c.overheadBytes,
    pysparkBytes: c.pysparkBytes,
    offHeapBytes: c.offHeapBytes,
    containerBytes: c.containerBytes,
    totalExecutors: p.totalExecutors,
    taskSlots: p.totalExecutors * c.slotsPerExecutor,
    memoryPerSlotBytes: Math.floor(c.heapBytes / c.slotsPerExecutor),
    cpuUtilization: p.usedCpuMillis / p.totalCpuMillis,
    memoryUtilization: p.usedMemoryBytes / p.totalMemoryBytes,
    reason: reason ?? reasonText(rank, c, s.parts, s.score, best, ctx.profile),
    rank,
    score: s.score,
    scoreParts: s.parts,
    containerAllocatedBytes: c.allocatedBytes,
    containersPerNode: first.executorsPerNode,
    strandedCoresPerNode: first.strandedCoresPerNode,
    strandedMemoryBytesPerNode: first.strandedMemoryBytesPerNode,
    unifiedBytes: c.unifiedBytes,
    nodeGroups: p.groups,
    conf: layoutConf(c, p.totalExecutors),
  };
}

export type { Scored };
