import { MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import { confFromEntries } from "../conf/sparkConf.js";
import { yarnScheduler } from "../model/yarnScheduler.js";
import { clusterInt, type SizeConf } from "./clusterConf.js";
import { emrInstanceTypes } from "./emrInstances.js";
import { hostShape } from "./hostShape.js";
import type { Cluster, NodeGroup, SizeInput, YarnSettings } from "./types.js";

/** Hadoop yarn-default.xml: yarn.scheduler.minimum-allocation-mb; EMR sets 32 (emr-430 release notes). */
const HADOOP_MIN_ALLOCATION_MIB = 1024;
const EMR_MIN_ALLOCATION_MIB = 32;
/**
 * The ResourceManager's scheduler as the model reads it (src/model/yarnScheduler.ts), from the --conf yarn.*
 * settings with size's defaults for the minimum (EMR's 32 on an EMR type) and the maximum (the largest
 * NodeManager); `keys` are the settings every candidate's explain gets, so the model rounds as YARN will.
 */
function schedulerSettings(c: SizeConf, input: SizeInput, groupsMaxMiB: number): YarnSettings {
  const emrMin = input.groups
    .map((g) => (g.instanceType ? (emrMinOf(g.instanceType) ?? EMR_MIN_ALLOCATION_MIB) : null))
    .find((m) => m !== null);
  const minAllocationMiB =
    clusterInt(c, "yarn.scheduler.minimum-allocation-mb", 1) ?? emrMin ?? HADOOP_MIN_ALLOCATION_MIB;
  // unset: the largest NodeManager (the ResourceManager caps the maximum by it anyway); stock Hadoop's 8192
  // must be given with --conf when a cluster really keeps it
  const maxAllocationMiB = clusterInt(c, "yarn.scheduler.maximum-allocation-mb", 1) ?? groupsMaxMiB;
  clusterInt(c, "yarn.scheduler.increment-allocation-mb", 1); // refused here by its --conf name when not ≥ 1
  // the settings given, with the minimum and maximum size decided (derived when it chose them itself)
  const entries = [...c.cluster.values()].filter((e) => e.key.startsWith("yarn."));
  for (const [key, mib] of [
    ["yarn.scheduler.minimum-allocation-mb", minAllocationMiB],
    ["yarn.scheduler.maximum-allocation-mb", maxAllocationMiB],
  ] as const)
    if (c.cluster.get(key)?.value !== String(mib))
      entries.push({ key, value: String(mib), origin: { kind: "derived" } });
  const settings = confFromEntries(entries);
  return {
    ...yarnScheduler(settings),
    maxAllocationMiB,
    maxAllocationVcores: clusterInt(c, "yarn.scheduler.maximum-allocation-vcores", 1),
    settings,
  };
}

function emrMinOf(name: string): number | null {
  return emrInstanceTypes().get(name.trim().toLowerCase())?.minAllocationMiB ?? null;
}

/**
 * YARN's view of each node: yarn.nodemanager.resource.memory-mb and cpu-vcores. An EMR type gets EMR's
 * documented NodeManager memory (its own reservation for the OS and daemons; a --os-reserved-memory only
 * lowers it when the rest of the machine is smaller) and vcores = vCPUs (EMR Best Practices Guide:
 * m5.4xlarge → 16 vcores); an explicit node gets its memory and cores less the OS reservation.
 * --conf yarn.nodemanager.resource.* replaces both on every node.
 */
export function yarnCluster(input: SizeInput, c: SizeConf): Cluster {
  const nmMemMiB = clusterInt(c, "yarn.nodemanager.resource.memory-mb", 1);
  const nmVcores = clusterInt(c, "yarn.nodemanager.resource.cpu-vcores", 1);
  const partial = input.groups.map((g) => {
    const host = hostShape(g, input);
    const t = host.instanceType;
    const freeMiB = host.freeMemoryBytes === null ? null : Math.floor(host.freeMemoryBytes / MiB);
    let memMiB: number;
    let how: string;
    if (nmMemMiB !== null) {
      memMiB = nmMemMiB;
      how = `yarn.nodemanager.resource.memory-mb = ${nmMemMiB} (--conf)`;
    } else if (t) {
      const reserved = (input.osReservedMemoryBytes ?? 0) > 0 && freeMiB !== null;
      memMiB = reserved ? Math.min(t.nodeManagerMiB, freeMiB as number) : t.nodeManagerMiB;
      how = `EMR's yarn.nodemanager.resource.memory-mb for ${t.name} = ${t.nodeManagerMiB} MiB${memMiB < t.nodeManagerMiB ? `, lowered to the ${memMiB} MiB left after --os-reserved-memory` : ""}`;
      // the documented table has one such row (m2.2xlarge: 61440 MiB on 34.2 GiB); kept as documented
      if (host.memoryBytes !== null && memMiB * MiB > host.memoryBytes)
        how += ` (more than the instance's ${t.memoryGiB} GiB: as AWS documents it)`;
    } else {
      memMiB = freeMiB as number;
      how = `node memory − --os-reserved-memory = ${memMiB} MiB`;
    }
    const vcores = nmVcores ?? host.freeCores;
    how += `; ${vcores} vcores (${nmVcores !== null ? "yarn.nodemanager.resource.cpu-vcores" : `${host.cores} ${t ? "vCPUs" : "cores"} − ${host.cores - host.freeCores} reserved`})`;
    return { g, host, memMiB, vcores, how, maxMiB: t?.maxAllocationMiB ?? memMiB };
  });
  const yarn = schedulerSettings(c, input, Math.max(...partial.map((p) => p.maxMiB)));
  const groups: NodeGroup[] = partial.map(({ g, host, memMiB, vcores, how }) => {
    if (memMiB < yarn.minAllocationMiB)
      throw new SparkmemError(
        nmMemMiB !== null
          ? "--conf yarn.nodemanager.resource.memory-mb"
          : host.instanceType
            ? `${g.where ?? ""} --instance-type`.trim()
            : `${g.where ?? ""} --node-memory`.trim(),
        `${memMiB} MiB left for YARN on a node of group "${g.name}" is below one minimum container (yarn.scheduler.minimum-allocation-mb = ${yarn.minAllocationMiB})`,
        { expected: `at least ${yarn.minAllocationMiB} MiB for YARN per node` },
      );
    const maxMiB = Math.min(yarn.maxAllocationMiB, memMiB);
    return {
      name: g.name,
      nodes: g.nodes,
      instanceType: host.instanceType,
      hostCores: host.cores,
      hostMemoryBytes: host.memoryBytes ?? memMiB * MiB,
      cpuMillis: vcores * 1000,
      memoryBytes: memMiB * MiB,
      maxContainerBytes: Math.floor(maxMiB / yarn.stepMiB) * yarn.stepMiB * MiB,
      derivation: how,
    };
  });
  const notes: string[] = [];
  if (yarn.resourceCalculator === "default")
    notes.push(
      "DefaultResourceCalculator (CapacityScheduler's default) packs by memory only and counts every container as 1 vcore; the layouts still keep executor cores within each node's vcores so no CPU is oversubscribed.",
    );
  return { manager: "yarn", groups, amGroup: 0, yarn, notes };
}
