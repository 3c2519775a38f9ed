import type { Candidate, Cluster, GroupPacking, Packing } from "./types.js";

/**
 * How many executors of one size each node holds, and what is left. A node takes as many containers as
 * both its memory and its CPUs allow (YARN's DefaultResourceCalculator would look at memory only and let
 * cores be oversubscribed; we do not propose that). One node of the AM group first hosts the YARN AM
 * (client mode), the driver container (cluster mode) or the driver pod, as YARN places the AM before
 * any executor: that node keeps fewer executors only when the AM does not fit beside them.
 * cpuBound = false packs by memory alone, as YARN's DefaultResourceCalculator does (to show what YARN
 * would really do with someone else's layout, e.g. EMR's); stranded cores can then be negative.
 */
export function pack(cluster: Cluster, c: Candidate, cpuBound = true): Packing | null {
  const y = cluster.yarn;
  // the DominantResourceCalculator refuses a request above yarn.scheduler.maximum-allocation-vcores
  const maxVcores = y?.resourceCalculator === "dominant" ? y.maxAllocationVcores : null;
  const coresAllowed = maxVcores === null || c.cores <= maxVcores;
  const groups: GroupPacking[] = [];
  let total = 0;
  let usedCpu = 0;
  let usedMem = 0;
  let totalCpu = 0;
  let totalMem = 0;
  for (const [i, g] of cluster.groups.entries()) {
    const byCpu = (millis: number) => (cpuBound ? Math.floor(millis / c.cpuMillis) : Number.MAX_SAFE_INTEGER);
    const fits =
      coresAllowed && c.allocatedBytes <= g.maxContainerBytes && (!cpuBound || c.cpuMillis <= g.cpuMillis);
    const perNode = fits ? Math.min(Math.floor(g.memoryBytes / c.allocatedBytes), byCpu(g.cpuMillis)) : 0;
    let driverNode: GroupPacking["driverNode"] = null;
    let executors = perNode * g.nodes;
    let cpu = executors * c.cpuMillis;
    let mem = executors * c.allocatedBytes;
    if (i === cluster.amGroup && c.driver) {
      const memLeft = g.memoryBytes - c.driver.memoryBytes;
      const cpuLeft = g.cpuMillis - c.driver.cpuMillis;
      if (memLeft < 0 || (cpuBound && cpuLeft < 0)) return null; // the application could not even start
      const onDriverNode = Math.min(perNode, Math.floor(memLeft / c.allocatedBytes), byCpu(cpuLeft));
      executors -= perNode - onDriverNode;
      cpu = executors * c.cpuMillis + c.driver.cpuMillis;
      mem = executors * c.allocatedBytes + c.driver.memoryBytes;
      driverNode = {
        executors: onDriverNode,
        driverMemoryBytes: c.driver.memoryBytes,
        driverCores: c.driver.cpuMillis / 1000,
        strandedCores: (cpuLeft - onDriverNode * c.cpuMillis) / 1000,
        strandedMemoryBytes: memLeft - onDriverNode * c.allocatedBytes,
      };
    }
    groups.push({
      name: g.name,
      nodes: g.nodes,
      nodeCores: g.cpuMillis / 1000,
      nodeMemoryBytes: g.memoryBytes,
      executorsPerNode: perNode,
      strandedCoresPerNode: (g.cpuMillis - perNode * c.cpuMillis) / 1000,
      strandedMemoryBytesPerNode: g.memoryBytes - perNode * c.allocatedBytes,
      driverNode,
    });
    total += executors;
    usedCpu += cpu;
    usedMem += mem;
    totalCpu += g.cpuMillis * g.nodes;
    totalMem += g.memoryBytes * g.nodes;
  }
  return {
    groups,
    totalExecutors: total,
    usedCpuMillis: usedCpu,
    totalCpuMillis: totalCpu,
    usedMemoryBytes: usedMem,
    totalMemoryBytes: totalMem,
  };
}
