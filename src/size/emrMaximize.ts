import { GiB, MiB } from "../conf/byteString.js";
import { valueSet, valuesOf } from "../conf/sparkConf.js";
import { evaluateConf, type SearchContext } from "./candidate.js";
import type { EmrInstanceType } from "./emrInstances.js";
import { pack } from "./packing.js";
import { scoreParts, total } from "./score.js";
import { type Scored, toSizedLayout } from "./search.js";
import type { Cluster, EmrMaximize, NodeGroup } from "./types.js";

/**
 * EMR's `maximizeResourceAllocation` (classification "spark"). AWS documents which spark-defaults it writes
 * (Release Guide, emr-spark-configure.md, "Using maximizeResourceAllocation": spark.default.parallelism =
 * 2 × the CPU cores available to YARN containers; spark.driver.memory from the smaller of the master and
 * core types; spark.executor.memory, spark.executor.cores and spark.executor.instances from the core and
 * task types, instances not set when spark.dynamicAllocation.enabled is set to true) but not the arithmetic.
 * The arithmetic below is EMR's own, read in the decompiled node-provisioner 2.18.0
 * (github.com/tekumara/emr-node-provisioner, config/spark/MaximizedSparkResourceAllocator.java and
 * SparkConfigUtils.java), which implements exactly those documented settings:
 *   executors = NodeManager nodes (all nodes but the master), cores = the core type's vcores
 *   driver    = the smaller (by YARN memory) of master and core: its whole node (if more than one
 *               NodeManager and > 1408 MiB), else heap min(1024, yarnMax/2 − 384)
 *   AM        = 512 MiB + 384 MiB (or the driver's size when its heap is below 512 MiB)
 *   executor  = avail = floor32(yarnMax − AM); heap = round(avail / 1.1) (avail − 384 when 10% < 384 MiB)
 * yarnMax is the type's yarn.scheduler.maximum-allocation-mb in EMR's table.
 */
export interface EmrMaximizeSettings {
  executorInstances: number;
  executorCores: number;
  executorHeapMiB: number;
  driverHeapMiB: number;
  amHeapMiB: number;
  reservedMiB: number;
  defaultParallelism: number;
  setInstances: boolean;
}

/** SparkConfigUtils.calculateYarnMemoryOverhead: 10%, ≥ 384, topped up to a multiple of 32. */
export function emrOverheadMiB(heapMiB: number): number {
  let o = Math.max(384, Math.trunc(heapMiB * 0.1));
  if ((heapMiB + o) % 32 > 0) o += 32 - ((heapMiB + o) % 32);
  return o;
}

/** calculateHeapAndOverheadForInstanceType(type, reservedMemory). */
export function emrHeapMiB(yarnMaxMiB: number, reservedMiB: number): number {
  const avail = yarnMaxMiB - reservedMiB - ((yarnMaxMiB - reservedMiB) % 32);
  if ((avail * 0.1) / 1.1 < 384) return avail - 384;
  return Math.max(465, Math.round(avail / 1.1));
}

/** The YARN memory EMR's table gives a node (its maximum allocation), or what YARN offers an explicit node. */
function yarnMaxOf(g: NodeGroup, cluster: Cluster): number {
  const t = g.instanceType;
  if (t) return t.maxAllocationMiB ?? t.nodeManagerMiB;
  return Math.min(cluster.yarn?.maxAllocationMiB ?? Number.MAX_SAFE_INTEGER, g.memoryBytes / MiB);
}

export function emrMaximizeSettings(
  cluster: Cluster,
  master: EmrInstanceType | null,
  dynamicAllocation: boolean,
): EmrMaximizeSettings {
  const core = cluster.groups[cluster.amGroup] as NodeGroup;
  const coreMax = yarnMaxOf(core, cluster);
  const masterMax = master ? (master.maxAllocationMiB ?? master.nodeManagerMiB) : coreMax;
  const nodeManagers = cluster.groups.reduce((n, g) => n + g.nodes, 0);
  const smallest = Math.min(masterMax, coreMax);
  const driverHeap =
    nodeManagers > 1 && smallest > 1408
      ? emrHeapMiB(smallest, 0)
      : Math.min(1024, Math.trunc(smallest / 2) - 384);
  const am =
    driverHeap < 512
      ? { heap: driverHeap, overhead: emrOverheadMiB(driverHeap) }
      : { heap: 512, overhead: 384 };
  const reserved = nodeManagers > 1 ? am.heap + am.overhead : driverHeap + emrOverheadMiB(driverHeap);
  const cores = Math.floor(core.cpuMillis / 1000);
  return {
    executorInstances: nodeManagers,
    executorCores: cores,
    executorHeapMiB: emrHeapMiB(coreMax, reserved),
    driverHeapMiB: driverHeap,
    amHeapMiB: am.heap,
    reservedMiB: reserved,
    defaultParallelism: Math.max(2, nodeManagers * cores * 2),
    setInstances: !dynamicAllocation,
  };
}

const gib = (b: number) => `${(b / GiB).toFixed(1)} GiB`;

/** EMR's result evaluated by our model and packed like our layouts, with why ours differs. */
export function emrMaximize(
  ctx: SearchContext,
  cluster: Cluster,
  master: EmrInstanceType | null,
  best: Scored | null,
): EmrMaximize | null {
  if (cluster.manager !== "yarn") return null;
  const dynamic =
    (valueSet(ctx.userConf, "spark.dynamicAllocation.enabled") ?? "").trim().toLowerCase() === "true";
  const s = emrMaximizeSettings(cluster, master, dynamic);
  const emrSettings: Record<string, string> = {
    ...(s.setInstances ? { "spark.executor.instances": String(s.executorInstances) } : {}),
    "spark.executor.cores": String(s.executorCores),
    "spark.driver.memory": `${s.driverHeapMiB}M`,
    "spark.executor.memory": `${s.executorHeapMiB}M`,
    ...(s.amHeapMiB !== 512 ? { "spark.yarn.am.memory": `${s.amHeapMiB}M` } : {}),
    "spark.default.parallelism": String(s.defaultParallelism),
  };
  const ev = evaluateConf(ctx, { ...valuesOf(ctx.userConf), ...emrSettings }, s.executorCores);
  const c = ev.candidate;
  if (!c) return null;
  // YARN's DefaultResourceCalculator places by memory only: EMR's layout relies on it for the AM's vcore
  const packing = pack(cluster, c, cluster.yarn?.resourceCalculator === "dominant");
  if (!packing) return null;
  const parts = scoreParts(c, packing, ctx.profile, s.executorCores);
  const scored: Scored = { candidate: c, packing, parts, score: total(parts) };
  const placed = packing.totalExecutors;
  const why: string[] = [
    `EMR gives each of the ${s.executorInstances} NodeManager nodes one executor with all ${s.executorCores} vcores and heap round(floor32(${yarnMaxOf(cluster.groups[cluster.amGroup] as NodeGroup, cluster)} − ${s.reservedMiB}) / 1.1) = ${s.executorHeapMiB} MiB: it takes the AM's ${s.reservedMiB} MiB from every node so that the AM fits beside one executor.`,
  ];
  if (placed < s.executorInstances)
    why.push(
      `Only ${placed} of the ${s.executorInstances} executors fit: Spark's container (${Math.round(c.allocatedBytes / MiB)} MiB after YARN's rounding) plus the ${ctx.deployMode === "client" ? "AM" : "driver"} (${Math.round((c.driver?.memoryBytes ?? 0) / MiB)} MiB) exceed a node${ctx.deployMode === "cluster" ? " (in cluster mode the driver is the AM, and EMR sizes it to a whole node)" : ""}.`,
    );
  const amGroup = packing.groups[cluster.amGroup];
  if (amGroup?.driverNode && amGroup.driverNode.strandedCores < 0)
    why.push(
      `The ${ctx.deployMode === "client" ? "AM" : "driver"}'s vcores come on top of an executor that already takes every vcore of its node: YARN's DefaultResourceCalculator places by memory only, so that node's CPUs are oversubscribed.`,
    );
  if (best) {
    const b = best.candidate;
    const ourAm = best.packing.groups[cluster.amGroup];
    const amWay =
      ourAm?.driverNode && ourAm.driverNode.executors < ourAm.executorsPerNode
        ? "ours gives up executors on the one node that hosts the AM instead of shrinking every executor"
        : "ours also leaves the AM room beside the executors";
    why.push(
      `Ours differs: ${b.cores} cores per executor instead of ${c.cores} (one JVM per node runs ${c.cores} tasks on one ${gib(c.heapBytes)} heap: ${c.heapBytes >= 32 * GiB ? "no compressed oops, long GC pauses, " : ""}HDFS/S3 client throughput drops beyond ~5 concurrent tasks); ${amWay}; memory ${Math.round(best.parts.memory * 100)}% / CPU ${Math.round(best.parts.cpu * 100)}% used against EMR's ${Math.round(parts.memory * 100)}% / ${Math.round(parts.cpu * 100)}% (score ${best.score.toFixed(3)} against ${scored.score.toFixed(3)}).`,
    );
  }
  return {
    ...toSizedLayout(scored, 0, null, ctx, why.join(" ")),
    conf: { ...valuesOf(ctx.userConf), ...emrSettings },
    emrSettings,
  };
}
