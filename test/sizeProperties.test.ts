import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SparkmemError } from "../src/conf/errors.js";
import { size } from "../src/size/size.js";
import type { NodeGroupSpec, SizedLayout, SizeInput, SizeResult } from "../src/size/types.js";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const TYPES = [
  "m5.xlarge",
  "m5.4xlarge",
  "r5.2xlarge",
  "c5.4xlarge",
  "r6g.xlarge",
  "m5.12xlarge",
  "i3.2xlarge",
];

const group = (name: string): fc.Arbitrary<NodeGroupSpec> =>
  fc.oneof(
    fc.record({
      name: fc.constant(name),
      nodes: fc.integer({ min: 1, max: 8 }),
      cores: fc.integer({ min: 2, max: 48 }),
      memoryBytes: fc.integer({ min: 4, max: 384 }).map((g) => g * GiB),
    }),
    fc.record({
      name: fc.constant(name),
      nodes: fc.integer({ min: 1, max: 8 }),
      instanceType: fc.constantFrom(...TYPES),
    }),
  );

const yarnConf = fc.record(
  {
    "yarn.scheduler.minimum-allocation-mb": fc.constantFrom("32", "128", "512", "1024"),
    "yarn.scheduler.maximum-allocation-mb": fc.integer({ min: 8, max: 128 }).map((g) => String(g * 1024)),
    "yarn.resourcemanager.scheduler.class": fc.constant(
      "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler",
    ),
    "yarn.scheduler.increment-allocation-mb": fc.constantFrom("256", "512"),
  },
  { requiredKeys: [] },
);

const k8sConf = fc.record(
  {
    "kubelet.kubeReserved.memory": fc.integer({ min: 0, max: 2048 }).map((m) => `${m}Mi`),
    "kubelet.kubeReserved.cpu": fc.constantFrom("100m", "500m", "1"),
    "kubelet.systemReserved.memory": fc.constantFrom("256Mi", "1Gi"),
    "kubelet.evictionHard.memory.available": fc.constantFrom("100Mi", "500Mi", "5%"),
    "k8s.daemonset.memory": fc.integer({ min: 0, max: 1024 }).map((m) => `${m}Mi`),
    "k8s.daemonset.cpu": fc.constantFrom("200m", "750m"),
  },
  { requiredKeys: [] },
);

const inputs: fc.Arbitrary<SizeInput> = fc
  .record({
    master: fc.constantFrom("yarn" as const, "kubernetes" as const),
    groups: fc.oneof(
      group("core").map((g) => [g]),
      fc.tuple(group("core"), group("task")),
    ),
    osReservedCores: fc.integer({ min: 0, max: 1 }),
    osReservedMemoryBytes: fc.constantFrom(0, GiB, 2 * GiB),
    sparkVersion: fc.constantFrom("2.4.8", "3.2.4", "3.5.1", "4.3.0"),
    deployMode: fc.constantFrom("client" as const, "cluster" as const),
    workload: fc.constantFrom("etl" as const, "shuffle" as const, "cache" as const, "python-udf" as const),
    pinned: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    yarn: yarnConf,
    k8s: k8sConf,
  })
  .map(({ yarn, k8s, pinned, ...rest }) => {
    const input: SizeInput = { ...rest, conf: rest.master === "yarn" ? yarn : k8s, top: 50 };
    if (pinned !== undefined) input.executorCores = pinned;
    return input;
  });

/** Every structural promise of a layout against the cluster it was sized for. */
function check(r: SizeResult, l: SizedLayout, cpuBound: boolean): void {
  const yarn = r.cluster.yarn;
  expect(l.containerBytes).toBeLessThanOrEqual(l.containerAllocatedBytes);
  expect(l.executorMemoryBytes + l.overheadBytes + l.pysparkBytes + l.offHeapBytes).toBe(l.containerBytes);
  if (yarn) {
    // YARN containers are multiples of the rounding step (the minimum allocation, or the Fair increment)
    expect(l.containerAllocatedBytes % (yarn.stepMiB * MiB)).toBe(0);
    if (yarn.scheduler === "capacity")
      expect(l.containerAllocatedBytes % (yarn.minAllocationMiB * MiB)).toBe(0);
    expect(l.containerAllocatedBytes).toBeLessThanOrEqual(yarn.maxAllocationMiB * MiB);
  } else expect(l.containerAllocatedBytes).toBe(l.containerBytes);
  let used = 0;
  let total = 0;
  let usedCpu = 0;
  let totalCpu = 0;
  let executors = 0;
  for (const [i, g] of l.nodeGroups.entries()) {
    const node = r.cluster.nodeGroups[i];
    expect(g.nodeMemoryBytes).toBe(node?.nodeMemoryBytes);
    // no node exceeds its memory (YARN NodeManager memory / Kubernetes allocatable) or its CPUs
    expect(g.executorsPerNode * l.containerAllocatedBytes + g.strandedMemoryBytesPerNode).toBe(
      g.nodeMemoryBytes,
    );
    expect(g.strandedMemoryBytesPerNode).toBeGreaterThanOrEqual(0);
    if (g.executorsPerNode > 0)
      expect(l.containerAllocatedBytes).toBeLessThanOrEqual(node?.maxContainerBytes as number);
    const cpuPer = (g.nodeCores - g.strandedCoresPerNode) / Math.max(1, g.executorsPerNode);
    if (cpuBound) expect(g.strandedCoresPerNode).toBeGreaterThanOrEqual(-1e-9);
    const regular = g.nodes - (g.driverNode ? 1 : 0);
    used += regular * g.executorsPerNode * l.containerAllocatedBytes;
    usedCpu += regular * (g.nodeCores - g.strandedCoresPerNode);
    executors += regular * g.executorsPerNode;
    if (g.driverNode) {
      const d = g.driverNode;
      expect(d.executors).toBeLessThanOrEqual(g.executorsPerNode);
      expect(d.executors * l.containerAllocatedBytes + d.driverMemoryBytes + d.strandedMemoryBytes).toBe(
        g.nodeMemoryBytes,
      );
      expect(d.strandedMemoryBytes).toBeGreaterThanOrEqual(0);
      if (cpuBound) expect(d.strandedCores).toBeGreaterThanOrEqual(-1e-9);
      used += d.executors * l.containerAllocatedBytes + d.driverMemoryBytes;
      usedCpu += d.executors * (g.executorsPerNode > 0 ? cpuPer : 0) + d.driverCores;
      executors += d.executors;
    }
    total += g.nodes * g.nodeMemoryBytes;
    totalCpu += g.nodes * g.nodeCores;
  }
  // utilisation and stranded remainders add up to the nodes' totals
  expect(executors).toBe(l.totalExecutors);
  expect(l.memoryUtilization).toBeCloseTo(used / total, 9);
  expect(l.cpuUtilization).toBeCloseTo(usedCpu / totalCpu, 9);
  if (cpuBound) expect(l.cpuUtilization).toBeLessThanOrEqual(1 + 1e-9);
  expect(l.memoryUtilization).toBeLessThanOrEqual(1 + 1e-9);
  expect(l.taskSlots).toBe(l.totalExecutors * l.executorCores);
  expect(l.memoryPerSlotBytes).toBe(Math.floor(l.executorMemoryBytes / l.executorCores));
  expect(l.executorMemoryBytes % MiB).toBe(0);
}

describe("sparkmem size: properties over random clusters", () => {
  // 200 searches of size: ~25 s alone, over the default 60 s on a loaded 2-core machine; a bound, not a target
  it("no layout exceeds a node, YARN's maximum allocation or Kubernetes allocatable; containers are step multiples; utilisation adds up", {
    timeout: 240_000,
  }, () => {
    let sized = 0;
    let refused = 0;
    fc.assert(
      fc.property(inputs, (input) => {
        let r: SizeResult;
        try {
          r = size(input);
        } catch (e) {
          // only clean refusals (a node too small for the settings), never a crash
          expect(e).toBeInstanceOf(SparkmemError);
          refused++;
          return;
        }
        sized++;
        expect(r.layouts.length).toBeGreaterThan(0);
        for (const [i, l] of r.layouts.entries()) {
          expect(l.rank).toBe(i + 1);
          if (i > 0) expect(l.score).toBeLessThanOrEqual((r.layouts[i - 1] as SizedLayout).score);
          if (input.executorCores !== undefined) expect(l.executorCores).toBe(input.executorCores);
          check(r, l, true);
        }
        const emr = r.maximizeResourceAllocation;
        if (input.master === "kubernetes") expect(emr).toBeNull();
        // EMR's layout is packed by memory only, as YARN's DefaultResourceCalculator places it
        else if (emr) check(r, emr, r.cluster.yarn?.resourceCalculator === "dominant");
      }),
      { numRuns: 200 },
    );
    expect(sized).toBeGreaterThan(refused);
  });
});
