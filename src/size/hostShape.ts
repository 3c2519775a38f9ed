import { GiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import { type EmrInstanceType, emrInstanceType } from "./emrInstances.js";
import type { NodeGroupSpec, SizeInput } from "./types.js";

/** A node as the machine is, before YARN or the kubelet sees it, with the OS reservation taken. */
export interface HostShape {
  instanceType: EmrInstanceType | null;
  /** The machine's vCPUs and memory. */
  cores: number;
  memoryBytes: number | null;
  /** What is left after --os-reserved-cores / --os-reserved-memory. */
  freeCores: number;
  freeMemoryBytes: number | null;
}

const where = (g: NodeGroupSpec, flag: string) => (g.where ? `${g.where} ${flag}` : flag);

function positive(v: number | undefined, flag: string, what: string): void {
  if (v !== undefined && (!Number.isSafeInteger(v) || v <= 0))
    throw new SparkmemError(flag, `${v} is not a positive whole number`, { expected: what });
}

/** The machine of one group, checked: a known type or an explicit shape, at least one node. */
/**
 * The search tries every executors-per-node count up to the node's cores: bounded so a typo (2^31 cores)
 * is an error, not a search that never ends. Above today's largest machines (896 vCPUs on EC2).
 */
export const MAX_NODE_CORES = 1024;

export function hostShape(g: NodeGroupSpec, input: SizeInput): HostShape {
  if (!Number.isSafeInteger(g.nodes) || g.nodes < 1)
    throw new SparkmemError(where(g, "--nodes"), `${g.nodes} is not a positive whole number`, {
      expected: "at least 1 node",
    });
  let instanceType: EmrInstanceType | null = null;
  let cores = g.cores;
  let memoryBytes = g.memoryBytes ?? null;
  if (g.instanceType !== undefined) {
    instanceType = emrInstanceType(g.instanceType, where(g, "--instance-type"));
    cores ??= instanceType.vcpu ?? undefined;
    if (memoryBytes === null && instanceType.memoryGiB !== null)
      memoryBytes = Math.floor(instanceType.memoryGiB * GiB);
  }
  positive(cores, where(g, "--node-cores"), "the vCPUs of one node, e.g. 16");
  positive(memoryBytes ?? undefined, where(g, "--node-memory"), "the memory of one node, e.g. 64g");
  if (cores === undefined)
    throw new SparkmemError(
      where(g, instanceType ? "--instance-type" : "--node-cores"),
      instanceType
        ? `the EMR data has no vCPU count for ${instanceType.name}`
        : "the node's vCPUs are not given",
      { expected: "--instance-type TYPE, or --node-cores N with --node-memory SIZE" },
    );
  if (cores > MAX_NODE_CORES)
    throw new SparkmemError(where(g, "--node-cores"), `${cores} vCPUs are more than ${MAX_NODE_CORES}`, {
      expected: `the vCPUs of one node, at most ${MAX_NODE_CORES} (the largest EC2 instances have 896)`,
    });
  if (memoryBytes === null && instanceType === null)
    throw new SparkmemError(where(g, "--node-memory"), "the node's memory is not given", {
      expected: "--node-memory SIZE (e.g. 64g) with --node-cores, or --instance-type TYPE",
    });
  const resCores = input.osReservedCores ?? 0;
  const resMem = input.osReservedMemoryBytes ?? 0;
  if (!Number.isSafeInteger(resCores) || resCores < 0)
    throw new SparkmemError("--os-reserved-cores", `${resCores} is not a whole number ≥ 0`, {
      expected: "the cores kept for the OS and daemons on each node, e.g. 1",
    });
  if (!Number.isSafeInteger(resMem) || resMem < 0)
    throw new SparkmemError("--os-reserved-memory", `${resMem} is not a size ≥ 0`, {
      expected: "the memory kept for the OS and daemons on each node, e.g. 1g",
    });
  if (resCores >= cores)
    throw new SparkmemError(
      "--os-reserved-cores",
      `${resCores} reserved leaves none of the ${cores} cores of a node in group "${g.name}"`,
      { expected: `fewer than ${cores}` },
    );
  const freeMemoryBytes = memoryBytes === null ? null : memoryBytes - resMem;
  if (freeMemoryBytes !== null && freeMemoryBytes <= 0)
    throw new SparkmemError("--os-reserved-memory", `leaves no memory on a node in group "${g.name}"`, {
      expected: `less than the node's ${memoryBytes} bytes`,
    });
  return { instanceType, cores, memoryBytes, freeCores: cores - resCores, freeMemoryBytes };
}
