import { MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import { clusterValue, cpuMillis, memoryQuantity, type SizeConf } from "./clusterConf.js";
import { hostShape } from "./hostShape.js";
import type { Cluster, NodeGroup, SizeInput } from "./types.js";

/** The kubelet's default hard eviction threshold on Linux: memory.available<100Mi (node-pressure-eviction). */
const DEFAULT_EVICTION_BYTES = 100 * MiB;

function memoryKey(c: SizeConf, key: string): number {
  const v = clusterValue(c, key);
  return v === undefined ? 0 : memoryQuantity(v.value, v.where);
}

function cpuKey(c: SizeConf, key: string): number {
  const v = clusterValue(c, key);
  return v === undefined ? 0 : cpuMillis(v.value, v.where);
}

/** kubelet evictionHard memory.available: "100Mi", or a percentage of the node's capacity. */
function evictionBytes(c: SizeConf, capacityBytes: number): number {
  const key = "kubelet.evictionHard.memory.available";
  const v = clusterValue(c, key);
  if (v === undefined) return DEFAULT_EVICTION_BYTES;
  const pct = /^([0-9]+(?:\.[0-9]+)?)%$/.exec(v.value);
  return pct ? Math.floor((capacityBytes * Number(pct[1])) / 100) : memoryQuantity(v.value, v.where);
}

/**
 * Each node's room for executor pods (Kubernetes docs, "Reserve Compute Resources for System Daemons"):
 *   allocatable = capacity − kube-reserved − system-reserved − hard eviction threshold (memory only)
 * then minus the requests of the DaemonSet pods every node runs. Capacity is the machine less
 * --os-reserved-*; k8s.node.allocatable.* (from `kubectl describe node`) replaces the computation.
 * Plain kubelets reserve nothing by default; managed services (EKS, GKE) set kube-reserved.
 */
export function kubernetesCluster(input: SizeInput, c: SizeConf): Cluster {
  const groups: NodeGroup[] = input.groups.map((g) => {
    const host = hostShape(g, input);
    if (host.freeMemoryBytes === null)
      throw new SparkmemError(
        `${g.where ?? ""} --instance-type`.trim(),
        "the EMR data has no memory size for it",
        {
          expected: "--node-cores and --node-memory",
        },
      );
    const capCpu = host.freeCores * 1000;
    const capMem = host.freeMemoryBytes;
    const givenCpu = clusterValue(c, "k8s.node.allocatable.cpu");
    const givenMem = clusterValue(c, "k8s.node.allocatable.memory");
    const reservedCpu = cpuKey(c, "kubelet.kubeReserved.cpu") + cpuKey(c, "kubelet.systemReserved.cpu");
    const reservedMem =
      memoryKey(c, "kubelet.kubeReserved.memory") +
      memoryKey(c, "kubelet.systemReserved.memory") +
      evictionBytes(c, capMem);
    const allocCpu =
      givenCpu !== undefined ? cpuMillis(givenCpu.value, givenCpu.where) : capCpu - reservedCpu;
    const allocMem =
      givenMem !== undefined ? memoryQuantity(givenMem.value, givenMem.where) : capMem - reservedMem;
    const dsCpu = cpuKey(c, "k8s.daemonset.cpu");
    const dsMem = memoryKey(c, "k8s.daemonset.memory");
    const cpu = allocCpu - dsCpu;
    const mem = Math.floor((allocMem - dsMem) / MiB) * MiB;
    if (cpu <= 0 || mem <= 0)
      throw new SparkmemError(
        "--conf",
        `nothing is left for executor pods on a node of group "${g.name}" (${cpu / 1000} CPU, ${Math.floor(mem / MiB)} MiB after reservations and DaemonSets)`,
        { expected: "reservations and DaemonSet requests smaller than the node" },
      );
    const how =
      `${givenMem !== undefined || givenCpu !== undefined ? "allocatable given (k8s.node.allocatable.*)" : `allocatable = capacity ${capCpu / 1000} CPU, ${Math.floor(capMem / MiB)} MiB − kube/system reserved ${reservedCpu / 1000} CPU, ${Math.floor((reservedMem - evictionBytes(c, capMem)) / MiB)} MiB − eviction ${Math.floor(evictionBytes(c, capMem) / MiB)} MiB`}` +
      ` − DaemonSets ${dsCpu / 1000} CPU, ${Math.floor(dsMem / MiB)} MiB = ${cpu / 1000} CPU, ${mem / MiB} MiB`;
    return {
      name: g.name,
      nodes: g.nodes,
      instanceType: host.instanceType,
      hostCores: host.cores,
      hostMemoryBytes: host.memoryBytes ?? capMem,
      cpuMillis: cpu,
      memoryBytes: mem,
      maxContainerBytes: mem,
      derivation: how,
    };
  });
  return { manager: "kubernetes", groups, amGroup: 0, yarn: null, notes: [] };
}
