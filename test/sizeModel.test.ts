import { describe, expect, it } from "vitest";
import { explain } from "../src/model/explain.js";
import { emrHeapMiB, emrOverheadMiB } from "../src/size/emrMaximize.js";
import { coresFit, gcFit } from "../src/size/score.js";
import { size } from "../src/size/size.js";
import type { SizeInput } from "../src/size/types.js";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const emr = (type: string, nodes: number, extra: Partial<SizeInput> = {}) =>
  size({ master: "yarn", groups: [{ name: "core", nodes, instanceType: type }], ...extra });

describe("EMR maximizeResourceAllocation, as EMR's node provisioner computes it", () => {
  // AWS documents the settings (emr-spark-configure.md) but gives no example values; these are recomputed by
  // hand from MaximizedSparkResourceAllocator / SparkConfigUtils (node-provisioner 2.18.0).
  it("m5.4xlarge × 4: executor round(floor32(57344 − 896) / 1.1) = 51316M, driver round(57344 / 1.1) = 52131M", () => {
    const m = emr("m5.4xlarge", 4).maximizeResourceAllocation;
    expect(m?.emrSettings).toEqual({
      "spark.executor.instances": "4",
      "spark.executor.cores": "16",
      "spark.driver.memory": "52131M",
      "spark.executor.memory": "51316M",
      "spark.default.parallelism": "128", // 2 × 4 executors × 16 cores
    });
    // Spark's own container: 51316 + max(384, ⌊0.1 × 51316⌋ = 5131) = 56447 → 56448 on EMR's 32 MiB step;
    // with the AM's 896 that is the node's 57344 exactly
    expect(m?.executorMemoryBytes).toBe(51316 * MiB);
    expect(m?.containerAllocatedBytes).toBe(56448 * MiB);
    expect(m?.totalExecutors).toBe(4);
    expect(m?.memoryUtilization).toBeCloseTo((4 * 56448 + 896) / (4 * 57344), 12);
    // the AM's vcore on a node whose 16 vcores the executor already holds: YARN's memory-only packing allows it
    expect(m?.nodeGroups[0]?.driverNode?.strandedCores).toBe(-1);
    expect(m?.reason).toMatch(/CPUs are oversubscribed/);
  });

  it("r5.xlarge × 3: 21527M; c5.12xlarge × 2: 81105M with 48 cores", () => {
    // floor32(24576 − 896) = 23680, / 1.1 = 21527.3; driver round(24576 / 1.1) = 22342
    expect(emr("r5.xlarge", 3).maximizeResourceAllocation?.emrSettings).toMatchObject({
      "spark.executor.memory": "21527M",
      "spark.driver.memory": "22342M",
      "spark.executor.cores": "4",
      "spark.default.parallelism": "24",
    });
    // floor32(90112 − 896) = 89216, / 1.1 = 81105.5 → 81105; driver 90112 / 1.1 = 81920
    expect(emr("c5.12xlarge", 2).maximizeResourceAllocation?.emrSettings).toMatchObject({
      "spark.executor.memory": "81105M",
      "spark.driver.memory": "81920M",
      "spark.executor.cores": "48",
      "spark.executor.instances": "2",
    });
  });

  it("one core node: the driver (min(1024, 12288/2 − 384) + 384) is reserved instead of the AM", () => {
    // reserved = 1024 + 384 = 1408; floor32(12288 − 1408) = 10880; / 1.1 = 9890.9 → 9891
    expect(emr("m5.xlarge", 1).maximizeResourceAllocation?.emrSettings).toMatchObject({
      "spark.executor.memory": "9891M",
      "spark.driver.memory": "1024M",
    });
  });

  it("the smaller of master and core sizes the driver; dynamic allocation drops spark.executor.instances", () => {
    const m = emr("r5.4xlarge", 3, {
      masterInstanceType: "m5.xlarge",
      conf: { "spark.dynamicAllocation.enabled": "true" },
    }).maximizeResourceAllocation;
    expect(m?.emrSettings["spark.driver.memory"]).toBe(`${Math.round(12288 / 1.1)}M`);
    expect(m?.emrSettings["spark.executor.instances"]).toBeUndefined();
  });

  it("the provisioner's helpers", () => {
    expect(emrOverheadMiB(51316)).toBe(5132); // 5131, topped up so 51316 + o is a multiple of 32
    expect(emrOverheadMiB(1024)).toBe(384);
    expect(emrHeapMiB(57344, 896)).toBe(51316);
    expect(emrHeapMiB(2048, 896)).toBe(2048 - 896 - 384); // 10% of the rest is below 384 MiB
  });
});

describe("Kubernetes allocatable", () => {
  it("the Kubernetes docs' example: 16 CPU / 32 GiB, kube-reserved 1 CPU 2Gi, system-reserved 0.5 CPU 1Gi, eviction 500Mi", () => {
    const r = size({
      master: "kubernetes",
      groups: [{ name: "core", nodes: 2, cores: 16, memoryBytes: 32 * GiB }],
      conf: {
        "kubelet.kubeReserved.cpu": "1",
        "kubelet.kubeReserved.memory": "2Gi",
        "kubelet.systemReserved.cpu": "500m",
        "kubelet.systemReserved.memory": "1Gi",
        "kubelet.evictionHard.memory.available": "500Mi",
      },
    });
    // the page rounds 500Mi to 0.5Gi and prints 28.5Gi; exactly it is 32768 − 2048 − 1024 − 500 MiB
    expect(r.cluster.nodeGroups[0]).toMatchObject({ nodeCores: 14.5, nodeMemoryBytes: 29196 * MiB });
    for (const l of r.layouts) {
      const g = l.nodeGroups[0];
      expect((g?.executorsPerNode ?? 0) * l.containerBytes).toBeLessThanOrEqual(29196 * MiB);
    }
  });

  it("pods are explain's pod request: the same bytes as `explain` for the chosen configuration", () => {
    const r = size({
      master: "kubernetes",
      groups: [{ name: "core", nodes: 3, instanceType: "m5.4xlarge" }],
      deployMode: "cluster",
      appType: "python",
      sparkVersion: "3.2.4",
    });
    const l = r.layouts[0];
    const e = explain({
      conf: l?.conf,
      master: "k8s://https://kubernetes.default.svc",
      deployMode: "cluster",
      appType: "python",
      sparkVersion: "3.2.4",
    }).executor;
    expect(e?.pod?.memoryRequest).toBe(`${(l?.containerBytes ?? 0) / MiB}Mi`);
    // the non-JVM 0.4 factor of a Python cluster-mode pod (no factor key set)
    expect(l?.overheadBytes).toBe(Math.trunc(0.4 * ((l?.executorMemoryBytes ?? 0) / MiB)) * MiB);
    expect(r.notes.join(" ")).not.toMatch(/profile's overhead/);
  });
});

describe("workload profiles move the targets", () => {
  const on = (workload: SizeInput["workload"], sparkVersion = "3.5.1") =>
    size({
      master: "yarn",
      groups: [{ name: "core", nodes: 4, instanceType: "r5.4xlarge" }],
      workload,
      sparkVersion,
    }).layouts[0];

  it("shuffle: overhead factor 0.2, as the 3.3+ key or, before, as a size", () => {
    const l = on("shuffle");
    expect(l?.conf["spark.executor.memoryOverheadFactor"]).toBe("0.2");
    expect(l?.overheadBytes).toBe(Math.trunc(0.2 * ((l?.executorMemoryBytes ?? 0) / MiB)) * MiB);
    const old = on("shuffle", "3.2.4");
    expect(old?.conf["spark.executor.memoryOverheadFactor"]).toBeUndefined();
    expect(old?.conf["spark.executor.memoryOverhead"]).toBe(
      `${Math.trunc(0.2 * ((old?.executorMemoryBytes ?? 0) / MiB))}m`,
    );
  });

  it("python-udf: 1 GiB of PySpark memory per core inside the container, for a Python app", () => {
    const l = on("python-udf");
    expect(l?.pysparkBytes).toBe((l?.executorCores ?? 0) * GiB);
    expect(l?.conf["spark.executor.pyspark.memory"]).toBe(`${(l?.executorCores ?? 0) * 1024}m`);
    expect(() =>
      size({
        master: "yarn",
        groups: [{ name: "core", nodes: 2, instanceType: "m5.xlarge" }],
        workload: "python-udf",
        appType: "jvm",
      }),
    ).toThrow(/--app: jvm does not run Python UDFs/);
  });

  it("a higher heap-per-slot target scores the same layout lower", () => {
    const etl = on("etl");
    const cache = on("cache");
    expect(cache?.scoreParts.slot).toBeLessThanOrEqual(etl?.scoreParts.slot ?? 0);
  });
});

describe("YARN scheduler settings", () => {
  const base = {
    master: "yarn" as const,
    groups: [{ name: "core", nodes: 3, cores: 16, memoryBytes: 64 * GiB }],
  };

  it("FairScheduler rounds to its increment", () => {
    const r = size({
      ...base,
      conf: {
        "yarn.resourcemanager.scheduler.class":
          "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler",
        "yarn.scheduler.increment-allocation-mb": "512",
      },
    });
    expect(r.cluster.yarn).toMatchObject({ scheduler: "fair", stepMiB: 512, resourceCalculator: "dominant" });
    for (const l of r.layouts) expect(l.containerAllocatedBytes % (512 * MiB)).toBe(0);
  });

  it("explain and size agree under the FairScheduler: 4505 MiB asked → 4608 MiB granted", () => {
    const fair = {
      "yarn.resourcemanager.scheduler.class":
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler",
      "yarn.scheduler.increment-allocation-mb": "512",
    };
    const r = size({ ...base, deployMode: "cluster", conf: { ...fair, "spark.driver.memory": "4g" } });
    // the cluster-mode driver is the AM: 4096 + 409 = 4505 MiB, rounded to the 512 MiB increment
    expect(r.cluster.driver?.memoryBytes).toBe(4608 * MiB);
    const l = explain({
      sparkVersion: r.cluster.sparkVersion,
      master: "yarn",
      deployMode: "cluster",
      conf: { ...fair, "spark.driver.memory": "4g" },
    });
    expect(l.driver.containerBytes).toBe(4505 * MiB);
    expect(l.driver.containerAllocatedBytes).toBe(4608 * MiB);
    // and every executor layout size lists is what explain grants for its settings
    for (const x of r.layouts) {
      const e = explain({
        sparkVersion: r.cluster.sparkVersion,
        master: "yarn",
        conf: { ...fair, ...x.conf },
      }).executor;
      expect(e?.containerAllocatedBytes).toBe(x.containerAllocatedBytes);
    }
  });

  it("DominantResourceCalculator with maximum-allocation-vcores 4: no executor above 4 cores", () => {
    const conf = {
      "yarn.scheduler.capacity.resource-calculator":
        "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator",
      "yarn.scheduler.maximum-allocation-vcores": "4",
    };
    for (const l of size({ ...base, conf }).layouts) expect(l.executorCores).toBeLessThanOrEqual(4);
    expect(() => size({ ...base, conf, executorCores: 5 })).toThrow(/no executor of 5 cores/);
  });

  it("yarn.scheduler.maximum-allocation-mb caps every container", () => {
    const r = size({ ...base, conf: { "yarn.scheduler.maximum-allocation-mb": "8192" } });
    for (const l of r.layouts) expect(l.containerAllocatedBytes).toBeLessThanOrEqual(8192 * MiB);
  });

  it("cluster mode: the driver container is the AM", () => {
    const r = size({ ...base, deployMode: "cluster", conf: { "spark.driver.memory": "4g" } });
    // 4096 + max(384, 409) = 4505 → 5120 on the 1024 MiB step
    expect(r.cluster.driver).toEqual({
      what: "cluster-mode driver (the YARN AM)",
      memoryBytes: 5120 * MiB,
      cores: 1,
    });
  });
});

describe("node groups", () => {
  it("core and task groups: one executor size, each group packed on its own, the AM on the chosen group", () => {
    const r = size({
      master: "yarn",
      groups: [
        { name: "core", nodes: 2, instanceType: "m5.4xlarge" },
        { name: "task", nodes: 3, instanceType: "r5.2xlarge" },
      ],
      amNodeGroup: "task",
    });
    const l = r.layouts[0];
    expect(l?.nodeGroups.map((g) => g.name)).toEqual(["core", "task"]);
    expect(l?.nodeGroups[0]?.driverNode).toBeNull();
    expect(l?.nodeGroups[1]?.driverNode).not.toBeNull();
    const total = l?.nodeGroups.reduce(
      (n, g) => n + (g.nodes - (g.driverNode ? 1 : 0)) * g.executorsPerNode + (g.driverNode?.executors ?? 0),
      0,
    );
    expect(l?.totalExecutors).toBe(total);
    expect(() =>
      size({
        master: "yarn",
        groups: [{ name: "core", nodes: 1, instanceType: "m5.xlarge" }],
        amNodeGroup: "x",
      }),
    ).toThrow(/--am-node-group: no node group is named "x"/);
  });
});

describe("score", () => {
  it("cores per executor: 4–5 best; GC: compressed oops below 32 GiB", () => {
    expect([1, 2, 3, 4, 5, 6, 8, 16].map((c) => coresFit(c, 16))).toEqual([
      0.55, 0.7, 0.85, 1, 1, 0.85, 0.55, 0,
    ]);
    expect(coresFit(2, 2)).toBe(1);
    expect(gcFit(31 * GiB)).toBe(1);
    expect(gcFit(40 * GiB)).toBe(0.6);
    expect(gcFit(60 * GiB)).toBe(0.8);
    expect(gcFit(1024 * MiB)).toBe(0.4);
  });

  it("the Cloudera cluster without pinned cores still prefers 5 cores, 3 per node", () => {
    const r = size({
      master: "yarn",
      groups: [{ name: "core", nodes: 6, cores: 16, memoryBytes: 64 * GiB }],
      osReservedCores: 1,
      osReservedMemoryBytes: GiB,
    });
    expect(r.layouts[0]).toMatchObject({ executorCores: 5, executorsPerNode: 3, totalExecutors: 17 });
    expect(r.layouts[1]?.reason).toMatch(/^Score [0-9.]+, below #1 mainly on /);
  });
});
